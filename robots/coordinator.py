"""The coordinator: drives the fleet port from the floor's robot tasks, and tells the floor
what the robots do.

It holds no truth of its own. The pure core decides tasks and assignments; the
coordinator listens to each committed batch (`Orchestrator.listeners`), sends
the assigned robot to each place of its task and says the task's words there,
and submits what happened (`ReportLeg`, `ReportRobot`, `PlanRobotWork`) through
`Orchestrator.submit`, so every step is in the event log.

How a robot moves is its own: an escort invites the citizen at the seats and
waits `escort_seat_wait_s` before walking on at `escort_speed`; a robot idle
away from its dock for `return_after_s` goes back to it (a trip of its own, no
task: any task or hold calls it off). Two robots never plan through one narrow
passage at once: a leg reserves every passage its path crosses (all or none, so
no robot holds one while waiting for another) and frees each as the robot leaves
it, or when the leg ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Coroutine
from typing import TYPE_CHECKING, Any

from floor.core.commands import Command, PlanRobotWork, ReportLeg, ReportRobot
from floor.core.errors import Rejected
from floor.core.events import (
    Event,
    RobotHeld,
    RobotTaskAssigned,
    RobotTaskEnded,
    RobotTaskReleased,
)
from floor.core.robotboard import Task
from floor.core.robots import Corridor, corridors, corridors_on, plan_due
from robots.port import Fleet, FleetError, NavResult, RobotStatus

if TYPE_CHECKING:
    from floor.service import Orchestrator

log = logging.getLogger("robots.coordinator")

SOURCE = "robots"
BATTERY_STEP = 0.05
"""Report battery in steps of this share (and always across the policy thresholds)."""
MOVED_M = 2.0
"""Report an idle or moving robot's position when it is this far from the reported one."""


