# ruff: noqa: E501  (a data file: one seed a line reads better than wrapped ones)
"""The fifth pass: everyday talk at the door, by kind of case.

Off-topic small talk (the weather, football, the lottery, market prices, jokes to a
robot, family chatter) that must stay `unknown`; bodily needs and comfort (thirst, a
hungry child, the toilet, the cold, a seat, a phone charger); the document pick-up
machine and result locker, parking, photocopies, being led to a counter, lunch breaks,
Saturdays and public holidays; complaints and praise said without the word for
feedback (sarcasm, the wait, an officer, the robot, cleanliness), kept apart from pleas
for a human (ask_staff). In Vietnamese, English and Korean, and in young people's
slang. Young openers and closers (`YOUNG_WRAP`) are wrapped around plain requests of
every intent, as the elderly ones are. More Central words (`CENTRAL`).
Written by kind of case, not from any scoring set; `speech.training.corpus` splits them
like the other seeds.
"""

from __future__ import annotations

VI: dict[str, tuple[str, ...]] = {
    "unknown": (
        "hôm nay trời âm u quá", "sáng nay mưa to ghê", "mùa này nắng gắt thiệt", "chắc chiều nay có bão",
        "tối qua đội tuyển đá hay quá", "trận chung kết ai thắng vậy", "Quang Hải ghi bàn đẹp ghê",
        "xổ số miền Nam hôm nay ra số mấy", "hôm qua tui trúng vé số an ủi", "đài Vĩnh Long xổ chưa",
        "giá heo hơi lên rồi", "thịt ngoài chợ đắt quá trời", "mớ rau muống giờ năm ngàn", "giá lúa năm nay rớt",
        "robot kể chuyện cười nghe coi", "robot có biết nhảy không", "robot ăn cơm chưa", "robot có mệt không",
        "robot làm bằng gì vậy", "ai chế tạo ra robot vậy", "robot có vợ chưa",
        "thằng út nhà tôi thi đậu rồi", "con gái tôi sắp đi du học", "bà sui tôi mới ghé chơi",
        "hôm nay tui quên mang kính", "đường vô đây kẹt xe quá", "sáng nay tui ăn hủ tiếu",
        "nhà tui nuôi mấy con gà", "cái cây ngoài sân đẹp ghê", "tivi đang chiếu phim gì vậy",
        "tui đi lộn chỗ chắc", "à không có gì đâu", "để tui suy nghĩ đã", "ơ hay nhỉ",
        "xì trum", "ù là la", "tít tít", "hihi", "ha ha ha", "lộn xộn ghê",
        "ngày mai có nắng không", "tuần sau giỗ ông nội", "nhà bên cạnh đang sửa ồn quá",
        "mấy giờ rồi mà chồng tui chưa tới", "chắc tui ngồi đây đợi con gái",
    ),
    "request_refreshment": (
        "khát nước quá, có chỗ nào lấy nước không", "cổ họng khô khốc, cho xin ngụm nước",
        "thằng nhỏ đòi ăn quá, có bánh gì không", "cháu bé đói khóc rồi", "có sữa cho em bé không",
        "đi từ sáng chưa ăn gì, có gì lót dạ không", "cho bác xin miếng nước uống thuốc huyết áp",
        "trời nóng quá, có nước lạnh không", "có bình nước nóng pha sữa cho con không",
        "có kẹo cho con nít không", "cho mẹ con tui xin hai ly nước", "bé nhà tui khát quá trời",
    ),
    "ask_directions": (
        "mắc tiểu quá, đi đâu bây giờ", "cho hỏi chỗ đi vệ sinh", "bé nhà tôi muốn đi vệ sinh",
        "nhà vệ sinh có xa không", "phòng vệ sinh cho người khuyết tật ở đâu",
        "chỗ sạc pin điện thoại ở đâu", "có ổ cắm để sạc điện thoại không", "tui muốn sạc điện thoại",
        "có chỗ nào ngồi không, đứng mỏi chân quá", "ghế trống còn chỗ nào không", "bác muốn ngồi nghỉ, ghế ở đâu",
        "máy lấy hồ sơ tự động đặt ở đâu", "cái tủ trả kết quả nằm chỗ nào", "ATM hồ sơ ở đâu vậy",
        "lấy kết quả bằng mã QR ở máy nào", "tủ trả hồ sơ ở tầng mấy",
        "xe máy để đâu", "gửi xe đạp ở đâu", "bãi giữ xe có xa không", "ô tô đậu ở đâu được",
        "chỗ photo giấy tờ ở đâu", "có chỗ nào photo không", "muốn in mấy tờ giấy thì ra đâu",
        "máy lạnh lạnh quá, có chỗ nào ấm hơn không", "chỗ nào có quạt ngồi cho mát",
        "phòng chờ cho mẹ và bé ở đâu", "có chỗ để xe lăn không", "lối đi cho xe lăn ở đâu",
    ),
    "ask_hours": (
        "trưa nay mấy giờ các cô nghỉ", "giờ nghỉ trưa tới mấy giờ", "mười một rưỡi có còn nhận hồ sơ không",
        "thứ bảy tuần này mở cửa không", "sáng thứ bảy có làm việc không", "chiều thứ bảy nghỉ hả",
        "ngày giỗ tổ Hùng Vương có mở không", "mùng một tết dương có làm không", "ngày lễ có ai trực không",
        "mấy giờ thì các cô làm lại buổi chiều", "năm giờ chiều còn nộp kịp không", "sáng mai mấy giờ mở cửa",
        "nghỉ lễ tới ngày nào", "sau tết bao giờ làm lại",
    ),
    "ask_counter": (
        "robot dẫn đường cho tui tới quầy", "đưa bác tới chỗ nộp hồ sơ với", "dẫn con ra quầy nhận giấy",
        "tui không biết quầy nào, dắt tui đi", "quầy của số tui nằm đâu", "chỉ đường cho tôi tới quầy",
        "robot đi trước tui đi theo", "cho bác đi theo tới quầy làm giấy",
    ),
    "give_feedback": (
        "chờ gì mà lâu dữ vậy, bực thiệt", "làm ăn kiểu này thì ai chịu nổi", "cả buổi sáng mới được một người",
        "hay quá ha, chờ ba tiếng còn chưa tới", "giỏi ghê, nộp ba lần vẫn thiếu giấy", "phục vụ kiểu này thì chịu",
        "cô kia nói chuyện cộc lốc với tui", "anh đó làm mặt lạnh với dân", "cán bộ nói nặng lời với mẹ tôi",
        "robot này nói gì không hiểu gì hết, dở ẹc", "cái máy này hỏi hoài mà không trả lời được", "robot chỉ sai đường rồi",
        "nhà vệ sinh dơ quá, nên dọn đi", "sàn nhà trơn trượt, nguy hiểm lắm", "phòng chờ nóng như lò",
        "cô cán bộ chỉ rất kỹ, tui cảm động", "làm nhanh gọn lẹ, tuyệt vời", "ở đây sạch sẽ gọn gàng ghê",
        "con robot thông minh thiệt, chỉ đúng chỗ", "mọi người ở đây vui vẻ quá", "lần này làm nhanh hơn lần trước nhiều",
        "chị cán bộ quầy một kiên nhẫn với bà già như tui", "cảm ơn mấy đứa nhỏ tình nguyện viên nha",
        "tôi đã chờ từ bảy giờ sáng, thật không chấp nhận được", "sao cứ bắt dân đi lại nhiều lần vậy",
        "nên có thêm ghế cho người già", "màn hình gọi số chữ nhỏ quá nhìn không thấy",
        "bảo vệ ở đây la người ta quá", "nhân viên chen ngang người quen vào trước",
    ),
    "ask_staff": (
        "tui hổng biết xài cái máy này, kêu cô nào ra giúp", "bác không nói với máy đâu, gọi người đi",
        "thôi khỏi robot, cho tôi gặp cán bộ", "máy móc tui chịu, có ai là người thật không",
        "nhờ ai ra đọc giùm bà tờ giấy này", "mắt bác mờ, nhờ cháu nào ra giúp bác",
        "tôi muốn nói chuyện trực tiếp với người phụ trách", "có ai đó giúp tôi điền mẫu đơn được không",
        "robot không hiểu tui rồi, gọi người ra đây", "ông tôi điếc tai, cần người hướng dẫn tận nơi",
        "mời giùm trưởng bộ phận ra đây", "tui cần người biết tiếng dân tộc",
    ),
}  # fmt: skip

