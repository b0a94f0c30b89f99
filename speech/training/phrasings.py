# ruff: noqa: E501  (a data file: one seed a line reads better than wrapped ones)
"""More ways of saying each intent, added in the follow-up for what generalised worst.

Whole sentences per intent in many registers: Northern, Central (chi, rứa, mô, răng,
chừ, ni), Southern, elderly and young, short and long; English and Korean for every
main intent; more life needs per procedure in each language. Written by kind of case,
not from any scoring set. `speech.training.corpus` splits them like the other seeds.
"""

from __future__ import annotations

VI: dict[str, tuple[str, ...]] = {
    "greeting": (
        "dì ơi", "ông ơi", "bà ơi", "robot ơi", "ê robot ơi", "máy ơi", "bạn robot ơi", "o ơi",
        "mợ ơi", "thím ơi", "người máy ơi", "alo robot ơi",
        "chào cháu", "chào con", "chào cô robot", "chào bạn robot", "xin chào quý vị",
        "chào buổi sáng nha", "chào buổi trưa", "em chào anh ạ", "con chào cô", "cháu chào bác",
        "chào nghen", "chào nhé", "ê robot", "robot ơi chào", "hello em", "hi chị", "xin chào cả nhà",
        "dạ xin chào", "chào em nha", "chào chú robot", "mô phật chào con", "chào mi",
        "chào bây", "kính chào", "chào người máy", "chào bạn nhỏ", "hế lô", "hê lô robot",
        "xin chao", "chao em", "chào em, chị mới tới", "a lô robot nghe không",
    ),
    "goodbye": (
        "cảm ơn em nhiều, chị về nhé", "thôi không lấy số nữa", "để tôi về lấy đủ giấy rồi quay lại",
        "vậy cháu về nha", "thôi khỏi cần", "dạ không cần ạ, cảm ơn", "thôi tui đi về",
        "thôi để tôi về hỏi lại chồng đã", "không cần lấy số đâu, cảm ơn", "thôi tui về nghen",
        "cảm ơn con, bác về", "dạ thôi, mai cháu quay lại", "vậy thôi, chào em", "tạm biệt robot",
        "bye bye em", "thôi khỏi lấy, đông quá", "không làm nữa, về thôi", "thôi cảm ơn nhiều nghen",
        "để bữa khác", "dạ em hiểu rồi, em cảm ơn", "rứa thôi, cảm ơn nghe", "thôi được rồi, cảm ơn cháu",
        "tôi không cần nữa đâu", "thôi bỏ đi, không làm nữa", "thôi chào nhé", "hẹn gặp lại",
        "ok cảm ơn, chào em", "cảm ơn robot nhé", "đủ rồi, cảm ơn", "thôi tôi đi làm đây",
        "dạ vâng, cháu chào bác", "tui hết hỏi rồi", "không còn gì nữa, cảm ơn",
    ),
    "give_feedback": (
        "gọi số không theo thứ tự, bất công quá", "người đến sau mà được làm trước", "cán bộ gợi ý tiền bồi dưỡng",
        "phòng chờ nóng quá, nên gắn thêm quạt", "ghế ngồi bẩn quá", "robot này thông minh ghê", "cái máy ni hay thiệt",
        "tôi cho trung tâm mười điểm", "tôi chấm năm sao cho anh cán bộ", "thái độ phục vụ cần xem lại",
        "cảm ơn mọi người ở trung tâm", "cán bộ nói năng xấc xược", "hồ sơ bị làm khó hoài", "vui lòng chuyển lời khen tới cô ấy",
        "anh cán bộ làm nhanh ghê, khen anh", "cô ở quầy năm tận tình quá", "cảm ơn anh cán bộ đã giúp tận tình",
        "tôi muốn khen chị cán bộ quầy hai", "cán bộ ở đây dễ chịu, tôi hài lòng", "làm nhanh gọn, rất tốt",
        "tôi muốn phản ánh cán bộ quầy bảy", "ông cán bộ gắt gỏng với người già",
        "chờ ba tiếng rồi mà không ai làm, quá tệ", "đợi lâu như vầy ai chịu nổi", "cán bộ chơi điện thoại không làm",
        "tôi muốn viết đơn khiếu nại", "cho tôi góp ý một chút về cách phục vụ", "phục vụ quá kém",
        "cán bộ ni làm tốt lắm", "o ni dễ thương ghê", "nhân viên ở đây thái độ quá", "cô kia nói chuyện khó nghe quá",
        "chị cán bộ giải thích dễ hiểu, cảm ơn chị", "cái robot này giỏi ghê", "chỗ này sạch sẽ, mát mẻ, thích",
        "đánh giá năm sao", "tôi không hài lòng chút nào", "làm việc kiểu gì mà chậm thế", "bực mình quá, chờ cả buổi",
        "anh cán bộ đòi tiền ngoài, tôi tố cáo", "cô cán bộ chỉ tận tình, gia đình tôi cảm ơn",
        "phải khen cái trung tâm này", "nhân viên lịch sự, chu đáo",
    ),
    "ask_staff": (
        "cho tôi gặp người thật", "tui hổng xài máy được, kêu người giùm", "gọi cán bộ ra giúp bác",
        "có ai làm việc ở đây không", "tôi cần nói chuyện với cán bộ", "bác già rồi không biết bấm, ai giúp với",
        "tôi không nói chuyện với máy đâu", "kêu anh bảo vệ giùm", "cho gặp lãnh đạo", "tôi muốn gặp giám đốc trung tâm",
        "cán bộ hướng dẫn đâu rồi", "có người nào chỉ cho tui không", "mắt kém đọc không được, nhờ người giúp",
        "tôi không hiểu robot nói gì, gọi người đi", "cho tôi gặp người phụ trách", "ai giúp tôi điền tờ khai với",
        "cần người thông dịch tiếng Anh", "có ai biết tiếng Hàn không", "gọi cô hướng dẫn viên ra đây",
        "mi kêu người ra đây", "ở đây có cán bộ mô không", "cho em gặp chị hướng dẫn",
    ),
    "request_refreshment": (
        "cho xin ly nước", "khát khô cổ rồi", "có nước không con", "có gì uống không", "nước suối ở đâu lấy",
        "cho bà xin miếng nước", "cho em bé xin ít nước", "con đói quá mẹ ơi", "đứa nhỏ đói bụng rồi",
        "có bánh kẹo gì cho con nít không", "có trà không em", "cho tui ly trà đá", "mệt quá, có nước không",
        "có cà phê không", "cho em xin cái khăn giấy", "nóng quá, cho xin nước mát", "có chỗ nào bán đồ ăn không",
        "cho bác xin cốc nước ấm để uống thuốc", "có nước uống miễn phí không",
        "bé nhà tui khát", "cho con xin hớp nước",
    ),
    "ask_directions": (
        "nhà vệ sinh ở mô", "toilet chỗ nào em", "đi vệ sinh ở đâu", "con muốn đi tè", "chỗ rửa tay ở đâu",
        "mắc đi cầu quá, nhà vệ sinh đâu", "phòng vệ sinh nữ ở đâu", "chỗ để xe máy ở đâu", "gửi xe đằng nào",
        "máy photo ở đâu", "cầu thang máy ở đâu", "cửa ra ở đâu", "máy trả kết quả ở chỗ nào",
        "lấy hồ sơ bằng mã ở máy nào", "tủ nhận kết quả tự động ở đâu", "quét mã lấy giấy ở đâu",
        "chỗ ngồi chờ ở đâu", "phòng cho con bú ở đâu", "chỗ nộp hồ sơ ở đâu", "bãi đậu xe ô tô ở đâu",
        "máy rút tiền gần đây không", "chỗ đóng tiền ở đâu",
    ),
    "ask_hours": (
        "trưa nghỉ mấy giờ", "mấy giờ nghỉ trưa", "một giờ chiều có làm chưa", "mấy giờ thì mở cửa",
        "sáng mấy giờ làm", "chiều mấy giờ đóng", "thứ bảy có làm không", "chủ nhật nghỉ hả",
        "lễ có nghỉ không", "tết có làm không", "ba mươi tháng tư có làm việc không", "mùng hai tháng chín nghỉ không",
        "giờ làm việc ra sao", "làm tới mấy giờ", "trưa có ai trực không", "giỗ tổ có nghỉ không",
        "mai nghỉ lễ phải không", "mấy giờ mở cửa rứa", "ngày nghỉ có mở không",
    ),
    "ask_counter": (
        "dẫn tôi tới quầy với", "robot đưa bác đi tới quầy", "quầy nào nhận hồ sơ", "tôi phải ra quầy nào", "quầy của tôi ở đâu",
        "dắt bà tới quầy làm giấy", "quầy số năm làm gì", "đi theo robot tới quầy được không",
        ),
    "take_ticket": (
        "cho bác một số", "lấy cho tôi một phiếu", "in số giùm đi", "xin một số thứ tự",
        "cho tôi vào hàng chờ",
        "đăng ký lấy số làm đất", "cho em một vé chờ", "cho tui xin số đi con", "lấy số giùm bác với",
        "cho tôi xếp hàng", "in phiếu cho tôi",
    ),
    "ask_queue_status": (
        "đang gọi tới đâu rồi", "bảng điện gọi số mấy rồi", "tới phiên tui chưa", "có phải sắp tới tui không",
        "trước tui còn đông không", "chờ nãy giờ lâu quá, còn mấy người", "số mình còn xa không em",
        "chừng nào gọi tới số bác", "mấy số nữa tới con", "ở quầy đó gọi tới số nào rồi",
        "tới tui chưa", "số tui gọi chưa em", "còn mấy người nữa", "lâu quá, còn mấy số",
        "đang gọi tới số mấy rồi", "chờ hoài chưa tới", "bao lâu nữa tới lượt tôi",
        "mấy người đứng trước tôi", "số của bác còn xa không", "có phải đợi lâu nữa không",
        "còn bao lâu nữa vậy", "hàng chờ còn dài không",
    ),
    "change_language": (
        "nói tiếng Hàn đi", "cho tôi nghe tiếng Anh", "chuyển qua tiếng Việt", "đổi sang tiếng Anh",
        "robot nói tiếng Việt được không", "nói tiếng Anh nha", "tiếng Hàn Quốc được không",
    ),
    "unknown": (
        "thằng nhỏ đâu rồi ta", "để tui gọi cho vợ", "hôm qua đi đám giỗ", "cái áo này đẹp không",
        "tui ở dưới quê lên", "xe buýt số mấy về chợ", "trời ơi mệt quá", "cho tôi ngồi nghỉ chút",
        "tôi đợi người nhà", "con gái tôi học lớp ba", "chiều nay đi chợ", "bóng đá tối qua hay ghê",
        "ờ để coi", "à mà thôi", "ghế này êm ghê", "không có gì", "tôi chỉ đi ngang qua",
        "trời nóng ghê", "hôm nay đông người quá", "con chó chạy vô kìa", "giá xăng lên rồi",
        "tôi ăn sáng rồi", "chồng tôi đang gửi xe", "đợi tí", "ừ", "ờ ờ", "hử", "gì vậy trời",
        "tối nay đá banh", "robot mấy tuổi", "mua vé số không",
        "ủa", "điện thoại hết pin", "cái ghế này ai ngồi", "thôi chết quên ví",
    ),
    "ask_procedure": (
        "cần giấy tờ chi", "làm cái giấy ni răng", "hồ sơ làm răng rứa", "thủ tục ra sao em",
        "mang theo những giấy gì", "phí bao nhiêu tiền", "mấy ngày thì có kết quả", "làm ở đây được không",
    ),
}  # fmt: skip

