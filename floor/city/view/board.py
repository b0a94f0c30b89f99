"""The city's live picture: the last word of each center, as it crossed the bridge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from devices import payloads as p
from devices import topics
from devices.codec import decode

Heard = p.Message | p.OrchestratorStatus
"""What one message from the cluster holds: a summary, an event, a status or a state."""

FILTERS = (
    (topics.CITY_SUMMARY.filter(), 1),
    (topics.CITY_EVENT.filter(), 1),
    (topics.STATE.filter(), 0),
    (topics.ORCHESTRATOR_STATUS.filter(), 1),
)
"""What the city view subscribes to on the cluster, with the QoS. Summaries and events
are kept (QoS 1: the cluster holds them for the view while it moves); a state replaces
the one before whole and is retained, so QoS 0 is enough, and it spares the cluster an
acknowledged delivery for the most frequent messages."""


def parse(topic: str, payload: bytes) -> tuple[str, Heard] | None:
    """Return (center, message) of a topic the view follows, None for another topic;
    raise BadPayload for a payload that breaks the contract."""
    if found := topics.CITY_SUMMARY.match(topic):
        return found["center"], decode(p.CenterSummary, payload)
    if found := topics.CITY_EVENT.match(topic):
        return found["center"], decode(p.CityEvent, payload)
    if found := topics.ORCHESTRATOR_STATUS.match(topic):
        return found["center"], decode(p.OrchestratorStatus, payload)
    if (found := topics.STATE.match(topic)) and found["name"] in p.CITY_STATES:
        return found["center"], decode(p.STATES[found["name"]], payload)
    return None


class CenterRow(BaseModel):
    """One center's line on the city screen."""

    center: str
    online: bool
    """The orchestrator says it is up and its last summary is recent."""
    waiting: int
    longest_wait_min: int
    target_min: int
    over_target: bool
    satisfied_pct: float | None
    ratings: int
    served: int
    alerts: int
    urgent_alerts: int
    robots_online: int
    robots: int
    catalog_version: int
    """The city's catalog version the center runs (0: its own catalog file)."""
    summary_at: datetime | None
    """When the center made its last summary (its own clock)."""
    seq: int | None


class CenterFloor(BaseModel):
    """One center's read-only floor: its line and its retained state as it crossed."""

    row: CenterRow
    version: str | None
    state: dict[str, Any]
    """Each `state/{name}` as JSON (queues, counters, devices, robots)."""


@dataclass
class Center:
    """What the city last heard from one center."""

    id: str
    status: p.OrchestratorStatus | None = None
    summary: p.CenterSummary | None = None
    heard_at: datetime | None = None
    """When the view got the last summary (its own clock)."""
    state: dict[str, p.Message] = field(default_factory=dict)


class Board:
    """Every center's last summary, status and retained state (owned by the view's loop)."""

    def __init__(self, target_min: int = 20, stale_s: float = 180.0) -> None:
        self.target_min = target_min
        self.stale_s = stale_s
        self.centers: dict[str, Center] = {}
        self._lines: dict[str, tuple[bool, bytes]] = {}
        """Each center's line as JSON, with whether it was online then: rebuilt only
        when the center said something new or went on or off line."""

    def take(self, center: str, message: Heard, now: datetime) -> None:
        """Keep what a message says of its center (events are the history's, not the board's)."""
        if isinstance(message, p.CityEvent):
            return
        seen = self.centers.setdefault(center, Center(center))
        if isinstance(message, p.CenterSummary):
            if seen.summary is None or _newer(message, seen.summary):
                seen.summary, seen.heard_at = message, now
                self._lines.pop(center, None)
        elif isinstance(message, p.OrchestratorStatus):
            seen.status = message
            self._lines.pop(center, None)
        else:  # the state shows in the drill-down only, not in the line
            name = next(k for k, model in p.STATES.items() if isinstance(message, model))
            seen.state[name] = message

    def online(self, center: Center, now: datetime) -> bool:
        """Return whether a center is up: its orchestrator says so, its summary is recent."""
        heard = center.heard_at
        fresh = heard is not None and (now - heard).total_seconds() < self.stale_s
        return bool(center.status and center.status.online and fresh)

    def row(self, center: Center, now: datetime) -> CenterRow:
        """Return one center's line."""
        s = center.summary
        longest = s.longest_wait_min if s else 0
        return CenterRow(
            center=center.id,
            online=self.online(center, now),
            waiting=sum(f.waiting for f in s.fields) if s else 0,
            longest_wait_min=longest,
            target_min=self.target_min,
            over_target=longest > self.target_min,
            satisfied_pct=s.satisfied_pct if s else None,
            ratings=s.ratings if s else 0,
            served=s.served if s else 0,
            alerts=s.alerts if s else 0,
            urgent_alerts=s.urgent_alerts if s else 0,
            robots_online=s.robots_online if s else 0,
            robots=s.robots if s else 0,
            catalog_version=s.catalog_version if s else 0,
            summary_at=s.ts if s else None,
            seq=s.seq if s else None,
        )

    def rows(self, now: datetime) -> list[CenterRow]:
        """Return every center's line, by center id."""
        return [self.row(self.centers[c], now) for c in sorted(self.centers)]

    def lines(self, now: datetime) -> dict[str, bytes]:
        """Return every center's line as JSON, by center id."""
        out = {}
        for cid in sorted(self.centers):
            center = self.centers[cid]
            online = self.online(center, now)
            kept = self._lines.get(cid)
            if kept is None or kept[0] != online:
                kept = self._lines[cid] = (online, self.row(center, now).model_dump_json().encode())
            out[cid] = kept[1]
        return out

    def floor(self, center: str, now: datetime) -> CenterFloor | None:
        """Return one center's read-only floor, or None for a center never heard of."""
        seen = self.centers.get(center)
        if seen is None:
            return None
        version = seen.status.version if seen.status else None
        state = {k: m.model_dump(mode="json") for k, m in seen.state.items()}
        return CenterFloor(row=self.row(seen, now), version=version, state=state)


def _newer(a: p.CenterSummary, b: p.CenterSummary) -> bool:
    """Return whether summary `a` comes after `b` (a repeat or a late one does not)."""
    return (a.started_at, a.seq) > (b.started_at, b.seq)
