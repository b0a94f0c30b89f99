"""The emergency detector on emergencies told without their textbook word, and on the
figures of speech that borrow an emergency's words (recall first, few false alarms)."""

from __future__ import annotations

import pytest

from speech.emergency import is_emergency


@pytest.mark.parametrize(
    "said",
    [
        # a fall told by its sound or its place, a head hit, someone who does not get up
        "bà cụ vừa té cái uỵch ở chỗ ghế chờ", "ong cu nga o cau thang roi",
        "chú ấy ngã trong nhà vệ sinh", "cô kia đập đầu vào cạnh bàn", "ông ấy nằm bất động",
        "bác ấy không dậy được nữa", "ai đỡ bà ấy dậy với",
        # a stroke, a pregnancy in pain, pain too strong to stand
        "ông kia méo miệng, nói ngọng hẳn đi", "bà ấy bị yếu nửa người", "chú đó tay chân bủn rủn",
        "cô này có thai, tự nhiên ra máu", "vợ tôi bụng to, đau bụng quá trời",
        "anh ấy đứng không vững",
        # choking, low blood sugar, an allergy
        "thằng bé bị hóc xương cá", "con bé mắc nghẹn rồi", "bà tôi bị hạ đường huyết",
        "ông ấy toát mồ hôi lạnh", "mặt nó sưng hết lên sau khi ăn",
        # a missing child or elder
        "không thấy con bé nhà tôi đâu cả", "tìm không thấy bà tôi đâu",
        # threats
        "thằng kia dọa giết cán bộ",
        # English and Korean
        "my husband won't wake up", "her face is drooping", "he is threatening people",
        "i can't find my son", "a baby is choking", "my water broke",
        "아버지 가슴이 많이 아파요", "할머니가 넘어졌어요", "아이를 못 찾겠어요", "남자가 위협해요",
        "할아버지가 말을 못 해요",
    ],
)  # fmt: skip
def test_an_emergency_told_by_its_signs_is_found(said: str) -> None:
    assert is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        "nghe tin được cấp sổ mà tôi ngất ngây", "cuối tháng cháy túi rồi, lệ phí bao nhiêu",
        "chờ muốn xỉu luôn đó em", "mệt xỉu với mấy cái thủ tục này", "cười chết mất",
        "tôi lạc mất giấy hẹn rồi", "con chó nhà tôi đi lạc", "chỗ tra cứu hồ sơ ở đâu",
        "cái thẻ căn cước bị cháy xém một góc", "감동해서 기절할 뻔했어요",
        "tôi bị móc túi mất căn cước, làm lại sao", "té ra là phải lấy số trước hả",
        "ngã ba phía trước rẽ trái", "cảm ơn nghen",
    ],
)  # fmt: skip
def test_a_figure_of_speech_is_not_an_emergency(said: str) -> None:
    assert not is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        "ông kia gục xuống bàn, gọi không trả lời", "bà cụ nằm dưới đất ngoài sân",
        "thằng bé thở khò khè, môi tím tái", "tôi hoa mắt chóng mặt quá, tay chân bủn rủn",
        "bà tôi bị tiểu đường, giờ lạnh toát cả người", "nó giật điện thoại của chị kia rồi chạy",
        "có thằng cầm mã tấu ngoài cổng", "con bé nhà tôi mất hút rồi",
        "an old man slumped in his seat", "she is not responding", "he shoved the guard",
        "the boy is wheezing and his lips are blue", "someone snatched a phone and ran off",
        "할아버지가 반응이 없어요", "남자가 가방을 훔쳐서 도망갔어요",
        # burns and scalds, heat stroke, a child gone in English
        "thằng nhỏ bị bỏng nước sôi ở chỗ bình nước", "tay con bé phồng rộp hết rồi",
        "ông kia say nắng ngoài cổng, lơ mơ rồi", "bà ấy bị sốc nhiệt",
        "my son burned his hand on the kettle", "a lady outside looks like heatstroke",
        # a weapon drawn or waved, a threat to people
        "ông kia vừa rút dao trong túi ra", "có người vung gậy ngoài sân", "nó dọa người ta",
        "mấy thằng say đập phá bàn ghế ngoài kia", "ổng ném cái ghế vào người bảo vệ",
        # chest tightness, knees that give, someone who does not answer, a face gone pale
        "bà tôi thắt ngực từng cơn", "chú ấy khuỵu xuống giữa hàng", "ông ấy không phản ứng gì",
        "mặt chị ấy tái mét, tay lạnh ngắt", "her waters have broken", "she's in labor",
        "her water just broke", "he is diabetic and shaking", "a man is pushing the guard",
        "he is about to hit the officer", "chị kia nước ối chảy ra rồi", "bà cụ ngã sỉu ngoài cửa",
        "아내 양수가 터졌어요", "아이 코에서 피나요", "전기 콘센트에서 불꽃이 튀어요",
        "애가 숨쉬기 힘들어해요", "우리 아들 아까부터 안 보여요",
        "ông nội tôi vừa ra cửa giờ đâu mất rồi", "mất con rồi, mọi người giúp tìm con với",
        "a lady is lying on the floor", "he stopped moving",
        "my boy is gone, he was by the kiosk", "our little girl wandered off",
        "아이가 뜨거운 물에 화상을 입었어요", "할머니가 열사병 같아요",
    ],
)  # fmt: skip
def test_signs_that_someone_is_in_danger_now_are_found(said: str) -> None:
    assert is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        "năm ngoái ông tôi bị tai biến rồi mất, giờ làm khai tử", "hôm qua ở chợ có đánh nhau",
        "bình chữa cháy ở đâu vậy", "hộp sơ cứu để chỗ nào", "tôi mới tìm ra quầy 5",
        "bé bán hàng dễ thương xỉu", "lạc đường nãy giờ mới tới", "기다리다가 쓰러질 것 같아요",
        # a long illness, a recogniser's "căn cước", slang and a feeble line
        "bố tôi đột quỵ nằm liệt giường mấy năm nay, xin trợ cấp", "em làm lại căng cướp ở đâu",
        "cái máy này cute xỉu", "sóng điện thoại yếu xìu", "ông tôi bị tai biến nằm một chỗ",
        "hôm qua bé bị bỏng nhẹ, giờ hết rồi", "cái bằng lái bị bong lớp nhựa rồi",
        "trời nắng cháy cả da, cho xin ly nước", "커피가 맛있네요",
        # "xíu" (a little) folded like "xỉu"; slang; a hospital elsewhere; an idiom; a tale
        "chờ em chút xíu nha", "cái chữ nhỏ xíu à", "xíu nữa cháu quay lại", "đội bóng máu lửa ghê",
        "ba tôi đang nằm viện ở bệnh viện tỉnh, xin giấy hộ nghèo",
        "번호 소리에 심장이 멎을 뻔했네요", "hồi nhỏ tôi hay đánh nhau, kể cho vui thôi",
        # words that fold into an emergency's: "tệ", "tê rồi", "không thôi"; a plea over a form
        "phục vụ tệ lắm, lần sau không tới nữa", "cái ví tui để quên bên tê rồi",
        "chờ hoài không thôi, mấy giờ tới lượt", "cứu em với, tờ khai này em không biết điền",
        "đánh rơi mất cái thẻ rồi, làm lại sao", "làm nhanh xỉu up xỉu down luôn",
        "my heart bleeds for the people in this queue", "tôi là cựu giáo viên, xin sổ hưu",
        "bật điều hòa mát hơn chút được không", "nóng như cháy nhà", "suýt té ở bậc thềm",
        "I almost died when I saw the fee", "I lost my daughter's school record",
        "nãy tưởng lạc con, hóa ra nó ngồi đây", "can I go out to smoke and keep my number",
        "where is the fire exit", "I'm drowning in forms", "our shop burnt down last year",
        "mẹ tôi bị tai biến liệt nửa người, xin trợ cấp hàng tháng", "ông tôi mất vì đột quỵ",
        "hồi năm ngoái có người xỉu ở đây, may có xe cấp cứu", "배고파서 쓰러지겠어요",
        "요금 보고 심장마비 올뻔", "작년에 불이 나서 서류가 다 탔어요", "기계가 말을 못 알아들어요",
        "thằng bé buồn tè quá", "hồi nhỏ tôi bị lạc một lần", "is the fire alarm a drill",
        "bản sao bị cháy đen một góc", "lạc hồ sơ rồi ai tìm giúp", "xỉu lên xỉu xuống với giá đất",
        "em sinh được mười ngày rồi, làm giấy cho bé",
    ],
)  # fmt: skip
def test_a_past_story_or_a_question_about_safety_gear_is_not_an_alarm(said: str) -> None:
    assert not is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        # someone gone down told by how they lie, not answering, choking on a swallowed thing
        "chú kia lăn đùng ra giữa sảnh", "bà ấy nằm sõng soài ngoài hành lang",
        "ông cụ xụi lơ trên ghế", "anh kia quỵ xuống ngay cửa", "có người nằm úp mặt ở cầu thang",
        "bà ấy không nhúc nhích gì cả", "lay mãi không dậy", "bé nuốt phải viên bi",
        # a fall from a height, someone stuck, gas, labour, a bone, a fight, a threat
        "có người ngã từ trên lầu hai", "thang máy bị kẹt, có người bên trong",
        "ngửi thấy mùi gas nồng lắm", "chị kia đau đẻ rồi", "ông ấy bị gãy chân",
        "hai người xô xát ngoài sân", "ổng đòi nhảy xuống", "có mùi khét ở phòng photo",
        "he's not breathing, someone do CPR", "a man is stuck in the lift",
        "she slipped on the floor and her arm is broken", "he is lying face down",
        "사람들이 싸우고 있어요", "엘리베이터에 갇혔어요", "계단에서 굴러 떨어졌어요",
        "입술이 파랗게 변했어요", "아들을 잃어버렸어요",
    ],
)  # fmt: skip
def test_the_fourth_round_of_signs_is_found(said: str) -> None:
    assert is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        # a drill, hyperbole and a joke about the heart, a helper praised, a film, a lost paper
        "diễn tập phòng cháy xong chưa em", "chuông báo cháy kêu là tập thôi hả",
        "chờ kiểu này muốn đột quỵ", "chờ lâu muốn ngất luôn", "đợi xỉu luôn á",
        "anh cán bộ đúng là cứu tinh", "khát cháy cổ rồi", "ngột ngạt quá mở cửa giùm",
        "hôm qua trên tivi có vụ cháy lớn", "giấy khai sinh thất lạc đâu mất rồi",
        "robot biết đánh cờ không", "ghế ở đâu, tôi đứng không nổi lâu",
        "help me please, this form is confusing", "the officer fell asleep, haha",
        "화재 경보는 훈련이었어요?", "너무 귀여워서 심장 멎는 줄", "출생증명서를 잃어버렸어요",
        "máy lạnh thổi vô đầu lạnh quá",
    ],
)  # fmt: skip
def test_the_fourth_round_of_figures_is_not_an_alarm(said: str) -> None:
    assert not is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        # a swallowed battery or a piece of food stuck, a child running into the road
        "thằng bé nuốt viên pin rồi", "bà cụ hóc miếng thịt", "con bé chạy ra đường lớn rồi",
        # Central "mô rồi", a child vanished at a glance, blood thrown up, a collapse
        "con tui mô rồi, mới đây mà", "quay qua đã mất tiêu thằng nhỏ", "chú kia ói ra máu",
        "thằng bé trèo lên lan can tầng hai",
        "bà ấy ngã vật xuống", "ông kia bóp cổ người ta", "nó đấm vào mặt chị ấy",
        # sparks and flames said without marks
        "o cam toe lua kia", "day dien xet lua roi",
        "my daughter swallowed a coin", "the elevator is stuck", "she's gasping for air",
        "he hit the guard with a chair", "누가 의자를 던졌어요", "말이 어눌해졌어요",
        "땅콩 알레르기 반응이 와요",
    ],
)  # fmt: skip
def test_the_fifth_round_of_signs_is_found(said: str) -> None:
    assert is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        # a shop called after fire, idioms of fire, blood and the heart, a machine to fix
        "tôi mở quán tên Bếp Lửa", "a cafe called Smoke House", "nóng ruột như lửa đốt",
        "về kẻo cháy nồi cơm", "fire away, I have a question", "prices are bleeding me dry",
        "서류 때문에 피가 마르네요", "심장이 쿵쾅거려요", "chờ nữa chắc tui xỉu",
        "tàu lửa mấy giờ chạy", "help, the kiosk screen is frozen", "cứu em với, máy lấy số lỗi",
        "tui đi lạc lên tầng ba", "lạnh quá run cầm cập", "xém té ở bậc thềm",
        "남편이 쓰러진 뒤로 일을 못 해요", "mà tau nói rồi", "con Na để cái áo mô rồi",
    ],
)  # fmt: skip
def test_the_fifth_round_of_figures_is_not_an_alarm(said: str) -> None:
    assert not is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        # everyday words that fold into the fifth and sixth rounds' cues
        "tôi là học viên cao học, cần chứng thực bằng", "câu lạc bộ hưu trí ở tầng mấy",
        "có người lại chen ngang kìa, bất công quá", "tôi đợi đợt sau cũng được",
        "chị cán bộ đang đánh máy chậm quá", "cho tôi xem danh bạ các quầy",
        "bình xăng xe tôi hết rồi, gần đây có cây xăng không", "thông báo treo lên cửa sổ rồi",
        "진통제 있어요?", "유리병 버리는 곳 어디예요?", "땅콩 알레르기 있어요, 간식 뭐 있어요?",
        "로봇 한국어가 좀 어눌해요",
    ],
)  # fmt: skip
def test_everyday_words_that_fold_into_a_cue_are_not_an_alarm(said: str) -> None:
    assert not is_emergency(said)


@pytest.mark.parametrize(
    "said",
    [
        "there are ten people and a fire near the door",
        "my son is missing, I am on my phone with his dad",
        "ông đó cầm bình xăng đòi đốt", "chị ấy co người lại không nói được",
        "누가 깨진 병을 들고 있어요",
    ],
)  # fmt: skip
def test_an_emergency_is_not_hidden_by_a_figure_or_a_phone(said: str) -> None:
    assert is_emergency(said)
