# ruff: noqa: E501  (a data file: one seed a line reads better than wrapped ones)
"""The third pass: life needs in every language and the ways elderly people ask.

What generalised worst after the follow-up, by kind: life needs said in Korean or
English (few phrases, few frames), needs whose procedure goes unnamed, long polite
speech by elderly people, and feedback, queue questions and small talk. Here: more
need phrases per procedure in Vietnamese, English and Korean, more frames that carry a
need, elderly openers and closers wrapped around plain requests (`ELDERLY`), and more
sentences for the weak intents. Written by kind of case, not from any scoring set;
`speech.training.corpus` splits them like the other seeds.
"""

from __future__ import annotations

NEEDS: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("nhà {me} vừa có thêm cháu", "{me} mới sinh được thằng con trai", "con {me} sinh ở nước ngoài giờ mới về",
                  "bé sinh ở quê chưa làm giấy", "vợ {me} mổ đẻ tuần trước", "{me} mới đón cháu ngoại",
                  "hai vợ chồng {me} mới có con đầu lòng", "bé nhà {me} chưa đặt tên trên giấy"),
    "khai_tu": ("ba {me} mới khuất núi", "{me} vừa làm đám cho bà", "mẹ chồng {me} mất tháng trước",
                "ông nhà {me} bệnh nặng rồi đi", "{me} cần giấy cho người mới mất để lo thừa kế",
                "anh trai {me} mất vì tai nạn"),
    "ket_hon": ("{me} với bạn trai tính về ở với nhau", "tháng sau con trai {me} cưới vợ", "{me} cưới cô gái người Hàn",
                "{me} muốn làm giấy cưới cho đàng hoàng", "hai đứa {me} đám hỏi xong rồi"),
    "xac_nhan_hon_nhan": ("công ty đòi {me} giấy còn độc thân", "{me} đi làm ở Nhật cần giấy chưa lập gia đình",
                          "{me} đã ly hôn cần giấy xác nhận", "đại sứ quán bắt {me} chứng minh chưa có chồng"),
    "dat_dai": ("ông bà để lại cho {me} mảnh vườn", "{me} mới mua căn nhà cần đứng tên", "{me} muốn tách thửa cho con",
                "đất nhà {me} bị sai diện tích trong sổ", "{me} muốn thế chấp đất mà chưa có giấy"),
    "can_cuoc": ("{me} bị móc mất ví có thẻ", "thẻ {me} hết hạn rồi", "thẻ {me} bị gãy",
                 "{me} đổi chỗ ở cần cập nhật thẻ", "thằng con {me} mới mười bốn tuổi"),
    "ho_kinh_doanh": ("{me} muốn mở tiệm cắt tóc", "{me} tính bán cà phê ở nhà", "{me} mở xe bánh mì ngoài chợ",
                      "{me} muốn bán hàng ăn sáng trước cửa", "{me} mở tiệm sửa xe"),
    "ho_ngheo": ("nhà {me} làm không đủ ăn", "{me} không có tiền đóng viện phí", "nhà {me} đông con mà không có nghề",
                 "trường của cháu đòi giấy nhà khó khăn để miễn học phí"),
    "tro_cap_xa_hoi": ("{me} già rồi sống một mình không ai nuôi", "ba {me} ngoài chín mươi tuổi chưa được nhận tiền",
                       "con {me} bị khuyết tật bẩm sinh", "{me} già yếu muốn xin tiền hàng tháng",
                       "bà cụ nhà {me} không có lương, sống nhờ con cháu", "{me} hết tuổi lao động mà không có đồng nào"),
    "xay_dung": ("{me} muốn đổ thêm tầng lầu", "{me} muốn làm lại mái nhà", "{me} tính sửa lại căn nhà cũ"),
    "chung_thuc": ("{me} cần sao mấy giấy tờ có đóng dấu", "{me} cần chứng bản sao bằng đại học",
                   "{me} cần xác nhận chữ ký trên giấy ủy quyền"),
    "trich_luc_ho_tich": ("giấy khai sinh cũ của {me} bị ướt mờ hết chữ", "{me} cần thêm bản giấy kết hôn",
                          "{me} cần bản sao giấy khai sinh để làm hồ sơ"),
}  # fmt: skip

