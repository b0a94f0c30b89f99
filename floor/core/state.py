"""Floor state and how each event changes it (the fold)."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from floor.core.catalog import Catalog, CenterConfig, Lang
from floor.core.city import Notice, PendingCatalog
from floor.core.commands import PriorityClass
from floor.core.events import (
    AlertAcknowledged,
    CatalogApplied,
    CatalogReceived,
    CounterFieldsChanged,
    CounterStatus,
    CounterStatusChanged,
    DayStarted,
    DeviceAlerted,
    Event,
    GuidanceRequested,
    NoticePosted,
    QuestionAsked,
    RatingRecorded,
    StaffRequested,
    TicketCalled,
    TicketFinished,
    TicketIssued,
    TicketNoShow,
    TicketRecalled,
    TicketTransferred,
)
from floor.core.layout import Planner, planner_for
from floor.core.lockers import LOCKER_EVENTS, LockerBoard
from floor.core.robotboard import ROBOT_EVENTS, RobotBoard

TicketStatus = Literal["waiting", "called", "served", "no_show"]


@dataclass(slots=True)
class Ticket:
    """One queue number and where it stands."""

    id: str
    number: str
    procedure: str
    field: str
    priority: PriorityClass | None
    lang: Lang
    guidance: bool
    request_id: str
    device: str
    issued_at: datetime
    order: int
    status: TicketStatus = "waiting"
    counter: int | None = None
    called_at: datetime | None = None
    finished_at: datetime | None = None
    requeues: int = 0
    rating: int | None = None


@dataclass(slots=True)
class Counter:
    """One counter and what it is doing."""

    number: int
    fields: tuple[str, ...]
    status: CounterStatus
    current: str | None = None
    last_served: str | None = None
    priority_streak: int = 0
    served_today: int = 0


@dataclass(slots=True)
class Line:
    """The waiting tickets of one field, priority and normal, each in call order."""

    priority: list[tuple[int, str]] = field(default_factory=list)
    normal: list[tuple[int, str]] = field(default_factory=list)

    def side(self, ticket: Ticket) -> list[tuple[int, str]]:
        """Return the list a ticket waits in."""
        return self.priority if ticket.priority else self.normal

    def add(self, ticket: Ticket) -> None:
        """Put a ticket in line by its order."""
        bisect.insort(self.side(ticket), (ticket.order, ticket.id))

    def remove(self, ticket: Ticket) -> None:
        """Take a ticket out of line."""
        side = self.side(ticket)
        del side[bisect.bisect_left(side, (ticket.order, ticket.id))]

    def __len__(self) -> int:
        return len(self.priority) + len(self.normal)


@dataclass(slots=True)
class FloorState:
    """Everything the floor knows; change it only through `apply`."""

    catalog: Catalog
    config: CenterConfig
    day: date | None = None
    next_number: dict[str, int] = field(default_factory=dict)
    next_order: int = 0
    issued_by_device: dict[str, int] = field(default_factory=dict)
    """Tickets each device gave out today."""
    tickets: dict[str, Ticket] = field(default_factory=dict)
    by_number: dict[str, str] = field(default_factory=dict)
    counters: dict[int, Counter] = field(default_factory=dict)
    lines: dict[str, Line] = field(default_factory=dict)
    service_seconds: dict[str, deque[float]] = field(default_factory=dict)
    robots: RobotBoard = field(default_factory=RobotBoard)
    lockers: LockerBoard = field(default_factory=lambda: LockerBoard({}))
    planner: Planner | None = field(default=None, compare=False, repr=False)
    """Paths on the floor map (None without a layout); not state, a tool of the policies."""
    applied: int = 0
    base: Catalog | None = field(default=None, compare=False, repr=False)
    """The center's own catalog (its file), which the city's versions replace."""
    catalog_version: int = 0
    """The city's catalog version the floor runs (0: the center's own catalog)."""
    pending: PendingCatalog | None = None
    """A version from the city the floor applies at the next day start."""
    notices: dict[str, Notice] = field(default_factory=dict)
    """The city's notices by id, until they end."""

    @classmethod
    def initial(cls, catalog: Catalog, config: CenterConfig) -> FloorState:
        """Return the state of a center before any event."""
        state = cls(catalog=catalog, config=config, base=catalog)
        state.lines = {f.id: Line() for f in catalog.fields}
        window = config.policy.estimate_window
        state.service_seconds = {f.id: deque(maxlen=window) for f in catalog.fields}
        state.counters = {
            c.number: Counter(c.number, tuple(c.fields), "open" if c.open else "closed")
            for c in config.counters
        }
        state.robots = RobotBoard.initial(config)
        state.lockers = LockerBoard.initial(config)
        state.planner = planner_for(config.layout) if config.layout else None
        return state

    def apply(self, event: Event) -> None:
        """Fold one event into the state."""
        kind = type(event)
        if kind in ROBOT_EVENTS:
            self.robots.apply(event)
        elif isinstance(event, LOCKER_EVENTS):
            self.lockers.apply(event)
        else:
            _HANDLERS[kind](self, event)
        self.applied += 1

    def ticket_by_number(self, number: str) -> Ticket | None:
        """Return today's ticket with this number, or None."""
        ticket_id = self.by_number.get(number)
        return self.tickets[ticket_id] if ticket_id else None


