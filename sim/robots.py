"""Simulated robots on a floor map, each behind its own rosbridge endpoint (stands in for Gazebo).

Each robot moves along planned paths (never through a block) at walking pace,
drains its battery while it works and charges on a dock, fills its tray at the
refreshment station and empties it in the seat rows, and publishes `/amcl_pose`,
`/battery_state` (and `/tray_load`) while serving the Nav2 `/navigate_to_pose`
action. The sim clock runs `rate` times faster than the wall clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from floor.core.catalog import CenterConfig, RobotKind, RobotModel
from floor.core.layout import Layout, Planner, planner_for
from sim.rosbridge import (
    STATUS_ABORTED,
    STATUS_CANCELED,
    STATUS_SUCCEEDED,
    BridgeServer,
    Goal,
)

log = logging.getLogger("sim.robots")

Fault = Literal["disconnect", "stuck", "low_battery"]

WALK_SPEED = 0.8
"""Metres per sim second: walking pace, an elderly citizen can follow."""
DRAIN_IDLE = 1 / (10 * 3600)
DRAIN_MOVING = 1 / (6 * 3600)
CHARGE = 1 / (3 * 3600)
STUCK_ABORT_S = 10.0
"""Nav2's progress checker gives up after this long without progress."""
TRAY = 6

# nav2_msgs/action/NavigateToPose error codes (Jazzy)
NO_VALID_PATH, GOAL_OCCUPIED, FAILED_TO_MAKE_PROGRESS = 204, 203, 105


def stamp(t: float | None = None) -> dict[str, int]:
    """Return a builtin_interfaces/Time."""
    t = time.time() if t is None else t
    return {"sec": int(t), "nanosec": int((t % 1) * 1e9)}


def yaw_quaternion(yaw: float) -> dict[str, float]:
    return {"x": 0.0, "y": 0.0, "z": math.sin(yaw / 2), "w": math.cos(yaw / 2)}


def quaternion_yaw(q: dict[str, Any]) -> float:
    return 2 * math.atan2(float(q.get("z", 0.0)), float(q.get("w", 1.0)))


