"""A simulated day as data: hours, arrivals, procedure mix, staffing, behaviour, robots.

A scenario file sits beside the center file; `floor/data/scenario.yaml` is the
built-in one (Tam Bình's figures from DOMAIN.md). `load_scenario` validates it
against the catalog and the center, naming file, entry and field on error.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from floor.config import DATA, ConfigError, load_model
from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import PriorityClass

Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Minutes = Annotated[float, Field(gt=0.0, le=600.0)]


def seconds(clock: str) -> int:
    """Return seconds after midnight of an "HH:MM" time."""
    hours, minutes = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Session(_Model):
    """One opening of the doors: citizens arrive from `open` until `close`."""

    open: Clock
    close: Clock

    @model_validator(mode="after")
    def _ordered(self) -> Session:
        if seconds(self.open) >= seconds(self.close):
            raise ValueError(f"opens at {self.open}, not before it closes at {self.close}")
        return self


class ProcedureMix(_Model):
    """A procedure's share of visitors and how long serving it takes.

    Service time is lognormal with the catalog's minutes as its mean (or `minutes`)
    and `sigma` as the spread of its logarithm; `exponential` is for theory checks.
    """

    id: str
    share: Annotated[float, Field(gt=0.0)]
    minutes: Minutes | None = None
    sigma: Annotated[float, Field(ge=0.0, le=3.0)] = 0.5
    dist: Literal["lognormal", "exponential"] = "lognormal"


class Priority(_Model):
    """Who gets priority: a share of visitors, split between the classes by weight."""

    share: Share = 0.1
    kinds: dict[PriorityClass, Annotated[float, Field(ge=0.0)]] = {"elderly": 1.0}


class Staffing(_Model):
    """From `at` on, these counters are open (until the next entry)."""

    at: Clock
    open: list[Annotated[int, Field(ge=1, le=999)]]


class Behaviour(_Model):
    """What citizens do. Times are medians of lognormal draws; null means never."""

    walk_away_min: Minutes | None = 75.0
    """Tolerance for the wait shown at the kiosk: beyond it they leave without a number."""
    patience_min: Minutes | None = 100.0
    """How long they wait for their call before they give up and go home."""
    spread: Annotated[float, Field(ge=0.0, le=2.0)] = 0.5
    no_show: Share = 0.03
    """Not in the hall when called the first time (outside, on the phone)."""
    come_back: Share = 0.6
    """Of those, the share back in the hall for the recall that follows."""
    guidance: Share = 0.05
    """Ask a guide robot to lead them to the counter when called."""
    walk_s: Annotated[int, Field(ge=0, le=600)] = 25
    """From the seats to the counter when called."""
    recall_s: Annotated[int, Field(ge=1, le=600)] = 45
    """How long an officer waits before announcing again, and again before a no-show."""
    langs: dict[Literal["vi", "en", "ko"], Annotated[float, Field(ge=0.0)]] = {"vi": 1.0}


class Ratings(_Model):
    """How satisfied citizens are: a level drawn around base + per_wait_min × wait
    (+ robot_help when a robot greeted, led or served them), 1 best."""

    share: Share = 0.7
    base: float = 1.4
    per_wait_min: float = 0.03
    robot_help: float = -0.3
    sd: Annotated[float, Field(ge=0.0, le=3.0)] = 0.6


class Robots(_Model):
    """The center's robots in the simulation (the center file says which and where)."""

    enabled: bool = True
    speed: Annotated[float, Field(gt=0.0, le=3.0)] = 0.8
    """Metres a second: walking pace, an elderly citizen can follow."""
    drain_moving_h: Annotated[float, Field(ge=0.0, le=1.0)] = 1 / 6
    drain_idle_h: Annotated[float, Field(ge=0.0, le=1.0)] = 1 / 10
    charge_h: Annotated[float, Field(ge=0.0, le=5.0)] = 1 / 3
    report_s: Annotated[int, Field(ge=10, le=3600)] = 300


