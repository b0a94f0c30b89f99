# ruff: noqa: E501  (a data file: one seed a line reads better than wrapped ones)
"""The fourth pass: more of the kinds of case that still generalised worst.

By kind, after the third pass: Korean life needs, feedback and small talk; young
people's slang (a style of its own, `young`); the paper saying one is single told from
the marriage registration; praise and complaints that name an officer (feedback, not a
call for staff); off-topic small talk (unknown); and life needs said with an officer or a
question word.
Written by kind of case, not from any scoring set; `speech.training.corpus` splits them
like the other seeds.
"""

from __future__ import annotations

NEEDS: dict[str, tuple[str, ...]] = {
    "xac_nhan_hon_nhan": ("{me} sắp cưới người nước ngoài, bên đó đòi giấy chưa kết hôn",
                          "{me} cần giấy độc thân để làm hồ sơ vay ngân hàng",
                          "{me} phải chứng minh mình chưa có vợ", "{me} ly dị rồi, giờ cần giấy nói là chưa tái hôn"),
    "ket_hon": ("{me} với người yêu muốn ra phường đăng ký", "tụi {me} cưới rồi mà chưa có giấy",
                "{me} lấy anh người Đài Loan"),
    "khai_tu": ("ông nội {me} vừa khuất hôm kia", "nhà {me} mới có đám tang"),
    "khai_sinh": ("em bé nhà {me} mới đầy tháng mà chưa có giấy", "con dâu {me} mới sanh thằng cu"),
    "ho_kinh_doanh": ("{me} tính mở quán nước nhỏ đầu hẻm", "{me} muốn bán tạp hóa ở nhà"),
    "tro_cap_xa_hoi": ("mẹ {me} tám mươi mấy tuổi chưa có đồng trợ cấp nào", "{me} nuôi đứa cháu mồ côi"),
    "chung_thuc": ("{me} cần công chứng cái hợp đồng thuê nhà",),
    "dat_dai": ("{me} muốn sang tên mảnh đất cho con gái",),
}  # fmt: skip

NEEDS_EN: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("my wife gave birth on Monday", "we welcomed a baby boy", "my daughter had her first child",
                  "the baby came early, last week"),
    "khai_tu": ("my mother died on Sunday", "we buried my father this week", "my husband passed last month",
                "there was a death in my family"),
    "ket_hon": ("my girlfriend and I want to make our marriage official", "I'm getting married next month",
                "my fiance is Vietnamese"),
    "xac_nhan_hon_nhan": ("my fiancee's country asks for a certificate that I have no spouse",
                          "the bank wants proof that I'm single", "I need a document showing I'm divorced and free to remarry"),
    "dat_dai": ("my father left me his land", "I bought a plot and the deed is in the seller's name",
                "I want to put the land in my daughter's name"),
    "can_cuoc": ("I lost my wallet with my ID inside", "my ID photo is very old", "my daughter turned fourteen"),
    "ho_kinh_doanh": ("I want to sell coffee from my front room", "my wife is opening a small grocery",
                      "I'm going to run a food cart"),
    "ho_ngheo": ("my family is very poor", "we can't pay for my son's school", "we earn almost nothing"),
    "tro_cap_xa_hoi": ("my father is eighty with no pension", "my daughter is blind", "I'm too old to work and live alone"),
    "xay_dung": ("I'd like to add a floor to my house", "I plan to build a garage", "we want to extend the kitchen"),
    "chung_thuc": ("I need my contract notarized", "I need certified copies of my passport"),
    "trich_luc_ho_tich": ("I lost my birth certificate", "I need a new copy of my marriage certificate"),
}  # fmt: skip

