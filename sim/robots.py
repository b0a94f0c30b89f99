"""Simulated robots on a floor map, each behind its own rosbridge endpoint (stands in for Gazebo).

Each robot moves along planned paths (never through a block) at walking pace,
drains its battery while it works and charges once seated on its dock by the
docking action, fills its tray at the refreshment station and empties it in the
seat rows. It behaves as Nav2 does behind rosbridge: `/amcl_pose` only after the
robot moved (AMCL's update thresholds, latched for new subscribers), `/battery_state`
at its own period (a NaN charge reads as null, as rosbridge sends it), Nav2's
recovery behaviours before an unreachable goal is aborted, Humble or Jazzy result
shapes, and opennav_docking's DockRobot action. The sim clock runs `rate` times
faster than the wall clock.
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

Fault = Literal["disconnect", "freeze", "stuck", "low_battery", "nan_battery"]

WALK_SPEED = 0.8
"""Metres per sim second the robot drives without a speed limit."""
DRAIN_IDLE = 1 / (10 * 3600)
DRAIN_MOVING = 1 / (6 * 3600)
CHARGE = 1 / (3 * 3600)
STUCK_ABORT_S = 10.0
"""Nav2's progress checker gives up after this long without progress."""
RECOVERY_S = 20.0
"""Sim seconds Nav2's default behaviour tree spends on recoveries (clearing costmaps,
spin, wait, back up) before it aborts a goal it cannot plan."""
RECOVERIES = 6
AMCL_MOVE_M, AMCL_TURN_RAD = 0.25, 0.2
"""AMCL updates (and publishes `amcl_pose`) only after the robot moved this far."""
TRAY = 6

