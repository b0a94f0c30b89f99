"""The result locker (ATM hồ sơ): the pure rules, and end to end over a real mosquitto."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from devices.client import DeviceClient, Refused
from devices.counter import CounterTerminal
from devices.locker import Locker
from devices.locker_wire import deposit_command
from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.core import lockers as k
from floor.core.errors import Rejected
from floor.core.events import DeviceAlerted, Event, event_from_dict, event_to_dict
from floor.core.snapshot import dump, load
from floor.lockerdesk import LockerDesk
from floor.service import Orchestrator
from floor.sms import HttpGateway, OutboxFile, SmsFailed, sms_port
from tests.floorkit import CATALOG, Floor

DOSSIER = "H29.241205-0001"
PHONE = "0912 345 678"


def deposited(floor: Floor, slot: int = 4, dossier: str = DOSSIER) -> str:
    """Place a dossier in a slot of the demo center's locker; return the code texted."""
    command = deposit_command("", slot, dossier, PHONE)
    floor.do(command)
    return command.otp


def wrong(otp: str) -> str:
    return f"{(int(otp) + 1) % 10**6:06d}"


# --- the pure rules ----------------------------------------------------------


def test_a_deposit_keeps_the_code_hashed_and_the_phone_masked() -> None:
    floor = Floor()
    otp = deposited(floor)
    event = floor.log[-1]
    assert isinstance(event, k.DossierDeposited)
    assert (event.locker, event.slot, event.dossier) == ("locker-1", 4, DOSSIER)
    assert event.phone_masked == "091*****78"
    assert event.expires_at == floor.now + timedelta(hours=72)
    logged = json.dumps([event_to_dict(e) for e in floor.log])
    assert otp not in logged and "0912345678" not in logged and "345 678" not in logged
    assert event_from_dict("DossierDeposited", event_to_dict(event)) == event
    assert "otp" not in repr(deposit_command("", 1, DOSSIER, PHONE)).replace("otp_", "")
    state = floor.replayed()
    assert state.lockers.slot_status("locker-1", 4, floor.now) == ("waiting", DOSSIER)
    again = load(CATALOG, floor.state.config, json.loads(json.dumps(dump(floor.state))))
    assert again.lockers == floor.state.lockers


def test_the_right_code_opens_the_slot_once() -> None:
    floor = Floor()
    otp = deposited(floor)
    floor.tick(30)
    (opened,) = floor.do(k.OpenLocker("locker-1", " h29.241205-0001 ", otp, "r1"))
    assert isinstance(opened, k.LockerSlotOpened)
    assert (opened.slot, opened.offline, opened.request_id) == (4, False, "r1")
    assert floor.state.lockers.slots["locker-1"][3] is None
    with pytest.raises(Rejected) as again:
        floor.do(k.OpenLocker("locker-1", DOSSIER, otp))
    assert again.value.code == "already_collected"
    with pytest.raises(Rejected) as report:  # a late offline report of it counts nothing
        floor.do(k.ReportLockerOpen("locker-1", DOSSIER, 4, floor.now))
    assert report.value.code == "already_collected"
    with pytest.raises(Rejected) as redeposit:
        deposited(floor, slot=5)
    assert redeposit.value.code == "already_collected"


def test_five_wrong_codes_lock_the_dossier_and_alert() -> None:
    floor = Floor()
    otp = deposited(floor)
    for left in (4, 3, 2, 1):
        (failed,) = floor.do(k.OpenLocker("locker-1", DOSSIER, wrong(otp)))
        assert isinstance(failed, k.LockerCodeFailed) and failed.tries_left == left
    failed, locked, alert = floor.do(k.OpenLocker("locker-1", DOSSIER, wrong(otp)))
    assert isinstance(locked, k.DossierLocked) and locked.slot == 4
    assert isinstance(alert, DeviceAlerted) and alert.problem == "locker_locked"
    assert DOSSIER in alert.detail
    with pytest.raises(Rejected) as refused:
        floor.do(k.OpenLocker("locker-1", DOSSIER, otp))
    assert refused.value.code == "locked"
    assert floor.state.lockers.slot_status("locker-1", 4, floor.now) == ("locked", DOSSIER)
    (withdrawn,) = floor.do(k.WithdrawDossier("locker-1", 4))
    assert isinstance(withdrawn, k.DossierWithdrawn)
    assert floor.state.lockers.slot_status("locker-1", 4, floor.now) == ("empty", None)