NEEDS_EN: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("my son was born last week", "we just had twins", "my wife delivered a baby girl",
                  "our daughter arrived two weeks ago", "I became a father yesterday"),
    "khai_tu": ("my grandfather passed away last night", "we had a funeral yesterday", "my wife died",
                "someone in our family died", "my uncle passed away in the hospital"),
    "ket_hon": ("my partner and I are engaged", "we want to get married here", "I'm marrying a Vietnamese woman",
                "we're planning our wedding"),
    "xac_nhan_hon_nhan": ("I need proof that I'm single", "the embassy wants a paper saying I'm not married",
                          "I need a certificate that I'm unmarried"),
    "dat_dai": ("I inherited land from my parents", "I want to transfer the house to my son",
                "my plot has no title yet", "we bought a house and need to change the owner"),
    "can_cuoc": ("someone stole my wallet and my ID", "my ID card expired", "my son turned fourteen",
                 "my card has the wrong name"),
    "ho_kinh_doanh": ("I'm starting a noodle stall", "I want to run a hair salon", "I sell clothes online from home",
                      "we are opening a restaurant"),
    "ho_ngheo": ("we can't afford the hospital bill", "my family has no income",
                 "the school asks for a low income certificate"),
    "tro_cap_xa_hoi": ("my grandmother is ninety and lives alone", "my son is disabled",
                       "I'm old and can't work anymore", "does the state give money to old people"),
    "xay_dung": ("I want to build a fence", "we are rebuilding our house", "I want to repair my roof"),
    "chung_thuc": ("I need my diploma copied and stamped", "I need my signature certified",
                   "I need copies of my papers stamped"),
    "trich_luc_ho_tich": ("I need another copy of my birth certificate", "my marriage certificate got wet"),
}  # fmt: skip

NEEDS_KO: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("딸을 낳았어요", "아내가 출산했어요", "손자가 태어났어요", "우리 아기 이름을 올리고 싶어요",
                  "아들이 태어난 지 2주 됐어요", "아내가 병원에서 아이를 낳았어요"),
    "khai_tu": ("할머니가 어젯밤에 돌아가셨어요", "남편이 세상을 떠났어요", "장례를 치렀어요",
                "시어머니가 돌아가셔서요", "가족 중에 사망한 사람이 있어요"),
    "ket_hon": ("여자친구랑 결혼할 거예요", "다음 주에 결혼식이 있어요", "베트남 사람과 결혼하려고요",
                "남자친구와 혼인하고 싶어요"),
    "xac_nhan_hon_nhan": ("미혼이라는 증명이 필요해요", "결혼 안 했다는 서류가 필요해요",
                          "대사관에서 독신 증명을 달래요"),
    "dat_dai": ("땅을 상속받았어요", "부모님이 땅을 물려주셨어요", "집을 사서 명의를 바꾸고 싶어요",
                "밭을 샀는데 등기가 없어요"),
    "can_cuoc": ("지갑을 소매치기 당했어요", "신분증이 찢어졌어요", "아들이 열네 살이 됐어요",
                 "이름을 바꿔서 카드를 새로 해야 해요"),
    "ho_kinh_doanh": ("식당을 차리려고 해요", "커피숍을 시작하려고요", "시장에서 장사를 하고 싶어요",
                      "미용실을 열 거예요"),
    "ho_ngheo": ("집이 가난해서 병원비를 못 내요", "저소득 가구 증명이 필요해요", "수입이 없어서 지원을 받고 싶어요"),
    "tro_cap_xa_hoi": ("아버지가 여든이 넘으셨는데 수입이 없어요", "장애가 있는 아들이 있어요",
                       "혼자 사는 노인이에요", "나이가 많아서 일을 못 해요"),
    "xay_dung": ("집을 새로 지으려고 해요", "이층을 올리려고요", "담장을 쌓고 싶어요"),
    "chung_thuc": ("졸업장 사본에 도장이 필요해요", "계약서 서명을 확인받고 싶어요"),
    "trich_luc_ho_tich": ("출생증명서를 다시 떼고 싶어요", "혼인증명서 사본이 필요해요"),
}  # fmt: skip

