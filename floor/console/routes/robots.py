"""Robots: task, battery, position; and what a manager tells them."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from floor.console import snapshot
from floor.console.deps import ConsoleDep, CurrentUser, Manager
from floor.console.schemas import Refused, RobotPublic, RobotSendCreate, TaskPublic
from floor.core import commands as c
from floor.core.events import RobotTaskCreated

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


REFUSALS: dict[int | str, dict[str, object]] = {403: {}, 404: {}, 409: {"model": Refused}}


async def _robot_command(
    console: ConsoleDep, user: Manager, command: c.RobotCommand
) -> RobotPublic:
    robot = getattr(command, "robot", "")
    if robot not in console.state.robots.robots:
        raise HTTPException(404, f"no robot {robot}")
    await console.act(user, command)
    state = console.state
    return snapshot.robot_view(state, state.robots.robots[robot])


@router.post("/{robot}/dock", responses=REFUSALS)
async def send_to_dock(robot: str, console: ConsoleDep, user: Manager) -> RobotPublic:
    """Send a robot to its dock; its task goes to another robot (managers only)."""
    return await _robot_command(console, user, c.SendRobotToDock(robot))


@router.post("/{robot}/pause", responses=REFUSALS)
async def pause(robot: str, console: ConsoleDep, user: Manager) -> RobotPublic:
    """Stop a robot where it is; it lets go of its task and takes no work (managers only)."""
    return await _robot_command(console, user, c.PauseRobot(robot))


@router.post("/{robot}/resume", responses=REFUSALS)
async def resume(robot: str, console: ConsoleDep, user: Manager) -> RobotPublic:
    """Let a paused or stopped robot take work again (managers only)."""
    return await _robot_command(console, user, c.ResumeRobot(robot))


@router.post("/stop-all", responses=REFUSALS)
async def stop_all(console: ConsoleDep, user: Manager) -> list[RobotPublic]:
    """Stop every robot and cancel every open task (managers only)."""
    await console.act(user, c.StopAllRobots())
    state = console.state
    return [snapshot.robot_view(state, robot) for robot in state.robots.robots.values()]


@router.post("/refreshments", status_code=201, responses=REFUSALS)
async def send_refreshments(
    body: RobotSendCreate, console: ConsoleDep, user: Manager
) -> TaskPublic:
    """Send a refreshment robot to a seat area (managers only)."""
    events = await console.act(user, c.SendRefreshments(body.place, body.note))
    created = next(e for e in events if isinstance(e, RobotTaskCreated))
    return snapshot.task_view(console.state.robots.tasks[created.task])