def test_an_expired_code_opens_nothing() -> None:
    floor = Floor()
    otp = deposited(floor)
    floor.tick(72 * 60 + 1)
    with pytest.raises(Rejected) as refused:
        floor.do(k.OpenLocker("locker-1", DOSSIER, otp))
    assert refused.value.code == "otp_expired"
    assert floor.state.lockers.waiting("locker-1", floor.now) == []
    assert floor.state.lockers.slot_status("locker-1", 4, floor.now) == ("expired", DOSSIER)


@pytest.mark.parametrize(
    ("slot", "dossier", "phone", "code"),
    [
        (13, DOSSIER, PHONE, "unknown_slot"),
        (0, DOSSIER, PHONE, "unknown_slot"),
        (1, "ab", PHONE, "bad_dossier"),
        (1, DOSSIER, "12345", "bad_phone"),
        (1, DOSSIER, "0912 345 67x", "bad_phone"),
    ],
)
def test_bad_deposits_are_refused_and_change_nothing(
    slot: int, dossier: str, phone: str, code: str
) -> None:
    floor = Floor()
    with pytest.raises(Rejected) as refused:
        floor.do(deposit_command("", slot, dossier, phone))
    assert refused.value.code == code
    assert "12345" not in refused.value.detail
    assert floor.state.lockers.deposits == {}


def test_a_taken_slot_and_an_unknown_locker_are_refused() -> None:
    floor = Floor()
    deposited(floor)
    for command, code in (
        (deposit_command("", 4, "H29.241205-0002", PHONE), "slot_taken"),
        (deposit_command("", 5, DOSSIER, PHONE), "already_deposited"),
        (deposit_command("locker-9", 1, "H29.241205-0002", PHONE), "unknown_locker"),
        (k.OpenLocker("locker-1", "H29.999999-0000", "123456"), "unknown_dossier"),
    ):
        with pytest.raises(Rejected) as refused:
            floor.do(command)
        assert refused.value.code == code


def test_phone_numbers_are_read_in_every_usual_form() -> None:
    for text in ("0912345678", "0912 345 678", "+84 912 345 678", "84912345678", "0912.345.678"):
        assert k.phone_number(text) == "0912345678"
    assert k.phone_number("912345678") is None
    assert k.mask_phone("0912345678") == "091*****78"


def test_sms_urls_choose_the_adapter(tmp_path: Path) -> None:
    assert isinstance(sms_port(f"file:{tmp_path}/out.jsonl"), OutboxFile)
    assert isinstance(sms_port("http://127.0.0.1:9/send", 1.0, 0), HttpGateway)
    with pytest.raises(ValueError, match="SMS URL"):
        sms_port("smtp://somewhere")


