"""Robots end to end: orchestrator over mosquitto, roslibpy over real websockets to the
simulated floor's rosbridge endpoints, one per robot."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import pytest

from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.core.catalog import CenterConfig
from floor.core.commands import IssueTicket
from floor.core.layout import Layout, planner_for
from floor.core.robotboard import RobotBoard, Task
from robots.coordinator import Coordinator
from robots.rosbridge import RosbridgeFleet
from sim.robots import SimFloor

T = TypeVar("T")
RATE = 4.0
"""Sim seconds per wall second: robots walk 0.8 m/s in sim time."""


def on_free_ports(center: CenterConfig) -> CenterConfig:
    """The center with its robots on free loopback ports."""
    robots = [r.model_copy(update={"url": f"ws://127.0.0.1:{free_port()}"}) for r in center.robots]
    return center.model_copy(update={"robots": robots})


@pytest.fixture
def center(center: CenterConfig) -> CenterConfig:
    """The demo center with its robots on free loopback ports."""
    return on_free_ports(center)


class SimThread:
    """The simulated floor on its own thread and loop, as on other machines."""

    def __init__(self, config: CenterConfig, rate: float = RATE, **options: Any) -> None:
        self.sim = SimFloor.for_config(config, rate=rate, **options)
        self.loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._main, args=(ready,), daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def _main(self, ready: threading.Event) -> None:
        async def body() -> None:
            async with self.sim:
                ready.set()
                await self._stop.wait()

        self.loop.run_until_complete(body())

    def call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def read(self, fn: Callable[[], T]) -> T:
        """Read the simulated floor on its own loop (its owner), not from the test thread."""

        async def get() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(get(), self.loop).result(10)  # type: ignore[no-any-return]

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(10)


@contextlib.contextmanager
def running_floor(
    url: str, floor_on: Any, center: CenterConfig, robots: CenterConfig | None = None, **sim: Any
) -> Iterator[Any]:
    """Orchestrator + simulated robots (as `robots` has them, by default as `center`) + fleet
    adapter + coordinator, all running."""
    sim_thread = SimThread(robots or center, **sim)
    floor = floor_on(url)
    loop = floor._loop
    holder: dict[str, Any] = {}

    async def start() -> None:
        fleet = RosbridgeFleet(center)
        await fleet.__aenter__()
        rate = sim.get("rate", RATE)
        coordinator = Coordinator(floor.orchestrator, fleet, plan_every=0.5, rate=rate)
        holder["fleet"] = fleet
        holder["task"] = asyncio.create_task(coordinator.run())

    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    floor.sim = sim_thread.sim
    floor.simthread = sim_thread
    floor.fleet = holder["fleet"]
    try:
        wait_for(lambda: all(r.online for r in board(floor).robots.values()), 15)
        yield floor
    finally:

        async def stop() -> None:
            holder["task"].cancel()
            await asyncio.gather(holder["task"], return_exceptions=True)
            await holder["fleet"].__aexit__(None, None, None)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        sim_thread.stop()


@pytest.fixture
def robot_floor(mosquitto: Mosquitto, floor_on, center: CenterConfig) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The demo center's robots on the simulated floor, with the orchestrator driving them."""
    with running_floor(mosquitto.url, floor_on, center) as floor:
        yield floor


