"""The gateway: device messages become floor commands, floor events become messages."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel

from devices import locker_wire, topics
from devices import payloads as p
from devices.codec import BadPayload, claimed_id, clip, decode, encode
from devices.presence import Roster
from floor.core import commands as c
from floor.core import events as e
from floor.core import lockers as k
from floor.core.catalog import CenterConfig, DeviceSpec
from floor.core.errors import Rejected
from floor.core.queueing import estimate, seconds_per_person, serving_counters, wait_minutes
from floor.core.redact import redact
from floor.core.state import FloorState
from floor.core.texts import THANKS, announcement, ticket_slip

M = TypeVar("M", bound=BaseModel)

_DEVICE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_QUOTED_TOPIC = 200
"""An error report quotes at most this much of the refused topic."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One message to publish."""

    topic: str
    payload: bytes
    qos: int
    retain: bool


@dataclass(frozen=True, slots=True)
class Accepted:
    """A valid device event and the floor command it asks for."""

    key: str
    device: DeviceSpec
    message: p.DeviceMessage
    command: c.Command


@dataclass(frozen=True, slots=True)
class Presence:
    """A valid birth or status message (availability, not a floor command)."""

    device: DeviceSpec
    online: bool
    bd_seq: int
    capabilities: tuple[str, ...] | None = None
    """Set by a birth, None for a status."""
    seq: int | None = None
    """The birth's message sequence number (None for a status)."""


@dataclass(frozen=True, slots=True)
class Asked:
    """A valid question that the floor answers without a command (a dossier's status)."""

    device: DeviceSpec
    message: p.DossierQuery
    topic: str


class BadInput(ValueError):
    """A message refused before it reaches the core."""

    def __init__(self, code: str, detail: str, device: str, ref: str | None = None) -> None:
        super().__init__(f"{device}: {code}: {detail}")
        self.code = code
        self.detail = detail
        self.device = device
        self.ref = ref


def new_id() -> str:
    """Return a fresh, random message id (not a secret: no system entropy call)."""
    return f"{random.getrandbits(128):032x}"


