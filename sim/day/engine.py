"""The simulated day: citizens, officers and robots as SimPy processes in virtual time.

Every decision goes through the pure core (`start_day`, `decide`, `FloorState.apply`)
with the virtual clock, exactly as on a live floor: officers call with `CallNext`,
recall and mark no-shows, citizens take numbers at a kiosk, robots report their
legs and batteries and move along the layout's planned paths. What the core
decided is kept as the same records a live floor writes to its event log.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import simpy

from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import (
    CallNext,
    CitizenArrived,
    Command,
    Finish,
    IssueTicket,
    NoShow,
    PlanRobotWork,
    Rate,
    Recall,
    ReportLeg,
    ReportRobot,
    SetCounterStatus,
)
from floor.core.decide import decide, start_day
from floor.core.errors import Rejected
from floor.core.events import (
    CounterStatusChanged,
    Event,
    RobotTaskAssigned,
    RobotTaskEnded,
    TicketCalled,
    TicketIssued,
    TicketNoShow,
)
from floor.core.queueing import (
    estimate,
    next_ticket,
    people_ahead,
    seconds_per_person,
    wait_minutes,
)
from floor.core.robots import plan_due
from floor.core.state import FloorState
from floor.eventlog import CommandRecord
from sim.day.citizens import (
    Citizen,
    Outcome,
    Schedule,
    Visitors,
    present_when_called,
    rating_level,
)
from sim.day.scenario import Scenario

Record = CommandRecord | Event
PLAN_EVERY_S = 60
ESCORT_WAIT_S = 300
"""A called citizen waits this long for the guide robot before walking alone."""


@dataclass(slots=True)
class RobotBody:
    """A simulated robot's body: where it is, its battery, what it did today."""

    id: str
    x: float
    y: float
    battery: float = 1.0
    since: float = 0.0
    distance_m: float = 0.0
    moving_s: float = 0.0
    docks: int = 0


@dataclass(slots=True)
class DayResult:
    """What one simulated day produced, for the KPIs."""

    day: dt.date
    opens: int
    ends: float
    closes: int
    citizens: list[Citizen]
    busy_s: dict[int, float]
    open_s: dict[int, float]
    longest: dict[str, int]
    robots: dict[str, RobotBody]
    escorts_done: int
    escorts: int


