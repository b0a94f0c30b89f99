"""An emergency heard by a speech satellite, in the pure core: the managers are alerted
and the nearest free guide robot goes to the device's place."""

from __future__ import annotations

from floor.core.commands import ReportRobot, RequestStaff
from floor.core.events import RobotTaskAssigned, RobotTaskCreated, StaffRequested
from floor.core.robots import HELP_COMING
from tests.floorkit import CENTER, Floor

LAYOUT = CENTER.layout
assert LAYOUT is not None


def at(floor: Floor, robot: str, name: str) -> None:
    spot = LAYOUT.place(name) if LAYOUT else None
    assert spot is not None
    floor.do(ReportRobot(robot, True, 0.9, spot.x, spot.y))


def test_an_urgent_staff_request_sends_the_nearest_free_guide_to_the_device() -> None:
    floor = Floor()
    at(floor, "guide-1", "seats-a")
    at(floor, "guide-2", "seats-d")
    at(floor, "refresh-1", "seats-d")
    events = floor.do(RequestStaff("voice-kiosk-1", "có người ngất xỉu", "vi", urgent=True))
    alert, task, assigned = events
    assert isinstance(alert, StaffRequested) and alert.urgent
    assert isinstance(task, RobotTaskCreated) and isinstance(assigned, RobotTaskAssigned)
    assert (task.kind, task.says, task.note) == ("greet", (HELP_COMING,), "urgent")
    [kiosk] = [b for b in LAYOUT.blocks if b.name == "kiosk-1"] if LAYOUT else []
    target = LAYOUT.place(task.places[0]) if LAYOUT else None
    assert target is not None and target.kind != "dock"
    # the place is the one nearest the kiosk the satellite sits on
    kx, ky = (kiosk.x0 + kiosk.x1) / 2, (kiosk.y0 + kiosk.y1) / 2
    nearest = min(
        (p for p in LAYOUT.places if p.kind != "dock"),
        key=lambda p: (p.x - kx) ** 2 + (p.y - ky) ** 2,
    )
    assert target.name == nearest.name
    # and the guide nearer to it goes, never the refreshment robot
    assert assigned.task == task.task
    assert floor.state.planner is not None
    cost = {
        r: floor.state.planner.distance_to_place(
            (floor.state.robots.robots[r].x, floor.state.robots.robots[r].y), target.name
        )
        for r in ("guide-1", "guide-2")
    }
    assert assigned.robot == min(cost, key=cost.__getitem__)


def test_a_plain_staff_request_or_an_unplaced_device_moves_no_robot() -> None:
    floor = Floor()
    at(floor, "guide-1", "seats-a")
    assert floor.do(RequestStaff("voice-kiosk-1", "cho tôi gặp cán bộ")) == [
        StaffRequested(floor.now, "voice-kiosk-1", "cho tôi gặp cán bộ", "vi", False)
    ]
    events = floor.do(RequestStaff("board-hall", "cháy", urgent=True))
    assert [type(e) for e in events] == [StaffRequested]