class Gateway:
    """Translate between the wire contract and the floor core for one center."""

    def __init__(self, config: CenterConfig) -> None:
        self.config = config
        self.center = config.center.id
        self.devices = {d.id: d for d in config.devices}

    def subscriptions(self) -> list[tuple[str, int]]:
        """Return what the orchestrator subscribes to."""
        specs = (topics.EVENT, topics.BIRTH, topics.STATUS)
        return [(spec.filter(center=self.center), spec.qos) for spec in specs]

    def sender(self, topic: str) -> str | None:
        """Return the registered device a topic belongs to, without decoding anything."""
        parts = topic.split("/", 5)
        if len(parts) > 4 and parts[3] == "device" and parts[4] in self.devices:
            return parts[4]
        return None

    def decode(self, topic: str, payload: bytes) -> Accepted | Presence | Asked:
        """Turn one inbound message into a command, presence or question; raise BadInput."""
        try:
            return self._decode_message(topic, payload)
        except BadInput as exc:
            exc.ref = exc.ref or claimed_id(payload)
            raise

    def _decode_message(self, topic: str, payload: bytes) -> Accepted | Presence | Asked:
        for spec in (topics.EVENT, topics.BIRTH, topics.STATUS):
            values = spec.match(topic)
            if values is not None and values["center"] == self.center:
                break
        else:
            raise BadInput("unknown_topic", f"{topic} is not a device topic", "unknown")
        device_id = values["device_id"]
        device = self.devices.get(device_id)
        if device is None:
            raise BadInput("unknown_device", f"{device_id} is not registered", device_id)
        if spec is topics.EVENT:
            return self._event(device, values["name"], payload, topic)
        if spec is topics.STATUS:
            status = _decode(p.Status, payload, device_id)
            _check_claim(status.device, device_id, None)
            return Presence(device, status.online, status.bd_seq)
        birth = _decode(p.Birth, payload, device_id)
        _check_claim(birth.device, device_id, birth.id)
        if birth.kind != device.kind:
            raise BadInput(
                "wrong_kind", f"{device_id} is a {device.kind}, not a {birth.kind}", device_id
            )
        return Presence(device, True, birth.bd_seq, tuple(birth.capabilities), birth.seq)

    def _event(self, device: DeviceSpec, name: str, payload: bytes, topic: str) -> Accepted | Asked:
        known = p.EVENTS.get(name)
        if known is None:
            raise BadInput("unknown_event", f"no device event {name!r}", device.id)
        model, kinds = known
        if device.kind not in kinds:
            allowed = " or ".join(kinds)
            raise BadInput(
                "not_allowed", f"a {device.kind} may not send {name!r} ({allowed} only)", device.id
            )
        message = _decode(model, payload, device.id)
        _check_claim(message.device, device.id, message.id)
        if isinstance(message, p.DossierQuery):
            return Asked(device, message, topic)
        return Accepted(
            f"{device.id}:{message.id}", device, message, _command(name, device, message)
        )

    def error(
        self, exc: BadInput | Rejected, topic: str, device: str, ref: str | None, now: datetime
    ) -> Publication:
        """Return the error report for a refused message, small whatever it refuses.

        A sender that is no valid device id (too long, odd characters, a long number)
        hears on `error/unknown`; the refused topic and the detail are quoted in part,
        long numbers hidden (a citizen's ID number typed where a device id goes).
        """
        if not _DEVICE_ID.match(device) or redact(device) != device:
            device = "unknown"
        report = p.ErrorReport(
            id=new_id(),
            ts=now,
            ref=ref,
            device=device,
            topic=_quote(topic),
            code=exc.code,
            detail=redact(clip(exc.detail, 300)),
        )
        spec = topics.ERROR
        return Publication(
            spec.topic(center=self.center, device_id=device),
            encode(report),
            spec.qos,
            spec.retain,
        )

    def replies(self, state: FloorState, events: list[e.Event], now: datetime) -> list[Publication]:
        """Return the messages to devices that accepted events cause."""
        out: list[Publication] = []
        for event in events:
            if isinstance(event, e.TicketIssued):
                out.extend(self.ticket_notice(state, event, now))
            elif isinstance(event, e.TicketCalled | e.TicketRecalled):
                out.extend(self._calls(state, event, now))
            elif isinstance(event, e.RatingRecorded) and event.device in self.devices:
                ticket = state.tickets[event.ticket]
                thanks = p.RatingThanks(
                    id=new_id(),
                    ts=now,
                    ref=event.ref,
                    number=ticket.number,
                    counter=event.counter,
                    level=event.level,
                    text=THANKS[ticket.lang],
                )
                out.append(self._command(event.device, "rated", thanks))
        locker_wire.replies(
            events, set(self.devices), now, lambda d, n, m: out.append(self._command(d, n, m))
        )
        return out

    def ticket_notice(
        self, state: FloorState, event: e.TicketIssued, now: datetime
    ) -> list[Publication]:
        """Return the ticket to print at the kiosk that asked for it."""
        if event.device not in self.devices:
            return []
        ticket = state.tickets[event.ticket]
        proc = state.catalog.procedure(ticket.procedure)
        field = state.catalog.field(event.field)
        assert proc is not None and field is not None
        guess = estimate(state, ticket)
        counters = sorted(n for n, k in state.counters.items() if event.field in k.fields)
        notice = p.TicketIssuedNotice(
            id=new_id(),
            ts=now,
            request_id=event.request_id,
            number=event.number,
            procedure=proc.id,
            field=field.id,
            counters=counters,
            people_ahead=guess.people_ahead,
            estimated_wait_min=guess.minutes,
            priority=event.priority,
            lang=event.lang,
            text=ticket_slip(event.lang, event.number, proc, field, counters, guess),
        )
        return [self._command(event.device, "ticket", notice)]

    def _calls(
        self, state: FloorState, event: e.TicketCalled | e.TicketRecalled, now: datetime
    ) -> list[Publication]:
        ticket = state.tickets[event.ticket]
        call = p.DisplayCall(
            id=new_id(),
            ts=now,
            number=ticket.number,
            counter=event.counter,
            field=ticket.field,
            recall=isinstance(event, e.TicketRecalled),
            announcement=announcement("vi", ticket.number, event.counter),
            lang=ticket.lang,
            announcement_local=None
            if ticket.lang == "vi"
            else announcement(ticket.lang, ticket.number, event.counter),
        )
        return [
            self._command(d.id, "call", call)
            for d in self.devices.values()
            if d.kind == "display" and d.counter in (None, event.counter)
        ]

    def dossier_answer(self, asked: Asked, answer: p.DossierAnswer) -> Publication:
        """Return the answer to a device's question about a dossier."""
        return self._command(asked.device.id, "dossier", answer)

    def _command(self, device: str, name: str, message: p.Message) -> Publication:
        spec = topics.COMMAND
        topic = spec.topic(center=self.center, device_id=device, name=name)
        return Publication(topic, encode(message), spec.qos, spec.retain)

    def state(self, state: FloorState, now: datetime) -> list[Publication]:
        """Return the retained floor-wide state topics."""
        counters, queues = counters_state(state, now), queues_state(state, now)
        spec = topics.STATE
        return [
            Publication(spec.topic(center=self.center, name=name), encode(msg), spec.qos, True)
            for name, msg in (
                ("counters", counters),
                ("queues", queues),
                ("robots", robots_state(state, now)),
            )
        ] + [
            Publication(topic, encode(roll), topics.LOCKER_ROLL.qos, True)
            for topic, roll in locker_wire.rolls(self.center, state, now)
        ]

    def catalog_state(self, state: FloorState, now: datetime) -> Publication:
        """Return the retained catalog the floor runs (replaced when a version applies)."""
        spec = topics.STATE
        message = p.CatalogState(
            id=new_id(), ts=now, version=state.catalog_version, catalog=state.catalog
        )
        return Publication(spec.topic(center=self.center, name="catalog"), encode(message), 1, True)

    def devices_state(self, roster: Roster, now: datetime) -> Publication:
        """Return the retained availability of every registered device."""
        spec = topics.STATE
        message = p.DevicesState(id=new_id(), ts=now, devices=roster.views())
        return Publication(spec.topic(center=self.center, name="devices"), encode(message), 1, True)

    def orchestrator_status(self, online: bool, started_at: datetime | None) -> Publication:
        """Return the retained orchestrator status (online, or the last will)."""
        from floor import __version__

        spec = topics.ORCHESTRATOR_STATUS
        status = p.OrchestratorStatus(online=online, version=__version__, started_at=started_at)
        return Publication(spec.topic(center=self.center), encode(status), spec.qos, True)


