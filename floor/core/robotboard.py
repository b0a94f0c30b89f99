"""Robots and their tasks as the floor knows them, and how robot events change them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from floor.core.catalog import CenterConfig, RobotKind
from floor.core.events import (
    Event,
    RobotHeld,
    RobotLegReached,
    RobotReported,
    RobotResumed,
    RobotTaskAssigned,
    RobotTaskCreated,
    RobotTaskEnded,
    RobotTaskKind,
    RobotTaskReleased,
)

TaskStatus = Literal["pending", "assigned", "done", "failed", "cancelled"]
OPEN: tuple[TaskStatus, ...] = ("pending", "assigned")


@dataclass(slots=True)
class Robot:
    """One robot: last heard link, battery and position, and the task it holds."""

    id: str
    kind: RobotKind
    dock: str
    x: float
    y: float
    online: bool = False
    battery: float = 1.0
    charging: bool = False
    task: str | None = None
    reported_at: datetime | None = None
    held: str = ""
    """Why a manager holds it (paused, stop_all); a held robot takes no work."""


@dataclass(slots=True)
class Task:
    """One piece of robot work: places to reach in turn, words to say at each."""

    id: str
    kind: RobotTaskKind
    places: tuple[str, ...]
    says: tuple[str, ...]
    ticket: str
    numbers: tuple[str, ...]
    pin: str
    created_at: datetime
    status: TaskStatus = "pending"
    robot: str | None = None
    leg: int = 0
    attempts: int = 0
    assigned_at: datetime | None = None
    ended_at: datetime | None = None
    reason: str = ""
    note: str = ""


@dataclass(slots=True)
class RobotBoard:
    """Every robot and today's robot tasks; change it only through `apply`."""

    robots: dict[str, Robot] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    open: dict[str, None] = field(default_factory=dict)
    """Open task ids in creation order."""
    escorts: dict[str, str] = field(default_factory=dict)
    """Ticket id -> its open escort task."""
    refreshed: set[str] = field(default_factory=set)
    """Ticket ids served refreshments today, or on an open refresh round."""
    next_task: int = 1

    @classmethod
    def initial(cls, config: CenterConfig) -> RobotBoard:
        """Return the robots of a center, each at its dock, not yet heard from."""
        board = cls()
        for spec in config.robots:
            assert config.layout is not None
            dock = config.layout.place(spec.dock)
            assert dock is not None
            board.robots[spec.id] = Robot(spec.id, spec.kind, spec.dock, dock.x, dock.y)
        return board

    def apply(self, event: Event) -> None:
        """Fold one robot event."""
        _HANDLERS[type(event)](self, event)

    def copy(self) -> RobotBoard:
        """Return a scratch copy whose robots and open tasks can change independently."""
        tasks = dict(self.tasks)
        for task_id in self.open:
            tasks[task_id] = dataclasses.replace(tasks[task_id])
        return RobotBoard(
            robots={k: dataclasses.replace(r) for k, r in self.robots.items()},
            tasks=tasks,
            open=dict(self.open),
            escorts=dict(self.escorts),
            refreshed=set(self.refreshed),
            next_task=self.next_task,
        )

    def new_day(self) -> None:
        """Drop yesterday's tasks; robots keep their link, battery and position."""
        for robot in self.robots.values():
            robot.task = None
        self.tasks.clear()
        self.open.clear()
        self.escorts.clear()
        self.refreshed.clear()

    def open_tasks(self) -> list[Task]:
        """Return the open tasks in creation order."""
        return [self.tasks[t] for t in self.open]


def _reported(board: RobotBoard, e: RobotReported) -> None:
    robot = board.robots[e.robot]
    robot.online = e.online
    robot.battery = e.battery
    robot.x, robot.y = e.x, e.y
    robot.charging = e.charging
    robot.reported_at = e.at


def _created(board: RobotBoard, e: RobotTaskCreated) -> None:
    board.tasks[e.task] = Task(
        id=e.task,
        kind=e.kind,
        places=e.places,
        says=e.says,
        ticket=e.ticket,
        numbers=e.numbers,
        pin=e.robot,
        created_at=e.at,
        note=e.note,
    )
    board.open[e.task] = None
    board.next_task = max(board.next_task, int(e.task.rsplit("-", 1)[-1]) + 1)
    if e.kind == "escort" and e.ticket:
        board.escorts[e.ticket] = e.task
    if e.kind == "refresh":
        board.refreshed.update(e.numbers)


def _assigned(board: RobotBoard, e: RobotTaskAssigned) -> None:
    task = board.tasks[e.task]
    task.status = "assigned"
    task.robot = e.robot
    task.assigned_at = e.at
    board.robots[e.robot].task = e.task


def _released(board: RobotBoard, e: RobotTaskReleased) -> None:
    task = board.tasks[e.task]
    task.status = "pending"
    task.robot = None
    if e.reason != "better_robot":
        task.attempts += 1
    task.reason = e.reason
    robot = board.robots[e.robot]
    if robot.task == e.task:
        robot.task = None


def _leg_reached(board: RobotBoard, e: RobotLegReached) -> None:
    task = board.tasks[e.task]
    task.leg = e.leg + 1
    robot = board.robots[e.robot]
    robot.x, robot.y = e.x, e.y


def _ended(board: RobotBoard, e: RobotTaskEnded) -> None:
    task = board.tasks[e.task]
    task.status = e.outcome
    task.ended_at = e.at
    task.reason = e.reason
    board.open.pop(e.task, None)
    if task.robot is not None and board.robots[task.robot].task == e.task:
        board.robots[task.robot].task = None
    if board.escorts.get(task.ticket) == e.task:
        del board.escorts[task.ticket]
    if task.kind == "refresh" and e.outcome != "done":
        board.refreshed.difference_update(task.numbers)


def _held(board: RobotBoard, e: RobotHeld) -> None:
    board.robots[e.robot].held = e.reason


def _resumed(board: RobotBoard, e: RobotResumed) -> None:
    board.robots[e.robot].held = ""


_HANDLERS: dict[type[Event], Callable[[RobotBoard, Any], None]] = {
    RobotReported: _reported,
    RobotTaskCreated: _created,
    RobotTaskAssigned: _assigned,
    RobotTaskReleased: _released,
    RobotLegReached: _leg_reached,
    RobotTaskEnded: _ended,
    RobotHeld: _held,
    RobotResumed: _resumed,
}
ROBOT_EVENTS = frozenset(_HANDLERS)
