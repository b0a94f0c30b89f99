"""The compact per-center summary the city keeps, built from the live state every minute."""

from __future__ import annotations

import asyncio
from datetime import datetime

from devices import payloads as p
from devices import topics
from devices.codec import encode
from devices.gateway import new_id
from devices.presence import Roster
from floor.console import snapshot
from floor.console.journal import Journal, satisfied
from floor.core.state import FloorState
from floor.service import Orchestrator

SUMMARY_EVERY = 60.0
"""Seconds between two summaries."""


def summary(
    state: FloorState,
    roster: Roster,
    now: datetime,
    started_at: datetime,
    seq: int,
    wait_alert_min: int,
) -> p.CenterSummary:
    """Return the center at a glance: counts only, never a number, a name or an ID."""
    lines = snapshot.queues(state, now)
    tickets = snapshot.today(state)
    levels = state.config.policy.rating_levels
    rated = [t.rating for t in tickets if t.rating is not None]
    happy = sum(1 for level in rated if satisfied(level, levels))
    alerts = snapshot.alerts(state, roster, Journal(), lines, now, wait_alert_min)
    robots = state.robots.robots.values()
    return p.CenterSummary(
        id=new_id(),
        ts=now,
        started_at=started_at,
        seq=seq,
        day=state.day,
        fields=[
            p.FieldSummary(field=q.field, waiting=q.waiting, longest_wait_min=q.longest_wait_min)
            for q in lines
        ],
        longest_wait_min=max((q.longest_wait_min for q in lines if q.waiting), default=0),
        served=sum(1 for t in tickets if t.status == "served"),
        ratings=len(rated),
        satisfied_pct=round(100 * happy / len(rated), 1) if rated else None,
        devices_online=sum(1 for seen in roster.seen.values() if seen.online),
        devices=len(roster.seen),
        robots_online=sum(1 for r in robots if r.online),
        robots=len(robots),
        alerts=len(alerts),
        urgent_alerts=sum(1 for a in alerts if a.severity == "urgent"),
        catalog_version=state.catalog_version,
    )


async def publish_summaries(
    orchestrator: Orchestrator, every: float = SUMMARY_EVERY, wait_alert_min: int = 20
) -> None:
    """Publish a summary every `every` seconds, on the orchestrator's loop (it reads the state).

    The local broker takes it even when the city link is down: the bridge queues it.
    """
    spec = topics.CITY_SUMMARY
    topic = spec.topic(center=orchestrator.gateway.center)
    seq = 0
    while True:
        await asyncio.sleep(every)
        bus = orchestrator.bus
        if bus is None:
            continue
        made = summary(
            orchestrator.state,
            orchestrator.roster,
            orchestrator.clock(),
            orchestrator.started_at,
            seq,
            wait_alert_min,
        )
        bus.publish(topic, encode(made), spec.qos, spec.retain)
        seq += 1
