"""Shared helpers for tests that drive the pure core."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from floor.config import load_catalog, load_center
from floor.core.catalog import CenterConfig, Policy
from floor.core.commands import Command
from floor.core.decide import decide, start_day
from floor.core.events import Event
from floor.core.state import FloorState

ICT = timezone(timedelta(hours=7))
CATALOG = load_catalog()
CENTER = load_center(catalog=CATALOG)


def center(**policy: int) -> CenterConfig:
    """Return the demo center with policy values replaced."""
    return CENTER.model_copy(update={"policy": Policy(**{**CENTER.policy.model_dump(), **policy})})


class Floor:
    """A pure floor driven command by command with a hand-moved clock."""

    def __init__(self, config: CenterConfig | None = None) -> None:
        self.state = FloorState.initial(CATALOG, config or CENTER)
        self.now = datetime(2026, 11, 23, 8, 0, tzinfo=ICT)
        self.log: list[Event] = []

    def tick(self, minutes: float = 1.0) -> None:
        """Move the clock on."""
        self.now += timedelta(minutes=minutes)

    def do(self, command: Command) -> list[Event]:
        """Decide and fold one command; Rejected propagates (after the day started)."""
        for event in start_day(self.state, self.now):
            self.state.apply(event)
            self.log.append(event)
        events = decide(self.state, command, self.now)
        for event in events:
            self.state.apply(event)
        self.log.extend(events)
        return events

    def replayed(self) -> FloorState:
        """Return a fresh state folded from this floor's events."""
        state = FloorState.initial(self.state.catalog, self.state.config)
        for event in self.log:
            state.apply(event)
        return state