@dataclass(eq=False)
class SimRobot:
    """One simulated robot and its rosbridge endpoint."""

    id: str
    kind: RobotKind
    layout: Layout
    x: float
    y: float
    yaw: float = 0.0
    battery: float = 0.95
    model: RobotModel = field(default_factory=RobotModel)
    speed: float = WALK_SPEED
    tray: int = 0
    charging: bool = False
    stuck: bool = False
    goal: Goal | None = None
    path: list[tuple[float, float]] = field(default_factory=list)
    goal_yaw: float = 0.0
    started: float = 0.0
    stalled: float = 0.0
    travelled: float = 0.0
    heard: list[tuple[str, str, float, float]] = field(default_factory=list)
    """(topic, text, x, y) of every speech and display message, in order."""
    trail: list[tuple[float, float]] = field(default_factory=list)
    server: BridgeServer | None = None
    _tray_clock: float = 0.0

    def __post_init__(self) -> None:
        self.planner: Planner = planner_for(self.layout)
        m = self.model
        self.published = {
            m.pose_topic: "geometry_msgs/msg/PoseWithCovarianceStamped",
            m.battery_topic: "sensor_msgs/msg/BatteryState",
        }
        if self.kind == "refreshment":
            self.published[m.tray_topic] = "std_msgs/msg/Int32"
        text = "std_msgs/msg/String"
        self.listened = {m.speech_topic: text, m.display_topic: text}
        self.actions = {m.navigate_action: m.navigate_type}
        self.heard_event = asyncio.Event()

    # --- Node: what rosbridge clients reach ----------------------------------

    def on_message(self, topic: str, msg: dict[str, Any]) -> None:
        text = str(msg.get("data", ""))
        self.heard.append((topic, text, self.x, self.y))
        self.heard_event.set()
        verb = "says" if topic == self.model.speech_topic else "shows"
        log.info("%s %s: %s", self.id, verb, text)

    def on_goal(self, goal: Goal) -> None:
        pose = goal.args.get("pose", {}).get("pose", {})
        position = pose.get("position", {})
        gx, gy = float(position.get("x", 0.0)), float(position.get("y", 0.0))
        if self.goal is not None:  # Nav2 preempts the running goal
            self._finish(STATUS_ABORTED, FAILED_TO_MAKE_PROGRESS, "preempted by a new goal")
        if not self.planner.is_free(gx, gy) and self.planner.snap(gx, gy, 0.2) is None:
            self._answer(goal, STATUS_ABORTED, GOAL_OCCUPIED, "goal is in an obstacle")
            return
        path = self.planner.path((self.x, self.y), (gx, gy))
        if path is None:
            self._answer(goal, STATUS_ABORTED, NO_VALID_PATH, "no valid path to the goal")
            return
        self.goal = goal
        self.path = path[1:]
        self.goal_yaw = quaternion_yaw(pose.get("orientation", {}))
        self.started = self.clock
        self.stalled = 0.0
        self.charging = False

    def on_cancel(self, goal: Goal) -> None:
        if goal is self.goal:
            self._finish(STATUS_CANCELED, 0, "")

    # --- physics ---------------------------------------------------------------

    clock: float = 0.0

    def step(self, dt: float) -> None:
        """Advance the robot by `dt` sim seconds."""
        self.clock += dt
        moving = self.goal is not None and not self.stuck
        self.battery = max(0.0, self.battery - (DRAIN_MOVING if moving else DRAIN_IDLE) * dt)
        if self.goal is not None:
            if self.stuck:
                self.stalled += dt
                if self.stalled >= STUCK_ABORT_S:
                    self._finish(STATUS_ABORTED, FAILED_TO_MAKE_PROGRESS, "failed to make progress")
            else:
                self._move(self.speed * dt)
        at_dock = any(
            math.hypot(p.x - self.x, p.y - self.y) < 0.35 for p in self.layout.places_of("dock")
        )
        self.charging = at_dock and self.goal is None
        if self.charging:
            self.battery = min(1.0, self.battery + CHARGE * dt)
        self._serve_tray(dt)

    def _move(self, budget: float) -> None:
        while budget > 0 and self.path:
            tx, ty = self.path[0]
            d = math.hypot(tx - self.x, ty - self.y)
            if d <= budget:
                self.x, self.y = tx, ty
                self.path.pop(0)
                budget -= d
                self.travelled += d
            else:
                self.yaw = math.atan2(ty - self.y, tx - self.x)
                self.x += (tx - self.x) / d * budget
                self.y += (ty - self.y) / d * budget
                self.travelled += budget
                budget = 0
        self.trail.append((self.x, self.y))
        if len(self.trail) > 5000:
            del self.trail[:1000]
        if not self.path and self.goal is not None:
            self.yaw = self.goal_yaw
            self._finish(STATUS_SUCCEEDED, 0, "")

    def _serve_tray(self, dt: float) -> None:
        if self.kind != "refreshment" or self.goal is not None:
            return
        for place in self.layout.places:
            if math.hypot(place.x - self.x, place.y - self.y) > 0.5:
                continue
            if place.kind == "station":
                self.tray = TRAY
            elif place.kind == "seats" and self.tray > 0:
                self._tray_clock += dt
                if self._tray_clock >= 3.0:  # a citizen takes a cup every few seconds
                    self._tray_clock = 0.0
                    self.tray -= 1

    def _finish(self, status: int, code: int, text: str) -> None:
        goal, self.goal, self.path = self.goal, None, []
        if goal is not None:
            self._answer(goal, status, code, text)

    def _answer(self, goal: Goal, status: int, code: int, text: str) -> None:
        asyncio.get_running_loop().create_task(
            goal.finish(status, {"error_code": code, "error_msg": text})
        )

    # --- messages ----------------------------------------------------------------

    def pose_msg(self) -> dict[str, Any]:
        cov = [0.0] * 36
        cov[0] = cov[7] = 0.02
        cov[35] = 0.01
        return {
            "header": {"stamp": stamp(), "frame_id": self.model.frame},
            "pose": {
                "pose": {
                    "position": {"x": round(self.x, 3), "y": round(self.y, 3), "z": 0.0},
                    "orientation": yaw_quaternion(self.yaw),
                },
                "covariance": cov,
            },
        }

    def battery_msg(self) -> dict[str, Any]:
        full = self.battery >= 0.999
        status = 4 if full and self.charging else 1 if self.charging else 2
        return {
            "header": {"stamp": stamp(), "frame_id": "base_link"},
            "voltage": round(22.0 + 3.2 * self.battery, 3),
            "temperature": 31.0,
            "current": 3.5 if self.charging else -2.1,
            "charge": round(20.0 * self.battery, 3),
            "capacity": 20.0,
            "design_capacity": 20.0,
            "percentage": round(self.battery, 4),
            "power_supply_status": status,
            "power_supply_health": 1,
            "power_supply_technology": 2,
            "present": True,
            "cell_voltage": [],
            "cell_temperature": [],
            "location": "base",
            "serial_number": self.id,
        }

    def feedback_msg(self) -> dict[str, Any]:
        remaining = sum(
            math.dist(a, b) for a, b in zip([(self.x, self.y), *self.path], self.path, strict=False)
        )
        elapsed = self.clock - self.started
        return {
            "current_pose": {
                "header": {"stamp": stamp(), "frame_id": self.model.frame},
                "pose": self.pose_msg()["pose"]["pose"],
            },
            "navigation_time": {"sec": int(elapsed), "nanosec": int(elapsed % 1 * 1e9)},
            "estimated_time_remaining": {"sec": int(remaining / self.speed), "nanosec": 0},
            "number_of_recoveries": 0,
            "distance_remaining": round(remaining, 3),
        }


