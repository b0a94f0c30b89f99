"""Which ticket a counter calls next, and how long a ticket will wait."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from floor.core.state import Counter, FloorState, Ticket


def next_ticket(state: FloorState, counter: Counter) -> Ticket | None:
    """Return the best eligible ticket for a counter, or None.

    Priority tickets go first, but after `priority_streak` priority calls in a
    row at this counter a waiting normal ticket is called: neither side starves.
    Within a side the oldest ticket across the counter's fields wins.
    """
    lines = [state.lines[f] for f in counter.fields if f in state.lines]
    heads_priority = [line.priority[0] for line in lines if line.priority]
    heads_normal = [line.normal[0] for line in lines if line.normal]
    limit = state.config.policy.priority_streak
    prefer_priority = counter.priority_streak < limit or not heads_normal
    chosen = (heads_priority if prefer_priority else heads_normal) or heads_normal
    if not chosen:
        return None
    return state.tickets[min(chosen)[1]]


def people_ahead(state: FloorState, ticket: Ticket) -> int:
    """Return how many waiting tickets of the same field will be called first."""
    line = state.lines[ticket.field]
    earlier = (ticket.order, "")
    if ticket.priority:
        return bisect.bisect_left(line.priority, earlier)
    return len(line.priority) + bisect.bisect_left(line.normal, earlier)


def mean_service_seconds(state: FloorState, field: str) -> float:
    """Return the field's mean service time, live once served tickets exist."""
    recent = state.service_seconds.get(field)
    if recent:
        return sum(recent) / len(recent)
    return state.catalog.field_minutes(field) * 60.0


def serving_counters(state: FloorState, field: str) -> int:
    """Return how many open counters serve a field."""
    return sum(1 for c in state.counters.values() if c.status == "open" and field in c.fields)


@dataclass(frozen=True, slots=True)
class Estimate:
    """A waiting-time estimate for one ticket."""

    people_ahead: int
    minutes: int
    counters_open: int


def counter_share(state: FloorState, field: str) -> float:
    """Return how many open counters a field has to itself, a shared counter counting in part.

    A counter that also serves other fields calls the oldest ticket across them, so
    it gives each field the share of its time that field's waiting work claims; the
    work of a field served by several counters is split between them. A field whose
    only counter is busy with another field's line does not move as if it had one.
    """
    share = 0.0
    for counter in state.counters.values():
        if counter.status != "open" or field not in counter.fields:
            continue
        if len(counter.fields) == 1:
            share += 1.0
            continue
        claims = {f: _claim(state, f, mine=f == field) for f in counter.fields if f in state.lines}
        total = sum(claims.values())
        share += claims[field] / total if total else 1.0
    return share


def _claim(state: FloorState, field: str, mine: bool) -> float:
    """Return the waiting work per serving counter of a field (the asking field counts
    at least one person: the one who asks)."""
    waiting = max(len(state.lines[field]), 1) if mine else len(state.lines[field])
    return waiting * mean_service_seconds(state, field) / max(serving_counters(state, field), 1)


def seconds_per_person(state: FloorState, field: str) -> float:
    """Return how much a field's line moves per person: mean service over the counters
    it has (a shared counter counting for its share, see `counter_share`)."""
    share = counter_share(state, field)
    return mean_service_seconds(state, field) / (share if share > 0 else 1.0)


def wait_minutes(people_ahead: int, per_person: float) -> int:
    """Return the estimated wait, in whole minutes, behind `people_ahead` people."""
    return math.ceil(people_ahead * per_person / 60.0)


def estimate(state: FloorState, ticket: Ticket) -> Estimate:
    """Estimate a waiting ticket's wait from live service statistics."""
    ahead = people_ahead(state, ticket)
    minutes = wait_minutes(ahead, seconds_per_person(state, ticket.field))
    return Estimate(ahead, minutes, serving_counters(state, ticket.field))
