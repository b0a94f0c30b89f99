"""Provisioned accounts and ACLs in a real mosquitto; a broker restart leaves the floor whole."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from devices import topics
from devices.client import DeviceClient
from devices.counter import CounterTerminal
from devices.display import Display
from devices.kiosk import Kiosk
from devices.mosquitto import Mosquitto
from devices.provision import ORCHESTRATOR, provision
from floor.core.catalog import CenterConfig


@pytest.fixture
def secured(center: CenterConfig, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A mosquitto that knows only the provisioned accounts, and their passwords."""
    done = provision(center, tmp_path / "mqtt")
    accounts = yaml.safe_load(done.credentials.read_text(encoding="utf-8"))["accounts"]
    broker = Mosquitto(anonymous=False)
    broker.extra = (
        f"password_file {broker.readable_copy(done.password_file)}\n"
        f"acl_file {broker.readable_copy(done.acl_file)}\n"
    )
    with broker:
        yield broker, accounts


def login(floor, device: str, accounts: dict[str, str], **options) -> DeviceClient:  # type: ignore[no-untyped-def]
    return floor.device(device, username=device, password=accounts[device], **options)


def test_devices_reach_only_their_own_topics(secured, floor_on) -> None:  # type: ignore[no-untyped-def]
    broker, accounts = secured
    floor = floor_on(broker.url, credentials=(ORCHESTRATOR, accounts[ORCHESTRATOR]))
    center = floor.config.center.id
    with (
        login(floor, "kiosk-1", accounts, as_device=True) as k,
        login(floor, "rating-1", accounts, as_device=True) as rating,
    ):
        assert Kiosk(k, b"s").request("chung_thuc").number == "A001"
        # a rating terminal may not press a counter's buttons...
        forged = rating.message("call_next", device="counter-1")
        rating.publish_raw(
            rating.event_topic("call_next", "counter-1"), forged.model_dump_json().encode()
        )
        # ...nor read another device's commands (mosquitto grants the subscription
        # but delivers nothing the ACL denies)
        rating.listen(topics.COMMAND.filter(center=center, device_id="display-1"))
        with (
            login(floor, "counter-1", accounts, as_device=True) as c,
            login(floor, "display-1", accounts, as_device=True) as d,
        ):
            CounterTerminal(c).call_next()  # the real counter can
            assert Display(d, counter=1).next_call().number == "A001"
        with pytest.raises(TimeoutError):
            rating.wait_for(lambda m: m.name == "call", timeout=0.5)
    outcomes, tickets, wrong = floor.read(
        lambda o: (
            o.eventlog.outcomes(),
            list(o.state.tickets.values()),
            o.metrics["bad_input.wrong_device"],
        )
    )
    calls = [k for k in outcomes if "call_next" in k or "counter-1" in k]
    assert [k.split(":")[0] for k in calls] == ["counter-1"]
    [ticket] = tickets
    assert ticket.counter == 1
    assert wrong == 0  # never even arrived


def test_wrong_credentials_are_refused(secured, floor_on) -> None:  # type: ignore[no-untyped-def]
    broker, accounts = secured
    floor = floor_on(broker.url, credentials=(ORCHESTRATOR, accounts[ORCHESTRATOR]))
    for username, password in (
        ("kiosk-1", "not-the-password"),
        ("kiosk-1", accounts["kiosk-2"]),
        ("stranger", "x"),
        (None, None),
    ):
        client = floor.device("kiosk-1", username=username, password=password)
        with pytest.raises(ConnectionError, match="Not authorized"):  # refused, not unanswered
            client.__enter__()


def test_broker_restart_everything_reconnects_and_state_is_whole(floor_on) -> None:  # type: ignore[no-untyped-def]
    broker = Mosquitto().start()
    try:
        floor = floor_on(broker.url)
        center = floor.config.center.id
        names = ["kiosk-1", "counter-2", "display-2", "board-hall", "rating-2"]
        clients = {n: floor.device(n, as_device=True, keepalive=5).__enter__() for n in names}
        display = Display(clients["display-2"], counter=2)
        Kiosk(clients["kiosk-1"], b"s").request("chung_thuc")
        Kiosk(clients["kiosk-1"], b"s").request("chung_thuc")
        CounterTerminal(clients["counter-2"]).call_next()
        assert display.next_call().number == "A001"
        before = floor.read(lambda o: o.state.counters[2].current)
        sessions = {n: c.bd_seq for n, c in clients.items()}

        broker.stop()
        dropped = time.monotonic() + 10
        while any(c.connected.is_set() for c in clients.values()) or floor.read(
            lambda o: o.bus.connected.is_set()
        ):
            assert time.monotonic() < dropped, "a client never saw the broker go"
            time.sleep(0.02)
        broker.start()  # same port, nothing kept (no persistence): all must come back
        restarted = time.monotonic()
        with floor.device("watcher") as watcher:
            for name in ("devices", "counters", "queues"):
                watcher.listen(topics.STATE.topic(center=center, name=name))
            latest: dict[str, dict] = {}  # type: ignore[type-arg]

            def whole(m) -> bool:  # type: ignore[no-untyped-def]
                latest[m.name] = m.data
                devices = latest.get("devices", {}).get("devices", [])
                # back means born again: the floor's view from before the drop (when
                # nobody's last will could be delivered) does not count
                back = {
                    d["id"]
                    for d in devices
                    if d["online"] and d["id"] in sessions and d["bd_seq"] > sessions[d["id"]]
                }
                return set(names) <= back and {"counters", "queues"} <= set(latest)

            watcher.wait_for(whole, 10)
            counters, queues = latest["counters"]["counters"], latest["queues"]["queues"]
        assert time.monotonic() - restarted < 10
        assert counters[1]["serving"] == "A001"
        assert next(q for q in queues if q["field"] == "chung_thuc")["numbers"] == ["A002"]
        # and the floor works again, end to end
        CounterTerminal(clients["counter-2"]).call_next()
        assert display.next_call().number == "A002"
        assert floor.read(lambda o: o.state.counters[2].current) != before
        for client in clients.values():
            client.__exit__(None, None, None)
    finally:
        broker.stop()