# Frames that carry a need, per intent (groups of templates, as seeds.VI, EN and KO).
VI_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{need}, {me} cần làm giấy tờ gì không{end}", "{need}, có phải đăng ký gì không{end}"),
        ("{need}, giấy tờ làm ở đây hả{end}", "{need}, {me} đăng ký ở đây luôn được không"),
        ("{need}, {me} cần báo với ai{end}", "{need}, thì phải làm sao cho đúng{end}"),
        ("{need} mà chưa làm giấy gì hết{end}", "{open}{need}, giờ tính sao"),
    ),
    "take_ticket": (("{need}, cho {me} lấy cái số làm giấy{end}", "{need}, {me} xếp hàng chỗ này hả"),),
    "ask_counter": (("{need}, {me} nộp giấy ở quầy nào{end}", "{need}, {you} dẫn {me} tới chỗ làm"),),
}  # fmt: skip

EN_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{need_en}, what do I need to do", "{need_en}", "{need_en}, do I register it here"),
        ("{need_en}, what should I bring", "{need_en}, how does it work"),
    ),
    "take_ticket": (("{need_en}, can I get a number",),),
    "ask_counter": (("{need_en}, which counter do I go to",),),
}  # fmt: skip

KO_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{need_ko} 뭘 준비해야 돼요", "{need_ko}", "{need_ko} 여기서 신고하면 돼요"),
        ("{need_ko} 절차 알려 주세요", "{need_ko} 어떤 서류 가져와야 해요", "{need_ko} 신청할 수 있어요"),
    ),
    "take_ticket": (("{need_ko} 번호표 뽑아 주세요",),),
    "ask_counter": (("{need_ko} 어느 창구로 가요",),),
}  # fmt: skip

# Elderly speech around a plain request: (openers, closers) for the train split, then the
# held-out split's own, so a held-out elderly row is wrapped in words never trained on.
ELDERLY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "train": (
        ("dạ cháu ơi, bác già rồi nghe không rõ lắm, ", "con ơi cho bà hỏi thăm chút, ",
         "thưa cô, tôi năm nay ngoài bảy mươi rồi, ", "cháu ơi, ông không biết chữ nhiều, ",
         "dạ, bác ở dưới quê lên, không rành mấy cái này, ", "ờ con ơi, mắt bà kém rồi, ",
         "thưa chú, tôi già cả lẩm cẩm rồi, ", "cháu à, bà đi một mình tới đây, "),
        (", cháu chỉ giúp bác với nhé", ", con nói chậm chậm cho bà nghe", ", bác cảm ơn cháu nhiều lắm",
         ", nhờ con giúp giùm ông", ", cháu thông cảm nha", ", bà không biết hỏi ai hết", ""),
    ),
    "test": (
        ("dạ thưa cháu, bác hỏi cái này nghe, ", "con ơi bà lớn tuổi rồi nói lòng vòng con thông cảm, ",
         "cháu ơi ông đi từ sáng sớm tới đây, "),
        (", con làm ơn chỉ giùm bà với", ", cháu nói to lên chút cho ông nghe nha", ""),
    ),
}  # fmt: skip
ELDERLY_INTENTS = frozenset({"ask_procedure", "take_ticket", "ask_counter", "ask_queue_status",
                             "ask_hours", "ask_directions", "request_refreshment", "ask_staff"})  # fmt: skip