EN: dict[str, tuple[str, ...]] = {
    "unknown": (
        "did you watch the match last night", "it's so humid today", "I think it's going to rain",
        "what numbers won the lottery", "rice is so expensive at the market", "tell me a joke, robot",
        "can you dance", "are you a boy or a girl robot", "my son just finished his exams",
        "traffic was terrible on the way here", "flibber flabber", "la la la", "blah blah",
        "I had pho for breakfast", "nice shoes", "who made you",
    ),
    "request_refreshment": (
        "my throat is dry, any water around", "my kid hasn't eaten since morning", "could I get some milk for the baby",
        "is there a water cooler", "I need something to eat, I'm dizzy with hunger",
    ),
    "ask_directions": (
        "my little boy needs the toilet", "where can I charge my phone", "is there a place to sit down",
        "where do I pick up my documents from the machine", "where is the result locker",
        "where do I park my motorbike", "is there a copy shop nearby", "where can I make photocopies",
        "is there somewhere warmer to wait, it's freezing in here", "where is the wheelchair ramp",
    ),
    "ask_hours": (
        "are you open on Saturday morning", "do you close for lunch", "what time do you reopen after lunch",
        "is the office open on national day", "are you working during Tet",
    ),
    "ask_counter": ("can you walk me to the right counter", "please guide me to my window", "show me the way to counter {n}"),
    "give_feedback": (
        "oh great, another hour of waiting", "wonderful, the machine is broken again", "the wait today is way too long",
        "the woman at the desk rolled her eyes at me", "the officer was short with my father",
        "this robot keeps misunderstanding me", "the floor in the toilet is filthy", "it's too hot in the waiting room",
        "the staff were lovely today", "that was surprisingly fast", "the place is very clean",
        "the robot was really helpful", "such a patient officer, thank him for me",
    ),
    "ask_staff": (
        "I'd rather talk to a person", "no robots please, get me someone", "my grandmother can't use this machine, can someone come",
        "is anyone from the office around", "can a staff member read this for me",
    ),
}  # fmt: skip

