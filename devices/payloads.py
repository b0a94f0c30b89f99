"""Payload models of the wire contract: frozen, strict, versioned."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool

from floor.core.catalog import Catalog, DeviceId, DeviceKind, Ident, Lang
from floor.core.commands import PriorityClass
from floor.core.queueing import wait_minutes

MessageId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
TicketNumber = Annotated[str, Field(pattern=r"^[A-Z][0-9]{3,4}$")]
"""A ticket number: its prefix letter and at least three digits (A023, and A1000 on a busy day)."""
Sequence = Annotated[int, Field(ge=0, le=2**53)]
"""A device's message or birth counter: a whole number, never a string or a boolean."""
CounterNumber = Annotated[int, Field(ge=1, le=999)]


class Message(BaseModel):
    """Every payload: schema version, message id and timestamp."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    v: Literal[1] = 1
    id: MessageId
    ts: AwareDatetime


def envelope(device: str, seq: int) -> dict[str, Any]:
    """Return the envelope fields of a new message from `device`: id, ts, device, seq."""
    return {"id": uuid.uuid4().hex, "ts": datetime.now().astimezone(), "device": device, "seq": seq}


class DeviceMessage(Message):
    """A message from a device: it names itself and numbers its messages."""

    device: DeviceId
    seq: Sequence


# --- device to floor -------------------------------------------------------


class Birth(DeviceMessage):
    """A device (re)announces itself."""

    kind: DeviceKind
    bd_seq: Sequence
    capabilities: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=16)] = []
    """What the device can do (at most 16 names), so the floor's device list stays small."""


class Status(BaseModel):
    """A device's availability; also its last will (so it has no timestamp)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    v: Literal[1] = 1
    device: DeviceId
    online: bool
    bd_seq: Sequence


class TicketRequest(DeviceMessage):
    """Kiosk: a citizen asks for a number.

    A scanned citizen ID never leaves the kiosk: only `citizen_hash`, a salted
    SHA-256 of it (hex), may be sent.
    """

    procedure: Ident
    priority: PriorityClass | None = None
    lang: Lang = "vi"
    guidance: bool = False
    citizen_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    appointment: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{4,20}$")] | None = None


class CounterAction(DeviceMessage):
    """Counter terminal: call_next, recall, no_show, finish, pause or resume."""


class CallNumber(DeviceMessage):
    """Counter terminal: call one waiting number."""

    number: Annotated[str, Field(pattern=r"^[A-Za-z][0-9]{3,4}$")]


class TransferRequest(DeviceMessage):
    """Counter terminal: send the current ticket to another field."""

    field: Ident


RatingReason = Literal[
    "wait_time", "staff_attitude", "unclear_guidance", "papers_returned", "facilities", "other"
]
"""Why a citizen was unhappy: the reason buttons shown after the worst level."""


class RatingSubmitted(DeviceMessage):
    """Rating terminal: a citizen pressed a level (1 is the happiest), maybe with reasons."""

    level: Annotated[int, Field(ge=1, le=5)]
    reasons: Annotated[list[RatingReason], Field(max_length=6)] = []


class StaffRequest(DeviceMessage):
    """Kiosk or speech satellite: a citizen asks for a person; the managers are alerted."""

    text: Annotated[str, Field(max_length=300)] = ""
    """What the citizen said or chose, for the manager (never an ID number)."""
    lang: Lang = "vi"
    urgent: StrictBool = False
    """An emergency (a fall, fainting, a fire…): shown above every other alert, and the
    nearest robot goes to the device's place."""


class RefreshmentRequest(DeviceMessage):
    """Kiosk or speech satellite: a citizen asks for water and snacks; a refreshment robot
    brings them to `area` (a seat area of the floor map), by default the one nearest the
    device, or the first seat row when the floor does not know where the device stands."""

    area: Annotated[str, Field(max_length=40)] | None = None
    note: Annotated[str, Field(max_length=200)] = ""
    """What the citizen said, for the robot's screen and the console."""


class DossierQuery(DeviceMessage):
    """Kiosk or speech satellite: a citizen shows a receipt's QR; the floor asks the city's
    dossier system and answers on `cmd/dossier` (a code that cannot be one is refused with
    `bad_dossier_code`)."""

    code: Annotated[str, Field(min_length=1, max_length=64)]
    """The dossier code on the receipt (000.00.22.H29-231205-0001)."""
    lang: Lang = "vi"


# --- floor to device -------------------------------------------------------


class TicketIssuedNotice(Message):
    """To the kiosk: the ticket to print."""

    request_id: MessageId
    number: TicketNumber
    procedure: Ident
    field: Ident
    counters: list[CounterNumber]
    people_ahead: Annotated[int, Field(ge=0)]
    estimated_wait_min: Annotated[int, Field(ge=0)]
    priority: PriorityClass | None
    lang: Lang
    text: list[str]