VI: dict[str, tuple[str, ...]] = {
    "give_feedback": (
        "chị ở quầy ba làm việc nhanh gọn ghê", "cô cán bộ ăn nói nhỏ nhẹ, tôi rất ưng",
        "tôi muốn khen cậu thanh niên ở quầy số hai", "ở đây phục vụ tốt hơn hồi trước nhiều",
        "mấy đứa nhân viên ở đây lễ phép lắm", "ông cán bộ quầy kia nói chuyện cộc cằn quá",
        "tôi chờ từ sáng tới giờ mà không ai giải thích, bực thật", "làm ăn kiểu này thì dân khổ quá",
        "nhân viên bấm điện thoại suốt không làm việc", "tôi muốn viết thư góp ý cho trung tâm",
        "bác rất vừa lòng với cách làm việc ở đây", "trung tâm này làm việc chuyên nghiệp thật",
        "chỗ ngồi chờ nóng quá, nên gắn thêm quạt", "robot này trả lời hay ghê",
        "cô gái quầy năm tận tâm lắm, cảm ơn cô ấy giùm tôi", "làm gì mà lâu dữ vậy, tệ thật",
    ),
    "unknown": (
        "hôm nay trời oi bức quá", "con bé nhà tôi thi đậu đại học rồi", "giá xăng lại tăng",
        "ngoài kia kẹt xe ghê", "robot này ai làm ra vậy", "cái áo cô đẹp quá", "à không có gì",
        "ừ ừ", "để tôi nghĩ đã", "tôi quên mất định hỏi gì rồi", "hôm qua xem bóng đá không",
        "bà đợi thằng con trai đến đón", "cái ghế này ngồi êm ghê", "điện thoại tôi hết pin rồi",
    ),
    "ask_queue_status": (
        "tới số của bác chưa cháu", "còn xa không con, bà ngồi mỏi lưng quá", "cái bảng kia đang hiện số mấy",
        "mình đứng sau mấy người nữa", "tầm bao lâu nữa thì tới tôi", "nãy giờ có ai gọi tên tui chưa",
        "hàng này đi nhanh không", "khoảng mấy giờ thì làm xong cho tôi",
    ),
}  # fmt: skip

EN: dict[str, tuple[str, ...]] = {
    "goodbye": ("thanks a lot, see you", "okay thank you, I'll go now", "got it, thanks", "alright, bye now"),
    "give_feedback": ("the young man at the desk was so patient", "nobody explained anything, very disappointing",
                      "you should add more chairs here", "the service was quick today, well done",
                      "the lady at window two was impolite"),
    "unknown": ("my feet hurt from walking", "is that your real voice", "I'm waiting for my friend",
                "what a big building", "sorry, wrong person", "hmm let me think"),
    "ask_queue_status": ("am I next", "is the line moving", "how much longer will it be",
                         "did they call number forty yet", "roughly when will I be seen"),
}  # fmt: skip

KO: dict[str, tuple[str, ...]] = {
    "goodbye": ("정말 감사합니다", "네 감사합니다 안녕히 계세요", "고맙습니다 이제 갈게요", "감사해요 수고하세요",
                "알겠습니다 감사합니다", "많이 도와주셔서 감사합니다 갈게요"),
    "give_feedback": ("창구 직원이 아주 친절하게 도와줬어요", "설명을 잘 해 주셔서 고마웠어요", "직원이 휴대폰만 봐요",
                      "의자가 더 있었으면 좋겠어요", "일 처리가 빨라서 좋았어요"),
    "unknown": ("친구를 기다리고 있어요", "건물이 크네요", "죄송해요 잘못 말했어요", "잠깐 생각해 볼게요",
                "오늘 비가 온대요"),
    "ask_queue_status": ("제 앞에 사람이 많아요", "언제쯤 제 번호가 나와요", "지금 대기 인원이 몇 명이에요",
                         "한참 기다려야 해요"),
}  # fmt: skip
