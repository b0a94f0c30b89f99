"""Commands: what devices, staff and managers ask the floor to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from floor.core.catalog import Lang

PriorityClass = Literal["elderly", "disability", "pregnant", "small_child", "urgent"]
PRIORITY_CLASSES: tuple[PriorityClass, ...] = (
    "elderly",
    "disability",
    "pregnant",
    "small_child",
    "urgent",
)


@dataclass(frozen=True, slots=True)
class IssueTicket:
    """Give a citizen a queue number for a procedure."""

    procedure: str
    priority: PriorityClass | None = None
    lang: Lang = "vi"
    guidance: bool = False
    request_id: str = ""
    device: str = ""


@dataclass(frozen=True, slots=True)
class CallNext:
    """Call the best eligible ticket to a counter (finishing the current one)."""

    counter: int


@dataclass(frozen=True, slots=True)
class CallTicket:
    """Call one waiting ticket by number to a counter."""

    counter: int
    number: str


@dataclass(frozen=True, slots=True)
class Recall:
    """Announce the counter's current ticket again."""

    counter: int


@dataclass(frozen=True, slots=True)
class NoShow:
    """Mark the counter's current ticket as not present."""

    counter: int


@dataclass(frozen=True, slots=True)
class Transfer:
    """Send the counter's current ticket to another field, keeping its number."""

    counter: int
    field: str


@dataclass(frozen=True, slots=True)
class Finish:
    """Finish serving the counter's current ticket."""

    counter: int


@dataclass(frozen=True, slots=True)
class SetCounterStatus:
    """Open, pause or close a counter."""

    counter: int
    status: Literal["open", "paused", "closed"]


@dataclass(frozen=True, slots=True)
class SetCounterFields:
    """Change the fields a counter serves."""

    counter: int
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rate:
    """Record a satisfaction rating for the ticket last served at a counter."""

    counter: int
    level: int
    device: str = ""
    ref: str = ""
    reasons: tuple[str, ...] = ()


Command = (
    IssueTicket
    | CallNext
    | CallTicket
    | Recall
    | NoShow
    | Transfer
    | Finish
    | SetCounterStatus
    | SetCounterFields
    | Rate
)