NEEDS: dict[str, tuple[str, ...]] = {
    "khai_sinh": (
        "nhà {me} mới có em bé", "{me} mới sanh con", "con {me} mới đẻ hôm trước", "bé mới chào đời",
        "nhà {me} mới có thằng cu", "vợ {me} vừa đẻ con gái", "{me} mới có cháu nội", "bé nhà {me} mới đầy tháng",
        "{me} có baby mới", "con {me} sinh ở nhà chưa có giấy",
    ),
    "khai_tu": (
        "nhà {me} có tang", "bà nội {me} vừa mất", "ông nhà {me} qua đời", "cha {me} mất hôm qua",
        "bố {me} mới mất", "người nhà {me} mất rồi", "chồng {me} mất", "má {me} mới đi",
    ),
    "ket_hon": (
        "{me} sắp lấy chồng", "con {me} sắp cưới", "{me} với người yêu muốn cưới",
        "tụi {me} tính làm đám cưới", "{me} muốn lấy vợ", "{me} cưới chồng người nước ngoài",
    ),
    "dat_dai": (
        "{me} mua miếng đất", "{me} muốn sang tên đất", "đất {me} chưa có sổ",
        "{me} muốn làm sổ cho đất", "{me} được cho miếng đất vườn",
    ),
    "can_cuoc": (
        "{me} mất thẻ căn cước", "{me} đánh rơi thẻ", "{me} bị giựt túi mất giấy tùy thân",
        "thẻ {me} bị mất", "con {me} đủ tuổi làm thẻ", "{me} mất giấy tờ tùy thân",
    ),
    "ho_kinh_doanh": (
        "{me} mở tiệm nhỏ ở nhà", "{me} bán hàng trước nhà", "{me} bán quán nhỏ", "{me} tính mở tiệm",
        "{me} muốn mở shop", "{me} buôn bán ở nhà",
    ),
    "ho_ngheo": (
        "nhà {me} nghèo", "{me} cần giấy để được giảm viện phí",
        "nhà {me} khó khăn muốn được miễn viện phí", "bệnh viện cần giấy xác nhận nhà nghèo",
    ),
    "tro_cap_xa_hoi": (
        "{me} già không có lương hưu", "mẹ {me} tám mấy tuổi rồi",
        "người già được nhà nước hỗ trợ tiền", "{me} già cả không ai chăm", "con {me} tàn tật",
    ),
}  # fmt: skip

