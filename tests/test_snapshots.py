"""Snapshots: the state from the last snapshot and the events after it is the state a full
replay gives, robot work included; a snapshot that cannot be used means a full replay;
closed days' tickets leave the state; command keys are kept for a bounded window."""

from __future__ import annotations

import json
import logging
import sqlite3
import time as clock
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from devices.mosquitto import Mosquitto
from floor.core import commands as c
from floor.core import snapshot
from floor.core.decide import decide
from floor.core.errors import Rejected
from floor.core.events import Event
from floor.core.state import FloorState
from floor.eventlog import CommandKeys, CommandRecord, EventLog
from floor.service import Orchestrator
from floor.snapshots import SNAPSHOT_EVERY, restore
from tests.conftest import RunningFloor
from tests.floorkit import CATALOG, CENTER, ICT
from tests.historykit import History, write_history

END = date(2026, 11, 30)


def replayed(log: EventLog) -> FloorState:
    """Return the state folded from every event in the log, ignoring snapshots."""
    state = FloorState.initial(CATALOG, CENTER)
    for event in log.events():
        state.apply(event)
    return state


def same(a: FloorState, b: FloorState) -> None:
    """Assert two states are equal, down to order, deque sizes and time offsets."""
    assert a == b
    assert json.dumps(snapshot.dump(a)) == json.dumps(snapshot.dump(b))


@pytest.fixture(scope="module")
def weeks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, History]:
    """Seven weeks of history: two real, two copied forward, three real; a tail after the
    last snapshot."""
    db = tmp_path_factory.mktemp("weeks") / "floor.db"
    return db, write_history(db, CATALOG, CENTER, 7 * 7 / 365.25, END)


@pytest.fixture
def log(weeks: tuple[Path, History], tmp_path: Path) -> Iterator[EventLog]:
    """A copy of the seven weeks' event log, for one test to change."""
    db = tmp_path / "floor.db"
    with closing(sqlite3.connect(weeks[0])) as source, closing(sqlite3.connect(db)) as target:
        source.backup(target)
    with closing(EventLog(db)) as eventlog:
        yield eventlog


def test_snapshot_and_tail_give_the_state_of_a_full_replay(
    weeks: tuple[Path, History], log: EventLog
) -> None:
    state, since = restore(CATALOG, CENTER, log)
    assert 0 < since < log.head - SNAPSHOT_EVERY  # a snapshot, and a day's tail after it
    full = replayed(log)
    same(state, full)
    same(state, weeks[1].state)  # the state the history was written from, copies included
    assert state.applied == log.head
    assert state.robots.next_task > 1 and state.service_seconds["chung_thuc"]


def test_a_mid_day_state_with_robot_work_round_trips_and_decides_alike(tmp_path: Path) -> None:
    with closing(EventLog(tmp_path / "floor.db", "NORMAL")) as log:
        history = History(CATALOG, CENTER, log)
        history.run(date(2026, 11, 23), 2)
        history.day(date(2026, 11, 25), until=time(10, 0))
        state, board = history.state, history.state.robots
        now = datetime(2026, 11, 25, 10, 0, tzinfo=ICT)
        while not (board.escorts and any(t.status == "pending" for t in board.open_tasks())):
            assert now.hour < 17, "no moment with an escort under way and a task waiting"
            now += timedelta(seconds=10)
            history.play(now)
    assert any(len(line) for line in state.lines.values())
    assert any(k.current for k in state.counters.values())
    copy = snapshot.load(CATALOG, CENTER, json.loads(json.dumps(snapshot.dump(state))))
    same(copy, state)
    robot = next(iter(board.robots.values()))
    moves: list[c.Command] = [
        *(c.CallNext(k) for k in state.counters),
        c.IssueTicket("khai_sinh", "elderly", guidance=True, device="kiosk-1"),
        c.ReportRobot(robot.id, True, 0.1, robot.x, robot.y),
        c.PlanRobotWork(),
    ]
    for command in moves:
        assert outcome(state, command, now) == outcome(copy, command, now)
    same(copy, state)


def outcome(state: FloorState, command: c.Command, now: datetime) -> list[Event] | str:
    """Decide and fold a command; return its events or its refusal code."""
    try:
        events = decide(state, command, now)
    except Rejected as exc:
        return exc.code
    for event in events:
        state.apply(event)
    return events


