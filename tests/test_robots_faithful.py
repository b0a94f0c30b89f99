"""The floor's robots against a simulator that is as unkind as rosbridge_server 2.x with Nav2:
real mosquitto, real roslibpy, real websockets."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig
from floor.core.commands import PauseRobot
from floor.core.events import RobotReported
from tests.test_robots_fleet import (
    SimThread,
    board,
    escort_under_way,
    near,
    on_floor,
    on_free_ports,
    running_floor,
    seen,
    taken_over,
    task_of,
    wait_for,
)


@pytest.fixture
def center(center: CenterConfig) -> CenterConfig:
    """The demo center with its robots on free loopback ports."""
    return on_free_ports(center)


def with_models(center: CenterConfig, **model: Any) -> CenterConfig:
    """The center with every robot's model changed as given."""
    robots = [
        r.model_copy(update={"model": r.model.model_copy(update=model)}) for r in center.robots
    ]
    return center.model_copy(update={"robots": robots})


def received(floor: Any, robot: str, op: str) -> list[dict[str, Any]]:
    """The operations `op` the robot's rosbridge handled, read on the simulator's loop."""
    server = floor.sim.server(robot)
    return floor.simthread.read(lambda: [m for m in server.received if m["op"] == op])  # type: ignore[no-any-return]


def offline_reports(floor: Any) -> list[str]:
    """The robots the floor was told went offline (read on the orchestrator's loop)."""
    return [
        e.robot
        for e in floor.orchestrator.eventlog.events()
        if isinstance(e, RobotReported) and not e.online
    ]


def test_a_robot_frozen_mid_escort_comes_back_cancelled_and_never_meets_the_new_one(
    mosquitto: Mosquitto, floor_on: Any, center: CenterConfig
) -> None:
    with running_floor(mosquitto.url, floor_on, center) as floor:
        task = escort_under_way(floor)
        first = task.robot
        assert first
        goal = received(floor, first, "send_action_goal")[-1]["id"]
        floor.simthread.call(floor.sim.fault(first, "freeze", 10))
        frozen = seen(floor)[first]
        other = taken_over(floor, task, first, 10)  # silent: offline, the escort goes on
        server = floor.sim.server(first)
        wait_for(lambda: not floor.simthread.read(lambda: server.frozen), 12)
        wait_for(lambda: seen(floor)[first].goal is None, 2)  # its old goal is cancelled
        assert goal in {m["id"] for m in received(floor, first, "cancel_action_goal")}
        closest = math.inf
        while board(floor).tasks[task.id].status != "done":
            robots = seen(floor)
            a, b = robots[first], robots[other]
            closest = min(closest, math.dist((a.x, a.y), (b.x, b.y)))
            assert math.dist((a.x, a.y), (frozen.x, frozen.y)) < 0.3, "it drove its old goal on"
            time.sleep(0.05)
        assert closest > 0.8, f"the two robots met ({closest:.2f} m)"
        assert near(seen(floor)[other], "counter-2")


@pytest.mark.parametrize("new_thread", [True, False])
def test_an_unknown_action_fails_the_task_within_the_timeout(
    mosquitto: Mosquitto, floor_on: Any, center: CenterConfig, new_thread: bool
) -> None:
    center = with_models(center, goals_in_new_thread=new_thread)
    typo = with_models(center, navigate_action="/navigate_to_pos", accept_timeout_s=1.0)
    with running_floor(mosquitto.url, floor_on, typo, robots=center) as floor:
        from floor.core.commands import IssueTicket

        floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
        started = time.monotonic()
        with floor.device("counter-2") as counter:
            counter.send("call_next")
            failed = wait_for(lambda: task_of(floor, "escort", "failed"), 10)
        attempts = center.robot_policy.max_attempts
        assert time.monotonic() - started < attempts * 1.0 + 3
        assert "no answer from /navigate_to_pos" in failed.reason
        # a goal rosbridge waits on for ever held the blocking connection: a fresh one serves
        wait_for(lambda: all(r.online for r in board(floor).robots.values()), 10)
        if not new_thread:  # pose and battery subscribed again on a second connection
            wait_for(lambda: len(received(floor, "guide-1", "subscribe")) > 2, 5)
        assert on_floor(floor, lambda: offline_reports(floor)) == []


