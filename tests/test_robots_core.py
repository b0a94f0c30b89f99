"""Robot work policies in the pure core, and paths on the floor map."""

from __future__ import annotations

import itertools
import math
from collections import Counter as Tally

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floor.core.commands import (
    PRIORITY_CLASSES,
    CallNext,
    CancelRobotTask,
    CitizenArrived,
    Command,
    Finish,
    IssueTicket,
    NoShow,
    PauseRobot,
    PlanRobotWork,
    ReportLeg,
    ReportRobot,
    RequestGuidance,
    ResumeRobot,
    SendRefreshments,
    SendRobotToDock,
    StopAllRobots,
)
from floor.core.errors import Rejected
from floor.core.events import (
    RobotHeld,
    RobotResumed,
    RobotTaskAssigned,
    RobotTaskCreated,
    RobotTaskEnded,
    RobotTaskReleased,
)
from floor.core.layout import planner_for
from floor.core.state import FloorState
from tests.floorkit import CENTER, Floor

LAYOUT = CENTER.layout
assert LAYOUT is not None
PLANNER = planner_for(LAYOUT)


def place(name: str) -> tuple[float, float]:
    p = LAYOUT.place(name)
    assert p is not None
    return p.x, p.y


def online(floor: Floor, robot: str, at: str, battery: float = 0.9) -> None:
    x, y = place(at)
    floor.do(ReportRobot(robot, True, battery, x, y))


def of(kind: type, events: list) -> list:  # type: ignore[type-arg]
    return [e for e in events if isinstance(e, kind)]


def test_priority_ticket_called_is_escorted_by_the_nearest_guide() -> None:
    floor = Floor()
    online(floor, "guide-1", "dock-1")
    online(floor, "guide-2", "counter-2")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    events = floor.do(CallNext(1))
    (created,) = of(RobotTaskCreated, events)
    assert created.kind == "escort" and created.places == ("seats-a", "counter-1")
    assert created.says[1] == "Mời số A001 đến quầy số 1"
    (assigned,) = of(RobotTaskAssigned, events)
    assert assigned.robot == "guide-2"  # counter-2 is nearer the priority row than dock-1
    assert floor.state.robots.robots["guide-2"].task == created.task


def test_normal_ticket_is_escorted_only_when_it_asked() -> None:
    floor = Floor()
    online(floor, "guide-1", "entrance")
    floor.do(IssueTicket("chung_thuc"))
    floor.do(IssueTicket("chung_thuc", guidance=True))
    assert not of(RobotTaskCreated, floor.do(CallNext(1)))
    assert of(RobotTaskCreated, floor.do(CallNext(1)))[0].numbers == ("A002",)


def test_guidance_asked_after_the_call_starts_an_escort() -> None:
    floor = Floor()
    online(floor, "guide-1", "entrance")
    floor.do(IssueTicket("chung_thuc"))
    floor.do(CallNext(1))
    events = floor.do(RequestGuidance("a001"))
    assert [type(e).__name__ for e in events] == [
        "GuidanceRequested",
        "RobotTaskCreated",
        "RobotTaskAssigned",
    ]


def test_no_guide_online_means_no_escort_and_no_show_cancels_it() -> None:
    floor = Floor()
    floor.do(IssueTicket("chung_thuc", "elderly"))
    assert not of(RobotTaskCreated, floor.do(CallNext(1)))
    online(floor, "guide-1", "entrance")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    floor.do(CallNext(2))
    (ended,) = of(RobotTaskEnded, floor.do(NoShow(2)))
    assert ended.outcome == "cancelled" and ended.reason == "ticket_noshow"
    assert floor.state.robots.robots["guide-1"].task is None


def test_robot_offline_mid_task_hands_it_to_another_robot() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-b")
    online(floor, "guide-2", "dock-2")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    task = of(RobotTaskAssigned, floor.do(CallNext(1)))[0]
    assert task.robot == "guide-1"
    floor.do(ReportLeg(task.task, "guide-1", 0, "arrived", *place("seats-a")))
    x, y = place("seats-a")
    events = floor.do(ReportRobot("guide-1", False, 0.9, x, y))
    (released,) = of(RobotTaskReleased, events)
    (again,) = of(RobotTaskAssigned, events)
    assert released.reason == "robot_offline" and again.robot == "guide-2"
    assert floor.state.robots.tasks[task.task].leg == 1  # the new robot goes on to the counter
    with pytest.raises(Rejected, match="stale_report"):
        floor.do(ReportLeg(task.task, "guide-1", 1, "arrived"))
    events = floor.do(ReportLeg(task.task, "guide-2", 1, "arrived", *place("counter-1")))
    assert of(RobotTaskEnded, events)[0].outcome == "done"


