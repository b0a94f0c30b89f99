"""The trained understanding on the corpus's held-out split (whole templates and life
needs never trained on), emergencies in every language, and the shipped model's load
time and agreement with scikit-learn."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from floor.config import load_catalog
from floor.core.redact import redact
from speech.classifier import MODEL, Model, features
from speech.dialog import CLARIFY_BELOW
from speech.emergency import is_emergency
from speech.intents import Understander
from speech.training import corpus

HELD_OUT = [r for r in corpus.load() if r.split == "test"]
UNDERSTANDER = Understander(load_catalog())
GOT = [UNDERSTANDER.understand(r.text) for r in HELD_OUT]


def _rate(pairs: list[tuple[object, object]]) -> float:
    return sum(a == b for a, b in pairs) / len(pairs)


def test_held_out_split_is_large_and_covers_every_intent_and_style() -> None:
    assert len(corpus.load()) >= 3000
    assert len(HELD_OUT) >= 800
    assert {r.intent for r in HELD_OUT} == set(corpus.s.VI)
    styles = {"need", "emergency", "southern", "central", "nodiac", "asr", "mixed", "en", "ko",
              "elderly"}  # fmt: skip
    assert styles <= {r.style for r in HELD_OUT}


def test_emergencies_on_the_held_out_split() -> None:
    alarms = [(g.urgent, r.emergency) for g, r in zip(GOT, HELD_OUT, strict=True)]
    missed = [r.text for (a, e), r in zip(alarms, HELD_OUT, strict=True) if e and not a]
    false = [r.text for (a, e), r in zip(alarms, HELD_OUT, strict=True) if a and not e]
    calm = sum(not e for _a, e in alarms)
    assert not missed, missed
    assert len(false) <= 0.02 * calm, false
    assert all(g.intent == "ask_staff" for g in GOT if g.urgent)


def _intent_rate() -> float:
    return _rate([(g.intent, r.intent) for g, r in zip(GOT, HELD_OUT, strict=True)])


def _procedure_rate() -> float:
    return _rate([(g.procedure, r.procedure) for g, r in zip(GOT, HELD_OUT, strict=True)])


def _styles(*styles: str) -> list[tuple[object, object]]:
    return [(g.procedure, r.procedure) for g, r in zip(GOT, HELD_OUT, strict=True)
            if r.style in styles]  # fmt: skip


def test_held_out_intent_meets_the_issue_target() -> None:
    """Measured 95.9% (1,853 of 1,932) with the seventh pass (people's own sentences);
    94.98% with the sixth pass's model on the same rows."""
    assert _intent_rate() >= 0.955, _intent_rate()


def test_held_out_procedure_meets_the_issue_target() -> None:
    """Measured 96.8% with the seventh pass (the sixth pass's model: 95.9%)."""
    assert _procedure_rate() >= 0.965, _procedure_rate()


def test_a_procedure_said_by_name_or_not_at_all_is_found() -> None:
    """Rows with no life need in them, by style: measured 96.4% (central, 2 of 55 rows
    missed) to 99.6% with the seventh pass (the sixth: 98.0% to 100%)."""
    for style in ("plain", "southern", "central", "nodiac", "asr"):
        assert _rate(_styles(style)) >= 0.96, (style, _rate(_styles(style)))


def test_a_need_said_in_new_words_finds_its_procedure() -> None:
    """Life needs never trained on (the held-out need phrases) and held-out elderly,
    English and Korean rows: measured 94.2% (need), 93.7% (elderly), 95.3% (en), 94.1%
    (ko) with the eighth pass (the seventh: 95.4%, 93.0%, 93.4%, 95.3%; the sixth: 89.3%,
    94.4%, 95.3%, 91.8%): needs and Korean lost four and two rows while the whole rose."""
    assert _rate(_styles("need")) >= 0.94, _rate(_styles("need"))
    assert _rate(_styles("elderly")) >= 0.935, _rate(_styles("elderly"))
    assert _rate(_styles("en")) >= 0.95, _rate(_styles("en"))
    assert _rate(_styles("ko")) >= 0.94, _rate(_styles("ko"))


AFTER = Path(__file__).parent / "speech_data" / "heldout_after9.tsv"


def test_the_ninth_write_after_set_does_not_fall() -> None:
    """Written apart from the parser before the ninth pass, scored once with it
    (docs/speech.md): intent 98.5%, procedure 98.7%, emergencies 22 of 22 found, 3 false
    alarms in 374. Never trained on; guards against falling below."""
    rows = corpus.read_set(AFTER)
    got = [UNDERSTANDER.understand(r.text) for r in rows]
    intent = _rate([(g.intent, r.intent) for g, r in zip(got, rows, strict=True)])
    procedure = _rate([(g.procedure, r.procedure) for g, r in zip(got, rows, strict=True)])
    found = sum(g.urgent for g, r in zip(got, rows, strict=True) if r.emergency)
    false = sum(g.urgent for g, r in zip(got, rows, strict=True) if not r.emergency)
    assert intent >= 0.98 and procedure >= 0.985, (intent, procedure)
    assert found == 22 and false <= 3, (found, false)


def test_people_own_sentences_are_all_trained_on() -> None:
    """The write-after sets once scored, and the voices written to train on, never fall
    in the held-out split (it stays comparable from pass to pass)."""
    people = [r for r in corpus.load() if r.group.startswith("people:")]
    assert len(people) > 10000
    assert all(r.split == "train" for r in people)


NONSENSE = (
    "blorp fizz", "zibble zabble zoo", "ploink", "mumble wumble", "grx vvt", "ùm ba la xì bùa",
    "tèn tén ten", "tralala lala", "quack quack", "wobble bobble", "skrrt skrrt", "bíp bíp bùm",
    "ggg hhh", "뿌잉뿌잉", "zzz",
)  # fmt: skip


def test_nonsense_is_unknown_or_asked_about() -> None:
    """Made-up words (none in the corpus) come out unknown or below the clarifying
    threshold, not as a confident intent: measured 14 of 15 ("quack quack" is read as
    feedback at 0.75); before the familiarity rule "blorp fizz" was ask_staff at 0.99."""
    known = {r.text.lower() for r in corpus.load()}
    assert not known & set(NONSENSE)
    got = [UNDERSTANDER.understand(said) for said in NONSENSE]
    sure = [s for s, g in zip(NONSENSE, got, strict=True)
            if g.intent != "unknown" and g.confidence >= CLARIFY_BELOW]  # fmt: skip
    assert len(sure) <= 1, sure
    assert not [s for s, g in zip(NONSENSE, got, strict=True) if g.urgent]  # the head's bias


@pytest.mark.parametrize(
    "said",
    [
        "ông kia tự dưng ôm đầu rồi đổ gục", "chú ơi có bà cụ mắt trợn ngược ngoài kia",
        "the old man went down hard near the door",
        "할머니가 갑자기 눈을 감고 축 늘어졌어요", "bà ơi bà sao thế, mặt bà trắng bệch",
    ],
)  # fmt: skip
def test_the_emergency_head_finds_signs_no_cue_names(said: str) -> None:
    """The trained head is a second net beside the cues: these signs are in none of the
    detector's patterns, yet the floor hears an emergency. (A child climbing a railing
    was one until the ninth pass's head read it at 0.52; a cue holds it now.)"""
    assert not is_emergency(said)
    assert UNDERSTANDER.understand(said).urgent


@pytest.mark.parametrize(
    "said",
    [
        "có người ngất xỉu", "co nguoi bi te xiu", "ông ấy đau ngực quá", "chảy máu nhiều lắm",
        "con tôi bị lạc rồi", "cháy rồi", "chay roi", "có người đánh nhau", "cứu với",
        "bà cụ khó thở", "chú kia bị co giật", "ông ấy đột quỵ",
        "someone collapsed", "he is bleeding", "my child is missing", "there is a fire",
        "chest pain", "help", "a man has a knife",
        "사람이 쓰러졌어요", "피가 나요", "가슴이 아파요", "아이를 잃어버렸어요", "불이 났어요",
        "살려주세요", "숨을 못 쉬어요",
    ],
)  # fmt: skip
def test_emergencies_in_every_language(said: str) -> None:
    assert is_emergency(said)
    got = UNDERSTANDER.understand(said)
    assert got.urgent and got.intent == "ask_staff"


@pytest.mark.parametrize(
    "said",
    [
        "chạy nhanh lên con", "ăn cơm chay", "thôi khỏi", "ngã tư phía trước", "bị lừa rồi",
        "ba tôi mới mất, làm khai tử", "giấy khai sinh bị cháy, xin bản sao",
        "can you help me with the form", "도와주세요 번호표", "con rớt cái thẻ đâu mất",
    ],
)  # fmt: skip
def test_everyday_words_that_look_like_emergencies_are_not(said: str) -> None:
    assert not is_emergency(said)


def test_what_a_satellite_heard_leaves_it_with_numbers_hidden() -> None:
    said = "số căn cước của tôi là không bảy chín hai không ba không không một hai ba bốn"
    assert redact(said) == "số căn cước của tôi là [số CCCD đã ẩn]"
    assert redact("CCCD 079203001234, số A023") == "CCCD [số CCCD đã ẩn], số A023"


def test_the_model_loads_fast_and_answers_in_about_a_millisecond() -> None:
    started = time.perf_counter()
    model = Model.load(MODEL)
    loaded = time.perf_counter() - started
    understander = Understander(load_catalog(), model)
    texts = [r.text for r in HELD_OUT[:200]]
    started = time.perf_counter()
    for text in texts:
        understander.understand(text)
    each = (time.perf_counter() - started) / len(texts)
    assert loaded < 0.5, loaded
    assert each < 0.02, each  # generous for a shared CI machine; the bench prints the figure


def test_the_numpy_runtime_agrees_with_scikit_learn() -> None:
    """The shipped weights reproduce the trained pipeline's probabilities."""
    pytest.importorskip("sklearn")
    from speech.training import train

    rows = [r for r in corpus.load() if r.split == "train"][::10]
    feats = train.featurize([r.text for r in rows])
    pipe = train.pipeline().fit(feats, [r.intent for r in rows])
    model = Model.load(MODEL)
    # the shipped model is another fit; check the transform and softmax on this one
    tfidf = pipe.named_steps["tfidf"]
    lr = pipe.named_steps["lr"]
    vocab = {t: i for i, t in enumerate(tfidf.get_feature_names_out())}
    mine = Model(
        vocab, tfidf.idf_.astype("float32"), model.intent, model.procedure, model.emergency
    )
    from speech.classifier import Head

    head = Head(tuple(lr.classes_), lr.coef_.astype("float32"), lr.intercept_.astype("float32"))
    for f in feats[:50]:
        expected = pipe.predict_proba([f])[0]
        got = head.probabilities(mine.vector(f))
        assert abs(expected - got).max() < 1e-3


@pytest.mark.parametrize(
    ("said", "procedure"),
    [
        ("giấy kết hôn của tôi bị rách", "trich_luc_ho_tich"),
        ("tôi làm mất giấy khai sinh", "trich_luc_ho_tich"),
        ("cần bản sao giấy khai sinh", "trich_luc_ho_tich"),
        ("làm giấy khai sinh cho con", "khai_sinh"),
        ("đăng ký kết hôn cần gì", "ket_hon"),
        ("출생증명서 사본이 필요해요", "trich_luc_ho_tich"),
        ("cho tôi xin lại bản sao giấy chứng tử của mẹ", "trich_luc_ho_tich"),
        ("giấy đăng ký kết hôn cần thêm hai bản nữa", "trich_luc_ho_tich"),
        ("bố tôi bị mất tuần trước, làm giấy chứng tử", "khai_tu"),
        ("I need another copy of my marriage certificate", "trich_luc_ho_tich"),
        ("cháu cần giấy xác nhận chưa kết hôn", "xac_nhan_hon_nhan"),
        ("con chưa lấy vợ, cần giấy đó để làm đám cưới ở Nhật", "xac_nhan_hon_nhan"),
        ("proof that I am not married, for my wedding abroad", "xac_nhan_hon_nhan"),
        ("tôi chưa từng kết hôn, cần giấy xác nhận để cưới", "xac_nhan_hon_nhan"),
        ("결혼 안 했다는 서류가 필요해요", "xac_nhan_hon_nhan"),
    ],
)
def test_a_lost_or_copied_civil_paper_is_a_copy_of_the_extract(said: str, procedure: str) -> None:
    """Also: a marriage named beside words of a single status asks for the paper that
    says so, not the registration."""
    assert UNDERSTANDER.rules(said).procedure == procedure


@pytest.mark.parametrize(
    ("said", "procedure"),
    [
        ("the embassy wants proof that I have never been married", "xac_nhan_hon_nhan"),
        ("mất tờ giấy đăng ký lúc cưới rồi, xin lại thế nào", "trich_luc_ho_tich"),
    ],
)
def test_a_procedure_found_from_a_need_is_refined_as_a_named_one(said: str, procedure: str) -> None:
    """The same rules apply when the model, not a name, found the marriage."""
    assert UNDERSTANDER.rules(said).procedure is None
    assert UNDERSTANDER.understand(said).procedure == procedure


@pytest.mark.parametrize(
    ("said", "procedure"),
    [("결혼할 거예요", "ket_hon"), ("신분증을 새로 만들고 싶어요", "can_cuoc"),
     ("사망신고 하러 왔어요", "khai_tu"), ("토지를 샀어요", "dat_dai")],
)  # fmt: skip
def test_a_korean_name_with_its_particle_attached_is_found(said: str, procedure: str) -> None:
    assert UNDERSTANDER.rules(said).procedure == procedure


def test_a_need_word_gives_features_of_its_kind() -> None:
    assert "k:khai_sinh" in features("vo toi moi de em be")
    assert "k:toilet" in features("nha ve sinh o dau")
    assert "k:call" in features("chi oi")
    assert not [f for f in features("cong an phuong") if f.startswith("k:")]
