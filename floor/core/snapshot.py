"""The folded floor state as plain data and back: what a snapshot in the event log holds.

A snapshot is only as good as the state it was folded from: it records the
format `VERSION` and a fingerprint of the state the center starts from (its
counters, fields, robots and docks, estimate window). Code that reads another
version, or a center whose starting state changed, must replay the whole log.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import deque
from datetime import date, datetime
from typing import Any, TypeVar

from floor.core.catalog import Catalog, CenterConfig
from floor.core.city import Notice, PendingCatalog
from floor.core.robotboard import Robot, RobotBoard, Task
from floor.core.state import Counter, FloorState, Line, Ticket

VERSION = 2
"""Bump when the shape of the state changes: older snapshots are then not read."""

_TIMES = frozenset(
    {
        "issued_at",
        "called_at",
        "finished_at",
        "reported_at",
        "created_at",
        "assigned_at",
        "ended_at",
        "valid_from",
        "valid_until",
    }
)
_TUPLES = frozenset({"fields", "places", "says", "numbers"})

T = TypeVar("T", Ticket, Counter, Robot, Task, Notice)


class SnapshotMismatch(ValueError):
    """A snapshot this code cannot use: another format, another center, or damaged."""


def dump(state: FloorState) -> dict[str, Any]:
    """Return the state as JSON-ready data, with the format version and the fingerprint.

    Every container in it is new, so it may be encoded on another thread while the
    state moves on.
    """
    return {
        "version": VERSION,
        "base": fingerprint(state.base or state.catalog, state.config),
        "state": _plain_state(state),
    }


def load(catalog: Catalog, config: CenterConfig, data: dict[str, Any]) -> FloorState:
    """Rebuild the state `dump` gave; raise SnapshotMismatch if it cannot be used here."""
    version = data.get("version")
    if version != VERSION:
        raise SnapshotMismatch(f"snapshot format {version}, this code reads {VERSION}")
    if data.get("base") != fingerprint(catalog, config):
        raise SnapshotMismatch("the center's counters, fields or robots changed since")
    try:
        return _state(catalog, config, data["state"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SnapshotMismatch(f"damaged snapshot: {exc!r}") from exc


def fingerprint(catalog: Catalog, config: CenterConfig) -> str:
    """Return a digest of the state this center starts from (before any event)."""
    start = _plain_state(FloorState.initial(catalog, config))
    text = json.dumps(start, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain_state(s: FloorState) -> dict[str, Any]:
    return {
        "day": s.day.isoformat() if s.day else None,
        "next_number": dict(s.next_number),
        "next_order": s.next_order,
        "issued_by_device": dict(s.issued_by_device),
        "tickets": [_plain(t) for t in s.tickets.values()],
        "by_number": dict(s.by_number),
        "counters": [_plain(k) for k in s.counters.values()],
        "lines": {f: [list(ln.priority), list(ln.normal)] for f, ln in s.lines.items()},
        "service_seconds": {f: [q.maxlen, list(q)] for f, q in s.service_seconds.items()},
        "robots": _plain_board(s.robots),
        "lockers": s.lockers.plain(),
        "applied": s.applied,
        "city": _plain_city(s),
    }


def _plain_city(s: FloorState) -> dict[str, Any]:
    """The catalog version from the city the floor runs and holds, and its notices."""
    pending = s.pending
    return {
        "version": s.catalog_version,
        "catalog": s.catalog.model_dump(mode="json") if s.catalog_version else None,
        "pending": [pending.version, pending.catalog.model_dump(mode="json"), pending.urgent]
        if pending
        else None,
        "notices": [_plain(n) for n in s.notices.values()],
    }


def _plain_board(b: RobotBoard) -> dict[str, Any]:
    return {
        "robots": [_plain(r) for r in b.robots.values()],
        "tasks": [_plain(t) for t in b.tasks.values()],
        "open": list(b.open),
        "escorts": dict(b.escorts),
        "refreshed": sorted(b.refreshed),
        "next_task": b.next_task,
    }


def _plain(obj: Ticket | Counter | Robot | Task | Notice) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _state(catalog: Catalog, config: CenterConfig, d: dict[str, Any]) -> FloorState:
    state = FloorState.initial(catalog, config)
    state.day = date.fromisoformat(d["day"]) if d["day"] else None
    state.next_number = {str(k): int(v) for k, v in d["next_number"].items()}
    state.next_order = int(d["next_order"])
    state.issued_by_device = {str(k): int(v) for k, v in d["issued_by_device"].items()}
    state.tickets = {t["id"]: _build(Ticket, t) for t in d["tickets"]}
    state.by_number = {str(k): str(v) for k, v in d["by_number"].items()}
    state.counters = {k["number"]: _build(Counter, k) for k in d["counters"]}
    state.lines = {
        f: Line([(o, t) for o, t in priority], [(o, t) for o, t in normal])
        for f, (priority, normal) in d["lines"].items()
    }
    state.service_seconds = {f: deque(v, maxlen=n) for f, (n, v) in d["service_seconds"].items()}
    b = d["robots"]
    state.robots = RobotBoard(
        robots={r["id"]: _build(Robot, r) for r in b["robots"]},
        tasks={t["id"]: _build(Task, t) for t in b["tasks"]},
        open=dict.fromkeys(b["open"]),
        escorts=dict(b["escorts"]),
        refreshed=set(b["refreshed"]),
        next_task=int(b["next_task"]),
    )
    state.lockers.load(d["lockers"])
    state.applied = int(d["applied"])
    city = d["city"]
    if city["catalog"] is not None:
        state.catalog = Catalog.model_validate(city["catalog"])
    state.catalog_version = int(city["version"])
    if city["pending"] is not None:
        version, pending, urgent = city["pending"]
        state.pending = PendingCatalog(int(version), Catalog.model_validate(pending), bool(urgent))
    state.notices = {n["id"]: _build(Notice, n) for n in city["notices"]}
    return state


def _build(cls: type[T], data: dict[str, Any]) -> T:
    values = dict(data)
    for name in _TIMES & values.keys():
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    for name in _TUPLES & values.keys():
        values[name] = tuple(values[name])
    return cls(**values)