def _day_started(state: FloorState, event: DayStarted) -> None:
    """Start a new day: the tickets of earlier days leave the live state (the event log
    keeps them). Their waiting and called ones expire with the day, so every one of them
    is final, and nothing of the new day refers to them."""
    state.day = event.day
    state.next_number = {}
    state.by_number = {}
    state.issued_by_device = {}
    state.tickets.clear()
    for line in state.lines.values():
        line.priority.clear()
        line.normal.clear()
    for counter in state.counters.values():
        counter.current = None
        counter.last_served = None
        counter.priority_streak = 0
        counter.served_today = 0
    state.robots.new_day()
    state.notices = {k: n for k, n in state.notices.items() if n.valid_until > event.at}


def _issued(state: FloorState, event: TicketIssued) -> None:
    prefix = event.number[0]
    state.next_number[prefix] = int(event.number[1:]) + 1
    ticket = Ticket(
        id=event.ticket,
        number=event.number,
        procedure=event.procedure,
        field=event.field,
        priority=event.priority,
        lang=event.lang,
        guidance=event.guidance,
        request_id=event.request_id,
        device=event.device,
        issued_at=event.at,
        order=state.next_order,
    )
    state.next_order += 1
    state.issued_by_device[event.device] = state.issued_by_device.get(event.device, 0) + 1
    state.tickets[ticket.id] = ticket
    state.by_number[ticket.number] = ticket.id
    state.lines[ticket.field].add(ticket)


def _called(state: FloorState, event: TicketCalled) -> None:
    ticket = state.tickets[event.ticket]
    counter = state.counters[event.counter]
    state.lines[ticket.field].remove(ticket)
    ticket.status = "called"
    ticket.counter = counter.number
    ticket.called_at = event.at
    counter.current = ticket.id
    if event.by == "next":
        counter.priority_streak = counter.priority_streak + 1 if ticket.priority else 0


def _recalled(state: FloorState, event: TicketRecalled) -> None:
    state.tickets[event.ticket].called_at = event.at


def _finished(state: FloorState, event: TicketFinished) -> None:
    ticket = state.tickets[event.ticket]
    counter = state.counters[event.counter]
    ticket.status = "served"
    ticket.finished_at = event.at
    counter.current = None
    counter.last_served = ticket.id
    counter.served_today += 1
    if ticket.called_at is not None:
        seconds = (event.at - ticket.called_at).total_seconds()
        state.service_seconds[ticket.field].append(max(seconds, 0.0))


def _no_show(state: FloorState, event: TicketNoShow) -> None:
    ticket = state.tickets[event.ticket]
    state.counters[event.counter].current = None
    ticket.counter = None
    if event.requeued:
        ticket.status = "waiting"
        ticket.requeues += 1
        ticket.order = state.next_order
        state.next_order += 1
        state.lines[ticket.field].add(ticket)
    else:
        ticket.status = "no_show"


def _transferred(state: FloorState, event: TicketTransferred) -> None:
    ticket = state.tickets[event.ticket]
    state.counters[event.counter].current = None
    ticket.counter = None
    ticket.status = "waiting"
    ticket.field = event.to_field
    state.lines[ticket.field].add(ticket)


def _status_changed(state: FloorState, event: CounterStatusChanged) -> None:
    state.counters[event.counter].status = event.status


def _fields_changed(state: FloorState, event: CounterFieldsChanged) -> None:
    state.counters[event.counter].fields = event.fields


def _rated(state: FloorState, event: RatingRecorded) -> None:
    state.tickets[event.ticket].rating = event.level


def _guidance(state: FloorState, event: GuidanceRequested) -> None:
    state.tickets[event.ticket].guidance = True


def _catalog_received(state: FloorState, event: CatalogReceived) -> None:
    catalog = Catalog.model_validate_json(event.catalog)
    state.pending = PendingCatalog(event.version, catalog, event.urgent)


def _catalog_applied(state: FloorState, event: CatalogApplied) -> None:
    """Run the accepted version: lines of new fields open; those of removed fields are
    empty (the core holds a version back while a ticket of today uses what it removes)."""
    pending = state.pending
    assert pending is not None and pending.version == event.version
    state.catalog, state.catalog_version, state.pending = pending.catalog, pending.version, None
    window = state.config.policy.estimate_window
    ids = [f.id for f in state.catalog.fields]
    state.lines = {f: state.lines.get(f, Line()) for f in ids}
    state.service_seconds = {f: state.service_seconds.get(f, deque(maxlen=window)) for f in ids}


def _notice_posted(state: FloorState, event: NoticePosted) -> None:
    state.notices[event.notice] = Notice(
        event.notice, event.vi, event.en, event.ko, event.valid_from, event.valid_until
    )


_HANDLERS: dict[type[Event], Callable[[FloorState, Any], None]] = {
    DayStarted: _day_started,
    TicketIssued: _issued,
    TicketCalled: _called,
    TicketRecalled: _recalled,
    TicketFinished: _finished,
    TicketNoShow: _no_show,
    TicketTransferred: _transferred,
    CounterStatusChanged: _status_changed,
    CounterFieldsChanged: _fields_changed,
    RatingRecorded: _rated,
    GuidanceRequested: _guidance,
    StaffRequested: lambda _state, _event: None,  # an alert only: nothing on the floor changes
    DeviceAlerted: lambda _state, _event: None,  # likewise
    AlertAcknowledged: lambda _state, _event: None,  # the console keeps who saw which alert
    CatalogReceived: _catalog_received,
    CatalogApplied: _catalog_applied,
    NoticePosted: _notice_posted,
    QuestionAsked: lambda _state, _event: None,  # counted in the report only
}
