"""The fleet port over rosbridge: roslibpy (asyncio transport) to each robot's rosbridge_server.

The only module that imports roslibpy. Standard ROS 2 interfaces, names per
robot model: the Nav2 `navigate_to_pose` action (nav2_msgs/action/NavigateToPose,
feedback and cancel), opennav_docking's `dock_robot` (nav2_msgs/action/DockRobot),
`sensor_msgs/BatteryState`, `geometry_msgs/PoseWithCovarianceStamped` on
`amcl_pose`, `std_msgs/String` for speech and the screen, `std_msgs/Int32` for a
tray's load. roslibpy calls back on its own thread; every callback only crosses
into our loop with `loop.call_soon_threadsafe`, and all state changes there.

What rosbridge_server 2.x does not do for us, we do:
- it sends nothing when a goal is for an unknown action or is rejected: a goal
  without feedback nor result within `accept_timeout_s` fails (`refused`);
- it does not cancel a client's goals when its websocket closes: goals of ours
  cut off by a lost link are cancelled as soon as the link is back, before any
  new goal (rosbridge finds a goal by its id from any connection);
- AMCL is silent while a robot stands: liveness is the websocket plus, when the
  robot has been quiet, a cheap service call (`probe_service`); a robot that
  answers nothing for `STALE_AFTER` is offline and its link is opened afresh
  (a stuck goal may hold the old connection's queue for good);
- a NaN (null) battery percentage is unknown, not empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import roslibpy

from floor.core.catalog import CenterConfig, RobotSpec
from floor.core.layout import Layout
from robots.port import FleetError, Mode, NavResult, Outcome, Pose, RobotStatus

log = logging.getLogger("robots.rosbridge")

RECONNECT_FIRST = 0.5
RECONNECT_CAP = 8.0
"""Capped exponential backoff (roslibpy adds ±12% jitter) between reconnect attempts."""
PROBE_AFTER = 2.0
"""Ask the probe service when a connected robot has sent nothing for this long."""
STALE_AFTER = 6.0
"""A robot that answered nothing (no message, no probe reply) this long is offline."""

# action_msgs/msg/GoalStatus
_OUTCOME: dict[int, Outcome] = {4: "succeeded", 5: "canceled", 6: "aborted"}


def _configure_backoff() -> None:
    factory = roslibpy.comm.select_factory("asyncio")
    factory.set_initial_delay(RECONNECT_FIRST)
    factory.set_max_delay(RECONNECT_CAP)


def _number(value: Any) -> float | None:
    """Return a finite float, or None for null, NaN and what is not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _pose(p: dict[str, Any]) -> Pose:
    q = p["orientation"]
    yaw = 2 * math.atan2(float(q.get("z", 0.0)), float(q.get("w", 1.0)))
    return Pose(float(p["position"]["x"]), float(p["position"]["y"]), yaw)