# nav2_msgs/action/NavigateToPose error codes (Jazzy, from the planner and controller)
GOAL_OUTSIDE_MAP, GOAL_OCCUPIED, NO_VALID_PATH, FAILED_TO_MAKE_PROGRESS = 204, 206, 208, 105
# nav2_msgs/action/DockRobot error codes
DOCK_NOT_IN_DB, DOCK_UNKNOWN = 901, 999


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
    docked: bool = False
    """Seated on its dock's contacts by the docking action (it charges only then)."""
    battery_known: bool = True
    stuck: bool = False
    distro: str = "jazzy"
    goal: Goal | None = None
    failing: tuple[int, str] | None = None
    """Nav2 cannot reach the goal: it recovers until `fail_at`, then aborts with this."""
    fail_at: float = 0.0
    path: list[tuple[float, float]] = field(default_factory=list)
    goal_yaw: float = 0.0
    started: float = 0.0
    stalled: float = 0.0
    travelled: float = 0.0
    heard: list[tuple[str, str, float, float]] = field(default_factory=list)
    """(topic, text, x, y) of every speech and display message, in order."""
    trail: list[tuple[float, float]] = field(default_factory=list)
    server: BridgeServer | None = None
    pose_sent: tuple[float, float, float] | None = None
    battery_due: float = 0.0
    _tray_clock: float = 0.0

    def __post_init__(self) -> None:
        self.planner: Planner = planner_for(self.layout)
        self.docked = any(
            math.hypot(p.x - self.x, p.y - self.y) < 0.05 for p in self.layout.places_of("dock")
        )

    @property
    def published(self) -> dict[str, str]:
        m = self.model
        out = {
            m.pose_topic: "geometry_msgs/msg/PoseWithCovarianceStamped",
            m.battery_topic: "sensor_msgs/msg/BatteryState",
        }
        if self.kind == "refreshment":
            out[m.tray_topic] = "std_msgs/msg/Int32"
        return out

    @property
    def listened(self) -> dict[str, str]:
        text = "std_msgs/msg/String"
        m = self.model
        limit = "nav2_msgs/msg/SpeedLimit"
        return {m.speech_topic: text, m.display_topic: text, m.speed_limit_topic: limit}

    @property
    def actions(self) -> dict[str, str]:
        m = self.model
        out = {m.navigate_action: m.navigate_type}
        if m.dock_action:
            out[m.dock_action] = m.dock_type
        return out

    @property
    def frozen(self) -> bool:
        return self.server is not None and self.server.frozen

    # --- Node: what rosbridge clients reach ----------------------------------

    def on_message(self, topic: str, msg: dict[str, Any]) -> None:
        if topic == self.model.speed_limit_topic:  # Nav2's controller: 0 lifts the limit
            limit = float(msg.get("speed_limit") or 0.0)
            if msg.get("percentage"):
                limit = WALK_SPEED * limit / 100
            self.speed = min(limit, WALK_SPEED) if limit > 0 else WALK_SPEED
            self.heard.append((topic, f"{self.speed:g}", self.x, self.y))
            return
        text = str(msg.get("data", ""))
        self.heard.append((topic, text, self.x, self.y))
        verb = "says" if topic == self.model.speech_topic else "shows"
        log.info("%s %s: %s", self.id, verb, text)

    def on_goal(self, goal: Goal) -> bool:
        if goal.action == self.model.dock_action:
            dock = self.layout.place(str(goal.args.get("dock_id", "")))
            if dock is None or dock.kind != "dock":
                self._answer(goal, STATUS_ABORTED, DOCK_NOT_IN_DB, "dock not in database")
                return True
            gx, gy, yaw = dock.x, dock.y, dock.yaw
        else:
            pose = goal.args.get("pose", {}).get("pose", {})
            position = pose.get("position", {})
            gx, gy = float(position.get("x", 0.0)), float(position.get("y", 0.0))
            yaw = quaternion_yaw(pose.get("orientation", {}))
        if self.goal is not None:  # Nav2 preempts the running goal
            self._finish(STATUS_ABORTED, FAILED_TO_MAKE_PROGRESS, "preempted by a new goal")
        self.goal = goal
        self.goal_yaw = yaw
        self.started = self.clock
        self.stalled = 0.0
        self.docked = self.charging = False
        self.failing = None
        self.path = []
        if not (0 <= gx <= self.layout.width and 0 <= gy <= self.layout.height):
            self._fail(GOAL_OUTSIDE_MAP, "goal is outside the map")
        elif not self.planner.is_free(gx, gy) and self.planner.snap(gx, gy, 0.2) is None:
            self._fail(GOAL_OCCUPIED, "goal is in an obstacle")
        else:
            path = self.planner.path((self.x, self.y), (gx, gy))
            if path is None:
                self._fail(NO_VALID_PATH, "no valid path to the goal")
            else:
                self.path = path[1:]
        return True

    def _fail(self, code: int, text: str) -> None:
        """Start Nav2's recoveries; the goal is aborted when they are spent."""
        if self.goal is not None and self.goal.action == self.model.dock_action:
            code = DOCK_UNKNOWN
        self.failing = (code, text)
        self.fail_at = self.clock + RECOVERY_S

    def on_cancel(self, goal: Goal) -> None:
        if goal is self.goal:
            self._finish(STATUS_CANCELED, 0, "")

    # --- physics ---------------------------------------------------------------

    clock: float = 0.0

    def step(self, dt: float) -> None:
        """Advance the robot by `dt` sim seconds (a frozen robot does nothing)."""
        if self.frozen:
            return
        self.clock += dt
        moving = self.goal is not None and not self.stuck and self.failing is None
        self.battery = max(0.0, self.battery - (DRAIN_MOVING if moving else DRAIN_IDLE) * dt)
        if self.goal is not None:
            if self.failing is not None:
                if self.clock >= self.fail_at:
                    self._finish(STATUS_ABORTED, *self.failing)
            elif self.stuck:
                self.stalled += dt
                if self.stalled >= STUCK_ABORT_S:
                    self._finish(STATUS_ABORTED, FAILED_TO_MAKE_PROGRESS, "failed to make progress")
            else:
                self._move(self.speed * dt)
        self.charging = self.docked and self.goal is None
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
            self.docked = self.goal.action == self.model.dock_action
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
        goal, self.goal, self.path, self.failing = self.goal, None, [], None
        if goal is not None:
            self._answer(goal, status, code, text)

    def _answer(self, goal: Goal, status: int, code: int, text: str) -> None:
        asyncio.get_running_loop().create_task(goal.finish(status, self.result(goal, code, text)))

    def result(self, goal: Goal, code: int, text: str) -> dict[str, Any]:
        """Return an action result's values as this robot's ROS 2 release shapes them."""
        jazzy = self.distro == "jazzy"
        if goal.action == self.model.dock_action:
            out: dict[str, Any] = {"success": code == 0, "error_code": code, "num_retries": 0}
            return {**out, "error_msg": text} if jazzy else out
        return {"error_code": code, "error_msg": text} if jazzy else {"result": {}}

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
            "charge": round(20.0 * self.battery, 3) if self.battery_known else None,
            "capacity": 20.0,
            "design_capacity": 20.0,
            "percentage": round(self.battery, 4) if self.battery_known else None,
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
        """Return the running goal's feedback (NavigateToPose's, or DockRobot's)."""
        elapsed = self.clock - self.started
        duration = {"sec": int(elapsed), "nanosec": int(elapsed % 1 * 1e9)}
        if self.goal is not None and self.goal.action == self.model.dock_action:
            return {"state": 1, "docking_time": duration, "num_retries": 0}  # NAV_TO_STAGING_POSE
        remaining = sum(
            math.dist(a, b) for a, b in zip([(self.x, self.y), *self.path], self.path, strict=False)
        )
        recoveries = 0
        if self.failing is not None:
            spent = 1 - (self.fail_at - self.clock) / RECOVERY_S
            recoveries = min(RECOVERIES, int(spent * RECOVERIES))
        return {
            "current_pose": {
                "header": {"stamp": stamp(), "frame_id": self.model.frame},
                "pose": self.pose_msg()["pose"]["pose"],
            },
            "navigation_time": duration,
            "estimated_time_remaining": {"sec": int(remaining / self.speed), "nanosec": 0},
            "number_of_recoveries": recoveries,
            "distance_remaining": round(remaining, 3),
        }

    def amcl_due(self) -> bool:
        """Return whether AMCL would publish now: first, and after each move past its thresholds."""
        if self.pose_sent is None:
            return True
        x, y, yaw = self.pose_sent
        turned = abs(math.remainder(self.yaw - yaw, math.tau))
        return math.hypot(self.x - x, self.y - y) >= AMCL_MOVE_M or turned >= AMCL_TURN_RAD


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
        goals_in_new_thread: bool = False,
        battery_every: float = 1.0,
    ) -> None:
        self.layout = layout
        self.rate = rate
        self.pose_hz = pose_hz
        self.battery_every = battery_every
        """Wall seconds between `battery_state` messages."""
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
            robot.server = BridgeServer(robot, host, port + i, goals_in_new_thread)
            self.robots[robot_id] = robot
        self._tasks: list[asyncio.Task[None]] = []
        self.frames = 0

    @classmethod
    def for_config(cls, config: CenterConfig, rate: float = 1.0, **options: Any) -> SimFloor:
        """Return simulated robots for a center's loopback robots, each at its configured URL
        and as its robot model says (ROS 2 release, names, how its rosbridge runs goals)."""
        assert config.layout is not None
        local = [r for r in config.robots if urlsplit(r.url).hostname in ("127.0.0.1", "localhost")]
        sim = cls(config.layout, [(r.id, r.kind) for r in local], rate=rate, **options)
        for spec in local:
            robot = sim.robots[spec.id]
            robot.model = spec.model
            robot.distro = spec.model.distro
            server = sim.server(spec.id)
            server.port = urlsplit(spec.url).port or 9090
            server.goals_in_new_thread = spec.model.goals_in_new_thread
        return sim

    def url(self, robot: str) -> str:
        return self.server(robot).url

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
        next_at = time.monotonic()
        while True:
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            now = time.monotonic()
            sends = []
            for robot in self.robots.values():
                server = robot.server
                assert server is not None
                if not server.running or server.frozen:
                    continue
                m = robot.model
                if robot.amcl_due():
                    robot.pose_sent = (robot.x, robot.y, robot.yaw)
                    sends.append(server.publish(m.pose_topic, robot.pose_msg(), latch=True))
                if robot.goal is not None:
                    sends.append(robot.goal.feedback(robot.feedback_msg()))
                if now >= robot.battery_due:
                    robot.battery_due = now + self.battery_every
                    sends.append(server.publish(m.battery_topic, robot.battery_msg()))
                    if robot.kind == "refreshment":
                        sends.append(server.publish(m.tray_topic, {"data": robot.tray}))
            await asyncio.gather(*sends)
            self.frames += 1

    async def fault(self, robot_id: str, fault: Fault, seconds: float = 5.0) -> None:
        """Inject a fault: drop off the network or freeze for `seconds`, get stuck, run low,
        or lose the battery gauge (NaN charge)."""
        robot = self.robots[robot_id]
        server = self.server(robot_id)
        log.info("%s: fault %s", robot_id, fault)
        loop = asyncio.get_running_loop()
        if fault == "low_battery":
            robot.battery = 0.08
        elif fault == "nan_battery":
            robot.battery_known = False
        elif fault == "stuck":
            robot.stuck = True
        elif fault == "freeze":  # no work, no messages, no motion; the links stay open
            server.awake.clear()
            loop.call_later(seconds, server.awake.set)
        elif fault == "disconnect":  # the goal goes on: nothing on the robot cancels it
            await server.stop()
            loop.call_later(seconds, lambda: asyncio.ensure_future(server.start()))

    def clear(self, robot_id: str) -> None:
        """Undo a `stuck` or `nan_battery` fault."""
        self.robots[robot_id].stuck = False
        self.robots[robot_id].battery_known = True


def _spawn_points(layout: Layout, n: int) -> list[tuple[float, float]]:
    """Return `n` free spots spread over the floor (for robots beyond the docks)."""
    planner = planner_for(layout)
    free = [planner.centre(c) for c in range(len(planner.free)) if planner.free[c]]
    step = max(1, len(free) // max(n, 1))
    return [free[(i * step) % len(free)] for i in range(n)]


def robot_kind(robot_id: str) -> RobotKind:
    """Guess a robot's kind from its name: refresh-… robots carry trays, others guide."""
    return "refreshment" if robot_id.startswith(("refresh", "tray", "serve")) else "guide"