def test_the_running_floor_snapshots_and_starts_from_it(
    tmp_path: Path,
    mosquitto: Mosquitto,
    floor_on: Callable[[str, Path], RunningFloor],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = tmp_path / "floor.db"
    with closing(EventLog(db, "NORMAL")) as log:
        History(CATALOG, CENTER, log).run(date(2026, 11, 23), 1, snapshot_last=False)
        head = log.head
        assert log.latest_snapshot() is None and head > SNAPSHOT_EVERY

    def snapshot_at() -> int | None:
        with closing(sqlite3.connect(db)) as sql:
            (seq,) = sql.execute("SELECT max(seq) FROM snapshots").fetchone()
        return None if seq is None else int(seq)

    first = floor_on(mosquitto.url, db)
    deadline = clock.monotonic() + 15
    while snapshot_at() != head:
        assert clock.monotonic() < deadline, "no snapshot of the replayed day"
        clock.sleep(0.05)
    first.stop()

    with caplog.at_level(logging.INFO, "floor.snapshots"):
        floor_on(mosquitto.url, db).stop()
    assert f"snapshot at event {head}, 0 events replayed" in caplog.text
    with closing(EventLog(db)) as log:
        same(restore(CATALOG, CENTER, log)[0], replayed(log))


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE snapshots SET data = json_set(data, '$.version', 0)",
        "UPDATE snapshots SET data = json_remove(data, '$.state.tickets')",
        "UPDATE snapshots SET data = 'not json'",
    ],
)
def test_a_snapshot_this_code_cannot_read_means_a_full_replay(
    log: EventLog, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    with closing(sqlite3.connect(log.path)) as db, db:
        db.execute(damage)
    with caplog.at_level(logging.WARNING, "floor.snapshots"):
        state, since = restore(CATALOG, CENTER, log)
    assert since == 0
    assert "replaying the whole event log" in caplog.text
    same(state, replayed(log))


def test_a_center_whose_starting_state_changed_replays_everything(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    counters = [k.model_copy(update={"open": True}) for k in CENTER.counters]
    changed = CENTER.model_copy(update={"counters": counters})
    with caplog.at_level(logging.WARNING, "floor.snapshots"):
        state, since = restore(CATALOG, changed, log)
    assert since == 0 and "counters, fields or robots changed" in caplog.text
    assert state.counters[12].status == "open"
    renamed = CENTER.model_copy(update={"center": CENTER.center.model_copy(update={"id": "x"})})
    assert restore(CATALOG, renamed, log)[1] > 0  # what does not shape the state is free


def test_closed_days_tickets_leave_the_live_state(weeks: tuple[Path, History]) -> None:
    state = weeks[1].state
    days = {t.issued_at.date() for t in state.tickets.values()}
    assert days == {state.day}
    assert len(state.tickets) < 400


def test_command_keys_are_kept_for_the_window_only(tmp_path: Path) -> None:
    now = datetime(2026, 11, 30, 9, 0, tzinfo=ICT)
    with closing(EventLog(tmp_path / "floor.db")) as log:
        log.append(
            [
                CommandRecord(f"k:{d}", "kiosk-1", (now - timedelta(days=d)).isoformat(), "ok")
                for d in range(20, -1, -1)
            ]
        )
        keys = log.recent_keys(now, timedelta(days=7))
    assert {f"k:{d}" for d in range(8)} == {k for k in (f"k:{d}" for d in range(21)) if k in keys}
    keys.add("k:new", now + timedelta(days=3))  # time moves on: the oldest are forgotten
    assert "k:new" in keys and "k:4" in keys and "k:5" not in keys
    assert len(keys) == 6


def test_the_orchestrator_remembers_recent_keys_only(log: EventLog) -> None:
    at = datetime.fromisoformat(log.query(limit=1)[0].at)
    window = timedelta(days=2)
    orchestrator = Orchestrator(
        CATALOG, CENTER, log, "mqtt://127.0.0.1:1", clock=lambda: at, idempotency=window
    )
    keys = orchestrator.handled
    assert isinstance(keys, CommandKeys) and 0 < len(keys) < 3 * 2000
    newest = log.query(limit=1, kinds=["TicketIssued"])[0].command
    assert newest in keys
    first = log.query(limit=1, newest_first=False, kinds=["TicketIssued"])[0].command
    assert first not in keys