def test_low_battery_sends_a_robot_to_its_dock_and_its_task_elsewhere() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-c")
    online(floor, "guide-2", "dock-2")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    task = of(RobotTaskAssigned, floor.do(CallNext(1)))[0]
    assert task.robot == "guide-1"
    events = floor.do(ReportRobot("guide-1", True, 0.15, *place("seats-c")))
    dock = of(RobotTaskCreated, events)[0]
    assert dock.kind == "dock" and dock.places == ("dock-1",)
    holders = {e.task: e.robot for e in of(RobotTaskAssigned, events)}
    assert holders == {dock.task: "guide-1", task.task: "guide-2"}
    floor.do(ReportLeg(dock.task, "guide-1", 0, "arrived", *place("dock-1")))
    # charging at the dock: not available again until the battery is back up
    floor.do(ReportRobot("guide-1", True, 0.5, *place("dock-1"), charging=True))
    floor.do(IssueTicket("chung_thuc", guidance=True))
    assert not of(RobotTaskAssigned, floor.do(CallNext(2)))  # guide-2 still busy
    events = floor.do(ReportRobot("guide-1", True, 0.85, *place("dock-1"), charging=True))
    assert of(RobotTaskAssigned, events)[0].robot == "guide-1"


def test_refreshments_for_priority_at_once_and_long_waiters_by_seat_row() -> None:
    floor = Floor()
    online(floor, "refresh-1", "dock-3")
    floor.do(IssueTicket("chung_thuc", "pregnant"))
    floor.do(IssueTicket("chung_thuc"))
    floor.do(IssueTicket("khai_sinh"))
    events = floor.do(PlanRobotWork())
    (first,) = of(RobotTaskCreated, events)
    assert first.kind == "refresh" and first.places == ("refresh-station", "seats-a")
    assert first.numbers == ("A001",) and "A001" in first.says[1]
    assert of(RobotTaskAssigned, events)[0].robot == "refresh-1"
    floor.do(ReportLeg(first.task, "refresh-1", 0, "arrived", *place("refresh-station")))
    floor.do(ReportLeg(first.task, "refresh-1", 1, "arrived", *place("seats-a")))
    floor.tick(21)
    rounds = of(RobotTaskCreated, floor.do(PlanRobotWork()))
    assert sorted(r.numbers for r in rounds) == [("A002",), ("B001",)]
    assert {r.places[1] for r in rounds} == {"seats-c", "seats-d"}
    assert not of(RobotTaskCreated, floor.do(PlanRobotWork()))  # never twice


def test_a_closer_robot_that_frees_up_takes_over() -> None:
    floor = Floor()
    online(floor, "guide-1", "dock-1")
    online(floor, "guide-2", "seats-b")
    floor.do(IssueTicket("chung_thuc", guidance=True))
    floor.do(IssueTicket("chung_thuc", guidance=True))
    first = of(RobotTaskAssigned, floor.do(CallNext(1)))[0]
    assert first.robot == "guide-2"
    second = of(RobotTaskAssigned, floor.do(CallNext(2)))[0]
    assert second.robot == "guide-1"  # far away, at its dock
    floor.do(ReportLeg(first.task, "guide-2", 0, "arrived", *place("seats-b")))
    events = floor.do(ReportLeg(first.task, "guide-2", 1, "arrived", *place("counter-1")))
    released = of(RobotTaskReleased, events)
    assert released and released[0].reason == "better_robot" and released[0].robot == "guide-1"
    assert of(RobotTaskAssigned, events)[-1].robot == "guide-2"