class DaySim:
    """Simulate center days in virtual time, every decision by the core."""

    def __init__(
        self, catalog: Catalog, config: CenterConfig, scenario: Scenario, seed: int = 0
    ) -> None:
        self.catalog = catalog
        self.config = config
        self.scenario = scenario
        self.seed = seed
        self.zone = ZoneInfo(config.center.timezone)
        self.state = FloorState.initial(catalog, config)
        self.records: list[Record] = []
        self.results: list[DayResult] = []
        self._seq = 0
        self.visitors = Visitors(catalog, scenario)
        self._kiosks = [d.id for d in config.devices if d.kind == "kiosk"] or ["kiosk-1"]
        self._robots = scenario.robots.enabled and bool(config.robots) and config.layout is not None
        self._legs: dict[tuple[float, float, str], float] = {}
        self.schedule = Schedule(scenario, config)

    # --- the day ------------------------------------------------------------------

    def run(self, days: int = 1) -> list[DayResult]:
        """Simulate `days` working days from the scenario's start; return their results."""
        day = self.scenario.start
        for _ in range(days):
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            self.results.append(self._day(len(self.results), day))
            day += dt.timedelta(days=1)
        return self.results

    def _day(self, index: int, day: dt.date) -> DayResult:
        sc = self.scenario
        self.env = simpy.Environment(initial_time=sc.opens)
        self.midnight = dt.datetime.combine(day, dt.time(0), tzinfo=self.zone)
        self.day = day
        self.idle: dict[int, simpy.Event] = {}
        self.over = False
        self.by_ticket: dict[str, Citizen] = {}
        self.by_number: dict[str, Citizen] = {}
        self.escort_waits: dict[str, simpy.Event] = {}
        self.greeting: dict[str, list[Citizen]] = {}
        self.wakes: dict[str, simpy.Event] = {}
        self.citizens: list[Citizen] = []
        self.busy = {c: 0.0 for c in self.state.counters}
        self.open_s = {c: 0.0 for c in self.state.counters}
        self.open_since: dict[int, float] = {}
        self.longest = {f.id: 0 for f in self.catalog.fields}
        self.escorts = [0, 0]
        self.index = index
        self.rng = random.Random(f"{self.seed}:{index}:ratings")
        for event in start_day(self.state, self._now()):
            self.state.apply(event)
            self.records.append(event)
        for number, counter in self.state.counters.items():
            if counter.status == "open":
                self.open_since[number] = self.env.now
        self.bodies = self._bodies()
        officers = [self.env.process(self._officer(n)) for n in sorted(self.state.counters)]
        arrivals = self.env.process(self._arrivals())
        if self._robots:
            for body in self.bodies.values():
                self.env.process(self._robot(body))
            self.env.process(self._planner())
        self.env.run(until=self.env.all_of([arrivals, *officers]))
        self.over = True
        end = self.env.now
        for number, since in self.open_since.items():
            self.open_s[number] += end - since
        for citizen in self.citizens:
            if citizen.outcome == "waiting":
                citizen.outcome = "gave_up"
                citizen.left = min(citizen.give_up_at, end)
        return DayResult(
            day, sc.opens, end, sc.closes, self.citizens, self.busy, self.open_s, self.longest,
            self.bodies, self.escorts[1], self.escorts[0],
        )  # fmt: skip

    def _now(self) -> dt.datetime:
        return self.midnight + dt.timedelta(seconds=round(self.env.now, 3))

    def submit(self, command: Command, source: str) -> list[Event] | None:
        """Decide and fold one command at the virtual now; None when the core refuses it."""
        now = self._now()
        self._seq += 1
        key = f"sim:{self._seq}"
        try:
            events = decide(self.state, command, now)
        except Rejected as exc:
            self.records.append(CommandRecord(key, source, now.isoformat(), exc.code))
            return None
        for event in events:
            self.state.apply(event)
        self.records.append(CommandRecord(key, source, now.isoformat(), "ok", events))
        for event in events:
            self._seen(event)
        return events

    def _seen(self, event: Event) -> None:
        """Let the processes waiting on what the core decided go on."""
        t = self.env.now
        if isinstance(event, TicketIssued):
            self.longest[event.field] = max(
                self.longest[event.field], len(self.state.lines[event.field])
            )
            for number, wake in self.idle.items():
                if event.field in self.state.counters[number].fields:
                    del self.idle[number]
                    wake.succeed()
                    break
        elif isinstance(event, CounterStatusChanged):
            if event.status == "open":
                self.open_since[event.counter] = t
            elif event.counter in self.open_since:
                self.open_s[event.counter] += t - self.open_since.pop(event.counter)
        elif isinstance(event, RobotTaskAssigned):
            moving = self.wakes.pop(event.robot, None)
            if moving is not None:
                moving.succeed()
        elif isinstance(event, RobotTaskEnded):
            self._task_ended(event)

    def _task_ended(self, event: RobotTaskEnded) -> None:
        task = self.state.robots.tasks[event.task]
        done = event.outcome == "done"
        if task.kind == "escort":
            self.escorts[0] += 1
            self.escorts[1] += done
            wait = self.escort_waits.pop(task.ticket, None)
            if wait is not None:
                wait.succeed(done)
        elif task.kind == "greet" and done:
            for citizen in self.greeting.pop(task.id, []):
                citizen.greeted = self.env.now
                citizen.robot_help = True
        elif task.kind == "refresh" and done:
            for number in task.numbers:
                holder = self.by_number.get(number)
                if holder is not None and holder.outcome == "waiting":
                    holder.refreshed = holder.robot_help = True
        elif task.kind == "dock" and done and task.robot:
            self.bodies[task.robot].docks += 1

    # --- citizens -----------------------------------------------------------------

    def _arrivals(self) -> Generator[simpy.Event, Any, None]:
        for citizen in self.visitors.draw(self.seed, self.index, self.day):
            yield self.env.timeout(max(citizen.arrived - self.env.now, 0))
            self._arrive(citizen)

    def _arrive(self, citizen: Citizen) -> None:
        """A citizen comes in, looks at the waits shown, and takes a number or leaves."""
        self.citizens.append(citizen)
        kiosk = self._kiosks[citizen.id % len(self._kiosks)]
        if self._robots:
            self.submit(CitizenArrived("entrance"), "door")
            greet = next((t for t in self.state.robots.open_tasks() if t.kind == "greet"), None)
            if greet is not None:
                self.greeting.setdefault(greet.id, []).append(citizen)
        line = self.state.lines[citizen.field]
        shown = wait_minutes(len(line), seconds_per_person(self.state, citizen.field))
        if shown * 60.0 > citizen.tolerance_s:
            self._leave(citizen, "walked_away")
            return
        command = IssueTicket(
            citizen.procedure, citizen.priority, citizen.lang, citizen.guidance,
            request_id=f"c{citizen.id}", device=kiosk,
        )  # fmt: skip
        events = self.submit(command, kiosk)
        if not events:
            self._leave(citizen, "walked_away")
            return
        issued = events[0]
        assert isinstance(issued, TicketIssued)
        ticket = self.state.tickets[issued.ticket]
        citizen.ticket = ticket.id
        self.by_ticket[ticket.id] = citizen
        self.by_number[ticket.number] = citizen
        guess = estimate(self.state, ticket)
        citizen.estimate_min, citizen.ahead = guess.minutes, guess.people_ahead
        citizen.per_person_s = seconds_per_person(self.state, ticket.field)
        counters = sum(
            1
            for c in self.state.counters.values()
            if c.status == "open" and ticket.field in c.fields
        )
        minutes = self.catalog.field_minutes(ticket.field)
        citizen.naive_min = people_ahead(self.state, ticket) * minutes / max(counters, 1)

    def _leave(self, citizen: Citizen, outcome: Outcome) -> None:
        citizen.outcome = outcome
        citizen.left = self.env.now

    # --- officers -----------------------------------------------------------------

    def _staffed(self, number: int, t: float) -> bool:
        """Return whether an officer works at the counter at `t`: scheduled within the
        opening hours, or still serving those who came before the doors closed."""
        if self.schedule.in_session(t):
            return number in self.schedule.open_at(t)
        counter = self.state.counters[number]
        last_close = self.schedule.last_close(t)
        return (
            last_close > 0
            and number in self.schedule.open_at(last_close - 1)
            and counter.status == "open"
            and next_ticket(self.state, counter) is not None
        )

    def _officer(self, number: int) -> Generator[simpy.Event, Any, None]:
        counter = self.state.counters[number]
        source = f"counter-{number}"
        while True:
            t = self.env.now
            change = self.schedule.next_change(t)
            if self._staffed(number, t):
                if counter.status != "open":
                    self.submit(SetCounterStatus(number, "open"), source)
                if next_ticket(self.state, counter) is not None:
                    yield from self._serve(number, source)
                    continue
                if change is None or t >= self.scenario.closes:
                    break
                wake = self.idle[number] = self.env.event()
                yield wake | self.env.timeout(change - t)
                self.idle.pop(number, None)
                continue
            if counter.status == "open":
                self.submit(SetCounterStatus(number, "paused"), source)
            if change is None:
                break
            yield self.env.timeout(change - t)
        if counter.status != "closed":
            self.submit(SetCounterStatus(number, "closed"), source)

    def _serve(self, number: int, source: str) -> Generator[simpy.Event, Any, None]:
        """Call the next ticket, wait for its holder (or mark a no-show) and serve them."""
        start = self.env.now
        events = self.submit(CallNext(number), source) or []
        called = next(e for e in events if isinstance(e, TicketCalled))
        citizen = self.by_ticket[called.ticket]
        requeues = self.state.tickets[called.ticket].requeues
        if not present_when_called(citizen, requeues, start):
            recall = self.scenario.behaviour.recall_s
            yield self.env.timeout(recall)
            self.submit(Recall(number), source)
            yield self.env.timeout(recall)
            dropped = self.submit(NoShow(number), source) or []
            gone = any(isinstance(e, TicketNoShow) and not e.requeued for e in dropped)
            if gone and citizen.outcome == "waiting":
                self._leave(citizen, "no_show")
            self.busy[number] += self.env.now - start
            return
        citizen.called = start
        if called.ticket in self.state.robots.escorts:
            led = self.env.event()
            self.escort_waits[called.ticket] = led
            yield led | self.env.timeout(ESCORT_WAIT_S)
            if led.triggered and led.value:
                citizen.robot_help = True
            else:
                self.escort_waits.pop(called.ticket, None)
                yield self.env.timeout(self.scenario.behaviour.walk_s)
        else:
            yield self.env.timeout(self.scenario.behaviour.walk_s)
        citizen.at_counter = self.env.now
        yield self.env.timeout(citizen.service_s)
        self.submit(Finish(number), source)
        citizen.outcome = "served"
        citizen.finished = self.env.now
        self.busy[number] += self.env.now - start
        self._rate(citizen, number)

    def _rate(self, citizen: Citizen, number: int) -> None:
        level = rating_level(
            self.rng, self.scenario.ratings, citizen, self.config.policy.rating_levels
        )
        if level is not None and self.submit(
            Rate(number, level, device=f"rating-{number}"), f"rating-{number}"
        ):
            citizen.rating = level

    # --- robots -------------------------------------------------------------------

    def _bodies(self) -> dict[str, RobotBody]:
        """Put every robot on its dock, charged overnight."""
        layout = self.config.layout
        bodies: dict[str, RobotBody] = {}
        for spec in self.config.robots:
            assert layout is not None
            dock = layout.place(spec.dock)
            assert dock is not None
            bodies[spec.id] = RobotBody(spec.id, dock.x, dock.y, since=self.env.now)
        return bodies

    def _on_dock(self, body: RobotBody) -> bool:
        robot = self.state.robots.robots[body.id]
        layout = self.config.layout
        dock = layout.place(robot.dock) if layout else None
        return dock is not None and math.hypot(dock.x - body.x, dock.y - body.y) < 0.5

    def _idle(self, body: RobotBody) -> None:
        """Drain (or charge on the dock) for the time since the body last changed."""
        hours = (self.env.now - body.since) / 3600.0
        robots = self.scenario.robots
        if self._on_dock(body):
            body.battery = min(1.0, body.battery + robots.charge_h * hours)
        else:
            body.battery = max(0.0, body.battery - robots.drain_idle_h * hours)
        body.since = self.env.now

    def _report(self, body: RobotBody) -> None:
        battery = round(body.battery, 3)
        x, y = round(body.x, 2), round(body.y, 2)
        self.submit(ReportRobot(body.id, True, battery, x, y, self._on_dock(body)), body.id)

    def _robot(self, body: RobotBody) -> Generator[simpy.Event, Any, None]:
        layout = self.config.layout
        assert layout is not None
        speed = self.scenario.robots.speed
        self._report(body)
        while not self.over:
            robot = self.state.robots.robots[body.id]
            task = self.state.robots.tasks.get(robot.task) if robot.task else None
            if task is None:
                wake = self.env.event()
                self.wakes[body.id] = wake
                yield wake | self.env.timeout(self.scenario.robots.report_s)
                self.wakes.pop(body.id, None)
                self._idle(body)
                if not wake.triggered:
                    self._report(body)
                continue
            self._idle(body)
            leg = task.leg
            place = layout.place(task.places[leg])
            assert place is not None
            metres = self._metres(body, place.name)
            travel = max(1, round(metres / speed))
            yield self.env.timeout(travel)
            body.x, body.y = place.x, place.y
            body.distance_m += metres
            body.moving_s += travel
            body.battery = max(
                0.0, body.battery - self.scenario.robots.drain_moving_h * travel / 3600
            )
            body.since = self.env.now
            now = self.state.robots.tasks[task.id]
            if now.status == "assigned" and now.robot == body.id and now.leg == leg:
                self.submit(ReportLeg(task.id, body.id, leg, "arrived", place.x, place.y), body.id)
            if self.state.robots.robots[body.id].task is None:
                self._report(body)

    def _metres(self, body: RobotBody, place: str) -> float:
        """Return the planned path length from the body to a place (bodies stand on places
        between legs, so the few distinct legs of a day are measured once)."""
        key = (body.x, body.y, place)
        if key not in self._legs:
            planner = self.state.planner
            assert planner is not None
            metres = planner.distance_to_place((body.x, body.y), place)
            self._legs[key] = 0.0 if math.isinf(metres) else metres
        return self._legs[key]

    def _planner(self) -> Generator[simpy.Event, Any, None]:
        """Look at the floor every minute, as the robot coordinator does."""
        while not self.over:
            yield self.env.timeout(PLAN_EVERY_S)
            if plan_due(self.state, self._now()):
                self.submit(PlanRobotWork(), "robots")


def events_of(records: list[Record]) -> Iterator[Event]:
    """Yield the events of the records in order."""
    for record in records:
        if isinstance(record, CommandRecord):
            yield from record.events
        else:
            yield record