class SimFloor:
    """Simulated robots on one layout, robot i served at ws://host:(port + i)."""

    def __init__(
        self,
        layout: Layout,
        robots: list[tuple[str, RobotKind]],
        host: str = "127.0.0.1",
        port: int = 9090,
        rate: float = 1.0,
        pose_hz: float = 10.0,
        starts: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        self.layout = layout
        self.rate = rate
        self.pose_hz = pose_hz
        self.robots: dict[str, SimRobot] = {}
        docks = layout.places_of("dock")
        spare = _spawn_points(layout, len(robots))
        for i, (robot_id, kind) in enumerate(robots):
            if starts and robot_id in starts:
                x, y = starts[robot_id]
            elif i < len(docks):
                x, y = docks[i].x, docks[i].y
            else:
                x, y = spare[i]
            robot = SimRobot(robot_id, kind, layout, x, y)
            robot.server = BridgeServer(robot, host, port + i)
            self.robots[robot_id] = robot
        self._tasks: list[asyncio.Task[None]] = []
        self.frames = 0

    @classmethod
    def for_config(cls, config: CenterConfig, rate: float = 1.0) -> SimFloor:
        """Return simulated robots for a center's loopback robots, each at its configured URL."""
        assert config.layout is not None
        local = [r for r in config.robots if urlsplit(r.url).hostname in ("127.0.0.1", "localhost")]
        sim = cls(config.layout, [(r.id, r.kind) for r in local], rate=rate)
        for spec in local:
            server = sim.server(spec.id)
            server.port = urlsplit(spec.url).port or 9090
            sim.robots[spec.id].model = spec.model
        return sim

    def url(self, robot: str) -> str:
        server = self.robots[robot].server
        assert server is not None
        return server.url

    def server(self, robot: str) -> BridgeServer:
        server = self.robots[robot].server
        assert server is not None
        return server

    async def __aenter__(self) -> SimFloor:
        for robot in self.robots.values():
            assert robot.server is not None
            await robot.server.start()
        self._tasks = [
            asyncio.create_task(self._physics(), name="sim-physics"),
            asyncio.create_task(self._telemetry(), name="sim-telemetry"),
        ]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for robot in self.robots.values():
            assert robot.server is not None
            await robot.server.stop()

    async def run(self) -> None:
        """Serve until cancelled."""
        async with self:
            await asyncio.Event().wait()

    async def _physics(self, hz: float = 20.0) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(1 / hz)
            now = time.monotonic()
            dt = (now - last) * self.rate
            last = now
            for robot in self.robots.values():
                robot.step(dt)

    async def _telemetry(self) -> None:
        period = 1 / self.pose_hz
        tick = 0
        next_at = time.monotonic()
        while True:
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            tick += 1
            slow = tick % max(1, int(self.pose_hz / 2)) == 0
            sends = []
            for robot in self.robots.values():
                server = robot.server
                assert server is not None
                if not server.running:
                    continue
                m = robot.model
                sends.append(server.publish(m.pose_topic, robot.pose_msg()))
                if robot.goal is not None:
                    sends.append(robot.goal.feedback(robot.feedback_msg()))
                if slow:
                    sends.append(server.publish(m.battery_topic, robot.battery_msg()))
                    if robot.kind == "refreshment":
                        sends.append(server.publish(m.tray_topic, {"data": robot.tray}))
            await asyncio.gather(*sends)
            self.frames += 1

    async def fault(self, robot_id: str, fault: Fault, seconds: float = 5.0) -> None:
        """Inject a fault: drop off the network for `seconds`, get stuck, or run low."""
        robot = self.robots[robot_id]
        log.info("%s: fault %s", robot_id, fault)
        if fault == "low_battery":
            robot.battery = 0.08
        elif fault == "stuck":
            robot.stuck = True
        elif fault == "disconnect":
            assert robot.server is not None
            if robot.goal is not None:  # the link is gone: Nav2 is stopped by its watchdog
                robot._finish(STATUS_CANCELED, 0, "link lost")
            await robot.server.stop()
            asyncio.get_running_loop().call_later(
                seconds,
                lambda: asyncio.ensure_future(robot.server.start()),  # type: ignore[union-attr]
            )

    def clear(self, robot_id: str) -> None:
        """Undo a `stuck` fault."""
        self.robots[robot_id].stuck = False


def _spawn_points(layout: Layout, n: int) -> list[tuple[float, float]]:
    """Return `n` free spots spread over the floor (for robots beyond the docks)."""
    planner = planner_for(layout)
    free = [planner.centre(c) for c in range(len(planner.free)) if planner.free[c]]
    step = max(1, len(free) // max(n, 1))
    return [free[(i * step) % len(free)] for i in range(n)]


def robot_kind(robot_id: str) -> RobotKind:
    """Guess a robot's kind from its name: refresh-… robots carry trays, others guide."""
    return "refreshment" if robot_id.startswith(("refresh", "tray", "serve")) else "guide"
