"""Decide: what events a command causes in a given state (pure, clock passed in)."""

from __future__ import annotations

from datetime import datetime

from floor.core.city import decide_city
from floor.core.commands import (
    CITY_COMMANDS,
    ROBOT_COMMANDS,
    AcknowledgeAlert,
    CallNext,
    CallTicket,
    Command,
    Finish,
    IssueTicket,
    NoShow,
    NoteQuestion,
    Rate,
    Recall,
    ReportDevice,
    RequestStaff,
    SetCounterFields,
    SetCounterStatus,
    Transfer,
)
from floor.core.errors import Rejected
from floor.core.events import (
    AlertAcknowledged,
    CatalogApplied,
    CounterFieldsChanged,
    CounterStatusChanged,
    DayStarted,
    DeviceAlerted,
    Event,
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
from floor.core.lockers import (
    LOCKER_COMMANDS,
    CodeNotSent,
    DossierLocked,
    LockerCommand,
    decide_locker,
)
from floor.core.queueing import next_ticket
from floor.core.redact import redact, redact_command
from floor.core.robots import decide_robot, robot_work
from floor.core.state import Counter, FloorState, Ticket

MAX_NUMBER = 9999
"""Numbers run A001…A999 then A1000…: a busy day never refuses a whole prefix."""


def start_day(state: FloorState, now: datetime) -> list[Event]:
    """Return the event that starts a new service day at `now`, if one is due, and the
    application of a catalog version from the city held for it."""
    if state.day == now.date():
        return []
    held = [CatalogApplied(now, state.pending.version)] if state.pending else []
    return [DayStarted(at=now, day=now.date()), *held]


def decide(state: FloorState, cmd: Command, now: datetime) -> list[Event]:
    """Return the events `cmd` causes at `now` (local time); raise Rejected.

    The state is not changed; fold the events with `FloorState.apply`. Fold
    `start_day` first: a command is decided within the day it arrives in. The
    robot work the events call for (escorts, docking, assignment) comes last.
    Free text (a staff request, a refreshment note) and refusals are redacted.
    """
    if state.day != now.date():
        raise Rejected("day_not_started", f"the service day {now.date()} has not started")
    cmd = redact_command(cmd)  # no citizen number in the log, the state or an answer
    try:
        if isinstance(cmd, ROBOT_COMMANDS):
            events = decide_robot(state, cmd, now)
        elif isinstance(cmd, LOCKER_COMMANDS):
            events = _decide_locker(state, cmd, now)
        elif isinstance(cmd, CITY_COMMANDS):
            events = decide_city(state, cmd, now)
        else:
            events = _decide_floor(state, cmd, now)
    except Rejected as exc:
        raise Rejected(exc.code, redact(exc.detail)) from None
    return [*events, *robot_work(state, events, now)]


def _decide_floor(state: FloorState, cmd: Command, now: datetime) -> list[Event]:
    """Return the events of a ticket, counter or rating command."""
    if isinstance(cmd, (*ROBOT_COMMANDS, *CITY_COMMANDS)):
        raise Rejected("unknown_command", type(cmd).__name__)
    if isinstance(cmd, LOCKER_COMMANDS):
        raise Rejected("unknown_command", type(cmd).__name__)
    if isinstance(cmd, IssueTicket):
        issued = _issue(state, cmd, now)
        count = state.issued_by_device.get(cmd.device, 0) + 1
        if count != state.config.limits.tickets_per_device_day + 1:
            return [issued]
        detail = f"đã phát hơn {count - 1} số hôm nay"
        return [issued, DeviceAlerted(now, cmd.device, "many_tickets", detail)]
    if isinstance(cmd, ReportDevice):
        return [DeviceAlerted(now, cmd.device, cmd.problem, cmd.detail[:300])]
    if isinstance(cmd, RequestStaff):
        text = cmd.text[:300]
        return [StaffRequested(now, cmd.device, text, cmd.lang, cmd.urgent)]
    if isinstance(cmd, NoteQuestion):
        return [QuestionAsked(now, cmd.device, cmd.intent[:40], cmd.lang, cmd.answered)]
    if isinstance(cmd, AcknowledgeAlert):
        if not cmd.alert or not cmd.by:
            raise Rejected("bad_alert", "an acknowledgement needs an alert and who saw it")
        return [AlertAcknowledged(now, cmd.alert[:200], cmd.by[:64])]
    if isinstance(cmd, SetCounterFields):
        return [_set_fields(state, cmd, now)]
    counter = _counter(state, cmd.counter)
    current = _current(state, counter)
    if isinstance(cmd, CallNext):
        _require_open(counter)
        finish = _finish_current(current, counter, now)
        ticket = next_ticket(state, counter)
        if ticket is None:
            if finish:
                return finish
            raise Rejected("queue_empty", f"no ticket waits for counter {counter.number}")
        return [*finish, TicketCalled(at=now, ticket=ticket.id, counter=counter.number, by="next")]
    if isinstance(cmd, CallTicket):
        _require_open(counter)
        ticket = state.ticket_by_number(cmd.number.upper())
        if ticket is None or ticket.status != "waiting":
            raise Rejected("not_waiting", f"ticket {cmd.number} is not waiting today")
        if ticket.field not in counter.fields:
            raise Rejected(
                "wrong_field", f"counter {counter.number} does not serve field {ticket.field}"
            )
        finish = _finish_current(current, counter, now)
        return [
            *finish,
            TicketCalled(at=now, ticket=ticket.id, counter=counter.number, by="number"),
        ]
    if isinstance(cmd, SetCounterStatus):
        return [_set_status(counter, current, cmd, now)]
    if isinstance(cmd, Rate):
        return [_rate(state, counter, cmd, now)]
    if current is None:
        raise Rejected("not_serving", f"counter {counter.number} is serving no ticket")
    if isinstance(cmd, Recall):
        return [TicketRecalled(at=now, ticket=current.id, counter=counter.number)]
    if isinstance(cmd, Finish):
        return [TicketFinished(at=now, ticket=current.id, counter=counter.number)]
    if isinstance(cmd, NoShow):
        requeue = current.requeues < state.config.policy.no_show_requeue
        return [TicketNoShow(at=now, ticket=current.id, counter=counter.number, requeued=requeue)]
    if isinstance(cmd, Transfer):
        if state.catalog.field(cmd.field) is None:
            raise Rejected("unknown_field", f"no field {cmd.field!r}")
        if cmd.field == current.field:
            raise Rejected("same_field", f"ticket {current.number} is already in {cmd.field}")
        return [
            TicketTransferred(at=now, ticket=current.id, counter=counter.number, to_field=cmd.field)
        ]
    raise Rejected("unknown_command", type(cmd).__name__)


def _decide_locker(state: FloorState, cmd: LockerCommand, now: datetime) -> list[Event]:
    """Return the events of a locker command; a locked dossier alerts the managers."""
    events: list[Event] = list(decide_locker(state.lockers, state.config, cmd, now))
    for event in list(events):
        if isinstance(event, DossierLocked):
            detail = f"hồ sơ {event.dossier} ở ô {event.slot} bị khóa sau nhiều lần nhập sai mã"
            events.append(DeviceAlerted(now, event.locker, "locker_locked", detail))
        elif isinstance(event, CodeNotSent):
            detail = (
                f"chưa nhắn được mã OTP của hồ sơ {event.dossier} (ô {event.slot}) tới "
                f"{event.phone_masked}: {event.error}"
            )
            events.append(DeviceAlerted(now, event.locker, "code_not_sent", detail))
    return events


def _issue(state: FloorState, cmd: IssueTicket, now: datetime) -> TicketIssued:
    procedure = state.catalog.procedure(cmd.procedure)
    if procedure is None:
        raise Rejected("unknown_procedure", f"no procedure {cmd.procedure!r}")
    seq = state.next_number.get(procedure.prefix, 1)
    if seq > MAX_NUMBER:
        raise Rejected("numbers_exhausted", f"no numbers left today for {procedure.prefix}")
    number = f"{procedure.prefix}{seq:03d}"
    return TicketIssued(
        at=now,
        ticket=f"{now.date().isoformat()}/{number}",
        number=number,
        procedure=procedure.id,
        field=procedure.field,
        priority=cmd.priority,
        lang=cmd.lang,
        guidance=cmd.guidance,
        request_id=cmd.request_id,
        device=cmd.device,
    )


def _counter(state: FloorState, number: int) -> Counter:
    counter = state.counters.get(number)
    if counter is None:
        raise Rejected("unknown_counter", f"no counter {number}")
    return counter


def _current(state: FloorState, counter: Counter) -> Ticket | None:
    return state.tickets[counter.current] if counter.current else None


def _require_open(counter: Counter) -> None:
    if counter.status != "open":
        raise Rejected("counter_not_open", f"counter {counter.number} is {counter.status}")


def _finish_current(current: Ticket | None, counter: Counter, now: datetime) -> list[Event]:
    if current is None:
        return []
    return [TicketFinished(at=now, ticket=current.id, counter=counter.number)]


def _set_status(
    counter: Counter, current: Ticket | None, cmd: SetCounterStatus, now: datetime
) -> CounterStatusChanged:
    if cmd.status == counter.status:
        raise Rejected("no_change", f"counter {counter.number} is already {cmd.status}")
    if cmd.status == "closed" and current is not None:
        raise Rejected(
            "serving", f"counter {counter.number} serves {current.number}; finish it first"
        )
    return CounterStatusChanged(
        at=now, counter=counter.number, status=cmd.status, reason=cmd.reason[:120]
    )


def _set_fields(state: FloorState, cmd: SetCounterFields, now: datetime) -> CounterFieldsChanged:
    counter = _counter(state, cmd.counter)
    if not cmd.fields:
        raise Rejected("no_fields", "a counter serves at least one field")
    for field in cmd.fields:
        if state.catalog.field(field) is None:
            raise Rejected("unknown_field", f"no field {field!r}")
    return CounterFieldsChanged(at=now, counter=counter.number, fields=tuple(cmd.fields))


def _rate(state: FloorState, counter: Counter, cmd: Rate, now: datetime) -> RatingRecorded:
    levels = state.config.policy.rating_levels
    if not 1 <= cmd.level <= levels:
        raise Rejected("out_of_range", f"rating {cmd.level} is outside 1..{levels}")
    if cmd.reasons and cmd.level != levels:
        raise Rejected("reasons_not_unhappy", f"reasons go with the unhappiest level, {levels}")
    if counter.last_served is None:
        raise Rejected("nothing_to_rate", f"counter {counter.number} has served no ticket yet")
    ticket = state.tickets[counter.last_served]
    if ticket.rating is not None:
        raise Rejected("already_rated", f"ticket {ticket.number} is already rated")
    return RatingRecorded(
        at=now,
        ticket=ticket.id,
        counter=counter.number,
        level=cmd.level,
        device=cmd.device,
        ref=cmd.ref,
        reasons=cmd.reasons,
    )
