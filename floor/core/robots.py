"""Robot work policies: which tasks the floor's state calls for, and which robot does each.

Pure like the rest of the core. `decide_robot` answers the robot commands;
`robot_work` looks at the events any command just caused (not yet folded) and
adds the robot work they call for: an escort when a guided ticket is called, a
dock run on low battery, a new robot for the task of one that went offline, and
assignment of every waiting task to the free robot with the shortest path.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from floor.core.catalog import Lang, RobotKind
from floor.core.commands import (
    CancelRobotTask,
    CitizenArrived,
    PauseRobot,
    PlanRobotWork,
    ReportLeg,
    ReportRobot,
    RequestGuidance,
    ResumeRobot,
    RobotCommand,
    SendRefreshments,
    SendRobotToDock,
    StopAllRobots,
)
from floor.core.errors import Rejected
from floor.core.events import (
    Event,
    GuidanceRequested,
    RobotHeld,
    RobotLegReached,
    RobotReported,
    RobotResumed,
    RobotTaskAssigned,
    RobotTaskCreated,
    RobotTaskEnded,
    RobotTaskKind,
    RobotTaskReleased,
    StaffRequested,
    TicketCalled,
    TicketFinished,
    TicketNoShow,
    TicketTransferred,
)
from floor.core.layout import Layout
from floor.core.robotboard import Robot, RobotBoard, Task
from floor.core.state import FloorState, Ticket
from floor.core.texts import announcement

WORKER: dict[RobotTaskKind, RobotKind | None] = {
    "greet": "guide",
    "escort": "guide",
    "refresh": "refreshment",
    "dock": None,
}
RANK: dict[RobotTaskKind, int] = {"dock": 0, "escort": 1, "greet": 2, "refresh": 3}

FOLLOW_ME: dict[Lang, str] = {
    "vi": "Mời số {number} đi theo tôi đến quầy số {counter}",
    "en": "Number {number}, please follow me to counter {counter}",
    "ko": "{number}번 고객님, {counter}번 창구까지 안내해 드리겠습니다",
}
GREETING = (
    "Xin chào! Mời bạn lấy số thứ tự tại máy bên cạnh. Bạn có muốn tôi hỗ trợ, hướng dẫn gì không?"
)
HELP_COMING = "Tôi đến hỗ trợ ngay, cán bộ của Trung tâm cũng đang tới."
"""What a guide robot says when it reaches the place of an emergency."""
REFRESHMENTS = "Mời bạn nhận nước uống và bánh kẹo: số {numbers}"
REFRESHMENTS_HERE = "Mời quý khách dùng nước uống và bánh kẹo"
NOTE_MAX = 200


def decide_robot(state: FloorState, cmd: RobotCommand, now: datetime) -> list[Event]:
    """Return the events a robot command causes (before `robot_work` adds assignments)."""
    board = state.robots
    if isinstance(cmd, ReportRobot):
        if cmd.robot not in board.robots:
            raise Rejected("unknown_robot", f"no robot {cmd.robot!r}")
        known = board.robots[cmd.robot].battery
        battery = min(max(cmd.battery, 0.0), 1.0) if math.isfinite(cmd.battery) else known
        return [RobotReported(now, cmd.robot, cmd.online, battery, cmd.x, cmd.y, cmd.charging)]
    if isinstance(cmd, ReportLeg):
        return _leg(state, cmd, now)
    if isinstance(cmd, RequestGuidance):
        ticket = state.ticket_by_number(cmd.number.upper())
        if ticket is None or ticket.status not in ("waiting", "called"):
            raise Rejected("not_waiting", f"ticket {cmd.number} is not waiting today")
        return [] if ticket.guidance else [GuidanceRequested(now, ticket.id)]
    if isinstance(cmd, CitizenArrived):
        return _greet(state, cmd, now)
    if isinstance(cmd, PlanRobotWork):
        return plan(state, now)
    if isinstance(cmd, CancelRobotTask):
        task = board.tasks.get(cmd.task)
        if task is None or task.status not in ("pending", "assigned"):
            raise Rejected("not_open", f"robot task {cmd.task} is not open")
        return [RobotTaskEnded(now, task.id, "cancelled", "by_manager")]
    if isinstance(cmd, SendRobotToDock | PauseRobot | ResumeRobot):
        return _manage(state, cmd, now)
    if isinstance(cmd, StopAllRobots):
        return _stop_all(state, now)
    if isinstance(cmd, SendRefreshments):
        return _refresh_area(state, cmd, now)
    raise Rejected("unknown_command", type(cmd).__name__)


def _leg(state: FloorState, cmd: ReportLeg, now: datetime) -> list[Event]:
    task = state.robots.tasks.get(cmd.task)
    if task is None or task.status != "assigned" or task.robot != cmd.robot or task.leg != cmd.leg:
        raise Rejected("stale_report", f"{cmd.robot} holds no leg {cmd.leg} of {cmd.task}")
    if cmd.outcome == "arrived":
        reached = RobotLegReached(now, task.id, cmd.robot, cmd.leg, cmd.x, cmd.y)
        if cmd.leg + 1 >= len(task.places):
            return [reached, RobotTaskEnded(now, task.id, "done", "arrived")]
        return [reached]
    out: list[Event] = [RobotTaskReleased(now, task.id, cmd.robot, "goal_failed")]
    if task.attempts + 1 >= state.config.robot_policy.max_attempts:
        out.append(RobotTaskEnded(now, task.id, "failed", cmd.detail or "goal_failed"))
    return out


def _manage(
    state: FloorState, cmd: SendRobotToDock | PauseRobot | ResumeRobot, now: datetime
) -> list[Event]:
    """Pause, resume or send home one robot."""
    board = state.robots
    robot = board.robots.get(cmd.robot)
    if robot is None:
        raise Rejected("unknown_robot", f"no robot {cmd.robot!r}")
    if isinstance(cmd, ResumeRobot):
        if not robot.held:
            raise Rejected("not_held", f"{robot.id} is not paused")
        return [RobotResumed(now, robot.id)]
    if isinstance(cmd, PauseRobot):
        if robot.held:
            raise Rejected("already_held", f"{robot.id} is already paused")
        return [RobotHeld(now, robot.id, "paused"), *_let_go(state, robot, now, "robot_paused")]
    if robot.held:
        raise Rejected("robot_held", f"{robot.id} is paused: resume it first")
    if not robot.online:
        raise Rejected("robot_offline", f"{robot.id} is offline")
    if any(t.kind == "dock" and t.pin == robot.id for t in board.open_tasks()):
        raise Rejected("already_docking", f"{robot.id} is already on its way to its dock")
    layout = state.config.layout
    dock = layout.place(robot.dock) if layout else None
    if (
        robot.task is None
        and dock is not None
        and math.hypot(dock.x - robot.x, dock.y - robot.y) < 0.5
    ):
        raise Rejected("at_dock", f"{robot.id} is at its dock")
    out = _let_go(state, robot, now, "sent_to_dock")
    out.append(_new_task(board, 0, now, "dock", (robot.dock,), ("",), robot=robot.id))
    return out


def _let_go(state: FloorState, robot: Robot, now: datetime, reason: str) -> list[Event]:
    """Return how a robot drops its task: released for another, or cancelled if only it may."""
    if robot.task is None:
        return []
    task = state.robots.tasks[robot.task]
    if task.pin:
        return [RobotTaskEnded(now, task.id, "cancelled", reason)]
    return [RobotTaskReleased(now, task.id, robot.id, reason)]


def _stop_all(state: FloorState, now: datetime) -> list[Event]:
    """Hold every robot and cancel every open task."""
    board = state.robots
    if not board.robots:
        raise Rejected("no_robots", "this center has no robots")
    out: list[Event] = [
        RobotHeld(now, r.id, "stop_all") for r in board.robots.values() if not r.held
    ]
    out += [RobotTaskEnded(now, t.id, "cancelled", "stop_all") for t in board.open_tasks()]
    if not out:
        raise Rejected("no_change", "every robot is already stopped")
    return out


def _refresh_area(state: FloorState, cmd: SendRefreshments, now: datetime) -> list[Event]:
    """Open a refreshment run to one seat area."""
    board = state.robots
    layout = state.config.layout
    areas = [p.name for p in layout.places_of("seats")] if layout else []
    area = cmd.area or area_near(state, cmd.device) or ""
    if area not in areas:
        raise Rejected("unknown_area", f"no seat area {area!r} (areas: {', '.join(areas)})")
    if not any(r.kind == "refreshment" for r in board.robots.values()):
        raise Rejected("no_refreshment_robot", "this center has no refreshment robot")
    for task in board.open_tasks():
        if task.kind == "refresh" and not task.numbers and task.places[-1] == area:
            raise Rejected("already_open", f"{task.id} already brings refreshments there")
    assert layout is not None
    stations = layout.places_of("station")
    places = (stations[0].name, area) if stations else (area,)
    says = ("", REFRESHMENTS_HERE) if stations else (REFRESHMENTS_HERE,)
    note = " ".join(cmd.note.split())[:NOTE_MAX]
    return [_new_task(board, 0, now, "refresh", places, says, note=note)]


def device_spot(state: FloorState, device: str) -> tuple[float, float] | None:
    """Return where a device stands, if the floor knows: a robot, place or block of the
    same name, or for a speech satellite `voice-X`, its host X (`voice-guide-1` rides on
    robot guide-1, `voice-kiosk-1` sits on kiosk kiosk-1)."""
    layout = state.config.layout
    if layout is None or not device:
        return None
    for name in (device, device.removeprefix("voice-")):
        robot = state.robots.robots.get(name)
        if robot is not None:
            return robot.x, robot.y
        place = layout.place(name)
        if place is not None:
            return place.x, place.y
        block = next((b for b in layout.blocks if b.name == name), None)
        if block is not None:
            return (block.x0 + block.x1) / 2, (block.y0 + block.y1) / 2
    return None


def area_near(state: FloorState, device: str) -> str | None:
    """Return the seat area nearest a device, or the first seat row when its place is unknown."""
    layout = state.config.layout
    seats = layout.places_of("seats") if layout else []
    if not seats:
        return None
    spot = device_spot(state, device)
    if spot is None:
        return seats[0].name
    x, y = spot
    return min(seats, key=lambda p: math.hypot(p.x - x, p.y - y)).name


def place_near(state: FloorState, device: str) -> str | None:
    """Return the map place nearest a device (docks aside), or None when the map cannot
    place the device."""
    layout = state.config.layout
    spot = device_spot(state, device)
    places = [p for p in layout.places if p.kind != "dock"] if layout else []
    if spot is None or not places:
        return None
    x, y = spot
    return min(places, key=lambda p: math.hypot(p.x - x, p.y - y)).name


def _greet(state: FloorState, cmd: CitizenArrived, now: datetime) -> list[Event]:
    board = state.robots
    layout = state.config.layout
    if layout is None or layout.place(cmd.place) is None:
        return []
    if any(t.kind == "greet" for t in board.open_tasks()):
        return []
    if not any(_available(state, r) and r.kind == "guide" for r in board.robots.values()):
        return []
    return [_new_task(board, 0, now, "greet", (cmd.place,), (GREETING,))]


def plan(state: FloorState, now: datetime) -> list[Event]:
    """Return what the clock calls for: expired waiting tasks, refreshment rounds."""
    board = state.robots
    policy = state.config.robot_policy
    waits = {"greet": policy.greet_wait_s, "escort": policy.escort_wait_s}
    waits["refresh"] = policy.refresh_wait_s
    out: list[Event] = []
    for task in board.open_tasks():
        limit = waits.get(task.kind)
        if task.status == "pending" and limit and now - task.created_at >= timedelta(seconds=limit):
            out.append(RobotTaskEnded(now, task.id, "failed", "no_robot"))
    out.extend(_refresh_rounds(state, now))
    return out


def _refresh_rounds(state: FloorState, now: datetime) -> list[Event]:
    board = state.robots
    layout = state.config.layout
    policy = state.config.robot_policy
    workers = [
        r for r in board.robots.values() if r.kind == "refreshment" and r.online and not r.held
    ]
    if layout is None or not workers:
        return []
    rounds = sum(1 for t in board.open_tasks() if t.kind == "refresh")
    if rounds >= 2 * len(workers):
        return []
    after = timedelta(minutes=policy.refresh_after_min)
    by_area: dict[str, list[Ticket]] = {}
    for line in state.lines.values():
        for _, ticket_id in line.priority + line.normal:
            ticket = state.tickets[ticket_id]
            if ticket.number in board.refreshed:
                continue
            if (policy.refresh_priority and ticket.priority) or now - ticket.issued_at >= after:
                area = seat_area(state, ticket)
                if area is not None:
                    by_area.setdefault(area, []).append(ticket)
    stations = layout.places_of("station")
    out: list[Event] = []
    for area, tickets in sorted(by_area.items(), key=lambda kv: min(t.order for t in kv[1])):
        tickets.sort(key=lambda t: t.order)
        for i in range(0, len(tickets), policy.tray):
            numbers = tuple(t.number for t in tickets[i : i + policy.tray])
            says = REFRESHMENTS.format(numbers=", ".join(numbers))
            places = (stations[0].name, area) if stations else (area,)
            texts = ("", says) if stations else (says,)
            out.append(_new_task(board, len(out), now, "refresh", places, texts, numbers=numbers))
            if rounds + len(out) >= 2 * len(workers):
                return out
    return out


def plan_due(state: FloorState, now: datetime) -> bool:
    """Return whether a PlanRobotWork command would change anything now."""
    return bool(state.robots.robots) and bool(plan(state, now))


def seat_area(state: FloorState, ticket: Ticket) -> str | None:
    """Return the seat row a ticket holder waits in: the priority row for priority tickets."""
    layout = state.config.layout
    if layout is None:
        return None
    seats = layout.places_of("seats")
    front = [p for p in seats if p.priority]
    rest = [p for p in seats if not p.priority] or front
    pool = front if ticket.priority and front else rest
    return pool[ticket.order % len(pool)].name if pool else None


def _new_task(
    board: RobotBoard,
    offset: int,
    now: datetime,
    kind: RobotTaskKind,
    places: tuple[str, ...],
    says: tuple[str, ...],
    ticket: str = "",
    numbers: tuple[str, ...] = (),
    robot: str = "",
    note: str = "",
) -> RobotTaskCreated:
    task = f"R-{board.next_task + offset:05d}"
    return RobotTaskCreated(now, task, kind, places, says, ticket, numbers, robot, note)


def _available(state: FloorState, robot: Robot) -> bool:
    """Return whether a robot may take new work."""
    policy = state.config.robot_policy
    if not robot.online or robot.held or robot.task is not None:
        return False
    if robot.battery < policy.dock_below:
        return False
    return not (robot.charging and robot.battery < policy.undock_above)


def needs_escort(state: FloorState, ticket: Ticket) -> bool:
    """Return whether a ticket holder is led to the counter when called."""
    return ticket.guidance or (state.config.robot_policy.escort_priority and bool(ticket.priority))


def robot_work(state: FloorState, events: list[Event], now: datetime) -> list[Event]:
    """Return the robot events that `events` (decided, not yet folded) call for."""
    board = state.robots
    if not board.robots or not any(_matters(state, e) for e in events):
        return []
    work = _Work(state, now)
    for event in events:
        if type(event) in _ROBOT_EVENTS:
            work.board.apply(event)
    for event in events:
        work.react(event)
    work.assign()
    return work.out


_ROBOT_EVENTS = (
    RobotReported,
    RobotTaskCreated,
    RobotTaskAssigned,
    RobotTaskReleased,
    RobotLegReached,
    RobotTaskEnded,
    RobotHeld,
    RobotResumed,
)


def _matters(state: FloorState, event: Event) -> bool:
    if isinstance(event, _ROBOT_EVENTS):
        return True
    if isinstance(event, TicketCalled):
        return needs_escort(state, state.tickets[event.ticket])
    if isinstance(event, GuidanceRequested):
        return state.tickets[event.ticket].status == "called"
    if isinstance(event, TicketFinished | TicketNoShow | TicketTransferred):
        return event.ticket in state.robots.escorts
    if isinstance(event, StaffRequested):
        return event.urgent
    return False


class _Work:
    """A scratch board on which robot work is decided, emitting each event as it folds it."""

    def __init__(self, state: FloorState, now: datetime) -> None:
        self.state = state
        self.now = now
        self.policy = state.config.robot_policy
        self.board = state.robots.copy()
        self.out: list[Event] = []

    def emit(self, event: Event) -> None:
        self.board.apply(event)
        self.out.append(event)

    def react(self, event: Event) -> None:
        """Add the work one event calls for."""
        if isinstance(event, TicketCalled):
            self.escort(self.state.tickets[event.ticket], event.counter)
        elif isinstance(event, GuidanceRequested):
            ticket = self.state.tickets[event.ticket]
            if ticket.status == "called" and ticket.counter is not None:
                self.escort(ticket, ticket.counter)
        elif isinstance(event, TicketFinished | TicketNoShow | TicketTransferred):
            task = self.board.escorts.get(event.ticket)
            if task is not None:
                reason = type(event).__name__.removeprefix("Ticket").lower()
                self.emit(RobotTaskEnded(self.now, task, "cancelled", f"ticket_{reason}"))
        elif isinstance(event, RobotReported):
            self.reported(self.board.robots[event.robot])
        elif isinstance(event, StaffRequested) and event.urgent:
            self.urgent(event.device)

    def urgent(self, device: str) -> None:
        """Send the nearest free guide to the place of an emergency (a greet task there)."""
        place = place_near(self.state, device)
        if place is not None:
            says = (HELP_COMING,)
            self.emit(_new_task(self.board, 0, self.now, "greet", (place,), says, note="urgent"))

    def escort(self, ticket: Ticket, counter: int) -> None:
        layout = self.state.config.layout
        if layout is None or ticket.id in self.board.escorts:
            return
        guides = self.board.robots.values()
        if not any(r.kind == "guide" and r.online and not r.held for r in guides):
            return
        seat = seat_area(self.state, ticket)
        desk = layout.counter_place(counter)
        if seat is None or desk is None:
            return
        call = announcement("vi", ticket.number, counter)
        if ticket.lang != "vi":
            call += ". " + announcement(ticket.lang, ticket.number, counter)
        follow = FOLLOW_ME[ticket.lang].format(number=ticket.number, counter=counter)
        self.emit(
            _new_task(
                self.board,
                0,
                self.now,
                "escort",
                (seat, desk.name),
                (follow, call),
                ticket=ticket.id,
                numbers=(ticket.number,),
            )
        )

    def reported(self, robot: Robot) -> None:
        """Release the task of a robot gone offline; send a tired robot to its dock."""
        if not robot.online:
            if robot.task is not None and self.board.tasks[robot.task].kind != "dock":
                self.emit(RobotTaskReleased(self.now, robot.task, robot.id, "robot_offline"))
            return
        docking = [t for t in self.board.open_tasks() if t.kind == "dock" and t.pin == robot.id]
        if robot.battery >= self.policy.undock_above:
            for task in docking:
                if task.status == "pending":
                    self.emit(RobotTaskEnded(self.now, task.id, "cancelled", "charged"))
            return
        if robot.battery >= self.policy.dock_below or robot.charging or docking:
            return
        layout = self.state.config.layout
        dock = layout.place(robot.dock) if layout else None
        if dock is None or math.hypot(dock.x - robot.x, dock.y - robot.y) < 0.5:
            return
        if robot.task is not None:
            self.emit(RobotTaskReleased(self.now, robot.task, robot.id, "battery_low"))
        self.emit(_new_task(self.board, 0, self.now, "dock", (robot.dock,), ("",), robot=robot.id))

    def cost(self, robot: Robot, task: Task) -> float:
        planner = self.state.planner
        if planner is None:
            return math.inf
        return planner.distance_to_place((robot.x, robot.y), task.places[task.leg])

    def assign(self) -> None:
        """Give every waiting task the free robot nearest to it; let a closer freed robot
        take over a task not yet under way."""
        for _ in range(2 * len(self.board.robots) + 2):
            changed = False
            pending = [t for t in self.board.open_tasks() if t.status == "pending"]
            pending.sort(key=lambda t: RANK[t.kind])  # stable: creation order within a rank
            for task in pending:
                changed |= self._assign_one(task)
            changed |= self._rebalance()
            if not changed:
                return

    def _assign_one(self, task: Task) -> bool:
        if task.pin:
            robot = self.board.robots[task.pin]
            if robot.online and not robot.held and robot.task is None:
                cost = self.cost(robot, task)
                self.emit(RobotTaskAssigned(self.now, task.id, robot.id, _rounded(cost)))
                return True
            return False
        best: tuple[float, str] | None = None
        for robot in self.board.robots.values():
            if robot.kind != WORKER[task.kind] or not _available(self.state, robot):
                continue
            cost = self.cost(robot, task)
            if not math.isinf(cost) and (best is None or (cost, robot.id) < best):
                best = (cost, robot.id)
        if best is None:
            return False
        self.emit(RobotTaskAssigned(self.now, task.id, best[1], _rounded(best[0])))
        return True

    def _rebalance(self) -> bool:
        free = [r for r in self.board.robots.values() if _available(self.state, r)]
        for robot in sorted(free, key=lambda r: r.id):
            for task in self.board.open_tasks():
                if (
                    task.status != "assigned"
                    or task.leg != 0
                    or task.pin
                    or WORKER[task.kind] != robot.kind
                    or task.robot is None
                ):
                    continue
                holder = self.board.robots[task.robot]
                mine, theirs = self.cost(robot, task), self.cost(holder, task)
                if mine + self.policy.better_by_m < theirs:
                    self.emit(RobotTaskReleased(self.now, task.id, holder.id, "better_robot"))
                    self.emit(RobotTaskAssigned(self.now, task.id, robot.id, _rounded(mine)))
                    return True
        return False


def _rounded(cost: float) -> float:
    return -1.0 if math.isinf(cost) else round(cost, 2)


@dataclass(frozen=True, slots=True)
class Corridor:
    """A narrow passage between two blocks facing each other: one robot through at a time."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, x: float, y: float, margin: float) -> bool:
        """Return whether a robot centred at (x, y) with radius `margin` is in the passage."""
        return (
            self.x0 - margin <= x <= self.x1 + margin and self.y0 - margin <= y <= self.y1 + margin
        )