def test_a_device_that_died_with_the_broker_down_is_marked_offline(floor_on) -> None:  # type: ignore[no-untyped-def]
    """A broker that crashes sends no last will and keeps none: the floor doubts who it
    believed online, and one that never shows itself again is offline after the grace;
    one that came back is online."""
    broker = Mosquitto().start()
    try:
        floor = floor_on(broker.url)
        center = floor.config.center.id
        floor.read(lambda o: setattr(o, "presence_grace", 1.5))
        with (
            floor.device("kiosk-1", as_device=True) as back,
            floor.device("display-2", as_device=True) as dying,
            floor.device("watcher") as watcher,
        ):
            watcher.listen(topics.STATE.topic(center=center, name="devices"))

            def online(m) -> set[str]:  # type: ignore[no-untyped-def]
                return {d["id"] for d in m.data["devices"] if d["online"]}

            watcher.wait_for(lambda m: {"kiosk-1", "display-2"} <= online(m))
            broker.crash()
            dropped = time.monotonic() + 10
            while back.connected.is_set() or dying.connected.is_set():
                assert time.monotonic() < dropped, "a client never saw the broker go"
                time.sleep(0.02)
            dying.kill()  # loses power while the broker is down: its will is never sent
            broker.start()
            watcher.wait_for(lambda m: {"kiosk-1", "display-2"} <= online(m), 15)
            # the kiosk may come back after the short grace here (its retry delay grows up
            # to 5 s): then it was doubted too, and is online again once reborn
            watcher.wait_for(
                lambda m: online(m) >= {"kiosk-1"} and "display-2" not in online(m), 15
            )
            assert back.births == 2
    finally:
        broker.stop()


def test_a_provisioned_speech_satellite_completes_a_dialog(secured, floor_on) -> None:  # type: ignore[no-untyped-def]
    """Its speech topics (say, and its voice's say_finished) pass the ACL: without them
    the voice never hears `say` and the satellite stays muted."""
    from tests.speechkit import converse

    broker, accounts = secured
    floor = floor_on(broker.url, credentials=(ORCHESTRATOR, accounts[ORCHESTRATOR]))
    center = floor.config.center.id
    site = "voice-kiosk-1"
    question, issued = converse(
        broker.url, center, site, ["cho tôi lấy số", "chứng thực"], accounts[site]
    )
    assert question.startswith("Bạn cần làm thủ tục gì ạ?")
    assert issued.startswith("Số của bạn là A001.")


def test_a_provisioned_locker_reads_its_roll_and_nobody_else_does(  # type: ignore[no-untyped-def]
    secured, floor_on, tmp_path: Path
) -> None:
    """The roll of hashed codes reaches its locker only; the locker may not write it, and
    no other device may speak for the locker."""
    from devices.locker import Locker
    from floor.lockerdesk import LockerDesk
    from floor.sms import OutboxFile

    broker, accounts = secured
    floor = floor_on(broker.url, credentials=(ORCHESTRATOR, accounts[ORCHESTRATOR]))
    center = floor.config.center.id
    outbox = tmp_path / "sms.jsonl"
    floor.read(LockerDesk(OutboxFile(outbox)).attach)
    roll = topics.LOCKER_ROLL.topic(center=center, device_id="locker-1")
    latches: list[int] = []
    with (
        login(floor, "counter-1", accounts, as_device=True) as c,
        login(floor, "locker-1", accounts, as_device=True) as lk,
        login(floor, "kiosk-1", accounts, as_device=True) as k,
    ):
        locker = Locker(lk, latches.append)
        k.listen(roll)
        CounterTerminal(c).deposit(4, "H29.241205-0001", "0912345678")
        deadline = time.monotonic() + 10

        def texted() -> re.Match[str] | None:  # the file exists before its line is written
            return re.search(r"Mã OTP: (\d{6})", outbox.read_text(encoding="utf-8"))

        while not (outbox.exists() and texted() and locker.announced("H29.241205-0001")):
            assert time.monotonic() < deadline, "no text, or the locker never got its roll"
            time.sleep(0.02)
        code = texted()[1]  # type: ignore[index]
        lk.publish_raw(roll, b'{"forged": true}', retain=True)  # read only: dropped
        forged = k.message("locker_open", device="locker-1", dossier="H29.241205-0001", otp=code)
        k.publish_raw(k.event_topic("locker_open", "locker-1"), forged.model_dump_json().encode())
        with pytest.raises(TimeoutError):
            k.wait_for(lambda m: m.kind == "locker_roll", timeout=0.5)
        assert latches == []
        assert locker.collect("H29.241205-0001", code).opened
        assert latches == [4]
    opened = floor.read(lambda o: o.eventlog.outcomes())
    assert [key for key in opened if key.startswith("kiosk-1:")] == []
    assert sum(1 for key in opened if key.startswith("locker-1:")) == 1
