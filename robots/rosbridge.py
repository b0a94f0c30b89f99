"""The fleet port over rosbridge: roslibpy (asyncio transport) to each robot's rosbridge_server.

The only module that imports roslibpy. Standard ROS 2 interfaces, names per
robot model: the Nav2 `navigate_to_pose` action (nav2_msgs/action/NavigateToPose,
feedback and cancel), `sensor_msgs/BatteryState`, `geometry_msgs/
PoseWithCovarianceStamped` on `amcl_pose`, `std_msgs/String` for speech and the
screen, `std_msgs/Int32` for a tray's load. roslibpy calls back on its own
thread; every callback crosses into our loop with `loop.call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import roslibpy

from floor.core.catalog import CenterConfig, RobotSpec
from floor.core.layout import Layout
from robots.port import FleetError, Mode, NavResult, Pose, RobotStatus

log = logging.getLogger("robots.rosbridge")

RECONNECT_FIRST = 0.5
RECONNECT_CAP = 8.0
"""Capped exponential backoff (roslibpy adds ±12% jitter) between reconnect attempts."""
STALE_AFTER = 3.0
"""A robot silent this long (no pose, no battery) counts as offline."""

# action_msgs/msg/GoalStatus
_OUTCOME = {4: "succeeded", 5: "canceled", 6: "aborted"}


def _configure_backoff() -> None:
    factory = roslibpy.comm.select_factory("asyncio")
    factory.set_initial_delay(RECONNECT_FIRST)
    factory.set_max_delay(RECONNECT_CAP)


class RosbridgeRobot:
    """One robot behind its own rosbridge_server."""

    def __init__(
        self,
        spec: RobotSpec,
        layout: Layout | None,
        loop: asyncio.AbstractEventLoop,
        changed: Callable[[RosbridgeRobot], None],
    ) -> None:
        self.spec = spec
        self.id = spec.id
        self.layout = layout
        self.loop = loop
        self._changed = changed
        url = urlsplit(spec.url)
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or 9090
        self.ros: Any = None
        self.connected = False
        self.closed = False
        self.pose: Pose | None = None
        self.battery: float | None = None
        self.charging = False
        self.tray: int | None = None
        self.goal: str | None = None
        self.remaining: float | None = None
        self.heard_at = 0.0
        self._goal_id: str | None = None
        self._pending: dict[str, asyncio.Future[NavResult]] = {}
        self._flush_scheduled = False
        self._latest: dict[str, Any] = {}
        self._action: Any = None
        self._speech: Any = None
        self._display: Any = None

    # --- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Connect (in the background, retrying with backoff) and subscribe."""
        m = self.spec.model
        ros = roslibpy.Ros(self.host, self.port, transport="asyncio")
        self.ros = ros
        ros.on("ready", self._on_ready_thread)
        ros.on("close", self._on_close_thread)
        roslibpy.Topic(ros, m.pose_topic, "geometry_msgs/msg/PoseWithCovarianceStamped").subscribe(
            lambda msg: self._slot("pose", msg)
        )
        roslibpy.Topic(ros, m.battery_topic, "sensor_msgs/msg/BatteryState").subscribe(
            lambda msg: self._slot("battery", msg)
        )
        if self.spec.kind == "refreshment":
            roslibpy.Topic(ros, m.tray_topic, "std_msgs/msg/Int32").subscribe(
                lambda msg: self._slot("tray", msg)
            )
        self._action = roslibpy.ActionClient(ros, m.navigate_action, m.navigate_type)
        self._speech = roslibpy.Topic(ros, m.speech_topic, "std_msgs/msg/String")
        self._display = roslibpy.Topic(ros, m.display_topic, "std_msgs/msg/String")
        if ros.is_connected:  # connected before our listener was in place
            self._on_ready_thread(None)

    async def close(self) -> None:
        """Stop reconnecting and close the link."""
        self.closed = True
        ros = self.ros
        if ros is None:
            return
        ros.factory._stop = True  # roslibpy's own flag: no reconnect after this
        if ros.is_connected:
            await asyncio.to_thread(ros.close)
        self._lost("closed")

    # --- roslibpy thread side: hand over, nothing else ---------------------------

    def _on_ready_thread(self, proto: Any) -> None:
        if self.closed and proto is not None:
            proto.send_close()
            return
        self.loop.call_soon_threadsafe(self._on_ready)

    def _on_close_thread(self, _proto: Any) -> None:
        self.loop.call_soon_threadsafe(self._lost, "link closed")

    def _slot(self, name: str, msg: Any) -> None:
        """Keep the latest message of a kind; schedule one flush on the loop."""
        self._latest[name] = msg
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.loop.call_soon_threadsafe(self._flush)

    # --- loop side -------------------------------------------------------------------

    def _on_ready(self) -> None:
        log.info("%s: connected to %s", self.id, self.spec.url)
        self.connected = True
        self.heard_at = time.monotonic()
        self._changed(self)

    def _lost(self, why: str) -> None:
        was = self.connected
        self.connected = False
        self.goal = None
        for future in self._pending.values():
            if not future.done():
                future.set_result(NavResult("lost", why))
        self._pending.clear()
        self._goal_id = None
        if was:
            (log.info if self.closed else log.warning)("%s: %s", self.id, why)
            self._changed(self)

    def _flush(self) -> None:
        self._flush_scheduled = False
        latest, self._latest = self._latest, {}
        self.heard_at = time.monotonic()
        pose = latest.get("pose")
        if pose is not None:
            p = pose["pose"]["pose"]
            q = p["orientation"]
            yaw = 2 * math.atan2(float(q.get("z", 0.0)), float(q.get("w", 1.0)))
            self.pose = Pose(float(p["position"]["x"]), float(p["position"]["y"]), yaw)
        battery = latest.get("battery")
        if battery is not None:
            self.battery = float(battery["percentage"])
            self.charging = int(battery.get("power_supply_status", 0)) in (1, 4)
        tray = latest.get("tray")
        if tray is not None:
            self.tray = int(tray["data"])
        feedback = latest.get("feedback")
        if feedback is not None:
            self.remaining = float(feedback.get("distance_remaining", 0.0))
        if not self.connected and self.ros is not None and self.ros.is_connected:
            self.connected = True
        self._changed(self)

    def stale(self, now: float) -> bool:
        """Return whether a connected robot has gone silent."""
        return self.connected and now - self.heard_at > STALE_AFTER

    def status(self) -> RobotStatus:
        connected = self.connected and not self.stale(time.monotonic())
        mode: Mode
        if not connected:
            mode = "offline"
        elif self.goal is not None:
            mode = "navigating"
        elif self.charging:
            mode = "charging"
        else:
            mode = "idle"
        return RobotStatus(
            self.id,
            connected,
            mode,
            self.pose,
            self.battery,
            self.charging,
            self.goal,
            self.remaining if self.goal else None,
            self.tray,
        )

    # --- commands --------------------------------------------------------------------

    async def navigate(self, target: Pose | str) -> NavResult:
        if not self.connected:
            return NavResult("lost", "not connected")
        pose, name = self._resolve(target)
        m = self.spec.model
        goal = roslibpy.Goal(
            {
                "pose": {
                    "header": {"stamp": {"sec": 0, "nanosec": 0}, "frame_id": m.frame},
                    "pose": {
                        "position": {"x": pose.x, "y": pose.y, "z": 0.0},
                        "orientation": {
                            "x": 0.0,
                            "y": 0.0,
                            "z": math.sin(pose.yaw / 2),
                            "w": math.cos(pose.yaw / 2),
                        },
                    },
                },
                "behavior_tree": "",
            }
        )
        done: asyncio.Future[NavResult] = self.loop.create_future()
        loop = self.loop

        def result_thread(result: Any) -> None:
            status = result["status"]
            code = getattr(status, "value", status)
            values = result.get("values") or {}
            detail = values.get("error_msg", "") if isinstance(values, dict) else str(values)
            outcome = _OUTCOME.get(int(code), "aborted")
            loop.call_soon_threadsafe(_settle, NavResult(outcome, detail))  # type: ignore[arg-type]

        def error_thread(error: Any) -> None:
            loop.call_soon_threadsafe(_settle, NavResult("refused", str(error)[:200]))

        def feedback_thread(feedback: Any) -> None:
            self._slot("feedback", feedback)

        def _settle(result: NavResult) -> None:
            if not done.done():
                done.set_result(result)

        goal_id = self._action.send_goal(goal, result_thread, feedback_thread, error_thread)
        self._goal_id = goal_id
        self._pending[goal_id] = done
        self.goal = name
        self.remaining = None
        self._changed(self)
        try:
            return await done
        except asyncio.CancelledError:
            if self.connected:
                self._action.cancel_goal(goal_id)
            raise
        finally:
            self._pending.pop(goal_id, None)
            if self._goal_id == goal_id:
                self._goal_id = None
                self.goal = None
                self._changed(self)

    def _resolve(self, target: Pose | str) -> tuple[Pose, str]:
        if isinstance(target, Pose):
            return target, f"({target.x:.1f}, {target.y:.1f})"
        place = self.layout.place(target) if self.layout else None
        if place is None:
            raise FleetError(self.id, f"no place {target!r} on the floor map")
        return Pose(place.x, place.y, place.yaw), place.name

    def say(self, topic: str, text: str) -> None:
        if not self.connected:
            raise FleetError(self.id, "not connected")
        channel = self._speech if topic == "speech" else self._display
        channel.publish(roslibpy.Message({"data": text}))

    def stop(self) -> None:
        if self._goal_id is not None and self.connected:
            self._action.cancel_goal(self._goal_id)