class DisplayCall(Message):
    """To queue displays: show and announce a call."""

    number: TicketNumber
    counter: CounterNumber
    field: Ident
    recall: bool
    announcement: str
    lang: Lang
    announcement_local: str | None


class RatingThanks(Message):
    """To the rating terminal: the rating is stored; show thanks."""

    ref: MessageId
    number: TicketNumber
    counter: CounterNumber
    level: Annotated[int, Field(ge=1, le=5)]
    text: str


class ErrorReport(Message):
    """To a device: why its message was refused."""

    ref: str | None
    device: str
    topic: str
    code: str
    detail: str


class DossierAnswer(Message):
    """To the kiosk or speech satellite: what is known of a dossier, and the sentence to
    show or say. `outcome`: live (the city answered now), cached (it does not answer; its
    last answer, of `as_of`), unknown (no such dossier) or unavailable (no answer at all)."""

    ref: MessageId
    code: Annotated[str, Field(max_length=64)]
    outcome: Literal["live", "cached", "unknown", "unavailable"]
    state: Literal["processing", "ready", "returned"] | None
    due: date | None
    counter: CounterNumber | None
    locker: bool
    as_of: AwareDatetime | None
    lang: Lang
    text: str


# --- floor-wide state ------------------------------------------------------


class CounterView(BaseModel):
    """One counter as the floor shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: CounterNumber
    status: Literal["open", "paused", "closed"]
    fields: list[Ident]
    serving: TicketNumber | None
    served_today: int


class CountersState(Message):
    """Retained state: every counter."""

    counters: list[CounterView]


class FieldQueue(BaseModel):
    """One field's waiting line.

    `numbers` holds every waiting number, the `priority_waiting` priority ones
    first, each side oldest first: numbers[i] has i people ahead. `seconds_per_person`
    is how fast the line moves now (live mean service time over open counters).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: Ident
    waiting: int
    priority_waiting: int
    numbers: list[TicketNumber]
    seconds_per_person: Annotated[float, Field(ge=0)]
    counters_open: int
    longest_wait_min: int
    estimated_wait_min: int

    def place(self, number: str) -> tuple[int, int] | None:
        """Return (people ahead, estimated minutes) of a waiting number, or None."""
        try:
            ahead = self.numbers.index(number)
        except ValueError:
            return None
        return ahead, wait_minutes(ahead, self.seconds_per_person)


class QueuesState(Message):
    """Retained state: the waiting line of every field."""

    day: date | None
    queues: list[FieldQueue]


class DeviceView(BaseModel):
    """One registered device as the floor sees it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: DeviceId
    kind: DeviceKind
    counter: CounterNumber | None
    online: bool
    bd_seq: int | None
    since: datetime | None
    capabilities: list[str]


class DevicesState(Message):
    """Retained state: which devices are online; offline ones show stale state."""

    devices: list[DeviceView]


class OrchestratorStatus(BaseModel):
    """Retained: whether the orchestrator is up (its last will says offline)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    v: Literal[1] = 1
    online: bool
    version: str
    started_at: datetime | None = None


class FieldSummary(BaseModel):
    """One field's line in a center's summary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: Ident
    waiting: Annotated[int, Field(ge=0)]
    longest_wait_min: Annotated[int, Field(ge=0)]


class CenterSummary(Message):
    """Every minute, for the city: one center at a glance, with no citizen data.

    `seq` counts the summaries of one orchestrator run (`started_at`) from 0, so the
    city sees a gap or a repeat. Served, ratings and satisfaction are today's.
    """

    started_at: AwareDatetime
    seq: Sequence
    day: date | None
    fields: list[FieldSummary]
    longest_wait_min: Annotated[int, Field(ge=0)]
    served: Annotated[int, Field(ge=0)]
    ratings: Annotated[int, Field(ge=0)]
    satisfied_pct: Annotated[float, Field(ge=0, le=100)] | None
    devices_online: Annotated[int, Field(ge=0)]
    devices: Annotated[int, Field(ge=0)]
    robots_online: Annotated[int, Field(ge=0)]
    robots: Annotated[int, Field(ge=0)]
    alerts: Annotated[int, Field(ge=0)]
    """Open conditions a manager would see: devices or robots offline, long waits…"""
    urgent_alerts: Annotated[int, Field(ge=0)]
    catalog_version: Annotated[int, Field(ge=0)] = 0
    """The city's catalog version the center runs (0: its own catalog file)."""


