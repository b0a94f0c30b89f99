"""Years of realistic floor history, made fast through the real core.

A seeded model of a service day (citizens arriving, officers calling, serving and
finishing, ratings, no-shows, a lunch pause, guide and refreshment robots reporting
and walking their tasks) drives `decide` and `apply` exactly as the orchestrator
does, and the commands with their events go into a real event log a week per
transaction, with the snapshots a running floor would take.
"""

from __future__ import annotations

import heapq
import itertools
import random
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from floor.core import commands as c
from floor.core import events as e
from floor.core.catalog import Catalog, CenterConfig
from floor.core.decide import decide, start_day
from floor.core.errors import Rejected
from floor.core.robots import plan_due
from floor.core.state import FloorState
from floor.eventlog import CommandRecord, EventLog
from floor.snapshots import SNAPSHOT_EVERY, take_snapshot

TICKETS_PER_DAY = 300
STEP = 14
"""Days in the block of real days that is copied forward (whole weeks keep weekdays)."""
OPEN, LAST_TICKET, CLOSE = time(7, 30), time(16, 30), time(17, 0)


@dataclass(order=True, slots=True)
class _Due:
    at: datetime
    n: int
    source: str = field(compare=False)
    command: c.Command | _Report = field(compare=False)


class History:
    """A center's past, written day by day into an event log through the real core."""

    def __init__(
        self, catalog: Catalog, config: CenterConfig, log: EventLog, seed: int = 7
    ) -> None:
        self.state = FloorState.initial(catalog, config)
        self.log = log
        self.zone = ZoneInfo(config.center.timezone)
        self.random = random.Random(seed)
        self.procedures = [p.id for p in catalog.procedures]
        self.entries: list[CommandRecord | e.Event] = []
        self.commands = 0
        self._due: list[_Due] = []
        self._n = itertools.count()
        self._calling: set[int] = set()
        self._snapshot_at = log.head

    def run(self, start: date, days: int, snapshot_last: bool = True) -> list[date]:
        """Play `days` calendar days from `start` (weekends closed), a transaction a day,
        snapshotting as a running floor would; return the days played."""
        calendar = [start + timedelta(days=n) for n in range(days)]
        played = [day for day in calendar if day.weekday() < 5]
        for day in played:
            self.day(day)
            self.flush(snapshot=snapshot_last or day != played[-1])
        return played

    def flush(self, snapshot: bool = True) -> None:
        """Write what was decided so far in one transaction; snapshot if one is due."""
        if self.entries:
            self.log.append(self.entries)
            self.entries = []
        if snapshot and self.log.head - self._snapshot_at >= SNAPSHOT_EVERY:
            self._snapshot_at = take_snapshot(self.log, self.state)

    def day(self, day: date, until: time | None = None) -> None:
        """Play one service day, or its start: what is due before `until`."""
        rnd = self.random
        at = datetime.combine(day, OPEN, self.zone)
        for robot in self.state.robots.robots.values():
            self._at(at, robot.id, c.ReportRobot(robot.id, True, 1.0, robot.x, robot.y))
        last = datetime.combine(day, LAST_TICKET, self.zone)
        span = (last - at).total_seconds()
        count = TICKETS_PER_DAY + rnd.randint(-40, 40)
        peak = 2.5 * 3600  # half of the day's citizens come in its first hours
        times = [rnd.uniform(0, peak if n % 2 else span) for n in range(count)]
        for second in sorted(times):
            arrive = at + timedelta(seconds=second)
            if rnd.random() < 0.3:
                self._at(arrive, "door-1", c.CitizenArrived())
            kiosk = rnd.choice(("kiosk-1", "kiosk-2"))
            self._at(arrive + timedelta(seconds=40), kiosk, self._ask())
        for minute in range(15, int(span // 60) + 30, 15):
            for robot_id in self.state.robots.robots:
                self._at(at + timedelta(minutes=minute), robot_id, _Report(robot_id))
            self._at(at + timedelta(minutes=minute, seconds=5), "planner", c.PlanRobotWork())
        lunch = datetime.combine(day, time(11, 30), self.zone)
        self._at(lunch, "counter-9", c.SetCounterStatus(9, "paused"))
        self._at(lunch + timedelta(minutes=90), "counter-9", c.SetCounterStatus(9, "open"))
        for hour in (9, 14):
            help_at = datetime.combine(day, time(hour, rnd.randint(0, 59)), self.zone)
            self._at(help_at, "kiosk-1", c.RequestStaff("kiosk-1", "Tôi cần hỗ trợ điền tờ khai"))
        self.play(datetime.combine(day, until or time.max, self.zone))

    def play(self, stop: datetime) -> None:
        """Carry out what is due before `stop`."""
        while self._due and self._due[0].at < stop:
            due = heapq.heappop(self._due)
            self._do(due.at, due.source, due.command)

    def _ask(self) -> c.IssueTicket:
        rnd = self.random
        lang: Literal["vi", "en", "ko"] = "vi" if rnd.random() < 0.95 else rnd.choice(("en", "ko"))
        return c.IssueTicket(
            procedure=rnd.choice(self.procedures),
            priority="elderly" if rnd.random() < 0.06 else None,
            lang=lang,
            guidance=rnd.random() < 0.05,
            request_id=f"r{next(self._n)}",
        )

    def _at(self, at: datetime, source: str, command: c.Command | _Report) -> None:
        heapq.heappush(self._due, _Due(at, next(self._n), source, command))

    def _do(self, now: datetime, source: str, command: c.Command | _Report) -> None:
        """Decide and fold one command as the orchestrator does, then react like the floor."""
        if isinstance(command, _Report):
            command = self._battery(command.robot)
        if isinstance(command, c.IssueTicket):
            command = _with_device(command, source)
        if isinstance(command, c.PlanRobotWork) and not plan_due(self.state, now):
            return
        if isinstance(command, c.CallNext):
            self._calling.discard(command.counter)
        for event in start_day(self.state, now):
            self.state.apply(event)
            self.entries.append(event)
        self.commands += 1
        key = f"{source}:{now.date().isoformat()}-{self.commands}"
        try:
            events = decide(self.state, command, now)
        except Rejected as exc:
            self.entries.append(CommandRecord(key, source, now.isoformat(), exc.code))
            return
        for event in events:
            self.state.apply(event)
        self.entries.append(CommandRecord(key, source, now.isoformat(), "ok", events))
        for event in events:
            self._react(now, event)

    def _react(self, now: datetime, event: e.Event) -> None:
        rnd = self.random
        close_at = datetime.combine(now.date(), CLOSE, self.zone)
        if isinstance(event, e.TicketIssued):
            for counter in self.state.counters.values():
                if event.field in counter.fields and counter.current is None:
                    self._call(counter.number, now + timedelta(seconds=rnd.uniform(5, 60)))
        elif isinstance(event, e.CounterStatusChanged) and event.status == "open":
            self._call(event.counter, now + timedelta(seconds=30))
        elif isinstance(event, e.TicketCalled):
            if rnd.random() < 0.04:
                done: c.Command = c.NoShow(event.counter)
                after = 120.0
            else:
                done = c.Finish(event.counter)
                after = min(max(rnd.expovariate(1 / 600), 60), 2400)
            self._at(now + timedelta(seconds=after), f"counter-{event.counter}", done)
        elif isinstance(event, e.TicketFinished | e.TicketNoShow):
            if isinstance(event, e.TicketFinished) and rnd.random() < 0.7:
                level = rnd.choices((1, 2, 3, 4), (60, 25, 10, 5))[0]
                reasons = ("slow",) if level == 4 else ()
                rate = c.Rate(event.counter, level, f"rating-{event.counter}", "r", reasons)
                self._at(now + timedelta(seconds=20), f"rating-{event.counter}", rate)
            if now < close_at:
                self._call(event.counter, now + timedelta(seconds=rnd.uniform(20, 60)))
        elif isinstance(event, e.RobotTaskAssigned | e.RobotLegReached):
            self._walk(now, event.task)

    def _call(self, counter: int, at: datetime) -> None:
        """Have an open counter call its next ticket soon, if anyone waits for it."""
        k = self.state.counters[counter]
        waiting = any(self.state.lines[f] for f in k.fields)
        if k.status == "open" and waiting and counter not in self._calling:
            self._calling.add(counter)
            self._at(at, f"counter-{counter}", c.CallNext(counter))

    def _walk(self, now: datetime, task_id: str) -> None:
        """Have the robot holding a task reach its next place a little later."""
        task = self.state.robots.tasks[task_id]
        layout = self.state.config.layout
        if task.robot is None or task.status != "assigned" or layout is None:
            return
        place = layout.place(task.places[task.leg])
        assert place is not None
        leg = c.ReportLeg(task.id, task.robot, task.leg, "arrived", place.x, place.y)
        self._at(now + timedelta(seconds=self.random.uniform(15, 45)), task.robot, leg)

    def _battery(self, robot_id: str) -> c.ReportRobot:
        robot = self.state.robots.robots[robot_id]
        battery = round(max(robot.battery - 0.02, 0.3), 2)
        return c.ReportRobot(robot.id, True, battery, robot.x, robot.y)


@dataclass(frozen=True, slots=True)
class _Report:
    """A robot's periodic report, filled in from its state when due."""

    robot: str


def _with_device(command: c.IssueTicket, device: str) -> c.IssueTicket:
    return c.IssueTicket(
        command.procedure,
        command.priority,
        command.lang,
        command.guidance,
        command.request_id,
        device,
    )


def write_history(
    db: Path, catalog: Catalog, config: CenterConfig, years: float, end: date
) -> History:
    """Write about `years` of history, up to the day before `end`, into a new event log.

    The first two weeks and the last one to three are played through the real core;
    the weeks between are those first two weeks copied forward, two weeks at a time,
    inside SQLite (dates in events and command keys moved), which is
    what makes years quick. The state the last weeks start from is what folding the
    copies gives: the same as after the first weeks, with the counts of events and
    ticket orders and the robots' last report times moved on (tests check this against
    a full replay). The last day is not snapshotted, as on a floor between snapshots,
    so start-up has a tail to replay.
    """
    days = round(years * 365.25)
    first = end - timedelta(days=days)
    first -= timedelta(days=first.weekday())  # a Monday
    copies = max(((end - first).days - STEP - 7) // STEP, 0)  # a week or more at the end
    with closing(EventLog(db, "NORMAL")) as log:
        history = History(catalog, config, log)
        template = history.run(first, STEP)
    events, orders = history.state.applied, history.state.next_order
    _copy_forward(db, template, events, copies)
    state = history.state
    state.applied += copies * events
    state.next_order += copies * orders
    for robot in state.robots.robots.values():
        if robot.reported_at is not None:
            robot.reported_at += timedelta(days=STEP * copies)
    resume = first + timedelta(days=STEP * (copies + 1))
    with closing(EventLog(db, "NORMAL")) as history.log:
        history.run(resume, (end - resume).days, snapshot_last=False)
    return history


def _copy_forward(db: Path, template: list[date], events: int, copies: int) -> None:
    """Append `copies` copies of the first `events` events and their commands, each `STEP`
    days after the one before (the event log must be closed)."""
    with closing(sqlite3.connect(db, isolation_level=None)) as sql:
        # A fixture made in one go: no journal, no fsync, pages kept in memory.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144"):
            sql.execute(f"PRAGMA {pragma}")
        sql.execute("PRAGMA temp_store=MEMORY")
        until = (template[-1] + timedelta(days=1)).isoformat()
        sql.execute("CREATE TEMP TABLE c AS SELECT * FROM commands WHERE received_at < ?", (until,))
        sql.execute("CREATE TEMP TABLE e AS SELECT * FROM events WHERE seq <= ?", (events,))
        sql.execute("CREATE TEMP TABLE shift(old TEXT PRIMARY KEY, new TEXT NOT NULL)")
        sql.execute("BEGIN")
        for n in range(1, copies + 1):
            sql.execute("DELETE FROM shift")
            sql.executemany(
                "INSERT INTO shift VALUES (?, ?)",
                [(d.isoformat(), (d + timedelta(days=STEP * n)).isoformat()) for d in template],
            )
            sql.execute(
                "INSERT INTO commands(key, source, received_at, outcome) "
                "SELECT replace(c.key, s.old, s.new), c.source, "
                "replace(c.received_at, s.old, s.new), c.outcome "
                "FROM c JOIN shift s ON s.old = substr(c.received_at, 1, 10) ORDER BY 1"
            )
            sql.execute(
                "INSERT INTO events(at, kind, data, command) "
                "SELECT replace(e.at, s.old, s.new), e.kind, replace(e.data, s.old, s.new), "
                "replace(e.command, s.old, s.new) "
                "FROM e JOIN shift s ON s.old = substr(e.at, 1, 10) ORDER BY e.seq"
            )
        sql.execute("COMMIT")
        sql.execute("PRAGMA journal_mode=WAL")