EN: dict[str, tuple[str, ...]] = {
    "greeting": ("hello robot", "hi", "good afternoon", "morning", "hey there", "hi, nice to meet you",
                 "good evening robot", "hello, anyone there", "yo", "greetings"),
    "goodbye": ("thanks, goodbye", "no thank you, I'm leaving", "I don't need it anymore, bye",
                "ok thanks bye", "see you later", "I'll come back another day", "forget it, thanks",
                "that's all I needed", "never mind, bye", "thank you so much, goodbye"),
    "give_feedback": ("the officer was really kind", "thank the lady at counter five for me",
                      "the staff are very rude here", "this wait is ridiculous", "I want to file a complaint",
                      "excellent service today", "the officer was lazy", "I'm very unhappy with the service",
                      "great job everyone", "the man at counter four ignored me"),
    "ask_staff": ("I want a real person", "please call an officer", "get someone to help me",
                  "I can't use the machine, call someone", "I need a human to help me",
                  "can I speak to the manager", "is there an interpreter", "I need help from staff"),
    "request_refreshment": ("can I have a glass of water", "I'm really thirsty", "my baby is hungry",
                            "is there something to eat", "water please", "do you have tea",
                            "my son is starving", "I need a drink"),
    "ask_directions": ("where is the bathroom", "where is the toilet please", "where is the parking",
                       "where is the document collection machine", "how do I get out",
                       "where is the exit", "where can I wash my hands", "where is the photocopy machine"),
    "ask_hours": ("when do you open", "is there a lunch break",
                  "are you open on public holidays", "are you open on the weekend", "what are the hours",
                  "do you work on saturday", "what time is the lunch break"),
    "ask_counter": ("which counter should I go to", "take me to the land counter", "where is the counter for ID cards",
                    "lead me to counter {n}", "what does counter {n} handle"),
    "take_ticket": ("I'd like a ticket", "can I have a number", "give me a queue ticket",
                    "get me in the queue"),
    "ask_queue_status": ("how long is the wait", "has my number been called yet", "how many are before me",
                         "when will it be my turn", "what number is being served"),
    "ask_procedure": ("what papers do I need", "how much does it cost", "how long does it take",
                      ),
    "change_language": ("please speak english", "can we talk in korean", "switch to vietnamese",
                        "english"),
    "unknown": ("nice weather", "I like your color", "where is my wife", "ok", "uh huh",
                "what's your name", "is it raining", "my phone is dying"),
}  # fmt: skip

