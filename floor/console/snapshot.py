"""Build the console's views from the live floor state (on the owner's event loop)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from devices import payloads as p
from devices.gateway import field_queue
from devices.presence import Roster
from floor.console import schemas as s
from floor.console.journal import Journal, Rating, satisfied, unhappy
from floor.core.robotboard import Robot, Task
from floor.core.robots import seat_area
from floor.core.state import FloorState, Ticket

STUCK_AFTER = timedelta(minutes=3)
"""A robot holding a task this long without reaching its next place looks stuck."""
LOW_BATTERY = 0.15


def today(state: FloorState) -> list[Ticket]:
    """Return today's tickets."""
    day = state.day
    return [t for t in state.tickets.values() if t.issued_at.date() == day]


def counters(state: FloorState, tickets: list[Ticket]) -> list[s.CounterPublic]:
    """Return every counter with today's service time and ratings."""
    spent: dict[int, list[float]] = defaultdict(list)
    rated: dict[int, list[int]] = defaultdict(list)
    for t in tickets:
        if t.counter is None or t.status != "served":
            continue
        if t.called_at and t.finished_at:
            spent[t.counter].append((t.finished_at - t.called_at).total_seconds())
        if t.rating is not None:
            rated[t.counter].append(t.rating)
    out = []
    for k in sorted(state.counters.values(), key=lambda k: k.number):
        times, levels = spent[k.number], rated[k.number]
        out.append(
            s.CounterPublic(
                number=k.number,
                status=k.status,
                fields=list(k.fields),
                serving=state.tickets[k.current].number if k.current else None,
                served_today=k.served_today,
                mean_service_s=round(sum(times) / len(times), 1) if times else None,
                ratings=len(levels),
                rating_mean=round(sum(levels) / len(levels), 2) if levels else None,
            )
        )
    return out


def queues(state: FloorState, now: datetime) -> list[p.FieldQueue]:
    """Return each field's line as the retained `state/queues` shows it."""
    return [field_queue(state, f.id, now) for f in state.catalog.fields]


def _group(key: str, levels: list[int], n: int) -> s.RatingGroup:
    counts = [0] * n
    for level in levels:
        if 1 <= level <= n:
            counts[level - 1] += 1
    happy = sum(1 for level in levels if satisfied(level, n))
    return s.RatingGroup(
        key=key,
        count=len(levels),
        mean=round(sum(levels) / len(levels), 2) if levels else None,
        satisfied_pct=round(100 * happy / len(levels), 1) if levels else None,
        levels=counts,
    )


def ratings(state: FloorState, rated: Iterable[Rating], recent: int = 20) -> s.RatingsPublic:
    """Return today's satisfaction: per counter, per procedure, by hour, the latest."""
    n = state.config.policy.rating_levels
    items = list(rated)
    by_counter: dict[str, list[int]] = defaultdict(list)
    by_procedure: dict[str, list[int]] = defaultdict(list)
    by_hour: dict[int, list[int]] = defaultdict(list)
    for r in items:
        by_counter[str(r.counter)].append(r.level)
        by_procedure[r.procedure].append(r.level)
        by_hour[r.at.hour].append(r.level)
    trend = []
    for hour in range(min(by_hour, default=8), max(by_hour, default=17) + 1):
        group = _group(str(hour), by_hour.get(hour, []), n)
        trend.append(
            s.TrendPoint(
                hour=hour, count=group.count, mean=group.mean, satisfied_pct=group.satisfied_pct
            )
        )
    return s.RatingsPublic(
        levels=n,
        total=_group("all", [r.level for r in items], n),
        by_counter=[
            _group(k, v, n) for k, v in sorted(by_counter.items(), key=lambda i: int(i[0]))
        ],
        by_procedure=[_group(k, v, n) for k, v in sorted(by_procedure.items())],
        trend=trend,
        recent=[
            s.RatingPublic(
                at=r.at,
                number=r.number,
                counter=r.counter,
                procedure=r.procedure,
                level=r.level,
                reasons=list(r.reasons),
                unhappy=unhappy(r.level, n),
            )
            for r in reversed(items[-recent:])
        ],
    )


