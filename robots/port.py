"""The fleet port: the one narrow interface the floor drives robots through.

Navigate to a pose or a named place, speak, show, stop, dock, and a status
stream (pose, battery, mode, current goal, tray load). `robots.rosbridge`
implements it against ROS 2 robots through rosbridge; nothing else in the floor
knows ROS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

Mode = Literal["offline", "idle", "navigating", "charging"]
Outcome = Literal["succeeded", "aborted", "canceled", "lost", "refused"]


@dataclass(frozen=True, slots=True)
class Pose:
    """A position on the floor map (metres) and a heading (radians)."""

    x: float
    y: float
    yaw: float = 0.0


@dataclass(frozen=True, slots=True)
class RobotStatus:
    """What a robot last told us; `connected` is False when its link is down or silent."""

    robot: str
    connected: bool
    mode: Mode
    pose: Pose | None = None
    battery: float | None = None
    """Share of a full charge, 0..1."""
    charging: bool = False
    goal: str | None = None
    """The place (or pose) it is driving to."""
    distance_remaining: float | None = None
    tray: int | None = None
    """Items on the tray, refreshment robots only."""


@dataclass(frozen=True, slots=True)
class NavResult:
    """How a navigation ended."""

    outcome: Outcome
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "succeeded"


class FleetError(Exception):
    """A robot could not be asked (unknown, or not connected)."""

    def __init__(self, robot: str, reason: str) -> None:
        super().__init__(f"{robot}: {reason}")
        self.robot = robot
        self.reason = reason


class Fleet(Protocol):
    """Robots on the floor. Call every method on the owner's event loop."""

    listeners: list[Callable[[RobotStatus], None]]
    """Called on the event loop when a robot's status changes."""

    def robots(self) -> list[str]:
        """Return the robot ids."""
        ...

    def status(self, robot: str) -> RobotStatus:
        """Return a robot's latest status."""
        ...

    async def navigate(self, robot: str, target: Pose | str) -> NavResult:
        """Drive to a pose or a named place; return when it arrives, fails or is cancelled.

        Cancelling the awaiting task cancels the goal on the robot.
        """
        ...

    async def speak(self, robot: str, text: str) -> None:
        """Say a text aloud on the robot."""
        ...

    async def show(self, robot: str, text: str) -> None:
        """Show a text on the robot's screen."""
        ...

    async def stop(self, robot: str) -> None:
        """Cancel whatever goal the robot drives to."""
        ...

    async def pace(self, robot: str, speed: float | None) -> None:
        """Limit the robot's speed to `speed` m/s, or lift the limit (None)."""
        ...

    async def dock(self, robot: str) -> NavResult:
        """Drive to the robot's own dock (it charges there)."""
        ...