ENDED_SHOWN = 20
"""Ended robot tasks kept in the retained robots state, newest last."""


def robots_state(state: FloorState, now: datetime) -> p.RobotsState:
    """Return the retained robots state: robots, open tasks and the last ended ones."""
    board = state.robots
    ended = [t for t in board.tasks.values() if t.id not in board.open][-ENDED_SHOWN:]
    return p.RobotsState(
        id=new_id(),
        ts=now,
        layout=state.config.layout.name if state.config.layout else None,
        robots=[
            p.RobotView(
                id=r.id,
                kind=r.kind,
                online=r.online,
                battery=r.battery,
                charging=r.charging,
                x=round(r.x, 2),
                y=round(r.y, 2),
                task=r.task,
            )
            for r in board.robots.values()
        ],
        tasks=[
            p.RobotTaskView(
                id=t.id,
                kind=t.kind,
                status=t.status,
                robot=t.robot,
                places=list(t.places),
                leg=t.leg,
                numbers=list(t.numbers),
                created_at=t.created_at,
                ended_at=t.ended_at,
                reason=t.reason,
            )
            for t in [*ended, *board.open_tasks()]
        ],
    )


def counters_state(state: FloorState, now: datetime) -> p.CountersState:
    """Return every counter as the retained `state/counters` shows it."""
    return p.CountersState(
        id=new_id(),
        ts=now,
        counters=[
            p.CounterView(
                number=k.number,
                status=k.status,
                fields=list(k.fields),
                serving=state.tickets[k.current].number if k.current else None,
                served_today=k.served_today,
            )
            for k in sorted(state.counters.values(), key=lambda k: k.number)
        ],
    )


