"""What the console API takes (…Create, …Update) and gives (…Public).

The floor-wide views reuse the wire contract's models (devices/payloads.py) where
they fit, so the console and the retained MQTT state show the same numbers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from devices import payloads as p
from floor.console.users import Role


class _Public(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Create(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- accounts --------------------------------------------------------------------------


class LoginCreate(_Create):
    """A sign-in attempt."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserPublic(_Public):
    """The signed-in user."""

    name: str
    role: Role
    counter: int | None


# --- center ------------------------------------------------------------------------------


class NamePublic(_Public):
    """A name in the console's languages."""

    vi: str
    en: str


class FieldPublic(_Public):
    """A field (lĩnh vực) of the catalog."""

    id: str
    prefix: str
    name: NamePublic


class ProcedurePublic(_Public):
    """A procedure of the catalog, with the papers an officer checks."""

    id: str
    field: str
    name: NamePublic
    documents: list[str] = []


class CenterPublic(_Public):
    """Who the center is and the names the page needs."""

    id: str
    name: str
    timezone: str
    rating_levels: int
    wait_alert_min: int
    counters: list[int]
    fields: list[FieldPublic]
    procedures: list[ProcedurePublic]
    robots: list[str]


# --- counters ----------------------------------------------------------------------------


class ServingPublic(_Public):
    """The ticket a counter serves now."""

    number: str
    procedure: str
    field: str
    priority: str | None
    issued_at: datetime
    called_at: datetime | None


class CounterPublic(p.CounterView):
    """A counter as the console shows it: the retained view plus today's figures."""

    ticket: ServingPublic | None = None

    mean_service_s: float | None
    """Mean seconds from call to finish of today's served tickets here."""
    ratings: int
    rating_mean: float | None


class CounterStatusUpdate(_Create):
    """Open, pause or close a counter (a pause may say why)."""

    status: Literal["open", "paused", "closed"]
    reason: str = Field("", max_length=120)


class CounterFieldsUpdate(_Create):
    """The fields a counter serves from now on."""

    fields: list[str] = Field(min_length=1, max_length=20)


class CounterActionCreate(_Create):
    """What the officer's terminal would do, done from the console (`field`: where a
    transfer sends the ticket, keeping its number)."""

    action: Literal["call_next", "recall", "no_show", "finish", "transfer"]
    field: str | None = Field(None, max_length=40)


class CallPublic(_Public):
    """A ticket called to a counter, as the hall board shows it."""

    at: datetime
    number: str
    counter: int
    field: str
    recall: bool


# --- ratings -----------------------------------------------------------------------------


class RatingGroup(_Public):
    """Today's ratings of one counter or procedure."""

    key: str
    count: int
    mean: float | None
    satisfied_pct: float | None
    """Share rated at one of the happy levels (1 is the happiest)."""
    levels: list[int]
    """How many pressed each level, level 1 first."""


class RatingPublic(_Public):
    """One rating."""

    at: datetime
    number: str
    counter: int
    procedure: str
    level: int
    reasons: list[str]
    unhappy: bool


class TrendPoint(_Public):
    """Ratings of one hour of the day."""

    hour: int
    count: int
    mean: float | None
    satisfied_pct: float | None


class RatingsPublic(_Public):
    """Satisfaction today."""

    levels: int
    total: RatingGroup
    by_counter: list[RatingGroup]
    by_procedure: list[RatingGroup]
    trend: list[TrendPoint]
    recent: list[RatingPublic]


# --- robots and the map ------------------------------------------------------------------


class TaskPublic(_Public):
    """A robot task."""

    id: str
    kind: str
    status: str
    places: list[str]
    leg: int
    robot: str | None
    numbers: list[str]
    created_at: datetime
    reason: str
    note: str = ""
    pinned: bool = False
    """Only its robot may do it (sent to its dock): pausing that robot cancels it."""
    ended_at: datetime | None = None


