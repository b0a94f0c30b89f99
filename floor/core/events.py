"""Events: the facts the floor records, and their plain-dict form for the log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from floor.core.catalog import Lang
from floor.core.commands import DeviceProblem, PriorityClass
from floor.core.lockers import LOCKER_EVENTS, LOCKER_TIMES, LockerEvent

CounterStatus = Literal["open", "paused", "closed"]


@dataclass(frozen=True, slots=True)
class DayStarted:
    """A new service day: numbering restarts and yesterday's open tickets expire."""

    at: datetime
    day: date


@dataclass(frozen=True, slots=True)
class TicketIssued:
    """A ticket was given out."""

    at: datetime
    ticket: str
    number: str
    procedure: str
    field: str
    priority: PriorityClass | None
    lang: Lang
    guidance: bool
    request_id: str
    device: str


@dataclass(frozen=True, slots=True)
class TicketCalled:
    """A ticket was called to a counter."""

    at: datetime
    ticket: str
    counter: int
    by: Literal["next", "number"]


@dataclass(frozen=True, slots=True)
class TicketRecalled:
    """The counter's current ticket was announced again."""

    at: datetime
    ticket: str
    counter: int


@dataclass(frozen=True, slots=True)
class TicketFinished:
    """The counter finished serving a ticket."""

    at: datetime
    ticket: str
    counter: int


@dataclass(frozen=True, slots=True)
class TicketNoShow:
    """A called citizen did not come; the ticket is requeued or dropped."""

    at: datetime
    ticket: str
    counter: int
    requeued: bool


@dataclass(frozen=True, slots=True)
class TicketTransferred:
    """A ticket moved to another field, keeping its number."""

    at: datetime
    ticket: str
    counter: int
    to_field: str


@dataclass(frozen=True, slots=True)
class CounterStatusChanged:
    """A counter opened, paused or closed."""

    at: datetime
    counter: int
    status: CounterStatus
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CounterFieldsChanged:
    """A counter now serves other fields."""

    at: datetime
    counter: int
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RatingRecorded:
    """A citizen rated the service of a ticket at a counter."""

    at: datetime
    ticket: str
    counter: int
    level: int
    device: str
    ref: str
    reasons: tuple[str, ...] = ()


RobotTaskKind = Literal["greet", "escort", "refresh", "dock"]
TaskOutcome = Literal["done", "failed", "cancelled"]


@dataclass(frozen=True, slots=True)
class StaffRequested:
    """A citizen asked for a person; the managers are alerted."""

    at: datetime
    device: str
    text: str
    lang: Lang
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class DeviceAlerted:
    """A device misbehaves (floods the floor, or gives out an unusual number of tickets)."""

    at: datetime
    device: str
    problem: DeviceProblem
    detail: str


@dataclass(frozen=True, slots=True)
class AlertAcknowledged:
    """A manager has seen an alert and takes it in hand."""

    at: datetime
    alert: str
    by: str


@dataclass(frozen=True, slots=True)
class GuidanceRequested:
    """A ticket holder asked (at the kiosk or a robot) to be led to the counter."""

    at: datetime
    ticket: str


@dataclass(frozen=True, slots=True)
class RobotReported:
    """A robot's availability, battery and position as the floor last heard them."""

    at: datetime
    robot: str
    online: bool
    battery: float
    x: float
    y: float
    charging: bool


@dataclass(frozen=True, slots=True)
class RobotTaskCreated:
    """Robot work was decided: go to `places` in turn, saying `says[i]` on reaching each."""

    at: datetime
    task: str
    kind: RobotTaskKind
    places: tuple[str, ...]
    says: tuple[str, ...]
    ticket: str = ""
    numbers: tuple[str, ...] = ()
    robot: str = ""
    """Set when only one robot may do it (its own dock)."""
    note: str = ""
    """A manager's or citizen's words for the robot's screen (refreshments on request)."""


@dataclass(frozen=True, slots=True)
class RobotTaskAssigned:
    """A robot took a task; `cost` is its travel in metres to the task's next place."""

    at: datetime
    task: str
    robot: str
    cost: float


