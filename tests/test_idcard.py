"""The ID card's QR at the kiosk: parsed there, only a salted hash and a priority leave it."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from devices import topics
from devices.idcard import BadCard, card_priority, parse_card
from devices.kiosk import Kiosk, _read_card, citizen_hash, terminal
from devices.mosquitto import Mosquitto
from tests.floorkit import CATALOG
from tests.test_privacy import Sniffer

TODAY = date(2026, 11, 30)
SECRET = b"center-secret"


def card(number: str = "079301004567", born: str = "15031990", old: str = "") -> str:
    """A made-up card QR in the real format."""
    address = "12 Lê Lợi, Phường Tam Bình, TP. Hồ Chí Minh"
    return f"{number}|{old}|Nguyễn Thị Hoa|{born}|Nữ|{address}|01052021"


ELDER_60 = card("079160123456", "30111966")  # sixty today
ELDER_85 = card("001041987654", "02011941", old="023456789")
YOUNG = card("079301004567", "01121966")  # 59: sixty tomorrow


def test_a_card_is_read_with_every_field() -> None:
    got = parse_card(" " + ELDER_85 + "\r\n")  # a scanner's keystrokes and Enter
    assert got.number == "001041987654" and got.old_number == "023456789"
    assert got.name == "Nguyễn Thị Hoa" and got.sex == "Nữ"
    assert got.born == date(1941, 1, 2) and got.issued == date(2021, 5, 1)
    assert got.age(TODAY) == 85
    assert "001041987654" not in repr(got) and "Hoa" not in repr(got)


def test_fields_a_newer_card_adds_are_ignored() -> None:
    assert parse_card(ELDER_60 + "|31122031|extra").number == "079160123456"


@pytest.mark.parametrize(
    ("scanned", "priority"),
    [(ELDER_60, "elderly"), (ELDER_85, "elderly"), (YOUNG, None), (card(born="15031990"), None)],
)
def test_the_age_gives_the_priority(scanned: str, priority: str | None) -> None:
    assert card_priority(parse_card(scanned), TODAY, elderly_age=60) == priority


def test_the_age_threshold_is_the_centers() -> None:
    assert card_priority(parse_card(ELDER_60), TODAY, elderly_age=70) is None
    assert card_priority(parse_card(ELDER_85), TODAY, elderly_age=70) == "elderly"


@pytest.mark.parametrize(
    ("scanned", "says"),
    [
        ("", "7 expected"),
        ("079301004567", "7 expected"),
        ("079301004567|Nguyễn Thị Hoa|15031990|Nữ", "7 expected"),
        (card(number="07930100456"), "12 digits"),
        (card(number="07930100456X"), "12 digits"),
        (card(old="12345"), "9 digits"),
        (card(born="1990-03-15"), "ddmmyyyy"),
        (card(born="31021990"), "no calendar date"),
        (card(born="01012030"), "before the date of birth"),
        ("079301004567||   |15031990|Nữ|x|01052021", "name is empty"),
    ],
)
def test_malformed_strings_are_refused_clearly(scanned: str, says: str) -> None:
    with pytest.raises(BadCard, match=says) as refused:
        parse_card(scanned)
    assert "079301004" not in str(refused.value) and "Hoa" not in str(refused.value)


def test_a_birth_date_in_the_future_gives_no_priority() -> None:
    born_later = parse_card(card(born="01012027").replace("01052021", "01052027"))
    with pytest.raises(BadCard, match="future"):
        card_priority(born_later, TODAY, 60)


def test_the_kiosk_screen_names_a_bad_scan_and_sends_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    class Unused:  # any send would fail: a refused card must not reach the client
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"the kiosk used its client ({name})")

    kiosk = Kiosk(Unused(), SECRET)  # type: ignore[arg-type]
    assert _read_card(kiosk, card(number="123")) is None
    assert "Không đọc được căn cước" in capsys.readouterr().out
    with pytest.raises(BadCard):
        kiosk.request_by_card("chung_thuc", "079301004567|x", TODAY)


def test_only_the_hash_and_the_priority_cross_mqtt(mosquitto: Mosquitto, floor_on: Any) -> None:
    floor = floor_on(mosquitto.url)
    sniffer = Sniffer(mosquitto.port)
    try:
        with floor.device("kiosk-1", as_device=True) as client:
            kiosk = Kiosk(client, SECRET, floor.config.policy.elderly_age)
            tickets = {
                scanned: kiosk.request_by_card("chung_thuc", scanned, TODAY)
                for scanned in (ELDER_60, ELDER_85, YOUNG)
            }
            with pytest.raises(BadCard):
                kiosk.request_by_card("chung_thuc", ELDER_85.replace("02011941", "2/1/1941"), TODAY)
        center = floor.config.center.id
        asked = topics.EVENT.topic(center=center, device_id="kiosk-1", name="ticket_request")
        answered = topics.COMMAND.topic(center=center, device_id="kiosk-1", name="ticket")
        deadline = time.monotonic() + 10  # the sniffer hears it all a moment after the kiosk
        while [topic for topic, _ in sniffer.traffic()].count(answered) < 3:
            assert time.monotonic() < deadline, "the sniffer never heard the three answers"
            time.sleep(0.02)
        traffic = sniffer.traffic()
    finally:
        sniffer.close()
    assert [t.priority for t in tickets.values()] == ["elderly", "elderly", None]
    requests = [body for topic, body in traffic if topic == asked]
    assert len(requests) == 3  # the malformed scan sent nothing
    for scanned in tickets:
        parsed = parse_card(scanned)
        assert any(citizen_hash(SECRET, parsed.number).encode() in body for body in requests)
        secrets = [parsed.number, parsed.number[-7:], parsed.name, parsed.old_number]
        secrets += [parsed.born.strftime("%d%m%Y"), parsed.born.isoformat(), parsed.address]
        leaked = [
            (topic, s) for topic, body in traffic for s in secrets if s and s.encode() in body
        ]
        assert leaked == []


def test_the_reference_kiosk_takes_a_scan_typed_as_keys(
    mosquitto: Mosquitto, floor_on: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = floor_on(mosquitto.url)
    # a scan and Enter, then the procedure, no other priority, the language; a bad scan
    lines = iter([ELDER_85 + "\n", "1", "", "", card(number="0793"), "2", "", "", "q"])
    with floor.device("kiosk-1", as_device=True) as client:
        terminal(Kiosk(client, SECRET, 60), CATALOG, ask=lambda _prompt: next(lines))
    out = capsys.readouterr().out
    assert "Đã đọc căn cước: ưu tiên người cao tuổi" in out
    assert "Không đọc được căn cước, vui lòng quét lại (the ID number must have 12 digits)" in out
    issued = floor.read(lambda o: [(t.procedure, t.priority) for t in o.state.tickets.values()])
    assert issued == [("chung_thuc", "elderly"), ("khai_sinh", None)]
