"""Robots: task, battery, position; and what a manager tells them."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from floor.console import snapshot
from floor.console.deps import ConsoleDep, CurrentUser, Manager
from floor.console.schemas import Refused, RobotPublic, TaskPublic
from floor.core import commands as c

router = APIRouter(prefix="/robots", tags=["robots"])


@router.get("")
async def list_robots(console: ConsoleDep, _user: CurrentUser) -> list[RobotPublic]:
    """Return every robot with its link, battery, position and task."""
    state = console.state
    return [snapshot.robot_view(state, robot) for robot in state.robots.robots.values()]


@router.get("/tasks")
async def list_tasks(console: ConsoleDep, _user: CurrentUser) -> list[TaskPublic]:
    """Return today's robot tasks, open ones first, newest first."""
    tasks = sorted(
        console.state.robots.tasks.values(),
        key=lambda t: (t.status not in ("pending", "assigned"), -t.created_at.timestamp()),
    )
    return [snapshot.task_view(t) for t in tasks]


@router.post("/tasks/{task}/cancel", responses={403: {}, 404: {}, 409: {"model": Refused}})
async def cancel_task(task: str, console: ConsoleDep, user: Manager) -> TaskPublic:
    """Call a robot task off (managers only)."""
    if task not in console.state.robots.tasks:
        raise HTTPException(404, f"no task {task}")
    await console.act(user, c.CancelRobotTask(task))
    return snapshot.task_view(console.state.robots.tasks[task])