@contextmanager
def gateway(answers: list[int]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A real HTTP server answering each POST with the next status (the last one repeats)."""
    got: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            got.append({"auth": self.headers.get("authorization"), **json.loads(body)})
            self.send_response(answers.pop(0) if len(answers) > 1 else answers[0])
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/send", got
    finally:
        server.shutdown()
        server.server_close()


def test_the_http_gateway_retries_then_sends() -> None:
    with gateway([503, 200]) as (url, got):
        HttpGateway(url, timeout=2.0, retries=2, token="t0k").send("0912345678", "Mã OTP: 1")
    assert got == [{"auth": "Bearer t0k", "to": "0912345678", "text": "Mã OTP: 1"}] * 2


def test_the_http_gateway_gives_up_with_the_number_masked() -> None:
    with gateway([500]) as (url, got), pytest.raises(SmsFailed) as failed:
        HttpGateway(url, timeout=2.0, retries=1).send("0912345678", "x")
    assert len(got) == 2 and "091*****78" in str(failed.value)
    assert "0912345678" not in str(failed.value)
    with gateway([400]) as (url, got), pytest.raises(SmsFailed):
        HttpGateway(url, timeout=2.0, retries=3).send("0912345678", "x")
    assert len(got) == 1  # refused for good: not tried again
    with pytest.raises(SmsFailed, match=r"091\*{5}78"):  # nobody listens there
        HttpGateway(f"http://127.0.0.1:{free_port()}/send", timeout=1.0, retries=0).send(
            "0912345678", "x"
        )


# --- end to end over MQTT ------------------------------------------------------


def eventually(test: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    """Return test()'s first true value, polling until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = test()
        if value:
            return value
        assert time.monotonic() < deadline, what or "condition not met in time"
        time.sleep(0.02)


def texts(outbox: Path) -> list[dict[str, str]]:
    if not outbox.exists():
        return []
    return [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]


def logged(floor: Any, kind: type[Event]) -> list[Event]:
    def look(o: Orchestrator) -> list[Event]:
        return [e for e in o.eventlog.events() if isinstance(e, kind)]

    result: list[Event] = floor.read(look)
    return result


class Rig:
    """An orchestrator with its SMS desk, a counter terminal and a locker."""

    def __init__(self, floor: Any, counter: DeviceClient, locker: DeviceClient, outbox: Path):
        self.floor = floor
        self.outbox = outbox
        floor.read(LockerDesk(OutboxFile(outbox)).attach)
        self.counter = CounterTerminal(counter, wait=5.0)
        self.latches: list[int] = []
        self.locker = Locker(locker, self.latches.append, wait=5.0)

    def deposit(self, slot: int, dossier: str) -> str:
        """Deposit a dossier at the counter; return the code texted to the citizen."""
        seen = len(texts(self.outbox))
        words = self.counter.deposit(slot, dossier, PHONE)
        assert f"ô số {slot}" in words and "091*****78" in words
        sms = eventually(lambda: texts(self.outbox)[seen:], what="no text in the outbox")[0]
        assert sms["to"] == "0912345678" and dossier in sms["text"]
        match = re.search(r"Mã OTP: (\d{6})", sms["text"])
        assert match, sms["text"]
        return match.group(1)


@pytest.fixture
def rig(mosquitto: Mosquitto, floor_on, tmp_path: Path):  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    with (
        floor.device("counter-1", as_device=True) as counter,
        floor.device("locker-1", as_device=True) as locker,
    ):
        yield Rig(floor, counter, locker, tmp_path / "sms.jsonl")


def test_deposit_text_code_and_the_slot_opens_once(rig: Rig, tmp_path: Path) -> None:
    otp = rig.deposit(4, DOSSIER)
    eventually(lambda: rig.locker.floor_online, what="the locker never saw the floor online")
    outcome = rig.locker.collect("h29.241205-0001", otp[:3] + " " + otp[3:])
    assert outcome.opened and outcome.slot == 4 and not outcome.offline
    assert outcome.text.startswith("Ô số 4 đã mở")
    assert rig.latches == [4]
    assert not rig.locker.collect(DOSSIER, otp).opened  # the locker itself never reopens
    with pytest.raises(Refused) as again:  # nor does the floor, asked directly
        rig.locker.client.exchange("locker_open", reply="open", dossier=DOSSIER, otp=otp)
    assert again.value.code == "already_collected"
    assert rig.latches == [4]
    (opened,) = logged(rig.floor, k.LockerSlotOpened)
    assert isinstance(opened, k.LockerSlotOpened) and not opened.offline
    eventually(lambda: not rig.locker.announced(DOSSIER), what="the roll still holds it")
    rig.floor.read(lambda o: o.eventlog.checkpoint())
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("floor.db*"))
    assert b"0912345678" not in stored and otp.encode() not in stored


def test_a_text_the_gateway_refuses_alerts_the_managers(  # type: ignore[no-untyped-def]
    mosquitto: Mosquitto, floor_on, tmp_path: Path
) -> None:
    floor = floor_on(mosquitto.url)
    dead = HttpGateway(f"http://127.0.0.1:{free_port()}/send", timeout=1.0, retries=0)
    floor.read(LockerDesk(dead).attach)  # a gateway nobody answers at
    with floor.device("counter-1", as_device=True) as counter:
        CounterTerminal(counter, wait=5.0).deposit(4, DOSSIER, PHONE)
    (alert,) = eventually(lambda: logged(floor, DeviceAlerted), what="no alert")
    assert isinstance(alert, DeviceAlerted) and alert.problem == "code_not_sent"
    assert DOSSIER in alert.detail and "091*****78" in alert.detail
    assert "0912345678" not in alert.detail
    assert not floor.read(lambda o: o.state.lockers.deposits[DOSSIER].texted)