KO: dict[str, tuple[str, ...]] = {
    "greeting": ("안녕하세요 반갑습니다", "좋은 오후예요", "안녕하세요 로봇님", "로봇아 안녕", "처음 뵙겠습니다", "좋은 아침이에요", "안녕 로봇", "여보세요 안녕하세요", "하이"),
    "goodbye": ("안녕히 계세요", "수고하세요", "나중에 다시 올게요", "괜찮아요 필요 없어요", "다음에 올게요", "고맙습니다 안녕히 계세요",
                "됐어요 그냥 갈게요"),
    "give_feedback": ("직원분이 친절했어요", "서비스가 별로예요", "여기 직원들 최고예요", "로봇이 똑똑하네요", "줄이 너무 길어서 화가 나요", "창구 직원이 불친절했어요", "기다리는 시간이 너무 길어요", "감사 인사 전하고 싶어요", "직원이 너무 불친절해요", "너무 오래 기다렸어요",
                      "서비스가 정말 좋아요", "불만이 있어요", "담당자가 정말 친절해요 감사해요"),
    "ask_staff": ("사람을 불러 주세요", "도와줄 사람 있어요", "담당 공무원 불러 주세요", "기계는 어려워요 사람이 도와주세요", "직원하고 이야기하고 싶어요", "로봇 말고 사람이요",
                  "통역해 줄 사람 있어요"),
    "request_refreshment": ("물 좀 마시고 싶어요", "아기가 배고파요", "먹을 거 있어요",
                            "차 있어요"),
    "ask_directions": ("화장실은 어디에 있어요", "주차장은 어디예요", "서류 찾는 기계는 어디예요",
                       "나가는 곳이 어디예요"),
    "ask_hours": ("몇 시에 열어요", "몇 시에 문 닫아요", "점심시간은 몇 시예요", "주말에 해요",
                  "공휴일에 문 열어요"),
    "ask_counter": ("몇 번 창구로 가야 해요",
                    "창구까지 안내해 주세요"),
    "take_ticket": ("번호표 하나 주세요", "대기표 뽑아 주세요"),
    "ask_queue_status": ("제 차례 아직이에요", "지금 몇 번 부르고 있어요", "앞에 몇 명 있어요", "몇 명 남았어요", "얼마나 더 기다려요", "제 번호 불렀어요"),
    "ask_procedure": ("어떤 서류가 필요해요", "절차가 어떻게 돼요", "어떻게 신청해요", "준비물이 뭐예요", "수수료가 얼마예요", "며칠 걸려요"),
    "change_language": ("한국어 해 주세요", "영어로 말해 주세요", "베트남어로 바꿔 주세요"),
    "unknown": ("오늘 덥네요", "음 글쎄요", "잠깐만요", "남편을 기다려요", "이 로봇 귀엽네요",
                "버스 정류장 멀어요"),
}  # fmt: skip

