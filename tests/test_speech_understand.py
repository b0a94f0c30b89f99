"""Vietnamese understanding: normalisation, spoken numbers, and accuracy of
`floor speech understand` over the utterance test sets (one subprocess for all)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from floor.config import load_catalog
from speech.intents import INTENTS, Understander
from speech.normalize import normalize
from speech.numbers import find_counter, find_ticket

DATA = Path(__file__).parent / "speech_data"
SETS = ("utterances_vi.tsv", "utterances_vi_2.tsv")
KEYS = ("intent", "procedure", "ticket", "counter", "lang")
PREFIXES = frozenset("ABCDEF")


def _rows() -> list[tuple[str, dict[str, object]]]:
    rows = []
    for name in SETS:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            text, intent, procedure, ticket, counter, lang = line.split("\t")
            expected = {
                "intent": intent,
                "procedure": procedure or None,
                "ticket": ticket or None,
                "counter": int(counter) if counter else None,
                "lang": lang or None,
            }
            rows.append((text, expected))
    return rows


def _confusion(pairs: list[tuple[str, str]]) -> str:
    wrong = Counter((e, g) for e, g in pairs if e != g)
    return "\n".join(f"  {e:>20} -> {g:<20} x{n}" for (e, g), n in wrong.most_common())


def test_understand_accuracy_over_the_test_sets() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert {e["intent"] for _t, e in rows} == set(INTENTS)
    stdin = "".join(text + "\n" for text, _ in rows)
    out = subprocess.run(
        [sys.executable, "-m", "floor", "speech", "understand", "--lang", "vi"],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    got = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(got) == len(rows)
    assert all(set(g) == set(KEYS) for g in got)
    n = len(rows)
    intents = [(e["intent"], g["intent"]) for (_t, e), g in zip(rows, got, strict=True)]
    procs = [
        (str(e["procedure"]), str(g["procedure"])) for (_t, e), g in zip(rows, got, strict=True)
    ]
    slots = [
        (e["ticket"], e["counter"], e["lang"]) == (g["ticket"], g["counter"], g["lang"])
        for (_t, e), g in zip(rows, got, strict=True)
    ]
    intent_acc = sum(a == b for a, b in intents) / n
    proc_acc = sum(a == b for a, b in procs) / n
    slot_acc = sum(slots) / n
    misses = "\n".join(
        f"  {t!r}: expected {e}, got {g}" for (t, e), g in zip(rows, got, strict=True) if g != e
    )
    report = (
        f"{n} utterances: intent {intent_acc:.1%}, procedure {proc_acc:.1%}, "
        f"ticket/counter/lang {slot_acc:.1%}\nintent confusion:\n{_confusion(intents)}\n"
        f"procedure confusion:\n{_confusion(procs)}\nmisses:\n{misses}"
    )
    print(report)
    assert intent_acc >= 0.95, report
    assert proc_acc >= 0.95, report
    assert slot_acc >= 0.95, report


@pytest.mark.parametrize(
    ("said", "ticket"),
    [
        ("a không hai ba", "A023"),
        ("b zero năm", "B005"),
        ("số bê không không năm", "B005"),
        ("so c muoi hai", "C012"),
        ("số a hai mươi ba", "A023"),
        ("số d một trăm linh năm", "D105"),
        ("A-023", "A023"),
        ("số e không không bảy", "E007"),
        ("khai sinh cho bé ba tháng", None),
        ("cho xin số để làm giấy", None),
        ("số z không hai ba", None),  # not a prefix of the catalog
    ],
)
def test_spoken_ticket_numbers(said: str, ticket: str | None) -> None:
    n = normalize(said)
    marked = n.text != n.folded
    assert find_ticket((n.text if marked else n.folded).split(), PREFIXES, marked) == ticket


@pytest.mark.parametrize(
    ("said", "counter"),
    [("quầy số 5", 5), ("quay muoi mot", 11), ("quầy số bảy nằm bên nào", 7), ("5번 창구", 5)],
)
def test_spoken_counter_numbers(said: str, counter: int) -> None:
    n = normalize(said)
    marked = n.text != n.folded and n.text.isascii() is False and "창구" not in n.text
    assert find_counter((n.text if marked else n.folded).split(), marked) == counter


def test_normalisation_is_nfc_case_spacing_and_folds_southern_forms() -> None:
    decomposed = "Khai Sanh  cho  CON"  # NFD input below
    import unicodedata

    n = normalize(unicodedata.normalize("NFD", "Làm giấy ") + decomposed)
    assert n.text == "làm giấy khai sanh cho con"
    assert n.folded == "lam giay khai sinh cho con"
    assert normalize("sổ hồng hông em").folded == "so hong khong em"
    assert normalize("Đăng ký").folded == "dang ky"


def test_english_and_korean_main_intents() -> None:
    u = Understander(load_catalog())
    cases = {
        "hello": ("greeting", None),
        "I need a birth certificate for my baby": ("ask_procedure", "khai_sinh"),
        "can I get a queue number for marriage registration": ("take_ticket", "ket_hon"),
        "how long do I have to wait": ("ask_queue_status", None),
        "where is the toilet": ("ask_directions", None),
        "which counter for the ID card": ("ask_counter", "can_cuoc"),
        "안녕하세요": ("greeting", None),
        "출생 신고 번호표 주세요": ("take_ticket", "khai_sinh"),
        "몇 명 기다려야 돼요": ("ask_queue_status", None),
        "화장실 어디": ("ask_directions", None),
        "직원 불러 주세요": ("ask_staff", None),
        "혼인 신고 서류 뭐예요": ("ask_procedure", "ket_hon"),
        "감사합니다": ("goodbye", None),
    }
    for text, (intent, procedure) in cases.items():
        got = u.understand(text)
        assert (got.intent, got.procedure) == (intent, procedure), text
    assert u.understand("I need a birth certificate").said_in == "en"
    assert u.understand("번호표 주세요").said_in == "ko"
