"""The orchestrator end to end over a real broker: mosquitto and the embedded one."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from devices import topics
from devices.mosquitto import Mosquitto
from floor.broker import EmbeddedBroker
from floor.core.commands import SetCounterStatus
from floor.core.errors import Rejected


@pytest.fixture(params=["mosquitto", "embedded"])
def broker_url(request: pytest.FixtureRequest) -> str:
    broker: Mosquitto | EmbeddedBroker = request.getfixturevalue(request.param)
    return broker.url


def test_kiosk_ticket_counter_call_display_and_rating(broker_url: str, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(broker_url)
    center = floor.config.center.id
    with (
        floor.device("kiosk-1") as kiosk,
        floor.device("counter-5") as counter,
        floor.device("display-5") as display,
        floor.device("board-hall") as board,
        floor.device("rating-5") as rating,
    ):
        request = kiosk.send("ticket_request", procedure="khai_sinh", lang="en", priority="elderly")
        ticket = kiosk.wait_for(lambda m: m.name == "ticket").data
        assert ticket["request_id"] == request.id
        assert ticket["number"] == "B001"
        assert ticket["field"] == "ho_tich" and 5 in ticket["counters"]
        assert ticket["people_ahead"] == 0
        assert ticket["text"][0] == "QUEUE NUMBER B001"

        counter.send("call_next")
        for screen in (display, board):
            call = screen.wait_for(lambda m: m.name == "call").data
            assert call["number"] == "B001" and call["counter"] == 5
            assert call["announcement"] == "Mời số B001 đến quầy số 5"
            assert call["announcement_local"] == "Number B001, please come to counter 5"

        board.listen(topics.STATE.topic(center=center, name="counters"))
        state = board.wait_for(
            lambda m: (
                m.kind == "state"
                and any(c["number"] == 5 and c["serving"] == "B001" for c in m.data["counters"])
            )
        )
        assert state.data["counters"][4]["status"] == "open"

        counter.send("finish")
        board.wait_for(lambda m: m.kind == "state" and m.data["counters"][4]["served_today"] == 1)
        press = rating.send("rating", level=1)
        thanks = rating.wait_for(lambda m: m.name == "rated").data
        assert (thanks["ref"], thanks["number"], thanks["level"]) == (press.id, "B001", 1)
        assert thanks["text"] == "Thank you for your rating!"
        floor_db = floor.db
    floor.stop()
    rows = (
        sqlite3.connect(floor_db)
        .execute("SELECT data FROM events WHERE kind = 'RatingRecorded'")
        .fetchall()
    )
    assert [json.loads(r[0])["level"] for r in rows] == [1]
    assert json.loads(rows[0][0])["ticket"].endswith("/B001")
    assert json.loads(rows[0][0])["counter"] == 5


def test_restart_replays_the_log_and_duplicates_take_effect_once(
    mosquitto: Mosquitto,
    floor_on,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "floor.db"
    floor = floor_on(mosquitto.url, db)
    with floor.device("kiosk-1") as kiosk:
        first = kiosk.message("ticket_request", procedure="chung_thuc")
        payload = first.model_dump_json().encode()
        topic = kiosk.event_topic("ticket_request")
        kiosk.publish_raw(topic, payload)
        number = kiosk.wait_for(lambda m: m.name == "ticket").data["number"]
        kiosk.publish_raw(topic, payload)  # the same message again: same ticket, no new one
        again = kiosk.wait_for(lambda m: m.name == "ticket").data
        assert (again["number"], again["request_id"]) == (number, first.id)
        floor.stop()

        floor = floor_on(mosquitto.url, db)
        assert floor.read(lambda o: set(o.state.by_number)) == {"A001"}
        kiosk.publish_raw(topic, payload)  # a replay after restart
        assert kiosk.wait_for(lambda m: m.name == "ticket").data["number"] == "A001"
        kiosk.send("ticket_request", procedure="chung_thuc")
        assert kiosk.wait_for(lambda m: m.name == "ticket").data["number"] == "A002"
    assert floor.read(lambda o: o.metrics["duplicate"]) == 1  # counted since the restart


def test_orchestrator_status_is_retained_with_a_last_will(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    status_topic = topics.ORCHESTRATOR_STATUS.topic(center=floor.config.center.id)
    with floor.device("board-hall") as watcher:
        watcher.listen(status_topic)
        assert watcher.wait_for(lambda m: m.topic == status_topic).data["online"] is True
        floor.stop()
        assert watcher.wait_for(lambda m: m.topic == status_topic).data["online"] is False


def test_orchestrator_reconnects_after_a_broker_restart(floor_on) -> None:  # type: ignore[no-untyped-def]
    broker = Mosquitto().start()
    try:
        floor = floor_on(broker.url)
        with floor.device("kiosk-1") as kiosk:
            kiosk.send("ticket_request", procedure="chung_thuc")
            assert kiosk.wait_for(lambda m: m.name == "ticket").data["number"] == "A001"
        broker.stop()

        def connected() -> bool:
            return bool(floor.read(lambda o: o.bus.connected.is_set()))

        _until(lambda: not connected(), "the orchestrator never saw the broker go")
        broker.start()  # same port, nothing kept: subscriptions must be made again
        _until(connected, "orchestrator did not reconnect within 10 s")
        with floor.device("kiosk-1") as kiosk:
            kiosk.send("ticket_request", procedure="chung_thuc")
            assert kiosk.wait_for(lambda m: m.name == "ticket").data["number"] == "A002"
        assert floor.read(lambda o: o.bus.reconnects) >= 1
    finally:
        broker.stop()


def test_in_process_commands_are_logged_with_who_sent_them(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    seen: list[object] = []
    floor.read(lambda o: o.listeners.append(seen.extend))
    events = floor.submit(SetCounterStatus(3, "paused"), "manager:lan", key="console:1")
    assert [type(e).__name__ for e in events] == ["CounterStatusChanged"]
    again = floor.submit(SetCounterStatus(3, "paused"), "manager:lan", key="console:1")
    assert again == events  # the same command twice takes effect once
    with pytest.raises(Rejected) as err:
        floor.submit(SetCounterStatus(3, "paused"), "manager:lan")
    assert err.value.code == "no_change"
    with floor.device("counter-3") as counter:
        counter.send("call_next")
        assert counter.wait_for(lambda m: m.kind == "error").data["code"] == "counter_not_open"
    kinds = floor.read(lambda _o: [type(e).__name__ for e in seen])
    assert kinds == ["DayStarted", "CounterStatusChanged"]
    record = floor.read(lambda o: o.eventlog.handled("console:1"))
    assert record is not None and record.source == "manager:lan" and record.outcome == "ok"


def test_a_citizen_asking_for_staff_is_recorded_for_the_managers(
    mosquitto: Mosquitto, floor_on
) -> None:  # type: ignore[no-untyped-def]
    from floor.console.journal import Journal

    floor = floor_on(mosquitto.url)
    journal = Journal()
    floor.read(lambda o: o.listeners.append(lambda events: journal.feed(o.state, events)))
    with floor.device("voice-guide-1") as voice, floor.device("counter-1") as counter:
        voice.send("staff_request", text="cho tôi gặp cán bộ", lang="vi")
        counter.send("staff_request", text="x")  # a counter terminal has its own people
        assert counter.wait_for(lambda m: m.kind == "error").data["code"] == "not_allowed"
    _until(lambda: bool(floor.read(lambda _o: list(journal.incidents))), "no alert", 5)
    [alert] = floor.read(lambda _o: list(journal.incidents))
    assert (alert.kind, alert.params["place"], alert.params["text"]) == (
        "ask_staff",
        "voice-guide-1",
        "cho tôi gặp cán bộ",
    )


def _until(check: Callable[[], bool], failure: str, timeout: float = 10.0) -> None:
    """Wait for `check()` to hold; fail with `failure` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, failure
        time.sleep(0.02)