NEEDS_KO: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("둘째가 태어났어요", "쌍둥이를 낳았어요", "아기 출생을 등록하고 싶어요"),
    "khai_tu": ("아버지 장례를 마쳤어요", "할아버지가 돌아가셨는데요", "남편이 사고로 사망했어요"),
    "ket_hon": ("베트남 여자와 결혼했어요", "약혼자와 혼인하려고요", "결혼식을 올렸는데 신고를 안 했어요"),
    "xac_nhan_hon_nhan": ("결혼한 적이 없다는 증명서가 필요해요", "미혼 증명서를 떼고 싶어요", "싱글이라는 서류를 달래요"),
    "dat_dai": ("땅 등기를 하고 싶어요", "아버지 집을 물려받았어요", "토지 소유권을 이전하려고요"),
    "can_cuoc": ("신분증을 분실했어요", "신분증 사진을 바꾸고 싶어요", "주소가 바뀌어서 신분증을 고쳐야 해요"),
    "ho_kinh_doanh": ("작은 분식집을 차리고 싶어요", "집에서 장사를 시작하려고요", "옷가게를 열려고 해요", "노점을 하고 싶어요"),
    "ho_ngheo": ("형편이 어려워서 지원이 필요해요", "생활이 너무 어려워요", "가난한 집이라는 증명서가 필요해요"),
    "tro_cap_xa_hoi": ("할머니가 연금을 못 받으세요", "노인 수당을 신청하고 싶어요", "장애인 수당을 받고 싶어요",
                       "혼자 사시는 아버지가 생활비가 없어요"),
    "xay_dung": ("집을 증축하고 싶어요", "건축 허가가 필요해요", "창고를 새로 지으려고요", "지붕을 고치려고요"),
    "chung_thuc": ("서류에 공증을 받고 싶어요", "졸업증명서를 공증받으려고요", "번역본에 도장을 받아야 해요"),
    "trich_luc_ho_tich": ("출생증명서를 잃어버렸어요", "혼인증명서를 재발급 받고 싶어요"),
}  # fmt: skip

# Frames that carry a need with an officer or a question word in them.
VI_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{need}, {me} lên phường thì phải làm những thủ tục gì{end}", "cán bộ ơi, {need}, {me} cần mang theo giấy gì"),
        ("{need}, nhà {me} phải khai báo với phường ra sao{end}", "anh cán bộ cho {me} hỏi, {need} thì làm thế nào"),
        ("{need}, {you} hướng dẫn {me} với", "{need}, {me} hỏi ai bây giờ{end}", "chị ơi, {need}, có cần ra phường không"),
    ),
}  # fmt: skip

# A need said as a statement, with no question after it (the bare "{need_en}" and
# "{need_ko}" frames fell in the held-out split, so no statement was trained on).
EN_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (("so, {need_en}", "{need_en}, that's why I came", "hello, {need_en}"),),
}  # fmt: skip

KO_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{need_ko} 그래서 왔어요", "저기요 {need_ko}", "안녕하세요 {need_ko}"),
        ("{need_ko} 등록은 어디서 해요", "{need_ko} 어떻게 하면 돼요", "{need_ko} 신청 가능한가요"),
        ("{need_ko} 무엇부터 해야 해요", "{need_ko} 필요한 게 뭐예요", "{need_ko} 담당 공무원한테 물어봐도 돼요"),
    ),
}  # fmt: skip

VI: dict[str, tuple[str, ...]] = {
    "give_feedback": (
        "cảm ơn anh cán bộ quầy bốn đã chỉ tận tình", "cô nhân viên kia nói chuyện khó nghe quá",
        "tôi muốn phản ánh thái độ của anh cán bộ tiếp dân", "chị cán bộ giải thích rõ ràng dễ hiểu lắm",
        "em nhân viên hướng dẫn nhiệt tình, cho tôi gửi lời khen", "ông bảo vệ ở cổng quát tôi, không lịch sự chút nào",
        "cán bộ làm việc mà cứ nói chuyện riêng", "cán bộ ở đây ai cũng dễ chịu",
        "tôi rất hài lòng với cô cán bộ làm hồ sơ cho tôi", "nhờ chuyển lời cảm ơn tới anh ở quầy ba",
        "anh nhân viên trả hồ sơ ghi sai tên tôi, tôi rất bực", "phải chi cán bộ nói chậm hơn cho người già nghe",
        "chị ở bàn hướng dẫn cười tươi, dễ thương ghê", "anh công an phường làm nhanh, tôi khen thật lòng",
    ),
    "unknown": (
        "giá vàng hôm nay bao nhiêu", "ai thắng trận tối qua vậy", "bạn robot bao nhiêu tuổi rồi",
        "chỗ này xây năm nào vậy", "bạn thích ăn món gì", "cuối tuần này đi đâu chơi vui",
        "con tôi nên thi vào trường nào", "cái điện thoại này giá nhiêu", "cây xoài nhà tôi năm nay sai trái lắm", "bạn có biết kể chuyện cười không", "ngày mai trời có mưa không",
        "ông hàng xóm nhà tôi mới mua xe mới", "mèo nhà tôi hay trốn đi chơi",
    ),
}  # fmt: skip