def _result(status: Any, values: Any) -> NavResult:
    """Return how a goal ended from its GoalStatus and its result (Humble's is empty)."""
    code = int(getattr(status, "value", status) or 0)
    outcome = _OUTCOME.get(code, "aborted")
    values = values if isinstance(values, dict) else {}
    if outcome == "succeeded" and values.get("success") is False:  # DockRobot
        outcome = "aborted"
    detail = str(values.get("error_msg", "") or "")
    if values.get("error_code"):
        detail = f"{detail} (error {values['error_code']})".strip()
    return NavResult(outcome, detail)


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
        self.probed_at = 0.0
        self._goal_id: str | None = None
        self._client: Any = None
        self._pending: dict[str, tuple[asyncio.Future[NavResult], asyncio.Event]] = {}
        self._orphans: dict[str, Any] = {}
        """Goal id -> action client: goals of ours that may still run on the robot."""
        self._relinking = False
        """The link is being opened afresh: cancels and goals wait for the new connection."""
        self._linked = asyncio.Event()
        self._navigate: Any = None
        self._dock: Any = None
        self._probe: Any = None
        self._speech: Any = None
        self._display: Any = None
        self._limit: Any = None

    # --- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Connect (in the background, retrying with backoff) and subscribe."""
        m = self.spec.model
        ros = roslibpy.Ros(self.host, self.port, transport="asyncio")
        self.ros = ros
        ros.on("ready", self._on_ready_thread)
        ros.on("close", self._on_close_thread)
        topics = [
            ("pose", m.pose_topic, "geometry_msgs/msg/PoseWithCovarianceStamped"),
            ("battery", m.battery_topic, "sensor_msgs/msg/BatteryState"),
        ]
        if self.spec.kind == "refreshment":
            topics.append(("tray", m.tray_topic, "std_msgs/msg/Int32"))
        for kind, name, msg_type in topics:
            roslibpy.Topic(ros, name, msg_type).subscribe(self._handler(kind))
        self._navigate = roslibpy.ActionClient(ros, m.navigate_action, m.navigate_type)
        if m.dock_action:
            self._dock = roslibpy.ActionClient(ros, m.dock_action, m.dock_type)
        self._probe = roslibpy.Service(ros, m.probe_service, "rosapi_msgs/srv/GetTime")
        self._speech = roslibpy.Topic(ros, m.speech_topic, "std_msgs/msg/String")
        self._display = roslibpy.Topic(ros, m.display_topic, "std_msgs/msg/String")
        self._limit = roslibpy.Topic(ros, m.speed_limit_topic, "nav2_msgs/msg/SpeedLimit")
        if not m.goals_in_new_thread:
            log.warning(
                "%s: its rosbridge runs goals in the connection's thread: a stop or pause "
                "reaches it only when its current leg ends (launch rosbridge_server with "
                "send_action_goals_in_new_thread:=true)",
                self.id,
            )
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
        self.loop.call_soon_threadsafe(self._on_ready, proto)

    def _on_close_thread(self, _proto: Any) -> None:
        self.loop.call_soon_threadsafe(self._on_link_closed)

    def _handler(self, kind: str) -> Callable[[Any], None]:
        def on_thread(msg: Any) -> None:
            self.loop.call_soon_threadsafe(self._take, kind, msg)

        return on_thread

    # --- loop side -------------------------------------------------------------------

    def _on_ready(self, proto: Any) -> None:
        if self.closed:
            if proto is not None:
                proto.send_close()  # roslibpy sends it on its own thread
            return
        log.info("%s: connected to %s", self.id, self.spec.url)
        self.connected = True
        self._relinking = False
        self._linked.set()
        self.heard_at = time.monotonic()
        self._cancel_orphans()
        self._changed(self)

    def _on_link_closed(self) -> None:
        if self._relinking:  # we closed it to open a fresh one: the robot is still there
            self._settle(NavResult("refused", "the link was opened afresh"))
        else:
            self._lost("link closed")

    def _settle(self, result: NavResult) -> None:
        """Settle our waiting goals (their link is gone); keep their ids to cancel later."""
        self.goal = None
        for goal_id, (future, _) in self._pending.items():
            if not future.done():
                future.set_result(result)
                self._orphans[goal_id] = self._client
        self._pending.clear()
        self._goal_id = None

    def _lost(self, why: str) -> None:
        """The link is down or silent: the robot is offline, its goals lost."""
        was = self.connected
        self.connected = False
        self._settle(NavResult("lost", why))
        if was:
            (log.info if self.closed else log.warning)("%s: %s", self.id, why)
            self._changed(self)

    def _cancel_orphans(self) -> None:
        """Cancel goals of ours that were cut off from us and may still drive the robot."""
        if self._relinking:
            return  # from the fresh connection: the old one may be held by a goal
        for goal_id, client in self._orphans.items():
            log.info("%s: cancelling %s left running on the robot", self.id, goal_id)
            client.cancel_goal(goal_id)
        self._orphans.clear()

    def _take(self, kind: str, msg: Any) -> None:
        """Take one message from the robot (on the loop)."""
        self.heard_at = time.monotonic()
        try:
            if kind == "pose":
                self.pose = _pose(msg["pose"]["pose"])
            elif kind == "battery":
                self.battery = _number(msg.get("percentage"))
                self.charging = int(msg.get("power_supply_status") or 0) in (1, 4)
            elif kind == "tray":
                self.tray = int(msg["data"])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("%s: bad %s message: %s", self.id, kind, exc)
            return
        self._changed(self)

    def _on_feedback(self, goal_id: str, values: Any) -> None:
        self.heard_at = time.monotonic()
        pending = self._pending.get(goal_id)
        if pending is None:
            return
        pending[1].set()
        if isinstance(values, dict):
            self.remaining = _number(values.get("distance_remaining"))
            current = values.get("current_pose")
            if isinstance(current, dict):  # AMCL may be quiet; Nav2's feedback is not
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    self.pose = _pose(current["pose"])
        self._changed(self)

    def _heard(self) -> None:
        self.heard_at = time.monotonic()

    def probe(self, now: float) -> None:
        """Ask the cheap probe service (its answer counts as hearing from the robot)."""
        if self.connected and now - self.probed_at >= PROBE_AFTER:
            self.probed_at = now

            def answered(_: Any) -> None:
                self.loop.call_soon_threadsafe(self._heard)

            self._probe.call(roslibpy.ServiceRequest(), answered, answered)

    def relink(self) -> None:
        """Drop the websocket so roslibpy opens a fresh one (a fresh queue on rosbridge)."""
        if self.ros is None or self.closed:
            return
        factory = self.ros.factory
        proto = factory._proto
        if proto is not None:
            self._relinking = True
            self._linked.clear()
            factory.manager.loop.call_soon_threadsafe(proto.sendClose)

    def status(self) -> RobotStatus:
        mode: Mode
        if not self.connected:
            mode = "offline"
        elif self.goal is not None:
            mode = "navigating"
        elif self.charging:
            mode = "charging"
        else:
            mode = "idle"
        return RobotStatus(
            self.id,
            self.connected,
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
        pose, name = self._resolve(target)
        m = self.spec.model
        q = {"x": 0.0, "y": 0.0, "z": math.sin(pose.yaw / 2), "w": math.cos(pose.yaw / 2)}
        stamped = {
            "header": {"stamp": {"sec": 0, "nanosec": 0}, "frame_id": m.frame},
            "pose": {"position": {"x": pose.x, "y": pose.y, "z": 0.0}, "orientation": q},
        }
        return await self._send(self._navigate, {"pose": stamped, "behavior_tree": ""}, name)

    async def dock(self) -> NavResult:
        """Dock on the robot's own dock: opennav_docking's action, or a goal to its place."""
        if self._dock is None:
            return await self.navigate(self.spec.dock)
        args = {
            "use_dock_id": True,
            "dock_id": self.spec.dock,
            "navigate_to_staging_pose": True,
            "max_staging_time": self.spec.model.result_timeout_s,
        }
        return await self._send(self._dock, args, self.spec.dock)

    async def _send(self, client: Any, args: dict[str, Any], name: str) -> NavResult:
        """Send one goal and wait for how it ends, within the model's timeouts."""
        if not self.connected:
            return NavResult("lost", "not connected")
        if self._relinking:
            try:
                await asyncio.wait_for(self._linked.wait(), self.spec.model.accept_timeout_s)
            except TimeoutError:
                return NavResult("refused", "the link is being opened afresh")
        self._cancel_orphans()
        done: asyncio.Future[NavResult] = self.loop.create_future()
        answered = asyncio.Event()
        loop = self.loop

        def _settle(result: NavResult) -> None:
            self._heard()
            if not done.done():
                done.set_result(result)

        def result_thread(result: Any) -> None:
            loop.call_soon_threadsafe(_settle, _result(result["status"], result.get("values")))

        def error_thread(error: Any) -> None:
            detail = error.get("values") if isinstance(error, dict) else error
            loop.call_soon_threadsafe(_settle, NavResult("refused", str(detail)[:200]))

        def feedback_thread(feedback: Any) -> None:
            loop.call_soon_threadsafe(lambda: self._on_feedback(goal_id, feedback))

        goal = roslibpy.Goal(args)
        goal_id: str = client.send_goal(goal, result_thread, feedback_thread, error_thread)
        self._goal_id, self._client = goal_id, client
        self._pending[goal_id] = (done, answered)
        self.goal = name
        self.remaining = None
        self._changed(self)
        try:
            return await self._outcome(client, goal_id, done, answered)
        except asyncio.CancelledError:
            self._cancel(client, goal_id)
            raise
        finally:
            self._pending.pop(goal_id, None)
            if self._goal_id == goal_id:
                self._goal_id = None
                self.goal = None
                self._changed(self)

    async def _outcome(
        self,
        client: Any,
        goal_id: str,
        done: asyncio.Future[NavResult],
        answered: asyncio.Event,
    ) -> NavResult:
        m = self.spec.model
        heard: asyncio.Future[Any] = asyncio.ensure_future(answered.wait())
        try:
            await asyncio.wait([heard, done], timeout=m.accept_timeout_s)
        finally:
            heard.cancel()
        if not done.done() and not answered.is_set():
            if not m.goals_in_new_thread:
                self.relink()  # rosbridge waits on that goal for ever in this connection
            self._cancel(client, goal_id)
            action = getattr(client, "name", "?")
            why = f"no answer from {action} in {m.accept_timeout_s:g} s (unknown or rejected)"
            log.warning("%s: %s", self.id, why)
            return NavResult("refused", why)
        try:
            return await asyncio.wait_for(asyncio.shield(done), m.result_timeout_s)
        except TimeoutError:
            self._cancel(client, goal_id)
            return NavResult("aborted", f"no result in {m.result_timeout_s:g} s")

    def _cancel(self, client: Any, goal_id: str) -> None:
        """Cancel a goal now, or as soon as the link is back (or opened afresh)."""
        if self.connected and not self._relinking:
            client.cancel_goal(goal_id)
        else:
            self._orphans[goal_id] = client

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

    def pace(self, speed: float | None) -> None:
        """Publish a Nav2 speed limit in m/s (0 lifts it)."""
        if not self.connected:
            raise FleetError(self.id, "not connected")
        limit = {"header": {"frame_id": ""}, "percentage": False, "speed_limit": speed or 0.0}
        self._limit.publish(roslibpy.Message(limit))

    def stop(self) -> None:
        if self._goal_id is not None:
            self._cancel(self._client, self._goal_id)


class RosbridgeFleet:
    """Every robot of a center, each at the rosbridge URL its config gives."""

    def __init__(self, config: CenterConfig, stale_after: float = STALE_AFTER) -> None:
        self.config = config
        self.stale_after = stale_after
        self.listeners: list[Callable[[RobotStatus], None]] = []
        self._robots: dict[str, RosbridgeRobot] = {}
        self._watch: asyncio.Task[None] | None = None

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
        """Probe quiet robots; mark robots that answer nothing offline and relink them."""
        while True:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            for robot in self._robots.values():
                quiet = now - robot.heard_at
                if not robot.connected:
                    continue
                if quiet > self.stale_after:
                    log.warning("%s: silent for %.0f s", robot.id, quiet)
                    robot._lost("silent")
                    robot.relink()
                elif quiet > PROBE_AFTER:
                    robot.probe(now)

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

    async def pace(self, robot: str, speed: float | None) -> None:
        self._robot(robot).pace(speed)

    async def dock(self, robot: str) -> NavResult:
        return await self._robot(robot).dock()
