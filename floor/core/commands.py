"""Commands: what devices, staff and managers ask the floor to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from floor.core.catalog import Lang
from floor.core.lockers import LockerCommand

PriorityClass = Literal["elderly", "disability", "pregnant", "small_child", "urgent"]
PRIORITY_CLASSES: tuple[PriorityClass, ...] = (
    "elderly",
    "disability",
    "pregnant",
    "small_child",
    "urgent",
)


@dataclass(frozen=True, slots=True)
class IssueTicket:
    """Give a citizen a queue number for a procedure."""

    procedure: str
    priority: PriorityClass | None = None
    lang: Lang = "vi"
    guidance: bool = False
    request_id: str = ""
    device: str = ""


@dataclass(frozen=True, slots=True)
class CallNext:
    """Call the best eligible ticket to a counter (finishing the current one)."""

    counter: int


@dataclass(frozen=True, slots=True)
class CallTicket:
    """Call one waiting ticket by number to a counter."""

    counter: int
    number: str


@dataclass(frozen=True, slots=True)
class Recall:
    """Announce the counter's current ticket again."""

    counter: int


@dataclass(frozen=True, slots=True)
class NoShow:
    """Mark the counter's current ticket as not present."""

    counter: int


@dataclass(frozen=True, slots=True)
class Transfer:
    """Send the counter's current ticket to another field, keeping its number."""

    counter: int
    field: str


@dataclass(frozen=True, slots=True)
class Finish:
    """Finish serving the counter's current ticket."""

    counter: int


@dataclass(frozen=True, slots=True)
class SetCounterStatus:
    """Open, pause or close a counter (with the officer's reason, if given)."""

    counter: int
    status: Literal["open", "paused", "closed"]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SetCounterFields:
    """Change the fields a counter serves."""

    counter: int
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rate:
    """Record a satisfaction rating for the ticket last served at a counter."""

    counter: int
    level: int
    device: str = ""
    ref: str = ""
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestStaff:
    """A citizen asks for a person (at a kiosk, a guide robot or a speech satellite)."""

    device: str
    text: str = ""
    lang: Lang = "vi"
    urgent: bool = False


DeviceProblem = Literal["flooding", "many_tickets", "locker_locked", "code_not_sent"]
"""Why the managers are told about a device: it sends past its rate limit, or one kiosk
has given out more tickets today than the center expects of it, or a dossier in a result
locker was locked after too many wrong codes."""


@dataclass(frozen=True, slots=True)
class ReportDevice:
    """The floor noticed a device misbehaving (the orchestrator's own report)."""

    device: str
    problem: DeviceProblem
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AcknowledgeAlert:
    """A manager has seen an alert (the console's alert id) and takes it in hand."""

    alert: str
    by: str


@dataclass(frozen=True, slots=True)
class RequestGuidance:
    """A ticket holder asks to be led to the counter when called (kiosk, robot, speech)."""

    number: str


@dataclass(frozen=True, slots=True)
class CitizenArrived:
    """Someone came in at the entrance (door sensor, robot camera, simulator)."""

    place: str = "entrance"


@dataclass(frozen=True, slots=True)
class ReportRobot:
    """A robot's link, battery share (0..1), position (metres, map frame) and charging."""

    robot: str
    online: bool
    battery: float
    x: float
    y: float
    charging: bool = False


@dataclass(frozen=True, slots=True)
class ReportLeg:
    """A robot reached (or could not reach) the place of leg `leg` of its task."""

    task: str
    robot: str
    leg: int
    outcome: Literal["arrived", "failed"]
    x: float = 0.0
    y: float = 0.0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PlanRobotWork:
    """Look at the floor now: long waiters, stale pending tasks (sent when there is work)."""


@dataclass(frozen=True, slots=True)
class CancelRobotTask:
    """A manager calls a robot task off."""

    task: str


@dataclass(frozen=True, slots=True)
class SendRobotToDock:
    """A manager sends a robot to its own dock (its current task goes to another robot)."""

    robot: str


@dataclass(frozen=True, slots=True)
class PauseRobot:
    """A manager holds a robot: it stops, lets go of its task and takes no new work."""

    robot: str


@dataclass(frozen=True, slots=True)
class ResumeRobot:
    """A manager lets a held robot take work again."""

    robot: str


@dataclass(frozen=True, slots=True)
class StopAllRobots:
    """A manager stops the whole fleet: every robot is held and every open task cancelled."""


@dataclass(frozen=True, slots=True)
class SendRefreshments:
    """Send a refreshment robot to a seat area of the layout (manager, kiosk, speech).

    With no area, the seat area nearest the asking device (see `robots.area_near`)."""

    area: str = ""
    note: str = ""
    device: str = ""


@dataclass(frozen=True, slots=True)
class OfferCatalog:
    """The city sends a catalog version (JSON text), signed and verified by the adapter."""

    version: int
    catalog: str
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class PostNotice:
    """The city posts (or replaces, by id) a short notice for the floor's screens."""

    id: str
    vi: str
    en: str
    ko: str
    valid_from: datetime
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class NoteQuestion:
    """A citizen's question was answered in a chat (the phone page): what it asked, in
    which language, and whether the answer was sure; for the day's report, no text."""

    device: str
    intent: str
    lang: Lang = "vi"
    answered: bool = True


RobotCommand = (
    RequestGuidance
    | CitizenArrived
    | ReportRobot
    | ReportLeg
    | PlanRobotWork
    | CancelRobotTask
    | SendRobotToDock
    | PauseRobot
    | ResumeRobot
    | StopAllRobots
    | SendRefreshments
    | OfferCatalog
    | PostNotice
)
ROBOT_COMMANDS = (
    RequestGuidance,
    CitizenArrived,
    ReportRobot,
    ReportLeg,
    PlanRobotWork,
    CancelRobotTask,
    SendRobotToDock,
    PauseRobot,
    ResumeRobot,
    StopAllRobots,
    SendRefreshments,
)

Command = (
    IssueTicket
    | CallNext
    | CallTicket
    | Recall
    | NoShow
    | Transfer
    | Finish
    | SetCounterStatus
    | SetCounterFields
    | Rate
    | RequestStaff
    | ReportDevice
    | AcknowledgeAlert
    | RequestGuidance
    | CitizenArrived
    | ReportRobot
    | ReportLeg
    | PlanRobotWork
    | CancelRobotTask
    | SendRobotToDock
    | PauseRobot
    | ResumeRobot
    | StopAllRobots
    | SendRefreshments
    | LockerCommand
    | OfferCatalog
    | PostNotice
    | NoteQuestion
)

CITY_COMMANDS = (OfferCatalog, PostNotice)
