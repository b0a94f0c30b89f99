"""The happenings the city keeps, without citizen data, published as they become durable."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from devices import payloads as p
from devices import topics
from devices.codec import encode
from floor.core import events as e
from floor.core.state import FloorState
from floor.service import Orchestrator

log = logging.getLogger(__name__)


def _id(*parts: object) -> str:
    """Return the same message id for the same happening, whenever it is sent."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return round(max(0.0, (end - start).total_seconds()), 1) if start and end else None


def city_event(state: FloorState, event: e.Event) -> p.CityEvent | None:
    """Return what the city keeps of one event (read after the state folded it), or None."""
    center = state.config.center.id
    if isinstance(event, e.TicketIssued):
        return p.CityEvent(
            id=_id(center, "issued", event.ticket),
            ts=event.at,
            kind="ticket_issued",
            at=event.at,
            field=event.field,
            procedure=event.procedure,
            priority=event.priority is not None,
        )
    if isinstance(event, e.TicketFinished | e.RatingRecorded):
        ticket = state.tickets.get(event.ticket)
        if ticket is None:  # a ticket of an earlier day: nothing to add to it
            return None
        common: dict[str, object] = {
            "ts": event.at,
            "at": event.at,
            "field": ticket.field,
            "procedure": ticket.procedure,
            "priority": ticket.priority is not None,
            "counter": event.counter,
        }
        if isinstance(event, e.RatingRecorded):
            rated = {
                "id": _id(center, "rated", event.ticket),
                "kind": "rated",
                "level": event.level,
            }
            return p.CityEvent.model_validate(common | rated)
        served = {
            "id": _id(center, "served", event.ticket),
            "kind": "ticket_served",
            "wait_s": _seconds(ticket.issued_at, ticket.called_at),
            "service_s": _seconds(ticket.called_at, event.at),
        }
        return p.CityEvent.model_validate(common | served)
    if isinstance(event, e.StaffRequested):
        return p.CityEvent(
            id=_id(center, "staff", event.device, event.at.isoformat()),
            ts=event.at,
            kind="staff_requested",
            at=event.at,
            urgent=event.urgent,
            device=event.device,
        )
    if isinstance(event, e.DeviceAlerted):
        return p.CityEvent(
            id=_id(center, "alert", event.device, event.at.isoformat()),
            ts=event.at,
            kind="device_alert",
            at=event.at,
            device=event.device,
            problem=event.problem,
        )
    return None


def follow(orchestrator: Orchestrator) -> None:
    """Publish the city's events of every batch, once durable (on the owner task)."""
    spec = topics.CITY_EVENT
    topic = spec.topic(center=orchestrator.gateway.center)

    def publish(events: list[e.Event]) -> None:
        bus = orchestrator.bus
        if bus is None:
            return
        for event in events:
            try:
                kept = city_event(orchestrator.state, event)
            except ValueError:  # a bug here must cost the city one event, never the floor
                log.exception("no city event for %s", type(event).__name__)
                continue
            if kept is not None:
                bus.publish(topic, encode(kept), spec.qos, spec.retain)

    orchestrator.listeners.append(publish)