def test_greeting_needs_a_free_guide_and_waiting_tasks_expire() -> None:
    floor = Floor()
    assert floor.do(CitizenArrived()) == []
    online(floor, "guide-1", "dock-1")
    events = floor.do(CitizenArrived())
    assert of(RobotTaskCreated, events)[0].places == ("entrance",)
    assert floor.do(CitizenArrived()) == []  # one greeting at a time
    task = of(RobotTaskAssigned, events)[0].task
    floor.do(ReportRobot("guide-1", False, 0.9, *place("dock-1")))
    floor.tick(1)
    (ended,) = of(RobotTaskEnded, floor.do(PlanRobotWork()))
    assert ended.task == task and ended.outcome == "failed" and ended.reason == "no_robot"


def test_failed_goals_retry_then_fail() -> None:
    floor = Floor()
    online(floor, "guide-1", "entrance")
    task = of(RobotTaskAssigned, floor.do(CitizenArrived()))[0].task
    for attempt in range(3):
        events = floor.do(ReportLeg(task, "guide-1", 0, "failed", detail="aborted"))
        assert bool(of(RobotTaskEnded, events)) == (attempt == 2)
    assert floor.state.robots.tasks[task].status == "failed"
    with pytest.raises(Rejected, match="not_open"):
        floor.do(CancelRobotTask(task))


def test_pausing_a_robot_mid_escort_hands_the_task_to_another() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-b")
    online(floor, "guide-2", "dock-2")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    task = of(RobotTaskAssigned, floor.do(CallNext(1)))[0]
    assert task.robot == "guide-1"
    events = floor.do(PauseRobot("guide-1"))
    assert of(RobotHeld, events)[0].reason == "paused"
    (released,) = of(RobotTaskReleased, events)
    (again,) = of(RobotTaskAssigned, events)
    assert released.reason == "robot_paused" and again.robot == "guide-2"
    assert floor.state.robots.robots["guide-1"].held == "paused"
    with pytest.raises(Rejected, match="already_held"):
        floor.do(PauseRobot("guide-1"))
    # a held robot takes no new work, even when it is the only free guide
    floor.do(IssueTicket("chung_thuc", "elderly"))
    created = of(RobotTaskCreated, floor.do(CallNext(2)))
    assert created and floor.state.robots.tasks[created[0].task].status == "pending"
    events = floor.do(ResumeRobot("guide-1"))
    assert of(RobotResumed, events) and of(RobotTaskAssigned, events)[0].robot == "guide-1"
    assert floor.state.robots.robots["guide-1"].held == ""
    with pytest.raises(Rejected, match="not_held"):
        floor.do(ResumeRobot("guide-1"))
    with pytest.raises(Rejected, match="unknown_robot"):
        floor.do(PauseRobot("guide-9"))


def test_sending_a_robot_to_its_dock_frees_its_task() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-b")
    online(floor, "guide-2", "dock-2")
    with pytest.raises(Rejected, match="at_dock"):
        floor.do(SendRobotToDock("guide-2"))
    floor.do(IssueTicket("chung_thuc", "elderly"))
    task = of(RobotTaskAssigned, floor.do(CallNext(1)))[0]
    events = floor.do(SendRobotToDock("guide-1"))
    assert of(RobotTaskReleased, events)[0].reason == "sent_to_dock"
    dock = of(RobotTaskCreated, events)[0]
    assert dock.kind == "dock" and dock.places == ("dock-1",) and dock.robot == "guide-1"
    holders = {e.task: e.robot for e in of(RobotTaskAssigned, events)}
    assert holders == {dock.task: "guide-1", task.task: "guide-2"}
    with pytest.raises(Rejected, match="already_docking"):
        floor.do(SendRobotToDock("guide-1"))
    # pausing a robot on its way home cancels the dock run (no other robot may do it)
    ended = of(RobotTaskEnded, floor.do(PauseRobot("guide-1")))
    assert ended[0].task == dock.task and ended[0].reason == "robot_paused"
    with pytest.raises(Rejected, match="robot_held"):
        floor.do(SendRobotToDock("guide-1"))
    floor.do(ReportRobot("guide-2", False, 0.9, *place("seats-a")))
    with pytest.raises(Rejected, match="robot_offline"):
        floor.do(SendRobotToDock("guide-2"))