def corridors(layout: Layout, narrower_than: float) -> list[Corridor]:
    """Return the layout's narrow passages: gaps between two facing blocks (overlapping along
    one axis) wider than a robot but narrower than `narrower_than` metres."""
    out: list[Corridor] = []
    wide_enough = 2 * layout.robot_radius
    for a, b in itertools.combinations(layout.blocks, 2):
        x0, x1 = max(a.x0, b.x0), min(a.x1, b.x1)
        if x1 > x0:  # one above the other
            low, high = (a, b) if a.y0 < b.y0 else (b, a)
            if wide_enough < high.y0 - low.y1 < narrower_than:
                out.append(Corridor(f"{low.name}/{high.name}", x0, low.y1, x1, high.y0))
        y0, y1 = max(a.y0, b.y0), min(a.y1, b.y1)
        if y1 > y0:  # side by side
            left, right = (a, b) if a.x0 < b.x0 else (b, a)
            if wide_enough < right.x0 - left.x1 < narrower_than:
                out.append(Corridor(f"{left.name}/{right.name}", left.x1, y0, right.x0, y1))
    return out


def corridors_on(
    passages: list[Corridor], path: list[tuple[float, float]], margin: float, step: float = 0.1
) -> set[str]:
    """Return the names of the passages a path (a polyline) takes a robot of radius
    `margin` through."""
    found: set[str] = set()
    for (ax, ay), (bx, by) in itertools.pairwise(path):
        n = max(1, math.ceil(math.hypot(bx - ax, by - ay) / step))
        for i in range(n + 1):
            x, y = ax + (bx - ax) * i / n, ay + (by - ay) * i / n
            found.update(c.name for c in passages if c.holds(x, y, margin))
    return found
