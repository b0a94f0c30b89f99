"""The citizens of a simulated day: who comes when, for what, and how they behave;
and the day's schedule of open counters. Shared by the virtual-time simulator and the
live demo, so both play the same day for the same seed."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Literal

from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import PriorityClass
from sim.day.scenario import Ratings, Scenario, seconds

Outcome = Literal["waiting", "served", "walked_away", "gave_up", "no_show"]


@dataclass(slots=True)
class Citizen:
    """One visitor of the simulated day and what became of them (times: s after midnight)."""

    id: int
    day: dt.date
    arrived: float
    procedure: str
    field: str
    priority: PriorityClass | None
    lang: Literal["vi", "en", "ko"]
    guidance: bool
    tolerance_s: float
    give_up_at: float
    away_first: bool
    comes_back: bool
    service_s: float
    ticket: str = ""
    ahead: int = 0
    per_person_s: float = 0.0
    estimate_min: int | None = None
    naive_min: float | None = None
    outcome: Outcome = "waiting"
    left: float | None = None
    called: float | None = None
    at_counter: float | None = None
    finished: float | None = None
    greeted: float | None = None
    refreshed: bool = False
    robot_help: bool = False
    rating: int | None = None

    @property
    def wait_s(self) -> float | None:
        """Return the wait from arrival to the call that served them."""
        return None if self.called is None else self.called - self.arrived


class Visitors:
    """Draw a day's visitors from a scenario (one random stream for arrival times, one for
    who they are: the same seed gives the same citizens in every scenario that shares
    the arrival profile and mix)."""

    def __init__(self, catalog: Catalog, scenario: Scenario) -> None:
        self.catalog = catalog
        self.scenario = scenario
        self.procs = [p.id for p in scenario.procedures]
        self.weights = [p.share for p in scenario.procedures]

    def draw(self, seed: int, index: int, day: dt.date) -> list[Citizen]:
        """Return day number `index`'s visitors in order of arrival."""
        rng = random.Random(f"{seed}:{index}:arrivals")
        times = [float(self.scenario.opens)] * self.scenario.backlog
        for start, end, expected in self.scenario.slots():
            count = poisson(rng, expected)
            times.extend(sorted(round(rng.uniform(start, end), 3) for _ in range(count)))
        who = random.Random(f"{seed}:{index}:citizens")
        return [self._citizen(who, i + 1, at, day) for i, at in enumerate(times)]

    def _citizen(self, rng: random.Random, number: int, at: float, day: dt.date) -> Citizen:
        """Draw a visitor: procedure, priority, language and how they behave."""
        sc = self.scenario
        how = sc.behaviour
        procedure = rng.choices(self.procs, self.weights)[0]
        proc = self.catalog.procedure(procedure)
        assert proc is not None
        draw_priority = rng.random()
        kinds = list(sc.priority.kinds)
        kind = rng.choices(kinds, [sc.priority.kinds[k] for k in kinds])[0] if kinds else None
        priority = kind if draw_priority < sc.priority.share else None
        langs = list(how.langs)
        lang = rng.choices(langs, [how.langs[k] for k in langs])[0]
        mix = next(p for p in sc.procedures if p.id == procedure)
        if mix.dist == "exponential":
            service = rng.expovariate(1.0 / (sc.mean_minutes(self.catalog, procedure) * 60.0))
        else:
            service = rng.lognormvariate(*sc.lognormal(self.catalog, procedure))
        tolerance = median_draw(rng, how.walk_away_min, how.spread)
        patience = median_draw(rng, how.patience_min, how.spread)
        return Citizen(
            id=number,
            day=day,
            arrived=at,
            procedure=procedure,
            field=proc.field,
            priority=priority,
            lang=lang,
            guidance=rng.random() < how.guidance,
            tolerance_s=tolerance,
            give_up_at=at + patience,
            away_first=rng.random() < how.no_show,
            comes_back=rng.random() < how.come_back,
            service_s=max(round(service, 3), 0.001),
        )


def present_when_called(citizen: Citizen, requeues: int, now: float) -> bool:
    """Return whether a called citizen comes to the counter (marking one who gave up)."""
    if citizen.outcome == "waiting" and now >= citizen.give_up_at:
        citizen.outcome, citizen.left = "gave_up", citizen.give_up_at
    return citizen.outcome == "waiting" and not (
        citizen.away_first and (requeues == 0 or not citizen.comes_back)
    )


def rating_level(rng: random.Random, how: Ratings, citizen: Citizen, levels: int) -> int | None:
    """Return the level a served citizen presses (1 best), or None when they do not rate."""
    if rng.random() >= how.share:
        return None
    wait = (citizen.wait_s or 0) / 60.0
    mean = how.base + how.per_wait_min * wait + (how.robot_help if citizen.robot_help else 0.0)
    return min(max(round(rng.gauss(mean, how.sd)), 1), levels)


class Schedule:
    """When the doors are open and which counters are staffed, in seconds after midnight."""

    def __init__(self, scenario: Scenario, config: CenterConfig) -> None:
        self.sessions = [(seconds(s.open), seconds(s.close)) for s in scenario.sessions]
        stops = {t for session in self.sessions for t in session}
        self.changes = sorted(stops | {seconds(e.at) for e in scenario.staffing})
        self.staff = {t: scenario.open_counters(config, t) for t in self.changes}
        self.before = scenario.open_counters(config, 0)

    def in_session(self, t: float) -> bool:
        """Return whether the doors are open at `t`."""
        return any(start <= t < end for start, end in self.sessions)

    def open_at(self, t: float) -> frozenset[int]:
        """Return the counters staffed at `t` (the plan changes only at `changes`)."""
        at = max((c for c in self.changes if c <= t), default=None)
        return self.before if at is None else self.staff[at]

    def next_change(self, t: float) -> int | None:
        """Return the next time the doors or the staffing change, or None."""
        return next((c for c in self.changes if c > t), None)

    def last_close(self, t: float) -> int:
        """Return the latest closing at or before `t` (0 before the first)."""
        return max((end for _, end in self.sessions if end <= t), default=0)


def poisson(rng: random.Random, mean: float) -> int:
    """Draw a Poisson count (Knuth's method in steps, fine for a half hour's arrivals)."""
    count = 0
    while mean > 0:
        step = min(mean, 30.0)
        mean -= step
        limit, product = math.exp(-step), rng.random()
        while product > limit:
            count += 1
            product *= rng.random()
    return count


def median_draw(rng: random.Random, median_min: float | None, spread: float) -> float:
    """Draw seconds from a lognormal with this median (inf when never)."""
    if median_min is None:
        return math.inf
    return rng.lognormvariate(math.log(median_min * 60.0), spread)