class CityEvent(Message):
    """One happening the city keeps, with no citizen data: no ticket number, no text.

    `id` is the same every time the same happening is sent, so the city keeps it once.
    Served tickets carry their wait (issued to called) and service time (called to done).
    """

    kind: Literal["ticket_issued", "ticket_served", "rated", "staff_requested", "device_alert"]
    at: AwareDatetime
    field: Ident | None = None
    procedure: Ident | None = None
    priority: bool = False
    counter: CounterNumber | None = None
    wait_s: Annotated[float, Field(ge=0)] | None = None
    service_s: Annotated[float, Field(ge=0)] | None = None
    level: Annotated[int, Field(ge=1, le=5)] | None = None
    urgent: bool = False
    device: DeviceId | None = None
    """The device an alert is about (a device, never a person)."""
    problem: Annotated[str, Field(max_length=40)] | None = None


# --- the result locker (ATM hồ sơ) ----------------------------------------

DossierCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]{3,39}$")]
"""A dossier's code as printed on its receipt (4 to 40 letters, digits, dots, dashes)."""
SlotNumber = Annotated[int, Field(ge=1, le=200)]
Otp = Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class LockerDeposit(DeviceMessage):
    """Counter terminal: the officer placed a finished dossier in a result locker's slot;
    the floor texts the citizen a one-time code (answer: cmd/deposited)."""

    dossier: DossierCode
    slot: SlotNumber
    phone: Annotated[str, Field(pattern=r"^\+?[0-9][0-9 .]{8,15}$")]
    """The citizen's mobile number, for the text only: the floor keeps it masked."""
    locker: DeviceId | None = None
    """Which locker (default: the center's first)."""


class LockerOpen(DeviceMessage):
    """Result locker: a citizen typed a dossier code and its one-time code (answer: cmd/open,
    or an error report: unknown_dossier, already_collected, locked, otp_expired)."""

    dossier: DossierCode
    otp: Otp


class LockerOpened(DeviceMessage):
    """Result locker: it opened a slot on its own while the floor was unreachable, at
    `opened_at` (sent again until answered; it counts once)."""

    dossier: DossierCode
    slot: SlotNumber
    opened_at: AwareDatetime


class LockerFailed(DeviceMessage):
    """Result locker: a wrong code was typed for a dossier while the floor was unreachable
    (at `ts`; sent again until answered, each counts once as a wrong try: answer cmd/open
    with the tries left, or an error report when the dossier is no longer waiting)."""

    dossier: DossierCode


class DepositNotice(Message):
    """To the counter terminal: the dossier waits in its slot and the citizen is texted."""

    request_id: MessageId
    locker: DeviceId
    slot: SlotNumber
    dossier: DossierCode
    phone_masked: Annotated[str, Field(max_length=20)]
    expires_at: AwareDatetime
    text: str


class OpenResult(Message):
    """To the result locker: whether to open a slot for the code typed (`ref`), or that
    a report of an offline open (`ref`) is recorded."""

    ref: MessageId
    dossier: DossierCode
    opened: bool
    slot: SlotNumber | None
    tries_left: Annotated[int, Field(ge=0)]
    text: str


class LockerCollection(BaseModel):
    """One dossier a locker may hand out: its slot and its code's salted hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dossier: DossierCode
    slot: SlotNumber
    otp_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """PBKDF2-SHA256 of the code, `rounds` rounds, salted with `salt` (hex)."""
    salt: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    expires_at: AwareDatetime
    tries_left: Annotated[int, Field(ge=0)]


class LockerRoll(Message):
    """Retained, to one locker: every dossier it may hand out now (replaced whole)."""

    locker: DeviceId
    rounds: Annotated[int, Field(ge=1)]
    collections: list[LockerCollection]


class Signed(BaseModel):
    """What the city sends a center: `body` (JSON text) and the city's Ed25519 signature
    of its UTF-8 bytes, base64. The floor reads the body only once the signature holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    body: Annotated[str, Field(min_length=2, max_length=1_000_000)]
    signature: Annotated[str, Field(min_length=80, max_length=100)]


class CatalogVersion(Message):
    """The body of `city/in/catalog`: the whole catalog (as `floor catalog check` reads it)."""

    kind: Literal["catalog"] = "catalog"
    version: Annotated[int, Field(ge=1)]
    """Newer versions have larger numbers; a floor refuses one not newer than its own."""
    urgent: bool = False
    """Apply at once, not at the next day start."""
    catalog: dict[str, Any]


class CityNotice(Message):
    """The body of `city/in/notice`: a short text for the floor's screens, for a while.
    A notice with the same `notice` id replaces the earlier one."""

    kind: Literal["notice"] = "notice"
    notice: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    vi: Annotated[str, Field(min_length=1, max_length=300)]
    en: Annotated[str, Field(min_length=1, max_length=300)]
    ko: Annotated[str, Field(min_length=1, max_length=300)]
    valid_from: AwareDatetime
    valid_until: AwareDatetime