NEEDS_EN: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("our baby was born yesterday", "I had a baby boy", "my daughter had a baby"),
    "khai_tu": ("my grandmother died", "there was a death in my family"),
    "ket_hon": ("I'm getting married next month", "my fiance and I want to marry"),
    "can_cuoc": ("my ID was stolen",),
    "dat_dai": ("I bought land and need the title", "my parents gave me some land"),
    "ho_kinh_doanh": ("I want to open a shop at home", "I sell food in front of my house"),
    "ho_ngheo": ("the hospital says we need a paper saying we are poor", "we are poor and need the hospital fee waived"),
    "tro_cap_xa_hoi": ("my mother is 85 and has no income", "can old people get a pension"),
    "xay_dung": ("I want to add a floor to my house",),
}  # fmt: skip

NEEDS_KO: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("아기를 낳았어요",),
    "khai_tu": ("어머니가 돌아가셨어요", "가족이 돌아가셨어요"),
    "ket_hon": ("결혼할 거예요", "다음 달에 결혼해요"),
    "can_cuoc": ("신분증이 없어졌어요",),
    "dat_dai": ("땅을 샀어요",),
    "ho_kinh_doanh": ("집에서 가게를 하려고 해요",),
    "ho_ngheo": ("병원비 감면을 받고 싶어요",),
    "tro_cap_xa_hoi": ("연로하신 어머니가 연금을 받고 싶어요",),
}  # fmt: skip

# Central replacements (spoken form -> what a Central speaker says).
CENTRAL: dict[str, str] = {
    "gì": "chi", "ở đâu": "ở mô", "vậy": "rứa", "thế nào": "răng", "làm sao": "làm răng",
    "này": "ni", "bây giờ": "chừ", "kia": "tê",
}  # fmt: skip

# Sentences that name their procedure: (text, intent, procedure, style).
NAMED: tuple[tuple[str, str, str, str], ...] = (
    ("em chỉ chị quầy làm khai sinh", "ask_counter", "khai_sinh", "plain"),
    ("đưa tui ra quầy đất đai", "ask_counter", "dat_dai", "southern"),
    ("làm hộ kinh doanh ngồi quầy mấy", "ask_counter", "ho_kinh_doanh", "plain"),
    ("quầy chứng thực ở chỗ nào", "ask_counter", "chung_thuc", "plain"),
    ("quầy mô làm kết hôn", "ask_counter", "ket_hon", "central"),
    ("làm căn cước vô quầy nào", "ask_counter", "can_cuoc", "southern"),
    ("cho tôi số làm khai sinh", "take_ticket", "khai_sinh", "plain"),
    ("lấy số công chứng", "take_ticket", "chung_thuc", "plain"),
    ("bốc cho con một số khai tử", "take_ticket", "khai_tu", "plain"),
    ("which window for marriage", "ask_counter", "ket_hon", "en"),
    ("print me a ticket for birth registration", "take_ticket", "khai_sinh", "en"),
    ("I need a number for the ID card", "take_ticket", "can_cuoc", "en"),
    ("what do I need to bring for a birth certificate", "ask_procedure", "khai_sinh", "en"),
    ("how do I register a marriage", "ask_procedure", "ket_hon", "en"),
    ("토지 창구로 데려다 주세요", "ask_counter", "dat_dai", "ko"),
    ("신분증 창구가 어디예요", "ask_counter", "can_cuoc", "ko"),
    ("출생 신고 번호표 주세요", "take_ticket", "khai_sinh", "ko"),
)  # fmt: skip