class Coordinator:
    """Run robot tasks on a fleet for one orchestrator (on its event loop)."""

    def __init__(
        self, floor: Orchestrator, fleet: Fleet, plan_every: float = 2.0, rate: float = 1.0
    ) -> None:
        self.floor = floor
        self.fleet = fleet
        self.plan_every = plan_every
        self.rate = rate
        """Robot seconds per wall second (a faster simulator's rate); scales robot waits."""
        self.drivers: dict[tuple[str, str], asyncio.Task[None]] = {}
        self.homing: dict[str, asyncio.Task[None]] = {}
        self._idle_since: dict[str, float] = {}
        self.passages: dict[str, str] = {}
        """Narrow passage -> the robot that holds it."""
        self._passage_freed = asyncio.Condition()
        self._reporting: set[str] = set()
        self._tasks: set[asyncio.Task[object]] = set()

    async def run(self) -> None:
        """Drive robots until cancelled."""
        self.floor.listeners.append(self._on_events)
        self.fleet.listeners.append(self._on_status)
        try:
            for task in self.floor.state.robots.open_tasks():  # after a restart
                if task.status == "assigned" and task.robot:
                    self._drive(task.id, task.robot)
            while True:
                for robot in self.fleet.robots():
                    self._on_status(self.fleet.status(robot))
                if plan_due(self.floor.state, self.floor.clock()):
                    self._submit(PlanRobotWork())
                self._send_idle_home()
                await asyncio.sleep(self.plan_every)
        finally:
            self.floor.listeners.remove(self._on_events)
            self.fleet.listeners.remove(self._on_status)
            for driver in [*self.drivers.values(), *self.homing.values()]:
                driver.cancel()
            for pending in self._tasks:
                pending.cancel()

    # --- floor -> robots ---------------------------------------------------------

    def _on_events(self, events: list[Event]) -> None:
        """Start and stop drivers as tasks are assigned, released and ended."""
        for event in events:
            if isinstance(event, RobotTaskReleased):
                self._halt(event.task, event.robot)
            elif isinstance(event, RobotTaskEnded):
                for key in [k for k in self.drivers if k[0] == event.task]:
                    self._halt(*key)
            elif isinstance(event, RobotTaskAssigned):
                self._drive(event.task, event.robot)
            elif isinstance(event, RobotHeld):
                for key in [k for k in self.drivers if k[1] == event.robot]:
                    self._halt(*key)
                self._call_off_home(event.robot)
                self._spawn(self._stop(event.robot))

    def _drive(self, task: str, robot: str) -> None:
        key = (task, robot)
        self._call_off_home(robot)
        if key not in self.drivers:
            driver = asyncio.create_task(self._run_task(task, robot), name=f"drive-{task}")
            self.drivers[key] = driver

    def _halt(self, task: str, robot: str) -> None:
        driver = self.drivers.pop((task, robot), None)
        if driver is not None:
            driver.cancel()  # cancelling the navigation cancels the goal on the robot

    async def _run_task(self, task_id: str, robot: str) -> None:
        """Take a robot through the remaining places of its task."""
        try:
            while True:
                task = self.floor.state.robots.tasks.get(task_id)
                if task is None or task.status != "assigned" or task.robot != robot:
                    return
                leg = task.leg
                if leg >= len(task.places):
                    return
                log.info("%s: %s leg %d -> %s", robot, task_id, leg, task.places[leg])
                result = await self._leg(task, robot)
                if result.outcome == "lost":
                    return  # the robot's report (offline) gives the task to another
                if not result.ok:
                    failed = ReportLeg(task_id, robot, leg, "failed", detail=result.detail)
                    await self._report(failed)
                    return
                words = task.says[leg] if leg < len(task.says) else ""
                if words:
                    await self.fleet.speak(robot, words)
                    await self.fleet.show(robot, words)
                pose = self.fleet.status(robot).pose
                x, y = (pose.x, pose.y) if pose else (math.nan, math.nan)
                if pose is None:
                    place = self.floor.state.config.layout
                    spot = place.place(task.places[leg]) if place else None
                    x, y = (spot.x, spot.y) if spot else (0.0, 0.0)
                # once per assignment: a task handed back to this robot reports anew
                assigned = task.assigned_at.isoformat() if task.assigned_at else "-"
                key = f"{SOURCE}:{task_id}:{robot}:{leg}:{assigned}"
                ok = await self._report(ReportLeg(task_id, robot, leg, "arrived", x, y), key)
                if not ok:
                    return
                if task.kind == "escort" and leg + 1 < len(task.places):
                    policy = self.floor.state.config.robot_policy
                    await asyncio.sleep(policy.escort_seat_wait_s / self.rate)  # they get up
        except FleetError as exc:
            log.warning("%s: %s", task_id, exc)
        finally:
            if self.drivers.get((task_id, robot)) is asyncio.current_task():
                del self.drivers[(task_id, robot)]

    async def _leg(self, task: Task, robot: str) -> NavResult:
        """Drive one leg: dock runs seat the robot; an escort walks the citizen's pace."""
        place = task.places[task.leg]
        async with self._through(robot, place):
            if task.kind == "dock":  # seated on its contacts, not just near them
                return await self.fleet.dock(robot)
            if task.kind != "escort" or task.leg == 0:
                return await self.fleet.navigate(robot, place)
            await self.fleet.pace(robot, self.floor.state.config.robot_policy.escort_speed)
            try:
                return await self.fleet.navigate(robot, place)
            finally:
                with contextlib.suppress(FleetError):
                    await self.fleet.pace(robot, None)

    # --- narrow passages ----------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _through(self, robot: str, place: str) -> AsyncIterator[None]:
        """Hold the narrow passages on a robot's way to a place while it drives there."""
        needed = self._passages_to(robot, place)
        async with self._passage_freed:
            await self._passage_freed.wait_for(
                lambda: all(self.passages.get(p, robot) == robot for p in needed)
            )
            for name in needed:
                self.passages[name] = robot
        if needed:
            log.info("%s: holds %s", robot, ", ".join(sorted(needed)))
        watch = asyncio.create_task(self._free_behind(robot, needed))
        try:
            yield
        finally:
            watch.cancel()
            await self._free(robot, needed)

    def _passages_to(self, robot: str, place: str) -> set[str]:
        state = self.floor.state
        layout, planner = state.config.layout, state.planner
        spot = layout.place(place) if layout else None
        known = state.robots.robots.get(robot)
        if layout is None or planner is None or spot is None or known is None:
            return set()
        pose = self.fleet.status(robot).pose
        start = (pose.x, pose.y) if pose else (known.x, known.y)
        path = planner.path(start, (spot.x, spot.y)) or []
        return corridors_on(self._corridors(), path, layout.robot_radius)

    def _corridors(self) -> list[Corridor]:
        config = self.floor.state.config
        if config.layout is None or not config.robot_policy.corridor_below_m:
            return []
        return corridors(config.layout, config.robot_policy.corridor_below_m)

    async def _free_behind(self, robot: str, held: set[str]) -> None:
        """Free each passage as soon as the robot has gone through it."""
        layout = self.floor.state.config.layout
        assert layout is not None
        inside: set[str] = set()
        ways = {c.name: c for c in self._corridors() if c.name in held}
        while ways:
            await asyncio.sleep(0.1)
            pose = self.fleet.status(robot).pose
            if pose is None:
                continue
            for name, way in list(ways.items()):
                if way.holds(pose.x, pose.y, layout.robot_radius):
                    inside.add(name)
                elif name in inside:
                    del ways[name]
                    await self._free(robot, {name})

    async def _free(self, robot: str, names: set[str]) -> None:
        async with self._passage_freed:
            for name in names:
                if self.passages.get(name) == robot:
                    del self.passages[name]
            self._passage_freed.notify_all()

    # --- idle robots go home ------------------------------------------------------

    def _send_idle_home(self) -> None:
        """Send robots idle away from their dock for `return_after_s` back to it."""
        wait = self.floor.state.config.robot_policy.return_after_s
        layout = self.floor.state.config.layout
        now = time.monotonic()
        for robot in self.floor.state.robots.robots.values():
            dock = layout.place(robot.dock) if layout else None
            idle = (
                wait > 0
                and dock is not None
                and robot.online
                and not robot.held
                and robot.task is None
                and not robot.charging
                and math.hypot(dock.x - robot.x, dock.y - robot.y) >= 0.5
                and robot.id not in self.homing
            )
            if not idle:
                self._idle_since.pop(robot.id, None)
                continue
            since = self._idle_since.setdefault(robot.id, now)
            if now - since >= wait / self.rate:
                del self._idle_since[robot.id]
                log.info("%s: idle for %d s, back to %s", robot.id, wait, robot.dock)
                home = asyncio.create_task(self._go_home(robot.id), name=f"home-{robot.id}")
                self.homing[robot.id] = home

    async def _go_home(self, robot: str) -> None:
        dock = self.floor.state.robots.robots[robot].dock
        try:
            async with self._through(robot, dock):
                result = await self.fleet.dock(robot)
            if not result.ok:
                log.info("%s: not back at its dock: %s %s", robot, result.outcome, result.detail)
        except FleetError as exc:
            log.warning("%s: %s", robot, exc)
        finally:
            if self.homing.get(robot) is asyncio.current_task():
                del self.homing[robot]

    def _call_off_home(self, robot: str) -> None:
        home = self.homing.pop(robot, None)
        if home is not None:
            home.cancel()  # cancelling the trip cancels its goal on the robot

    async def _report(self, command: Command, key: str | None = None) -> bool:
        try:
            await self.floor.submit(command, SOURCE, key)
        except Rejected as exc:
            log.info("%s refused: %s", type(command).__name__, exc)
            return False
        return True

    # --- robots -> floor -----------------------------------------------------------

    def _on_status(self, status: RobotStatus) -> None:
        """Tell the floor when a robot's link, charge, battery band or place changed."""
        board = self.floor.state.robots
        known = board.robots.get(status.robot)
        if known is None or status.robot in self._reporting:
            return
        policy = self.floor.state.config.robot_policy
        battery = status.battery if status.battery is not None else known.battery
        pose = status.pose
        x, y = (pose.x, pose.y) if pose else (known.x, known.y)
        online = status.connected and pose is not None  # an unknown battery keeps the last
        changed = online != known.online
        if online and not changed:
            marks = (policy.dock_below, policy.undock_above)
            crossed = any((battery < m) != (known.battery < m) for m in marks)
            changed = (
                crossed
                or abs(battery - known.battery) >= BATTERY_STEP
                or status.charging != known.charging
                or math.hypot(x - known.x, y - known.y) >= MOVED_M
            )
        if not changed:
            return
        self._reporting.add(status.robot)
        report = ReportRobot(status.robot, online, round(battery, 3), x, y, status.charging)
        task = asyncio.create_task(self._send_report(report))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_report(self, report: ReportRobot) -> None:
        try:
            await self._report(report)
        finally:
            self._reporting.discard(report.robot)
        self._on_status(self.fleet.status(report.robot))  # anything newer meanwhile

    def _submit(self, command: Command) -> None:
        self._spawn(self._report(command))

    def _spawn(self, work: Coroutine[Any, Any, object]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _stop(self, robot: str) -> None:
        """Cancel a held robot's goal, whatever it drives to."""
        try:
            await self.fleet.stop(robot)
        except FleetError as exc:
            log.warning("stop %s: %s", robot, exc)


async def stop_all(fleet: Fleet) -> None:
    """Cancel every robot's goal (on shutdown)."""
    for robot in fleet.robots():
        with contextlib.suppress(FleetError):
            await fleet.stop(robot)