class RobotPublic(_Public):
    """A robot: link, battery, position (metres, map frame) and task."""

    id: str
    kind: str
    online: bool
    battery: float
    charging: bool
    x: float
    y: float
    dock: str
    reported_at: datetime | None
    task: TaskPublic | None
    held: str = ""
    """Why a manager holds it (paused, stop_all), or empty."""


class AreaPublic(_Public):
    """A waiting area and how many wait there."""

    place: str
    waiting: int


class RobotSendCreate(_Create):
    """Send refreshments to a waiting area (a seat area of the map)."""

    place: str = Field(min_length=1, max_length=40)
    note: str = Field("", max_length=200)


# --- alerts and the log ------------------------------------------------------------------


Severity = Literal["urgent", "warning", "info"]


class FieldsMove(_Public):
    """A suggested change of the fields a counter serves (applied with one press)."""

    counter: int
    fields: list[str]


class AlertPublic(_Public):
    """Something a manager should look at; `kind` and `params` make its text.

    `at` is when the condition began (or the incident happened). Conditions clear by
    themselves; an acknowledged incident is resolved.
    """

    id: str
    kind: Literal[
        "device_offline",
        "robot_offline",
        "robot_stuck",
        "robot_battery_low",
        "robot_task_failed",
        "long_wait",
        "imbalance",
        "unhappy_rating",
        "ask_staff",
        "device_problem",
        "dossier_link_down",
    ]
    severity: Severity
    at: datetime
    params: dict[str, Any]
    acked_by: str | None = None
    acked_at: datetime | None = None
    suggestion: FieldsMove | None = None


class AlertAck(_Create):
    """Acknowledge an alert by its id."""

    alert: str = Field(min_length=1, max_length=200)


class EventPublic(_Public):
    """One event of the log, with the command and source that caused it."""

    seq: int
    at: datetime
    kind: str
    data: dict[str, Any]
    command: str | None
    source: str | None


# --- result lockers (ATM hồ sơ) ------------------------------------------------------------


class LockerSlotPublic(_Public):
    """One slot of a result locker: empty, or the dossier waiting (or expired, or locked)."""

    slot: int
    status: Literal["empty", "waiting", "expired", "locked"]
    dossier: str | None
    since: datetime | None
    expires_at: datetime | None
    tries_left: int | None


class LockerPublic(_Public):
    """A result locker, where it stands on the map (metres), and its slots."""

    id: str
    x: float | None
    y: float | None
    slots: list[LockerSlotPublic]


class LockerDepositCreate(_Create):
    """Place a finished dossier in a slot and text the citizen a code."""

    locker: str | None = None
    slot: Annotated[int, Field(ge=1, le=200)]
    dossier: Annotated[str, Field(min_length=4, max_length=40)]
    phone: Annotated[str, Field(min_length=9, max_length=20)]


class LockerDepositPublic(_Public):
    """A dossier placed: where, until when its code holds, and the phone masked."""

    locker: str
    slot: int
    dossier: str
    phone_masked: str
    expires_at: datetime


class LockerWithdrawCreate(_Create):
    """Take a dossier back out of its slot."""

    locker: str | None = None
    slot: Annotated[int, Field(ge=1, le=200)]


# --- the live snapshot -------------------------------------------------------------------


class FloorPublic(_Public):
    """Everything the page shows live, sent whole on each change."""

    at: datetime
    day: str | None
    counters: list[CounterPublic]
    queues: list[p.FieldQueue]
    devices: list[p.DeviceView]
    robots: list[RobotPublic]
    tasks: list[TaskPublic]
    """Today's robot tasks: every open one (the queue), then the latest ended, newest first."""
    areas: list[AreaPublic]
    calls: list[CallPublic]
    alerts: list[AlertPublic]
    ratings: RatingsPublic
    lockers: list[LockerPublic] = []


class Refused(_Public):
    """Why the floor refused an action."""

    code: str
    detail: str