def test_a_standing_robot_with_a_slow_battery_topic_stays_online(
    mosquitto: Mosquitto, floor_on: Any, center: CenterConfig
) -> None:
    with running_floor(mosquitto.url, floor_on, center, battery_every=10.0) as floor:
        # AMCL is silent while the robots stand; the probe keeps them known
        wait_for(lambda: len(received(floor, "guide-1", "call_service")) >= 4, 30)
        assert on_floor(floor, lambda: offline_reports(floor)) == []
        assert all(r.online for r in board(floor).robots.values())


def test_a_nan_battery_is_unknown_and_does_not_send_the_robot_to_dock(
    mosquitto: Mosquitto, floor_on: Any, center: CenterConfig
) -> None:
    with running_floor(mosquitto.url, floor_on, center) as floor:
        before = board(floor).robots["guide-1"].battery
        floor.simthread.call(floor.sim.fault("guide-1", "nan_battery"))
        fleet = floor.fleet
        wait_for(lambda: on_floor(floor, lambda: fleet.status("guide-1").battery is None), 5)
        floor.simthread.call(_push(floor, "guide-1", "entrance"))  # away from its dock
        wait_for(lambda: board(floor).robots["guide-1"].y < 2.0, 10)  # reported since
        robot = board(floor).robots["guide-1"]
        assert robot.online and robot.battery == before
        assert task_of(floor, "dock") is None


async def _push(floor: Any, robot: str, place: str) -> None:
    sim_robot = floor.sim.robots[robot]
    spot = sim_robot.layout.place(place)
    sim_robot.x, sim_robot.y, sim_robot.docked = spot.x, spot.y, False


def test_without_goals_in_new_thread_a_pause_waits_for_the_leg_as_documented(
    mosquitto: Mosquitto, floor_on: Any, center: CenterConfig
) -> None:
    center = with_models(center, goals_in_new_thread=False)
    with running_floor(mosquitto.url, floor_on, center) as floor:
        task = escort_under_way(floor)
        first = task.robot
        assert first
        floor.submit(PauseRobot(first), "test")
        wait_for(lambda: seen(floor)[first].goal is None, 30)
        assert near(seen(floor)[first], task.places[0]), "the leg was stopped early"
        assert received(floor, first, "cancel_action_goal")  # handled once the leg ended


# --- the simulator itself, op by op --------------------------------------------------


@pytest.fixture
def bridge(center: CenterConfig) -> Iterator[SimThread]:
    sim = SimThread(with_models(center, goals_in_new_thread=False), rate=20.0)  # the default
    yield sim
    sim.stop()


def _open(sim: SimThread, robot: str = "guide-1") -> ClientConnection:
    return connect(sim.sim.url(robot))