def queues_state(state: FloorState, now: datetime) -> p.QueuesState:
    """Return every field's line as the retained `state/queues` shows it."""
    return p.QueuesState(
        id=new_id(),
        ts=now,
        day=state.day,
        queues=[field_queue(state, f.id, now) for f in state.catalog.fields],
    )


def field_queue(state: FloorState, field: str, now: datetime) -> p.FieldQueue:
    """Return one field's line as the retained `state/queues` shows it."""
    line = state.lines[field]
    tickets = state.tickets
    waiting = [tickets[t] for _, t in line.priority + line.normal]
    oldest = min((ticket.issued_at for ticket in waiting), default=now)
    per_person = seconds_per_person(state, field)
    return p.FieldQueue(
        field=field,
        waiting=len(waiting),
        priority_waiting=len(line.priority),
        numbers=[ticket.number for ticket in waiting],
        seconds_per_person=round(per_person, 1),
        counters_open=serving_counters(state, field),
        longest_wait_min=max(0, int((now - oldest).total_seconds() // 60)),
        estimated_wait_min=wait_minutes(max(len(waiting) - 1, 0), per_person),
    )


def _quote(topic: str) -> str:
    """Return the refused topic as an error report quotes it: cut short, and its device
    level's long numbers hidden (a citizen's ID number typed where a device id goes)."""
    levels = clip(topic, MAX_QUOTED_TOPIC).split("/")
    if len(levels) > 4:
        levels[4] = redact(levels[4])
    return "/".join(levels)


def _decode(model: type[M], payload: bytes, device: str) -> M:
    try:
        return decode(model, payload)
    except BadPayload as exc:
        raise BadInput(exc.code, exc.detail, device) from None


def _check_claim(claimed: str, device: str, ref: str | None) -> None:
    if claimed != device:
        raise BadInput(
            "wrong_device", f"payload claims {claimed!r} on {device}'s topic", device, ref
        )


def _command(name: str, device: DeviceSpec, m: p.DeviceMessage) -> c.Command:
    counter = device.counter or 0
    if isinstance(m, p.TicketRequest):
        return c.IssueTicket(m.procedure, m.priority, m.lang, m.guidance, m.id, device.id)
    if isinstance(m, p.CallNumber):
        return c.CallTicket(counter, m.number.upper())
    if isinstance(m, p.TransferRequest):
        return c.Transfer(counter, m.field)
    if isinstance(m, p.RatingSubmitted):
        return c.Rate(counter, m.level, device.id, m.id, tuple(m.reasons))
    if isinstance(m, p.StaffRequest):
        return c.RequestStaff(device.id, m.text, m.lang, m.urgent)
    if isinstance(m, p.RefreshmentRequest):
        return c.SendRefreshments(m.area or "", m.note, device.id)
    if isinstance(m, p.LockerDeposit):
        return locker_wire.deposit_command(
            m.locker or "", m.slot, m.dossier, m.phone, device.id, m.id
        )
    if isinstance(m, p.LockerOpen):
        return k.OpenLocker(device.id, m.dossier, m.otp, m.id)
    if isinstance(m, p.LockerOpened):
        return k.ReportLockerOpen(device.id, m.dossier, m.slot, m.opened_at, m.id)
    if isinstance(m, p.LockerFailed):
        return k.ReportLockerFailure(device.id, m.dossier, m.id)
    simple: dict[str, c.Command] = {
        "call_next": c.CallNext(counter),
        "recall": c.Recall(counter),
        "no_show": c.NoShow(counter),
        "finish": c.Finish(counter),
        "pause": c.SetCounterStatus(counter, "paused"),
        "resume": c.SetCounterStatus(counter, "open"),
    }
    return simple[name]