def test_stop_all_holds_every_robot_and_cancels_every_task() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-b")
    online(floor, "refresh-1", "dock-3")
    floor.do(IssueTicket("chung_thuc", "elderly"))
    floor.do(IssueTicket("chung_thuc", "elderly"))
    floor.do(CallNext(1))
    floor.do(PlanRobotWork())
    assert len(floor.state.robots.open) == 2  # an escort and a refreshment round
    events = floor.do(StopAllRobots())
    assert {e.robot for e in of(RobotHeld, events)} == {"guide-1", "guide-2", "refresh-1"}
    assert {e.reason for e in of(RobotTaskEnded, events)} == {"stop_all"}
    assert not floor.state.robots.open and not of(RobotTaskAssigned, events)
    assert all(r.task is None for r in floor.state.robots.robots.values())
    floor.tick(30)
    assert not of(RobotTaskCreated, floor.do(PlanRobotWork()))  # no rounds while stopped
    with pytest.raises(Rejected, match="no_change"):
        floor.do(StopAllRobots())
    events = floor.do(ResumeRobot("refresh-1"))
    assert of(RobotResumed, events)
    assert of(RobotTaskCreated, floor.do(PlanRobotWork()))


def test_refreshments_sent_to_a_seat_area() -> None:
    floor = Floor()
    online(floor, "refresh-1", "dock-3")
    events = floor.do(SendRefreshments("seats-c", "  two   cups "))
    (created,) = of(RobotTaskCreated, events)
    assert created.kind == "refresh" and created.places == ("refresh-station", "seats-c")
    assert created.numbers == () and created.note == "two cups" and created.says[1]
    assert of(RobotTaskAssigned, events)[0].robot == "refresh-1"
    assert floor.state.robots.tasks[created.task].note == "two cups"
    with pytest.raises(Rejected, match="already_open"):
        floor.do(SendRefreshments("seats-c"))
    with pytest.raises(Rejected, match="unknown_area"):
        floor.do(SendRefreshments("counter-1"))
    floor.do(ReportLeg(created.task, "refresh-1", 0, "arrived", *place("refresh-station")))
    done = floor.do(ReportLeg(created.task, "refresh-1", 1, "arrived", *place("seats-c")))
    assert of(RobotTaskEnded, done)[0].outcome == "done"
    assert of(RobotTaskCreated, floor.do(SendRefreshments("seats-c")))


def test_paths_never_cross_a_block_and_cut_off_places_are_unreachable() -> None:
    hall, station = (12.0, 3.0), place("refresh-station")
    path = PLANNER.path(hall, station)
    assert path is not None
    assert all(PLANNER.crosses_block(a, b) is None for a, b in itertools.pairwise(path))
    straight = math.dist(hall, station)
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
    assert length > straight + 1.0  # around the partition, through its door
    assert PLANNER.path(hall, place("staff-area")) is None  # behind the counter desk
    assert math.isinf(PLANNER.distance_to_place(hall, "staff-area"))
    for p in LAYOUT.places:
        if p.name != "staff-area":
            assert not math.isinf(PLANNER.distance_to_place(place("entrance"), p.name)), p.name


ROBOTS = ["guide-1", "guide-2", "refresh-1"]
SPOTS = [p.name for p in LAYOUT.places if p.name != "staff-area"]


@st.composite
def robot_report(draw: st.DrawFn) -> Command:
    x, y = place(draw(st.sampled_from(SPOTS)))
    return ReportRobot(
        draw(st.sampled_from(ROBOTS)),
        draw(st.booleans()) or draw(st.booleans()),
        draw(st.sampled_from([0.1, 0.5, 0.9, math.nan])),  # NaN: the gauge is not measuring
        x,
        y,
        draw(st.booleans()),
    )


@st.composite
def leg_report(draw: st.DrawFn) -> Command:
    robot = draw(st.sampled_from(ROBOTS))
    n = draw(st.integers(1, 12))
    return ReportLeg(
        f"R-{n:05d}",
        robot,
        draw(st.integers(0, 1)),
        draw(st.sampled_from(["arrived", "arrived", "failed"])),
    )