def task_view(task: Task) -> s.TaskPublic:
    """Return a robot task as the console shows it."""
    return s.TaskPublic(
        id=task.id,
        kind=task.kind,
        status=task.status,
        places=list(task.places),
        leg=task.leg,
        robot=task.robot,
        numbers=list(task.numbers),
        created_at=task.created_at,
        reason=task.reason,
        note=task.note,
    )


def robot_view(state: FloorState, robot: Robot) -> s.RobotPublic:
    """Return a robot with its task."""
    task = state.robots.tasks.get(robot.task) if robot.task else None
    return s.RobotPublic(
        id=robot.id,
        kind=robot.kind,
        online=robot.online,
        battery=round(robot.battery, 3),
        charging=robot.charging,
        x=round(robot.x, 2),
        y=round(robot.y, 2),
        dock=robot.dock,
        reported_at=robot.reported_at,
        task=task_view(task) if task else None,
        held=robot.held,
    )


def areas(state: FloorState, tickets: list[Ticket]) -> list[s.AreaPublic]:
    """Return each waiting area of the map with how many wait there."""
    layout = state.config.layout
    if layout is None:
        return []
    count: dict[str, int] = {place.name: 0 for place in layout.places_of("seats")}
    for t in tickets:
        if t.status == "waiting":
            area = seat_area(state, t)
            if area in count:
                count[area] += 1
    return [s.AreaPublic(place=k, waiting=v) for k, v in count.items()]


def alerts(
    state: FloorState,
    roster: Roster,
    journal: Journal,
    lines: list[p.FieldQueue],
    now: datetime,
    wait_alert_min: int,
) -> list[s.AlertPublic]:
    """Return what needs a manager now (conditions) and lately (incidents), newest first."""
    out: list[s.AlertPublic] = []
    for seen in roster.seen.values():
        if not seen.online and seen.bd_seq is not None:
            out.append(
                s.AlertPublic(
                    id=f"device_offline:{seen.spec.id}",
                    kind="device_offline",
                    severity="warning",
                    at=seen.since or now,
                    params={"device": seen.spec.id, "kind": seen.spec.kind},
                )
            )
    for robot in state.robots.robots.values():
        at = robot.reported_at or now
        if robot.reported_at is not None and not robot.online:
            out.append(
                s.AlertPublic(
                    id=f"robot_offline:{robot.id}",
                    kind="robot_offline",
                    severity="critical",
                    at=at,
                    params={"robot": robot.id},
                )
            )
            continue
        if robot.online and robot.battery < LOW_BATTERY and not robot.charging:
            out.append(
                s.AlertPublic(
                    id=f"robot_battery_low:{robot.id}",
                    kind="robot_battery_low",
                    severity="warning",
                    at=at,
                    params={"robot": robot.id, "battery": round(robot.battery * 100)},
                )
            )
        task = state.robots.tasks.get(robot.task) if robot.task else None
        if task and task.assigned_at and now - task.assigned_at > STUCK_AFTER and robot.online:
            minutes = int((now - task.assigned_at).total_seconds() // 60)
            out.append(
                s.AlertPublic(
                    id=f"robot_stuck:{robot.id}:{task.id}",
                    kind="robot_stuck",
                    severity="warning",
                    at=task.assigned_at,
                    params={"robot": robot.id, "task": task.id, "minutes": minutes},
                )
            )
    for line in lines:
        if line.waiting and line.longest_wait_min >= wait_alert_min:
            out.append(
                s.AlertPublic(
                    id=f"long_wait:{line.field}",
                    kind="long_wait",
                    severity="critical"
                    if line.longest_wait_min >= 2 * wait_alert_min
                    else "warning",
                    at=now - timedelta(minutes=line.longest_wait_min),
                    params={
                        "field": line.field,
                        "minutes": line.longest_wait_min,
                        "waiting": line.waiting,
                    },
                )
            )
    for incident in journal.incidents:
        out.append(
            s.AlertPublic(
                id=incident.id,
                kind=incident.kind,  # type: ignore[arg-type]
                severity="critical" if incident.kind == "ask_staff" else "warning",
                at=incident.at,
                params=dict(incident.params),
            )
        )
    out.sort(key=lambda a: a.at, reverse=True)
    return out