EN: dict[str, tuple[str, ...]] = {
    "give_feedback": ("the officer at desk {n} was very kind to my mother", "please thank the staff member who helped me",
                      "I want to complain about the officer's attitude", "the clerk was rude to me",
                      "the staff here are friendly and fast", "the man at the counter ignored me for ten minutes"),
    "unknown": ("who won the game last night", "what's the weather like tomorrow", "do you like music",
                "how old are you, robot", "where did you buy that shirt"),
}  # fmt: skip

KO: dict[str, tuple[str, ...]] = {
    "give_feedback": ("직원분이 정말 친절하셨어요", "담당 공무원이 설명을 잘 해 줬어요", "창구 직원이 너무 불친절해요",
                      "직원 태도가 별로였어요", "공무원이 반말을 했어요", "{n}번 창구 직원분께 감사하다고 전해 주세요",
                      "처리가 너무 느려서 불만이에요", "직원분 덕분에 금방 끝났어요", "서비스가 최고예요",
                      "대기 시간이 너무 길어요 개선해 주세요"),
    "unknown": ("오늘 날씨 좋네요", "로봇은 몇 살이에요", "어제 축구 봤어요", "이 건물 언제 지었어요",
                "주말에 뭐 해요", "한국 음식 좋아해요", "노래 불러 줄 수 있어요"),
    "ask_staff": ("사람 직원이랑 얘기하고 싶어요", "담당자 좀 불러 주세요"),
}  # fmt: skip

# Young people's slang, per intent.
YOUNG: dict[str, tuple[str, ...]] = {
    "give_feedback": (
        "dịch vụ ở đây xịn xò ghê", "chị ở quầy hai dễ thương quá trời", "làm giấy nhanh vãi, mười điểm",
        "robot ở đây xịn thật sự", "nhân viên ở đây chill ghê", "đỉnh thật, chưa tới mười lăm phút đã xong",
        "quá ok luôn, lần sau lại tới", "thái độ anh quầy năm hơi phèn nha", "cạn lời với cái hàng này, chậm quá trời",
        "vote năm sao cho trung tâm", "robot này khôn phết", "làm ăn kiểu gì mà lag quá vậy",
        "tui rate một sao nha, chờ hai tiếng", "anh cán bộ kia làm nhanh gọn, respect",
    ),
    "ask_staff": (
        "em ơi gọi giùm chị một anh chị nhân viên", "kêu người thật ra đây giùm cái",
        "cho gặp người thật đi, nói với máy mệt quá", "bạn robot ơi gọi ai ra hỗ trợ mình với",
        "có ai là người không, ra đây giúp mình với",
    ),
    "ask_queue_status": ("bao giờ mới tới lượt em vậy trời", "còn mấy người nữa vậy bạn",
                         "đợi mòn mỏi luôn á, sắp tới chưa"),
    "unknown": ("bạn robot có người yêu chưa", "tối nay đi đâu quẩy ta", "bạn robot biết hát không",
                "trời nóng muốn tan chảy luôn"),
    "take_ticket": ("cho em xin cái số với ạ", "bốc số kiểu gì vậy ta"),
}  # fmt: skip
NAMED: tuple[tuple[str, str, str, str], ...] = tuple(
    (text, intent, "", "young") for intent, texts in YOUNG.items() for text in texts
)
"""The young rows as (text, intent, procedure, style), as phrasings.NAMED."""