def wait_for(check: Callable[[], T], timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def on_floor(floor: Any, fn: Callable[[], T]) -> T:
    """Run `fn` on the orchestrator's loop (the owner of its state) and return its result."""

    async def get() -> T:
        return fn()

    return asyncio.run_coroutine_threadsafe(get(), floor._loop).result(10)


def board(floor: Any) -> RobotBoard:
    """A copy of the floor's robots and tasks, taken on the orchestrator's loop."""
    return on_floor(floor, lambda: copy.deepcopy(floor.orchestrator.state.robots))


@dataclass(frozen=True)
class Seen:
    """What a simulated robot is and did, copied on the simulator's loop."""

    x: float
    y: float
    clock: float
    moving: bool
    docked: bool
    tray: int
    heard: list[tuple[str, str, float, float]]
    trail: list[tuple[float, float]]
    layout: Layout

    @property
    def goal(self) -> bool | None:
        return True if self.moving else None


def seen(floor: Any) -> dict[str, Seen]:
    """Every simulated robot as it is now, read on the simulator's loop."""

    def take() -> dict[str, Seen]:
        return {
            name: Seen(r.x, r.y, r.clock, r.goal is not None, r.docked, r.tray,
                       list(r.heard), list(r.trail), r.layout)
            for name, r in floor.sim.robots.items()
        }

    return floor.simthread.read(take)  # type: ignore[no-any-return]


def task_of(floor: Any, kind: str, status: str | None = None) -> Task | None:
    for task in board(floor).tasks.values():
        if task.kind == kind and (status is None or task.status == status):
            return task  # type: ignore[no-any-return]
    return None


def near(robot: Any, place: str, within: float = 0.4) -> bool:
    spot = robot.layout.place(place)
    return math.hypot(spot.x - robot.x, spot.y - robot.y) <= within  # type: ignore[no-any-return]


def moved(floor: Any, robot: str, at_least: float = 0.3) -> Callable[[], bool]:
    """A check: the simulated robot is under way, `at_least` metres from where it is now."""
    start = seen(floor)[robot]

    def check() -> bool:
        now = seen(floor)[robot]
        return math.dist((start.x, start.y), (now.x, now.y)) > at_least

    return check


def escort_under_way(floor: Any, counter: str = "counter-2") -> Task:
    """Call a guided ticket at a counter; return its escort once its robot moves."""
    floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
    with floor.device(counter) as terminal:
        terminal.send("call_next")
        task = wait_for(lambda: task_of(floor, "escort", "assigned"))
    assert task.robot
    wait_for(moved(floor, task.robot))
    return task


def taken_over(floor: Any, task: Task, first: str | None, within: float) -> str:
    """Wait until another robot than `first` holds the task; return it."""
    return wait_for(  # type: ignore[no-any-return]
        lambda: (
            (t := board(floor).tasks[task.id]).status == "assigned"
            and t.robot not in (None, first)
            and t.robot
        ),
        within,
    )


def test_guide_escorts_a_called_ticket_and_speaks_the_call_on_arrival(robot_floor: Any) -> None:
    floor = robot_floor
    with floor.device("kiosk-1") as kiosk, floor.device("counter-3") as counter:
        kiosk.send("ticket_request", procedure="chung_thuc", priority="elderly")
        kiosk.wait_for(lambda m: m.name == "ticket")
        counter.send("call_next")
        task = wait_for(lambda: task_of(floor, "escort"))
        assert task.places == ("seats-a", "counter-3")
        done = wait_for(lambda: task_of(floor, "escort", "done"), 40)
    robot = seen(floor)[done.robot]
    assert near(robot, "counter-3")
    said = [(text, x, y) for topic, text, x, y in robot.heard if topic == "/speech/say"]
    assert said[0][0] == "Mời số A001 đi theo tôi đến quầy số 3"
    text, x, y = said[-1]
    assert text == "Mời số A001 đến quầy số 3"
    spot = robot.layout.place("counter-3")
    assert math.hypot(spot.x - x, spot.y - y) < 0.4, "the call was spoken away from the counter"
    planner = planner_for(robot.layout)
    assert all(planner.crosses_block(a, b) is None for a, b in itertools.pairwise(robot.trail))


def test_refreshment_robot_serves_a_long_waiter(robot_floor: Any) -> None:
    floor = robot_floor
    floor.submit(IssueTicket("khai_sinh"), "test")
    floor.submit(IssueTicket("chung_thuc"), "test")
    orchestrator = floor.orchestrator
    real = orchestrator.clock
    orchestrator.clock = lambda: real() + timedelta(minutes=21)  # the citizens waited 21 min
    task = wait_for(lambda: task_of(floor, "refresh"), 10)
    assert task.places[0] == "refresh-station" and task.robot == "refresh-1"
    wait_for(lambda: seen(floor)["refresh-1"].tray > 0, 40)  # loaded at the station
    done = wait_for(lambda: task_of(floor, "refresh", "done"), 40)
    robot = seen(floor)["refresh-1"]
    assert near(robot, done.places[1])
    text = next(t for topic, t, _, _ in robot.heard if topic == "/speech/say")
    assert text.startswith("Mời bạn nhận nước uống") and done.numbers[0] in text
    wait_for(lambda: seen(floor)["refresh-1"].tray < 6, 10)  # citizens take from the tray


def test_robot_dropping_mid_escort_hands_its_task_over_within_5_s(robot_floor: Any) -> None:
    floor = robot_floor
    task = escort_under_way(floor)
    first = task.robot
    dropped = time.monotonic()
    floor.simthread.call(floor.sim.fault(first, "disconnect", 60))
    other = taken_over(floor, task, first, 5)
    assert time.monotonic() - dropped < 5
    assert not board(floor).robots[first].online
    wait_for(lambda: board(floor).tasks[task.id].status == "done", 40)
    assert near(seen(floor)[other], "counter-2")


def test_low_battery_sends_a_robot_to_its_dock_and_it_charges_seated(robot_floor: Any) -> None:
    floor = robot_floor
    # first walk it out into the hall, then drain it
    floor.simthread.call(_walk(floor, "guide-1", "entrance"))
    floor.simthread.call(floor.sim.fault("guide-1", "low_battery"))
    task = wait_for(lambda: task_of(floor, "dock"), 10)
    assert task.robot == "guide-1" and task.places == ("dock-1",)
    wait_for(lambda: task_of(floor, "dock", "done"), 40)
    robot = seen(floor)["guide-1"]
    assert near(robot, "dock-1") and robot.docked  # by the docking action, on its contacts
    assert any(m["op"] == "send_action_goal" and m["action"] == "/dock_robot"
               for m in floor.simthread.read(lambda: list(floor.sim.server("guide-1").received)))
    wait_for(lambda: board(floor).robots["guide-1"].charging, 10)


async def _walk(floor: Any, robot: str, place: str) -> None:
    """Move a simulated robot by hand (as staff pushing it), outside the floor's tasks."""
    sim_robot = floor.sim.robots[robot]
    spot = sim_robot.layout.place(place)
    sim_robot.x, sim_robot.y = spot.x, spot.y
    sim_robot.docked = False


def test_a_goal_through_a_wall_is_never_taken(robot_floor: Any) -> None:
    from robots.port import Pose

    floor = robot_floor
    fleet = floor.fleet

    async def go(target: Any) -> Any:
        return await fleet.navigate("guide-2", target)

    def navigate(target: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(go(target), floor._loop).result(60)

    robot = seen(floor)["guide-2"]
    start = (robot.x, robot.y)
    failed = navigate("staff-area")  # behind the counter desk: no path, after Nav2's recoveries
    assert failed.outcome == "aborted" and "208" in failed.detail
    robot = seen(floor)["guide-2"]
    assert math.dist(start, (robot.x, robot.y)) < 0.05
    assert navigate(Pose(15.0, 2.0)).outcome == "aborted"  # inside the partition wall
    floor.simthread.call(_clear_trail(floor, "guide-2"))
    assert navigate("seats-c").ok  # from the service room: only through its door
    robot = seen(floor)["guide-2"]
    planner = planner_for(robot.layout)
    trail = [start, *robot.trail]
    assert all(planner.crosses_block(a, b) is None for a, b in itertools.pairwise(trail))
    assert any(4.6 <= y <= 6.0 and 14.8 <= x <= 15.2 for x, y in trail), "not through the door"


async def _clear_trail(floor: Any, robot: str) -> None:
    floor.sim.robots[robot].trail.clear()


def test_robot_tasks_are_retained_state_and_in_the_event_log(robot_floor: Any) -> None:
    from devices import topics
    from floor.core.state import FloorState
    from tests.floorkit import CATALOG

    floor = robot_floor
    floor.submit(IssueTicket("chung_thuc", "disability"), "test")
    with floor.device("counter-1") as counter, floor.device("board-hall") as hall:
        counter.send("call_next")
        done = wait_for(lambda: task_of(floor, "escort", "done"), 40)
        hall.listen(topics.STATE.topic(center=floor.config.center.id, name="robots"))
        state = hall.wait_for(
            lambda m: (
                m.kind == "state"
                and any(t["id"] == done.id and t["status"] == "done" for t in m.data["tasks"])
            )
        ).data
    assert {r["id"] for r in state["robots"]} == {"guide-1", "guide-2", "refresh-1"}
    assert state["layout"] == "Tam Bình hall"

    def replay() -> tuple[Any, Any]:
        events = list(floor.orchestrator.eventlog.events())
        replayed = FloorState.initial(CATALOG, floor.config)
        for event in events:
            replayed.apply(event)
        live = floor.orchestrator.state.robots
        return {type(e).__name__ for e in events}, replayed.robots == live

    kinds, same = on_floor(floor, replay)
    assert {"RobotReported", "RobotTaskCreated", "RobotTaskAssigned", "RobotLegReached"} <= kinds
    assert same


def test_manager_pauses_a_guide_mid_escort_within_1_s_and_another_takes_over(
    robot_floor: Any,
) -> None:
    from floor.core.commands import PauseRobot, ResumeRobot

    floor = robot_floor
    task = escort_under_way(floor)
    first = task.robot
    paused = time.monotonic()
    floor.submit(PauseRobot(first), "test")
    wait_for(lambda: seen(floor)[first].goal is None, 1.0)  # cancelled on the robot mid-leg
    assert time.monotonic() - paused < 1.0
    other = taken_over(floor, task, first, 5)
    held = seen(floor)[first]
    wait_for(lambda: board(floor).tasks[task.id].status == "done", 40)
    assert near(seen(floor)[other], "counter-2")
    now = seen(floor)[first]
    assert math.dist((held.x, held.y), (now.x, now.y)) < 0.05, "the paused robot moved"
    assert board(floor).robots[first].held == "paused"
    floor.submit(ResumeRobot(first), "test")
    assert board(floor).robots[first].held == ""


def test_stop_all_stops_every_robot_within_1_s(robot_floor: Any) -> None:
    from floor.core.commands import StopAllRobots

    floor = robot_floor
    floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
    floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
    with floor.device("counter-2") as c2, floor.device("counter-3") as c3:
        c2.send("call_next")
        c3.send("call_next")
        wait_for(
            lambda: (
                sum(r.goal is not None for r in seen(floor).values()) >= 2
                and all(t.status == "assigned" for t in board(floor).tasks.values())
            ),
            10,
        )
    stopped = time.monotonic()
    floor.submit(StopAllRobots(), "test")
    wait_for(lambda: all(r.goal is None for r in seen(floor).values()), 1.0)
    assert time.monotonic() - stopped < 1.0
    before = seen(floor)
    clock = max(r.clock for r in before.values())
    wait_for(lambda: min(r.clock for r in seen(floor).values()) > clock + 4)  # 4 sim seconds
    for name, r in seen(floor).items():
        spot = before[name]
        assert r.goal is None and math.dist((spot.x, spot.y), (r.x, r.y)) < 0.05, name
    state = board(floor)
    assert all(r.held == "stop_all" and r.task is None for r in state.robots.values())
    assert not state.open
    assert {t.reason for t in state.tasks.values()} == {"stop_all"}


def test_manager_sends_a_robot_to_its_dock(robot_floor: Any) -> None:
    from floor.core.commands import SendRobotToDock

    floor = robot_floor
    floor.simthread.call(_walk(floor, "guide-1", "seats-c"))
    wait_for(lambda: board(floor).robots["guide-1"].x < 7.0, 10)
    floor.submit(SendRobotToDock("guide-1"), "test")
    task = wait_for(lambda: task_of(floor, "dock"), 5)
    assert task.robot == "guide-1" and task.places == ("dock-1",)
    wait_for(lambda: task_of(floor, "dock", "done"), 40)
    assert near(seen(floor)["guide-1"], "dock-1")


def test_escort_invites_waits_walks_at_an_elderly_pace_then_the_idle_guide_goes_home(
    robot_floor: Any,
) -> None:
    floor = robot_floor
    policy = floor.config.robot_policy
    ops: list[tuple[str, str, float]] = []

    def hook(message: dict[str, Any], at: float) -> None:
        ops.append((message["op"], message.get("topic", message.get("action", "")), at))

    async def listen() -> None:
        for robot in floor.sim.robots.values():
            robot.server.on_receive.append(hook)

    floor.simthread.call(listen())
    task = escort_under_way(floor)
    done = wait_for(lambda: task_of(floor, "escort", "done"), 60)
    robot = seen(floor)[done.robot]
    said = [(topic, text) for topic, text, _, _ in robot.heard if topic != "/display/text"]
    assert said == [
        ("/speech/say", "Mời số A001 đi theo tôi đến quầy số 2"),
        ("/speed_limit", f"{policy.escort_speed:g}"),  # walking with the citizen
        ("/speed_limit", "0.8"),  # lifted on arrival
        ("/speech/say", "Mời số A001 đến quầy số 2"),
    ]
    taken = floor.simthread.read(lambda: list(ops))
    invited = next(at for op, name, at in taken if name == "/speech/say")
    walked = [at for op, name, at in taken if op == "send_action_goal"][1]
    assert (walked - invited) * RATE >= policy.escort_seat_wait_s * 0.9, "it did not wait"
    # idle at the counter, it goes back to its dock after return_after_s, and docks there
    wait_for(lambda: seen(floor)[done.robot].docked, 10 + (policy.return_after_s + 60) / RATE)
    assert near(seen(floor)[done.robot], f"dock-{done.robot[-1]}")
    assert task.robot == done.robot


def test_two_guides_never_take_the_narrow_door_at_once(robot_floor: Any) -> None:
    from floor.core.robots import corridors

    floor = robot_floor
    door = next(c for c in corridors(floor.config.layout, 1.5) if "wall-room-w1" in c.name
                and "wall-room-w2" in c.name)
    margin = floor.config.layout.robot_radius
    track: list[dict[str, tuple[float, float]]] = []

    async def sample() -> None:
        while True:
            track.append({r.id: (r.x, r.y) for r in floor.sim.robots.values()})
            await asyncio.sleep(0.01)

    sampler = floor.simthread.call(_start(sample()))
    floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
    floor.submit(IssueTicket("chung_thuc", guidance=True), "test")
    with floor.device("counter-2") as c2, floor.device("counter-3") as c3:
        c2.send("call_next")
        c3.send("call_next")
        wait_for(lambda: sum(t.status == "done" for t in board(floor).tasks.values()) == 2, 90)
    floor.simthread.call(_stop(sampler))
    samples = floor.simthread.read(lambda: list(track))
    inside = [
        {name for name, (x, y) in spots.items() if door.holds(x, y, margin)} for spots in samples
    ]
    assert {"guide-1", "guide-2"} <= set().union(*inside), "both went through the door"
    assert all(len(names) < 2 for names in inside), "two robots in the door at once"


async def _start(work: Any) -> asyncio.Task[None]:
    return asyncio.create_task(work)


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