def test_a_text_a_stopped_floor_never_sent_is_reported_when_it_starts(  # type: ignore[no-untyped-def]
    mosquitto: Mosquitto, floor_on, tmp_path: Path
) -> None:
    floor = floor_on(mosquitto.url)  # no desk: the process stops before the text is sent
    with floor.device("counter-1", as_device=True) as counter:
        terminal = CounterTerminal(counter, wait=5.0)
        terminal.deposit(4, DOSSIER, PHONE)
        floor.stop()
        back = floor_on(mosquitto.url)
        desk = LockerDesk(OutboxFile(tmp_path / "sms.jsonl"))
        back.read(desk.attach)
        terminal.deposit(5, "H29.241205-0002", PHONE)  # this run's: texted
        eventually(lambda: desk.sent["sent"] == 1, what="this run's text was not sent")
        task = back.read(lambda _o: asyncio.get_running_loop().create_task(desk.report_unsent()))
        eventually(lambda: back.read(lambda _o: task.done()), what="the check never ended")
        assert back.read(lambda _o: task.exception()) is None
        (alert,) = logged(back, DeviceAlerted)
    assert isinstance(alert, DeviceAlerted) and alert.problem == "code_not_sent"
    assert DOSSIER in alert.detail and "stopped before the text was sent" in alert.detail
    deposits = back.read(lambda o: dict(o.state.lockers.deposits))
    assert not deposits[DOSSIER].texted and deposits["H29.241205-0002"].texted
    assert len(logged(back, DeviceAlerted)) == 1


def test_five_wrong_codes_lock_and_alert_over_mqtt(rig: Rig) -> None:
    otp = rig.deposit(2, DOSSIER)
    eventually(lambda: rig.locker.floor_online)
    said = [rig.locker.collect(DOSSIER, wrong(otp)).text for _ in range(5)]
    assert said[0] == "Mã OTP không đúng, còn 4 lần thử."
    assert "khóa" in said[4]
    outcome = rig.locker.collect(DOSSIER, otp)
    assert not outcome.opened and "khóa" in outcome.text
    assert rig.latches == []
    (alert,) = logged(rig.floor, DeviceAlerted)
    assert isinstance(alert, DeviceAlerted)
    assert (alert.device, alert.problem) == ("locker-1", "locker_locked")


def test_an_expired_code_is_refused_over_mqtt(rig: Rig) -> None:
    otp = rig.deposit(3, DOSSIER)
    eventually(lambda: rig.locker.floor_online)
    later = rig.floor.read(lambda o: o.clock()) + timedelta(hours=73)
    rig.floor.read(lambda o: setattr(o, "clock", lambda: later))  # the floor's days went by
    outcome = rig.locker.collect(DOSSIER, otp)
    assert not outcome.opened and "hết hạn" in outcome.text
    assert rig.latches == []


def test_offline_collection_is_reported_when_back_and_counted_once(  # type: ignore[no-untyped-def]
    rig: Rig, floor_on, mosquitto: Mosquitto
) -> None:
    otp = rig.deposit(7, DOSSIER)
    eventually(lambda: rig.locker.announced(DOSSIER), what="the locker never got its roll")
    rig.floor.stop()
    eventually(lambda: not rig.locker.floor_online, what="the locker did not see the floor go")
    outcome = rig.locker.collect(DOSSIER, otp)
    assert outcome.opened and outcome.offline and outcome.slot == 7
    assert rig.latches == [7]
    assert rig.locker.unreported() == 1
    back = floor_on(mosquitto.url)
    eventually(lambda: rig.locker.unreported() == 0, what="the report was never answered")
    (opened,) = logged(back, k.LockerSlotOpened)
    assert isinstance(opened, k.LockerSlotOpened) and opened.offline and opened.slot == 7
    # a new report of the same open (a locker that lost its memory): still one open
    with pytest.raises(Refused) as again:
        rig.locker.client.exchange(
            "locker_opened", reply="open", dossier=DOSSIER, slot=7, opened_at=opened.opened_at
        )
    assert again.value.code == "already_collected"
    assert len(logged(back, k.LockerSlotOpened)) == 1
    assert back.read(lambda o: o.state.lockers.deposits[DOSSIER].status) == "collected"
    assert not rig.locker.collect(DOSSIER, otp).opened
    assert rig.latches == [7]