@dataclass(frozen=True, slots=True)
class RobotTaskReleased:
    """A robot let go of a task, which waits for another (robot_offline, better_robot, …)."""

    at: datetime
    task: str
    robot: str
    reason: str


@dataclass(frozen=True, slots=True)
class RobotLegReached:
    """A robot reached the task's place number `leg` and said its words."""

    at: datetime
    task: str
    robot: str
    leg: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class RobotHeld:
    """A robot was paused (`paused`) or stopped with the fleet (`stop_all`): it takes no work."""

    at: datetime
    robot: str
    reason: str


@dataclass(frozen=True, slots=True)
class RobotResumed:
    """A held robot may take work again."""

    at: datetime
    robot: str


@dataclass(frozen=True, slots=True)
class RobotTaskEnded:
    """A task is over: done, failed or cancelled."""

    at: datetime
    task: str
    outcome: TaskOutcome
    reason: str


@dataclass(frozen=True, slots=True)
class CatalogReceived:
    """The floor accepted a catalog version from the city (JSON text), to apply later."""

    at: datetime
    version: int
    catalog: str
    urgent: bool


@dataclass(frozen=True, slots=True)
class CatalogApplied:
    """The floor now runs the catalog version it accepted."""

    at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class NoticePosted:
    """A notice from the city, shown on the floor's screens from `valid_from` to `valid_until`."""

    at: datetime
    notice: str
    vi: str
    en: str
    ko: str
    valid_from: datetime
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    """A citizen's chat question was answered (sure or not); no text is kept."""

    at: datetime
    device: str
    intent: str
    lang: Lang
    answered: bool


Event = (
    DayStarted
    | TicketIssued
    | TicketCalled
    | TicketRecalled
    | TicketFinished
    | TicketNoShow
    | TicketTransferred
    | CounterStatusChanged
    | CounterFieldsChanged
    | RatingRecorded
    | StaffRequested
    | DeviceAlerted
    | AlertAcknowledged
    | GuidanceRequested
    | RobotReported
    | RobotTaskCreated
    | RobotTaskAssigned
    | RobotTaskReleased
    | RobotLegReached
    | RobotTaskEnded
    | RobotHeld
    | RobotResumed
    | LockerEvent
    | CatalogReceived
    | CatalogApplied
    | NoticePosted
    | QuestionAsked
)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        DayStarted,
        TicketIssued,
        TicketCalled,
        TicketRecalled,
        TicketFinished,
        TicketNoShow,
        TicketTransferred,
        CounterStatusChanged,
        CounterFieldsChanged,
        RatingRecorded,
        StaffRequested,
        DeviceAlerted,
        AlertAcknowledged,
        GuidanceRequested,
        RobotReported,
        RobotTaskCreated,
        RobotTaskAssigned,
        RobotTaskReleased,
        RobotLegReached,
        RobotTaskEnded,
        RobotHeld,
        RobotResumed,
        *LOCKER_EVENTS,
        CatalogReceived,
        CatalogApplied,
        NoticePosted,
        QuestionAsked,
    )
}


def event_to_dict(event: Event) -> dict[str, Any]:
    """Return the event as JSON-ready data (its kind is the class name)."""
    data: dict[str, Any] = {}
    for f in dataclasses.fields(event):
        value = getattr(event, f.name)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


def event_from_dict(kind: str, data: dict[str, Any]) -> Event:
    """Rebuild an event from its kind and the data `event_to_dict` gave."""
    cls = EVENT_TYPES[kind]
    values = dict(data)
    values["at"] = datetime.fromisoformat(values["at"])
    for name in LOCKER_TIMES:
        if isinstance(values.get(name), str):
            values[name] = datetime.fromisoformat(values[name])
    if cls is DayStarted:
        values["day"] = date.fromisoformat(values["day"])
    if cls is NoticePosted:
        for name in ("valid_from", "valid_until"):
            values[name] = datetime.fromisoformat(values[name])
    for name in ("fields", "reasons", "places", "says", "numbers"):
        if isinstance(values.get(name), list):
            values[name] = tuple(values[name])
    return cls(**values)