commands = st.one_of(
    st.builds(
        IssueTicket,
        st.sampled_from(["chung_thuc", "khai_sinh"]),
        st.one_of(st.none(), st.sampled_from(PRIORITY_CLASSES)),
        guidance=st.booleans(),
    ),
    st.builds(CallNext, st.sampled_from([1, 2, 5])),
    st.builds(NoShow, st.sampled_from([1, 2, 5])),
    st.builds(Finish, st.sampled_from([1, 2, 5])),
    robot_report(),
    robot_report(),
    leg_report(),
    leg_report(),
    st.just(PlanRobotWork()),
    st.just(CitizenArrived()),
    st.builds(PauseRobot, st.sampled_from(ROBOTS)),
    st.builds(ResumeRobot, st.sampled_from(ROBOTS)),
    st.builds(ResumeRobot, st.sampled_from(ROBOTS)),
    st.builds(SendRobotToDock, st.sampled_from(ROBOTS)),
    st.builds(SendRefreshments, st.sampled_from(["seats-a", "seats-d", "entrance"])),
    st.just(StopAllRobots()),
)


def check(state: FloorState) -> None:
    board = state.robots
    holders = Tally(r.task for r in board.robots.values() if r.task)
    assert all(n == 1 for n in holders.values()), "two robots on one task"
    for robot in board.robots.values():
        if robot.task:
            task = board.tasks[robot.task]
            assert task.status == "assigned" and task.robot == robot.id
            assert not robot.held or task.kind == "dock", "a held robot works"
    for task_id in board.open:
        task = board.tasks[task_id]
        assert task.status in ("pending", "assigned")
        if task.status == "assigned":
            assert task.robot and board.robots[task.robot].task == task.id
        else:
            assert task.robot is None
    for task in board.tasks.values():
        assert (task.id in board.open) == (task.status in ("pending", "assigned"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(commands, st.floats(0, 4)), max_size=80))
def test_robot_invariants_hold_and_replay_equals_live(steps: list[tuple[Command, float]]) -> None:
    floor = Floor()
    for cmd, minutes in steps:
        floor.tick(minutes)
        try:
            floor.do(cmd)
        except Rejected:
            continue
        check(floor.state)
    replayed = floor.replayed()
    assert replayed.robots == floor.state.robots
    assert replayed.tickets == floor.state.tickets
    robots = floor.state.robots.robots
    assert set(robots) == set(ROBOTS)
    assert all(0.0 <= r.battery <= 1.0 for r in robots.values()), "an unknown battery was kept"


def test_refreshments_asked_at_a_device_go_to_the_nearest_seat_area() -> None:
    floor = Floor()
    online(floor, "guide-1", "seats-b")
    online(floor, "refresh-1", "dock-3")
    # a speech satellite on guide-1 is where guide-1 last was
    (near_guide,) = of(RobotTaskCreated, floor.do(SendRefreshments(device="voice-guide-1")))
    assert near_guide.places[-1] == "seats-b"
    # a kiosk is a block of the map; its satellite sits on it
    (near_kiosk,) = of(RobotTaskCreated, floor.do(SendRefreshments(device="voice-kiosk-1")))
    assert near_kiosk.places[-1] == "seats-d"
    # a device the map does not place: the first seat row
    (first,) = of(RobotTaskCreated, floor.do(SendRefreshments(device="board-hall")))
    assert first.places[-1] == "seats-a"
    # the area a device names wins
    (named,) = of(RobotTaskCreated, floor.do(SendRefreshments("seats-c", device="kiosk-1")))
    assert named.places[-1] == "seats-c"


def test_narrow_passages_are_found_and_a_path_through_them_reserves_them() -> None:
    from floor.core.robots import corridors, corridors_on

    assert LAYOUT is not None
    found = {c.name: c for c in corridors(LAYOUT, 1.5)}
    assert "wall-room-w1/wall-room-w2" in found  # the service room's door, 1.4 m
    assert "seats-row-b/seats-row-a" in found  # the aisle between two seat rows, 1.2 m
    assert not any("counter-desk" in name for name in found)  # 2.2 m in front of the desk
    assert corridors(LAYOUT, 0.0) == []
    planner = planner_for(LAYOUT)
    path = planner.path((16.0, 0.9), (5.5, 6.3))  # a dock to the seats-b aisle
    assert path is not None
    taken = corridors_on(list(found.values()), path, LAYOUT.robot_radius)
    assert {"wall-room-w1/wall-room-w2", "seats-row-b/seats-row-a"} <= taken
    assert corridors_on(list(found.values()), [(10.0, 8.0), (12.0, 8.0)], 0.3) == set()