KO: dict[str, tuple[str, ...]] = {
    "unknown": (
        "어제 경기 누가 이겼어요", "오늘 너무 습하네요", "비가 올 것 같아요", "로또 번호 뭐였어요",
        "시장에 채소가 너무 비싸요", "로봇아 농담 하나 해 줘", "춤출 수 있어요", "아들이 시험 끝났어요",
        "오는 길에 차가 막혔어요", "아침에 쌀국수 먹었어요", "신발 예쁘네요", "누가 만들었어요",
    ),
    "request_refreshment": ("목이 너무 말라요", "아이가 아침부터 아무것도 못 먹었어요", "아기 우유 있어요", "정수기 있어요"),
    "ask_directions": (
        "아이가 화장실 가고 싶대요", "휴대폰 충전할 곳 있어요", "앉을 자리 있어요", "서류 찾는 기계 어디 있어요",
        "결과 보관함이 어디예요", "오토바이 어디에 세워요", "복사할 수 있는 곳 있어요", "여기 너무 추워요 따뜻한 곳 있어요",
    ),
    "ask_hours": ("토요일 오전에 열어요", "점심시간에 문 닫아요", "점심 끝나고 몇 시에 다시 열어요", "국경일에도 일해요", "설날에 문 열어요"),
    "ask_counter": ("창구까지 같이 가 주세요", "제 창구로 안내해 주세요"),
    "give_feedback": (
        "또 한 시간 기다리라니 대단하네요", "오늘 대기가 너무 길어요", "직원이 저한테 짜증을 냈어요",
        "로봇이 자꾸 못 알아들어요", "화장실이 너무 더러워요", "대기실이 너무 더워요", "오늘 직원들이 정말 친절했어요",
        "생각보다 빨리 끝났어요", "여기 정말 깨끗하네요", "로봇이 많이 도와줬어요",
    ),
    "ask_staff": ("사람이랑 얘기할래요", "로봇 말고 직원 불러 주세요", "할머니가 기계를 못 써요 누가 와 주세요", "이거 읽어 줄 직원 있어요"),
}  # fmt: skip