class Scenario(_Model):
    """One simulated day (and the days that repeat it)."""

    version: Literal[1]
    name: Annotated[str, Field(min_length=1)]
    start: dt.date = dt.date(2026, 11, 23)
    sessions: Annotated[list[Session], Field(min_length=1)]
    visitors: Annotated[float, Field(gt=0.0, le=20000.0)]
    arrivals: dict[Clock, Annotated[float, Field(ge=0.0)]] = {}
    """Relative weight of each half hour (by its start); a flat profile when empty."""
    backlog: Annotated[int, Field(ge=0, le=500)] = 0
    """Citizens already at the door when it first opens (drawn like any other visitor)."""
    procedures: Annotated[list[ProcedureMix], Field(min_length=1)]
    priority: Priority = Priority()
    staffing: list[Staffing] = []
    """Counters open over the day; the center file's open counters all day when empty."""
    behaviour: Behaviour = Behaviour()
    ratings: Ratings = Ratings()
    robots: Robots = Robots()

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        ends = [(seconds(s.open), seconds(s.close)) for s in self.sessions]
        for i in range(1, len(ends)):
            if ends[i][0] < ends[i - 1][1]:
                raise ValueError(f"sessions[{i}].open: starts before the previous one closes")
        for clock in self.arrivals:
            if seconds(clock) % 1800:
                raise ValueError(f"arrivals.{clock}: a half hour starts at :00 or :30")
            if not any(a <= seconds(clock) < b for a, b in ends):
                raise ValueError(f"arrivals.{clock}: outside the opening hours")
        if self.arrivals and not sum(self.arrivals.values()):
            raise ValueError("arrivals: every weight is zero")
        for i in range(1, len(self.staffing)):
            if seconds(self.staffing[i].at) <= seconds(self.staffing[i - 1].at):
                raise ValueError(f"staffing[{i}].at: not after the entry before it")
        if self.priority.share and not sum(self.priority.kinds.values()):
            raise ValueError("priority.kinds: every weight is zero")
        return self

    @property
    def opens(self) -> int:
        """Return the first opening, in seconds after midnight."""
        return seconds(self.sessions[0].open)

    @property
    def closes(self) -> int:
        """Return the last closing, in seconds after midnight."""
        return seconds(self.sessions[-1].close)

    def slots(self) -> list[tuple[int, int, float]]:
        """Return (start, end, expected arrivals) for every half hour of the day."""
        spans: list[tuple[int, int]] = []
        for session in self.sessions:
            t, end = seconds(session.open), seconds(session.close)
            while t < end:
                nxt = min(end, (t // 1800 + 1) * 1800)
                spans.append((t, nxt))
                t = nxt
        weights = [self._weight(a, b) for a, b in spans]
        total = sum(weights)
        return [(a, b, self.visitors * w / total) for (a, b), w in zip(spans, weights, strict=True)]

    def _weight(self, start: int, end: int) -> float:
        if not self.arrivals:
            return float(end - start)
        slot = start // 1800 * 1800
        clock = f"{slot // 3600:02d}:{slot % 3600 // 60:02d}"
        return self.arrivals.get(clock, 0.0) * (end - start) / 1800

    def open_counters(self, config: CenterConfig, at: int) -> frozenset[int]:
        """Return the counters staffed at `at` seconds after midnight (not only in hours)."""
        if not self.staffing:
            return frozenset(c.number for c in config.counters if c.open)
        current: frozenset[int] = frozenset()
        for entry in self.staffing:
            if seconds(entry.at) <= at:
                current = frozenset(entry.open)
        return current

    def mean_minutes(self, catalog: Catalog, procedure: str) -> float:
        """Return a procedure's mean service minutes in this scenario."""
        mix = next(p for p in self.procedures if p.id == procedure)
        if mix.minutes is not None:
            return mix.minutes
        proc = catalog.procedure(procedure)
        assert proc is not None
        return float(proc.service_minutes)

    def lognormal(self, catalog: Catalog, procedure: str) -> tuple[float, float]:
        """Return (mu, sigma) of a procedure's service seconds (lognormal)."""
        mix = next(p for p in self.procedures if p.id == procedure)
        mean = self.mean_minutes(catalog, procedure) * 60.0
        return math.log(mean) - mix.sigma**2 / 2, mix.sigma

    def check_against(self, catalog: Catalog, config: CenterConfig) -> None:
        """Raise ValueError naming the entry that the catalog or center does not know."""
        for i, mix in enumerate(self.procedures):
            if catalog.procedure(mix.id) is None:
                raise ValueError(f"procedures[{i}] (id={mix.id}).id: unknown procedure {mix.id!r}")
        numbers = {c.number for c in config.counters}
        for i, entry in enumerate(self.staffing):
            for number in entry.open:
                if number not in numbers:
                    raise ValueError(f"staffing[{i}] (at={entry.at}).open: no counter {number}")
        for i, mix in enumerate(self.procedures):
            proc = catalog.procedure(mix.id)
            assert proc is not None
            if not any(proc.field in c.fields for c in config.counters):
                raise ValueError(
                    f"procedures[{i}] (id={mix.id}).id: no counter serves field {proc.field!r}"
                )


def default_scenario_path() -> Path:
    """Return the built-in scenario (Tam Bình on an ordinary weekday)."""
    return DATA / "scenario.yaml"


def load_scenario(
    path: Path | None = None, catalog: Catalog | None = None, config: CenterConfig | None = None
) -> Scenario:
    """Load a scenario file and check it against the catalog and the center."""
    path = path or default_scenario_path()
    scenario = load_model(path, Scenario)
    if catalog is not None and config is not None:
        try:
            scenario.check_against(catalog, config)
        except ValueError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return scenario