class CityReply(Message):
    """The floor's answer to a catalog version or a notice from the city."""

    subject: Literal["catalog", "notice"]
    ref: Annotated[str, Field(max_length=64)]
    """The catalog version, or the notice id."""
    outcome: Literal["applied", "held", "refused"]
    """held: accepted, applied at the next day start."""
    reason: Annotated[str, Field(max_length=500)] = ""
    running: Annotated[int, Field(ge=0)]
    """The catalog version the center runs after this."""


class NoticeView(BaseModel):
    """A notice from the city being shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    notice: str
    vi: str
    en: str
    ko: str
    valid_until: AwareDatetime


class CityState(Message):
    """Retained state: the city's catalog version the center runs, the one it holds for
    the next day start, and the city's notices shown now."""

    catalog_version: Annotated[int, Field(ge=0)]
    held_version: Annotated[int, Field(ge=1)] | None = None
    notices: list[NoticeView] = []


class CatalogState(Message):
    """Retained state: the catalog the floor runs now (its own file's, or the city's
    version `version`), so kiosks and speech satellites offer what the floor serves."""

    version: Annotated[int, Field(ge=0)]
    """The city's catalog version (0: the center's own catalog file)."""
    catalog: Catalog


# --- what goes where -------------------------------------------------------

COUNTER: tuple[DeviceKind, ...] = ("counter",)

EVENTS: dict[str, tuple[type[DeviceMessage], tuple[DeviceKind, ...]]] = {
    "ticket_request": (TicketRequest, ("kiosk", "speech")),
    "call_next": (CounterAction, COUNTER),
    "call": (CallNumber, COUNTER),
    "recall": (CounterAction, COUNTER),
    "no_show": (CounterAction, COUNTER),
    "transfer": (TransferRequest, COUNTER),
    "finish": (CounterAction, COUNTER),
    "pause": (CounterAction, COUNTER),
    "resume": (CounterAction, COUNTER),
    "rating": (RatingSubmitted, ("rating",)),
    "staff_request": (StaffRequest, ("kiosk", "speech")),
    "refreshment_request": (RefreshmentRequest, ("speech", "kiosk")),
    "dossier_query": (DossierQuery, ("kiosk", "speech")),
    "locker_deposit": (LockerDeposit, COUNTER),
    "locker_open": (LockerOpen, ("locker",)),
    "locker_opened": (LockerOpened, ("locker",)),
    "locker_failed": (LockerFailed, ("locker",)),
}
"""Device events by `evt/{name}`: the payload model and the device kinds allowed to send it.
A speech satellite (on a guide robot or a kiosk) takes tickets as a kiosk does."""

COMMANDS: dict[str, tuple[type[Message], tuple[DeviceKind, ...]]] = {
    "ticket": (TicketIssuedNotice, ("kiosk", "speech")),
    "call": (DisplayCall, ("display",)),
    "rated": (RatingThanks, ("rating",)),
    "dossier": (DossierAnswer, ("kiosk", "speech")),
    "deposited": (DepositNotice, COUNTER),
    "open": (OpenResult, ("locker",)),
}
"""Device commands by `cmd/{name}`: the payload model and the device kinds it goes to."""


class RobotView(BaseModel):
    """One robot as the floor last heard it (position in metres on the floor map)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: DeviceId
    kind: Literal["guide", "refreshment"]
    online: bool
    battery: Annotated[float, Field(ge=0, le=1)]
    charging: bool
    x: float
    y: float
    task: str | None


class RobotTaskView(BaseModel):
    """One robot task: the places it goes to in turn, and where it stands."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: Literal["greet", "escort", "refresh", "dock"]
    status: Literal["pending", "assigned", "done", "failed", "cancelled"]
    robot: DeviceId | None
    places: list[str]
    leg: int
    """Index of the place it is going to (= len(places) once all are reached)."""
    numbers: list[TicketNumber]
    created_at: AwareDatetime
    ended_at: AwareDatetime | None
    reason: str


class RobotsState(Message):
    """Retained state: every robot, the open robot tasks and the last ones ended."""

    layout: str | None
    robots: list[RobotView]
    tasks: list[RobotTaskView]


STATES: dict[str, type[Message]] = {
    "counters": CountersState,
    "queues": QueuesState,
    "devices": DevicesState,
    "robots": RobotsState,
    "city": CityState,
    "catalog": CatalogState,
}
"""Retained floor state by `state/{name}`."""
CITY_STATES = tuple(name for name in STATES if name != "catalog")
"""The retained states a center's bridge sends the city (the catalog stays: the city
knows it from `state/city` and sent it in the first place)."""