def _next(ws: ClientConnection, op: str, timeout: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(ws.recv(max(0.01, deadline - time.monotonic())))
        if message["op"] == op:
            return message  # type: ignore[no-any-return]


def _goal(ws: ClientConnection, goal_id: str, x: float, y: float, **extra: Any) -> None:
    pose = {"header": {"frame_id": "map"}, "pose": {"position": {"x": x, "y": y, "z": 0.0},
                                                    "orientation": {"w": 1.0}}}
    ws.send(json.dumps({"op": "send_action_goal", "id": goal_id, "action": "/navigate_to_pose",
                        "action_type": "nav2_msgs/action/NavigateToPose", "args": {"pose": pose},
                        **extra}))


def test_sim_feedback_only_when_asked_and_status_in_every_result(bridge: SimThread) -> None:
    with _open(bridge) as ws:
        _goal(ws, "g1", 16.0, 3.0)
        result = _next(ws, "action_result", 10)
        assert result["status"] == 4 and result["values"]["error_code"] == 0
    with _open(bridge) as ws:
        _goal(ws, "g2", 16.0, 5.0, feedback=True)
        assert "distance_remaining" in _next(ws, "action_feedback")["values"]
        assert _next(ws, "action_result", 10)["status"] == 4


def test_sim_unreachable_goal_aborts_after_recoveries_with_jazzy_code(bridge: SimThread) -> None:
    with _open(bridge) as ws:
        sent = time.monotonic()
        _goal(ws, "g1", 10.0, 11.0, feedback=True)  # behind the counter desk
        recoveries = _next(ws, "action_feedback")["values"]["number_of_recoveries"]
        result = _next(ws, "action_result", 10)
    sim_seconds = (time.monotonic() - sent) * 20.0
    assert recoveries == 0 and sim_seconds >= 15, "aborted before Nav2's recoveries"
    assert result["status"] == 6 and result["values"]["error_code"] == 208


def test_sim_unknown_action_gets_no_reply_and_holds_a_blocking_connection(
    bridge: SimThread,
) -> None:
    with _open(bridge) as ws:
        ws.send(json.dumps({"op": "send_action_goal", "id": "u1", "action": "/nope",
                            "action_type": "x/action/Y", "args": {}}))
        ws.send(json.dumps({"op": "call_service", "id": "s1", "service": "/rosapi/get_time"}))
        with pytest.raises(TimeoutError):
            _next(ws, "service_response", 1.0)  # behind the unanswered goal, for good
    with _open(bridge) as ws:  # a fresh connection is served
        ws.send(json.dumps({"op": "call_service", "id": "s2", "service": "/rosapi/get_time"}))
        assert _next(ws, "service_response")["result"] is True


def test_sim_goal_goes_on_after_its_client_left_and_any_client_cancels_it(
    bridge: SimThread,
) -> None:
    robot = bridge.sim.robots["guide-1"]
    with _open(bridge) as ws:
        _goal(ws, "far", 2.0, 0.8)
    wait_for(lambda: bridge.read(lambda: robot.goal is not None), 5)
    start = bridge.read(lambda: (robot.x, robot.y))
    wait_for(lambda: math.dist(start, bridge.read(lambda: (robot.x, robot.y))) > 1.0, 10)
    with _open(bridge) as ws:
        ws.send(json.dumps({"op": "cancel_action_goal", "id": "far",
                            "action": "/navigate_to_pose"}))
        wait_for(lambda: bridge.read(lambda: robot.goal is None), 5)


def test_sim_amcl_is_latched_and_silent_while_standing_and_nan_battery_is_null(
    bridge: SimThread,
) -> None:
    bridge.call(bridge.sim.fault("guide-1", "nan_battery"))
    with _open(bridge) as ws:
        ws.send(json.dumps({"op": "subscribe", "id": "p", "topic": "/amcl_pose"}))
        ws.send(json.dumps({"op": "subscribe", "id": "b", "topic": "/battery_state"}))
        topics: list[str] = []
        deadline = time.monotonic() + 2.5  # 50 sim seconds standing, 2+ battery messages
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = json.loads(ws.recv(left))
            except TimeoutError:
                break
            topics.append(message["topic"])
            if message["topic"] == "/battery_state":
                assert message["msg"]["percentage"] is None
    assert topics.count("/amcl_pose") == 1, "AMCL spoke while the robot stood"
    assert topics.count("/battery_state") >= 2


def test_sim_malformed_ops_answer_status_and_keep_the_connection(bridge: SimThread) -> None:
    with _open(bridge) as ws:
        ws.send("{not json")
        assert _next(ws, "status")["level"] == "error"
        ws.send(json.dumps({"op": "subscribe"}))  # no topic
        assert _next(ws, "status")["level"] == "error"
        ws.send(json.dumps({"op": "subscribe", "id": "t", "topic": "/amcl_pose",
                            "type": "std_msgs/msg/String"}))
        assert "not std_msgs/msg/String" in _next(ws, "status")["msg"]
        ws.send(json.dumps({"op": "call_service", "id": "s", "service": "/rosapi/get_time"}))
        assert _next(ws, "service_response")["result"] is True


def test_sim_subscribe_honours_throttle_rate(bridge: SimThread) -> None:
    with _open(bridge) as slow, _open(bridge) as fast:
        slow.send(json.dumps({"op": "subscribe", "id": "b", "topic": "/battery_state",
                              "throttle_rate": 60000}))
        fast.send(json.dumps({"op": "subscribe", "id": "b", "topic": "/battery_state"}))
        for _ in range(3):
            _next(fast, "publish", 3)  # three battery messages went out meanwhile
        _next(slow, "publish", 1)  # the first one
        with pytest.raises(TimeoutError):
            _next(slow, "publish", 0.5)  # and no other within the minute