class RosbridgeFleet:
    """Every robot of a center, each at the rosbridge URL its config gives."""

    def __init__(self, config: CenterConfig, stale_after: float = STALE_AFTER) -> None:
        self.config = config
        self.stale_after = stale_after
        self.listeners: list[Callable[[RobotStatus], None]] = []
        self._robots: dict[str, RosbridgeRobot] = {}
        self._watch: asyncio.Task[None] | None = None
        self._stale: set[str] = set()

    async def __aenter__(self) -> RosbridgeFleet:
        loop = asyncio.get_running_loop()
        _configure_backoff()
        for spec in self.config.robots:
            robot = RosbridgeRobot(spec, self.config.layout, loop, self._notify)
            self._robots[spec.id] = robot
            robot.start()
        self._watch = asyncio.create_task(self._watchdog(), name="fleet-watchdog")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._watch:
            self._watch.cancel()
        await asyncio.gather(*(r.close() for r in self._robots.values()))

    async def _watchdog(self) -> None:
        """Mark silent robots offline (a link that died without closing)."""
        while True:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            for robot in self._robots.values():
                stale = robot.stale(now)
                if stale and robot.id not in self._stale:
                    self._stale.add(robot.id)
                    log.warning("%s: silent for %.0f s", robot.id, STALE_AFTER)
                    robot._lost("silent")
                elif not stale:
                    self._stale.discard(robot.id)

    def _notify(self, robot: RosbridgeRobot) -> None:
        status = robot.status()
        for listener in self.listeners:
            listener(status)

    def _robot(self, robot: str) -> RosbridgeRobot:
        found = self._robots.get(robot)
        if found is None:
            raise FleetError(robot, "no such robot")
        return found

    def robots(self) -> list[str]:
        return list(self._robots)

    def status(self, robot: str) -> RobotStatus:
        return self._robot(robot).status()

    async def navigate(self, robot: str, target: Pose | str) -> NavResult:
        return await self._robot(robot).navigate(target)

    async def speak(self, robot: str, text: str) -> None:
        self._robot(robot).say("speech", text)

    async def show(self, robot: str, text: str) -> None:
        self._robot(robot).say("display", text)

    async def stop(self, robot: str) -> None:
        self._robot(robot).stop()

    async def dock(self, robot: str) -> NavResult:
        found = self._robot(robot)
        return await found.navigate(found.spec.dock)
