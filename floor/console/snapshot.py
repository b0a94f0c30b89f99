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
from floor.dossiers.desk import DossierDesk

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
        current = state.tickets[k.current] if k.current else None
        out.append(
            s.CounterPublic(
                ticket=s.ServingPublic(
                    number=current.number,
                    procedure=current.procedure,
                    field=current.field,
                    priority=current.priority,
                    issued_at=current.issued_at,
                    called_at=current.called_at,
                )
                if current
                else None,
                number=k.number,
                status=k.status,
                fields=list(k.fields),
                serving=current.number if current else None,
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
        pinned=bool(task.pin),
        ended_at=task.ended_at,
    )


def tasks(state: FloorState, ended: int = 30) -> list[s.TaskPublic]:
    """Return today's robot tasks: the open ones, then the latest `ended`; newest first."""
    newest = sorted(state.robots.tasks.values(), key=lambda t: t.created_at, reverse=True)
    open_ = [t for t in newest if t.status in ("pending", "assigned")]
    done = [t for t in newest if t.status not in ("pending", "assigned")][:ended]
    return [task_view(t) for t in open_ + done]


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


SEVERITY_RANK = {"urgent": 0, "warning": 1, "info": 2}
INCIDENT_SEVERITY: dict[str, s.Severity] = {
    "ask_staff": "warning",
    "robot_task_failed": "warning",
    "device_problem": "warning",
    "unhappy_rating": "info",
}


def alerts(
    state: FloorState,
    roster: Roster,
    journal: Journal,
    lines: list[p.FieldQueue],
    now: datetime,
    wait_alert_min: int,
    links: Iterable[s.AlertPublic] = (),
) -> list[s.AlertPublic]:
    """Return what needs a manager: conditions (they clear by themselves; `links` are
    those of outside systems) and incidents not yet acknowledged; urgent first, then the
    oldest condition first."""
    out = [*_conditions(state, roster, lines, now, wait_alert_min), *links]
    for incident in journal.incidents:
        if incident.id in journal.acks:
            continue  # an incident acknowledged is resolved
        urgent = incident.kind == "ask_staff" and bool(incident.params.get("urgent"))
        out.append(
            s.AlertPublic(
                id=incident.id,
                kind=incident.kind,  # type: ignore[arg-type]
                severity="urgent" if urgent else INCIDENT_SEVERITY.get(incident.kind, "info"),
                at=incident.at,
                params=dict(incident.params),
            )
        )
    out = [_with_ack(a, journal.acks.get(a.id)) for a in out]
    out.sort(key=lambda a: (SEVERITY_RANK[a.severity], a.at))
    return out


def _with_ack(alert: s.AlertPublic, ack: tuple[str, datetime] | None) -> s.AlertPublic:
    if ack is None:
        return alert
    return alert.model_copy(update={"acked_by": ack[0], "acked_at": ack[1]})


def _conditions(
    state: FloorState,
    roster: Roster,
    lines: list[p.FieldQueue],
    now: datetime,
    wait_alert_min: int,
) -> Iterable[s.AlertPublic]:
    for seen in roster.seen.values():
        if not seen.online and seen.bd_seq is not None:
            yield s.AlertPublic(
                id=f"device_offline:{seen.spec.id}",
                kind="device_offline",
                severity="warning",
                at=seen.since or now,
                params={"device": seen.spec.id, "kind": seen.spec.kind},
            )
    for robot in state.robots.robots.values():
        yield from _robot_conditions(state, robot, now)
    for line in lines:
        if line.waiting and line.longest_wait_min >= wait_alert_min:
            yield s.AlertPublic(
                id=f"long_wait:{line.field}",
                kind="long_wait",
                severity="warning",
                at=now - timedelta(minutes=line.longest_wait_min),
                params={
                    "field": line.field,
                    "minutes": line.longest_wait_min,
                    "waiting": line.waiting,
                },
            )
    yield from imbalances(state, lines, now, wait_alert_min)


def _robot_conditions(state: FloorState, robot: Robot, now: datetime) -> Iterable[s.AlertPublic]:
    at = robot.reported_at or now
    task = state.robots.tasks.get(robot.task) if robot.task else None
    escorting = task is not None and task.kind == "escort"
    if robot.reported_at is not None and not robot.online:
        yield s.AlertPublic(
            id=f"robot_offline:{robot.id}",
            kind="robot_offline",
            severity="urgent" if escorting else "warning",
            at=at,
            params={"robot": robot.id, "escort": escorting},
        )
        return
    if robot.online and robot.battery < LOW_BATTERY and not robot.charging:
        yield s.AlertPublic(
            id=f"robot_battery_low:{robot.id}",
            kind="robot_battery_low",
            severity="info",
            at=at,
            params={"robot": robot.id, "battery": round(robot.battery * 100)},
        )
    if task and task.assigned_at and now - task.assigned_at > STUCK_AFTER and robot.online:
        minutes = int((now - task.assigned_at).total_seconds() // 60)
        yield s.AlertPublic(
            id=f"robot_stuck:{robot.id}:{task.id}",
            kind="robot_stuck",
            severity="urgent" if escorting else "warning",
            at=task.assigned_at,
            params={"robot": robot.id, "task": task.id, "minutes": minutes, "escort": escorting},
        )


def imbalances(
    state: FloorState, lines: list[p.FieldQueue], now: datetime, target_min: int
) -> Iterable[s.AlertPublic]:
    """Suggest moving an idle counter to a field whose line is over its target.

    A line is over when people wait and the estimate the slip gives (or the longest
    wait) reaches the target, or no counter serves it; an idle counter is open,
    serves nobody now and nobody waits for any of its fields.
    """
    waiting = {line.field: line.waiting for line in lines}
    taken: set[int] = set()
    for line in sorted(lines, key=lambda q: (-q.estimated_wait_min, -q.waiting)):
        over = max(line.estimated_wait_min, line.longest_wait_min) >= target_min
        if not line.waiting or not (over or line.counters_open == 0):
            continue
        idle = [
            k
            for k in sorted(state.counters.values(), key=lambda k: k.number)
            if k.status == "open"
            and k.current is None
            and k.number not in taken
            and line.field not in k.fields
            and not any(waiting.get(f, 0) for f in k.fields)
        ]
        if not idle:
            continue
        donor = idle[0]
        taken.add(donor.number)
        paused = [
            k.number
            for k in sorted(state.counters.values(), key=lambda k: k.number)
            if k.status == "paused" and line.field in k.fields
        ]
        oldest = now - timedelta(minutes=line.longest_wait_min)
        yield s.AlertPublic(
            id=f"imbalance:{line.field}:{donor.number}",
            kind="imbalance",
            severity="warning",
            at=oldest,
            params={
                "field": line.field,
                "waiting": line.waiting,
                "estimate": line.estimated_wait_min,
                "counter": donor.number,
                "idle": donor.fields[0] if donor.fields else "",
                "paused": paused,
            },
            suggestion=s.FieldsMove(counter=donor.number, fields=[line.field]),
        )


def dossier_link(desk: DossierDesk | None) -> list[s.AlertPublic]:
    """Return the alert of a city dossier system that does not answer, if it does not."""
    health = desk.health if desk is not None else None
    if health is None or health.up or health.since is None:
        return []
    return [
        s.AlertPublic(
            id="dossier_link_down",
            kind="dossier_link_down",
            severity="warning",
            at=health.since,
            params={"error": health.error or "", "since": health.since.isoformat()},
        )
    ]