def test_wrong_codes_typed_offline_count_when_the_floor_is_back(  # type: ignore[no-untyped-def]
    rig: Rig, floor_on, mosquitto: Mosquitto
) -> None:
    otp = rig.deposit(5, DOSSIER)
    other = rig.deposit(6, "H29.241205-0002")
    eventually(lambda: rig.locker.announced("H29.241205-0002"), what="no roll")
    rig.floor.stop()
    eventually(lambda: not rig.locker.floor_online, what="the locker did not see the floor go")
    said = [rig.locker.collect(DOSSIER, wrong(otp)).text for _ in range(2)]
    assert said == ["Mã OTP không đúng, còn 4 lần thử.", "Mã OTP không đúng, còn 3 lần thử."]
    for _ in range(5):  # the other dossier's five tries, all wrong: locked here at once
        rig.locker.collect("H29.241205-0002", wrong(other))
    assert "khóa" in rig.locker.collect("H29.241205-0002", other).text
    assert rig.latches == [] and rig.locker.unreported() == 7

    back = floor_on(mosquitto.url)
    eventually(lambda: rig.locker.unreported() == 0, what="the wrong tries were never answered")
    deposits = back.read(lambda o: dict(o.state.lockers.deposits))
    assert deposits[DOSSIER].tries_left == 3 and deposits[DOSSIER].status == "waiting"
    assert deposits["H29.241205-0002"].status == "locked"  # and the managers alerted
    (alert,) = logged(back, DeviceAlerted)
    assert isinstance(alert, DeviceAlerted) and alert.problem == "locker_locked"
    assert "H29.241205-0002" in alert.detail
    # online, the floor goes on from the tries offline: they do not add up
    eventually(lambda: rig.locker.floor_online, what="the locker did not see the floor back")
    assert rig.locker.collect(DOSSIER, wrong(otp)).text == "Mã OTP không đúng, còn 2 lần thử."
    assert not rig.locker.collect("H29.241205-0002", other).opened
    assert rig.locker.collect(DOSSIER, otp).opened and rig.latches == [5]


def test_a_locker_that_restarts_offline_never_opens_twice(rig: Rig, tmp_path: Path) -> None:
    memory = tmp_path / "locker-memory.json"
    first = Locker(rig.locker.client, rig.latches.append, memory=memory)
    otp = rig.deposit(8, DOSSIER)
    other = rig.deposit(9, "H29.241205-0002")
    eventually(lambda: first.announced("H29.241205-0002"), what="the locker never got its roll")
    rig.floor.stop()
    eventually(lambda: not first.floor_online, what="the locker did not see the floor go")
    assert first.collect(DOSSIER, otp).opened
    rig.locker.client.watchers.remove(first._watch)  # the first one is powered off
    again = Locker(rig.locker.client, rig.latches.append, memory=memory)
    eventually(lambda: again.announced("H29.241205-0002"), what="the roll did not come back")
    assert not again.announced(DOSSIER)  # the retained roll still has it: the memory does not
    outcome = again.collect(DOSSIER, otp)
    assert not outcome.opened and "đã được nhận" in outcome.text
    assert rig.latches == [8]
    assert again.unreported() == 1  # still to report when the floor is back
    assert "còn 4" in again.collect("H29.241205-0002", wrong(other)).text
    rig.locker.client.watchers.remove(again._watch)
    third = Locker(rig.locker.client, rig.latches.append, memory=memory)
    eventually(lambda: third.announced("H29.241205-0002"), what="the roll did not come back")
    assert third.unreported() == 2  # the wrong try too, and it still counts here
    assert "còn 3" in third.collect("H29.241205-0002", wrong(other)).text


def test_the_terminals_deposit_and_collect(rig: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    from devices import counter, locker

    def replies(*lines: str) -> Callable[[str], str]:
        answers = iter(lines)
        return lambda _prompt: next(answers)

    counter.terminal(
        rig.counter, ask=replies("g 5 H29.241205-0009 0912345678", "g 5 ab 0912345678", "q")
    )
    out = capsys.readouterr().out
    assert "Đã gửi hồ sơ H29.241205-0009 vào ô số 5" in out and "091*****78" in out
    assert "mã hồ sơ, số ô hoặc số điện thoại không hợp lệ" in out
    (sms,) = eventually(lambda: texts(rig.outbox))
    otp = sms["text"].split("Mã OTP: ")[1][:6]
    eventually(lambda: rig.locker.floor_online)
    locker.terminal(rig.locker, ask=replies("H29.241205-0009", "12", "h29.241205-0009", otp, "q"))
    out = capsys.readouterr().out
    assert "Mã OTP gồm 6 chữ số." in out
    assert "Ô số 5 đã mở" in out
    assert rig.latches == [5]


def test_no_phone_number_or_code_in_the_logs(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    otp = rig.deposit(6, DOSSIER)
    eventually(lambda: rig.locker.floor_online)
    rig.locker.collect(DOSSIER, wrong(otp))
    assert rig.locker.collect(DOSSIER, otp).opened
    assert caplog.records, "nothing was logged at all: the check would be empty"
    assert "0912345678" not in caplog.text and "345 678" not in caplog.text
    assert otp not in caplog.text