# Young people's slang, per intent.
YOUNG: dict[str, tuple[str, ...]] = {
    "unknown": ("hôm qua coi bóng đá cháy quá", "bot ơi kể chuyện cười đi", "ủa alo alo", "sống ảo chút xíu đã",
                "trời nay nóng xỉu up xỉu down"),
    "give_feedback": ("chờ muốn mọc rễ luôn á", "ủa gì kỳ vậy, chờ hoài", "nhân viên dễ thương xỉu", "bot này hơi ngáo nha",
                      "toilet hơi dơ nha ad"),
    "ask_directions": ("wc ở đâu vậy bot", "có chỗ sạc đt hông bot", "gửi xe ở đâu dị bạn"),
    "request_refreshment": ("khát khô cả họng rồi bot ơi", "có nước hông bot"),
    "ask_hours": ("thứ bảy có mở hông ad", "trưa nghỉ tới mấy giờ dị"),
    "ask_staff": ("thôi gọi người thật ra đi bot", "cho mình gặp nhân viên nha bot"),
    "take_ticket": ("bốc giùm mình cái số nha", "cho xin số đi bot"),
    "ask_queue_status": ("sắp tới lượt mình chưa bot", "đợi lâu dữ thần, còn mấy người"),
    "goodbye": ("thôi bye bot nha", "oke cảm ơn nha, đi đây"),
    "greeting": ("hé lô bot", "chào bot nha"),
}  # fmt: skip
NAMED: tuple[tuple[str, str, str, str], ...] = tuple(
    (text, intent, "", "young") for intent, texts in YOUNG.items() for text in texts
)
"""The young rows as (text, intent, procedure, style), as phrasings.NAMED."""

YOUNG_WRAP: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "train": (
        ("bot ơi, ", "ê bot, ", "ad ơi cho hỏi, ", "hello bot, ", "alo bot, ", "ủa bot ơi, "),
        (" á", " nha bot", " đó bạn", " nha", " luôn á", " dị", ""),
    ),
    "test": (
        ("hey bot, ", "bạn robot ơi, "),
        (" nè", " với nha"),
    ),
}  # fmt: skip
"""Young openers and closers around a plain request; held-out rows get their own."""

# More Central words (spoken form -> what a Central speaker says), beside phrasings.CENTRAL.
CENTRAL: dict[str, str] = {"đâu": "mô", "nào": "mô", "nhỉ": "hỉ", "đó": "nớ", "tại sao": "răng"}

ELDERLY_MORE: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("bác đi xe buýt từ ngoài huyện lên, ", "dạ bà ngồi xe ôm lên đây từ tờ mờ sáng, ", "ông chạy xe đạp từ dưới xã lên, cháu à, ",
     "con ơi, bà đau lưng đứng lâu không nổi, ", "cháu ơi, bác bị lãng tai, ", "thằng con bác đi làm xa nên bác đi một mình, ",
     "con gái bà dặn bà lên đây hỏi, ", "dạ thưa cô, tôi bảy mươi lăm tuổi rồi, ", "chú ơi, ông quên mang kính, ",
     "bà cụ đây đi từ nhà lên, mệt quá con ơi, "),
    (", bác đội ơn cháu", ", con nói từ từ bà nhớ với", ", ông cảm ơn con nhé", ", cháu giúp bà cái", ", bác lú lẫn rồi cháu đừng cười",
     ", tội nghiệp bà già này con nhé"),
)  # fmt: skip
"""More elderly openings and closings (their journey, their health, their family),
wrapped around the procedure head's training rows only (`corpus.told_by_elders`)."""
