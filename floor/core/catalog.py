"""The service catalog and the center configuration, as validated models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from floor.core.layout import Layout

Lang = Literal["vi", "en", "ko"]
LANGS: tuple[Lang, ...] = ("vi", "en", "ko")
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
DeviceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Prefix = Annotated[str, Field(pattern=r"^[A-Z]$")]
DeviceKind = Literal["kiosk", "display", "counter", "rating", "speech", "locker"]
RobotKind = Literal["guide", "refreshment"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Model):
    """A citizen-facing text in Vietnamese, English and Korean."""

    vi: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]
    ko: Annotated[str, Field(min_length=1)]

    def get(self, lang: Lang) -> str:
        """Return the text in `lang`."""
        return str(getattr(self, lang))


class ServiceField(_Model):
    """A field (lĩnh vực): a group of procedures served by the same counters."""

    id: Ident
    prefix: Prefix
    name: Text


class Procedure(_Model):
    """One administrative procedure (thủ tục) as citizens ask for it."""

    id: Ident
    field: Ident
    prefix: Prefix
    name: Text
    documents: Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=1)]
    fee: Text
    service_minutes: Annotated[int, Field(ge=1, le=240)]
    aliases: list[str] = []


class Catalog(_Model):
    """Fields and procedures of a center, edited by the center as data."""

    version: Literal[1]
    fields: Annotated[list[ServiceField], Field(min_length=1)]
    procedures: Annotated[list[Procedure], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        _unique("fields", [f.id for f in self.fields])
        _unique("procedures", [p.id for p in self.procedures])
        fields = {f.id: f for f in self.fields}
        for i, proc in enumerate(self.procedures):
            if proc.field not in fields:
                raise ValueError(f"procedures[{i}] ({proc.id}).field: unknown field {proc.field!r}")
            if proc.prefix != fields[proc.field].prefix:
                raise ValueError(
                    f"procedures[{i}] ({proc.id}).prefix: {proc.prefix!r} differs from "
                    f"its field's prefix {fields[proc.field].prefix!r}"
                )
        return self

    def procedure(self, procedure_id: str) -> Procedure | None:
        """Return the procedure with this id, or None."""
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def field(self, field_id: str) -> ServiceField | None:
        """Return the field with this id, or None."""
        return next((f for f in self.fields if f.id == field_id), None)

    def field_minutes(self, field_id: str) -> float:
        """Return the mean typical service minutes of a field's procedures."""
        minutes = [p.service_minutes for p in self.procedures if p.field == field_id]
        return sum(minutes) / len(minutes) if minutes else 10.0


class CounterSpec(_Model):
    """A counter (quầy) and the fields it serves when the day starts."""

    number: Annotated[int, Field(ge=1, le=999)]
    fields: Annotated[list[Ident], Field(min_length=1)]
    open: bool = True


class DeviceSpec(_Model):
    """A registered device; counter-bound kinds name their counter."""

    id: DeviceId
    kind: DeviceKind
    counter: Annotated[int, Field(ge=1, le=999)] | None = None

    @model_validator(mode="after")
    def _bound(self) -> DeviceSpec:
        if self.kind in ("counter", "rating") and self.counter is None:
            raise ValueError(f"device {self.id}: a {self.kind} device needs a counter")
        return self


class Policy(_Model):
    """Tunable rules of the floor."""

    priority_streak: Annotated[int, Field(ge=1, le=10)] = 2
    no_show_requeue: Annotated[int, Field(ge=0, le=5)] = 1
    rating_levels: Annotated[int, Field(ge=2, le=5)] = 4
    estimate_window: Annotated[int, Field(ge=1, le=500)] = 20
    elderly_age: Annotated[int, Field(ge=50, le=100)] = 60
    """Age from which an ID card scanned at a kiosk gives elderly priority (the Law on the
    Elderly: 60)."""
    locker_code_hours: Annotated[int, Field(ge=1, le=24 * 30)] = 72
    """Hours a result locker's one-time code stays valid after the deposit."""
    locker_tries: Annotated[int, Field(ge=1, le=10)] = 5
    """Wrong codes before a dossier in the locker is locked (and the managers alerted)."""


class RateLimit(_Model):
    """A token bucket: `per_second` messages on average, `burst` at once."""

    per_second: Annotated[float, Field(gt=0, le=1000)]
    burst: Annotated[int, Field(ge=1, le=10000)]


def _default_rates() -> dict[DeviceKind, RateLimit]:
    return {
        "kiosk": RateLimit(per_second=2, burst=10),
        "speech": RateLimit(per_second=2, burst=10),
        "rating": RateLimit(per_second=2, burst=10),
        "counter": RateLimit(per_second=5, burst=20),
        "display": RateLimit(per_second=1, burst=5),
        "locker": RateLimit(per_second=1, burst=10),
    }


class DeviceLimits(_Model):
    """How much one device may send, so that no device can starve the others."""

    rates: dict[DeviceKind, RateLimit] = Field(default_factory=_default_rates)
    """Per device, by kind; a kind left out keeps its default."""
    unknown: RateLimit = RateLimit(per_second=20, burst=50)
    """All unregistered senders together: how many of their messages get an error report."""
    tickets_per_device_day: Annotated[int, Field(ge=1, le=100_000)] = 400
    """A kiosk that gives out more tickets than this in a day raises an alert."""
    tickets_per_phone_day: Annotated[int, Field(ge=1, le=100)] = 3
    """Numbers one phone may take in a day on the phone page (each phone also has a
    kiosk's rate limit)."""
    phones: RateLimit = RateLimit(per_second=5, burst=50)
    """All phones together: tickets and chat questions from the phone page."""

    def rate(self, kind: DeviceKind) -> RateLimit:
        """Return the limit of one device of this kind."""
        return self.rates.get(kind) or _default_rates()[kind]

    @classmethod
    def lifted(cls) -> DeviceLimits:
        """Return limits no device reaches: for benches and for replaying a day in seconds."""
        most = RateLimit(per_second=1000, burst=10000)
        return cls(rates=dict.fromkeys(_default_rates(), most), unknown=most, phones=most)


class RobotModel(_Model):
    """The ROS 2 names a robot model uses behind its rosbridge_server."""

    navigate_action: str = "/navigate_to_pose"
    navigate_type: str = "nav2_msgs/action/NavigateToPose"
    pose_topic: str = "/amcl_pose"
    battery_topic: str = "/battery_state"
    speech_topic: str = "/speech/say"
    display_topic: str = "/display/text"
    tray_topic: str = "/tray_load"
    speed_limit_topic: str = "/speed_limit"
    """nav2_msgs/SpeedLimit for the controller server (an escort's walking pace)."""
    frame: str = "map"
    distro: Literal["humble", "jazzy"] = "jazzy"
    """ROS 2 release: Humble's NavigateToPose result is empty, Jazzy's has error codes."""
    dock_action: str = "/dock_robot"
    """opennav_docking's DockRobot action ("" when the robot has no docking server:
    a navigate goal to its dock place, and the robot seats itself)."""
    dock_type: str = "nav2_msgs/action/DockRobot"
    goals_in_new_thread: bool = False
    """How its rosbridge_server runs (`send_action_goals_in_new_thread`); with False a
    stop reaches the robot only when its current leg ends."""
    probe_service: str = "/rosapi/get_time"
    """A cheap service asked when the robot is quiet, to tell silence from loss."""
    accept_timeout_s: Annotated[float, Field(gt=0.0, le=120.0)] = 5.0
    """A goal with no feedback nor result this long is unanswered (unknown or rejected)."""
    result_timeout_s: Annotated[float, Field(gt=0.0, le=3600.0)] = 600.0
    """Longest a single leg may take."""


class RobotSpec(_Model):
    """A robot on the floor, reached at its own rosbridge URL (ws://robot-host:9090)."""

    id: DeviceId
    kind: RobotKind
    url: Annotated[str, Field(pattern=r"^wss?://[^/\s]+(:[0-9]+)?/?$")]
    dock: Annotated[str, Field(min_length=1)]
    model: RobotModel = RobotModel()


class RobotPolicy(_Model):
    """When robots work: who is escorted, who gets refreshments, when to dock."""

    escort_priority: bool = True
    """Escort priority tickets to their counter even when they did not ask."""
    refresh_priority: bool = True
    refresh_after_min: Annotated[int, Field(ge=1, le=240)] = 20
    tray: Annotated[int, Field(ge=1, le=20)] = 6
    """Citizens one refreshment round serves (a tray's load)."""
    dock_below: Annotated[float, Field(ge=0.0, le=1.0)] = 0.2
    undock_above: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8
    better_by_m: Annotated[float, Field(ge=0.0, le=100.0)] = 3.0
    """A freed robot takes over a task when it is this much closer to it."""
    greet_wait_s: Annotated[int, Field(ge=1, le=3600)] = 30
    escort_wait_s: Annotated[int, Field(ge=1, le=3600)] = 180
    refresh_wait_s: Annotated[int, Field(ge=1, le=7200)] = 900
    max_attempts: Annotated[int, Field(ge=1, le=10)] = 3
    escort_seat_wait_s: Annotated[int, Field(ge=0, le=300)] = 15
    """At the seats an escort invites the citizen, then waits this long before walking on."""
    escort_speed: Annotated[float, Field(gt=0.0, le=2.0)] = 0.6
    """Metres a second an escort walks with the citizen: a pace an elderly person can follow."""
    return_after_s: Annotated[int, Field(ge=0, le=3600)] = 60
    """An idle robot away from its dock goes back to it after this long (0: it stays)."""
    corridor_below_m: Annotated[float, Field(ge=0.0, le=5.0)] = 1.5
    """Gaps between two blocks narrower than this are passages one robot at a time (0: none)."""


class LockerSpec(_Model):
    """A result locker (ATM hồ sơ): a registered `locker` device and its numbered slots."""

    id: DeviceId
    slots: Annotated[int, Field(ge=1, le=200)]
    x: float | None = None
    y: float | None = None
    """Where it stands on the floor map (metres), for the console."""


class CenterInfo(_Model):
    """Who the center is."""

    id: DeviceId
    name: Annotated[str, Field(min_length=1)]
    timezone: str = "Asia/Ho_Chi_Minh"
    hours: Text | None = None
    """Opening hours, lunch break and days off, as robots and the phone chat say them."""
    directions: Text | None = None
    """Where the toilets, photocopier, parking and result locker are, as they say it."""


class CenterConfig(_Model):
    """One center's floor: counters, devices and policy."""

    center: CenterInfo
    counters: Annotated[list[CounterSpec], Field(min_length=1)]
    devices: list[DeviceSpec] = []
    policy: Policy = Policy()
    limits: DeviceLimits = DeviceLimits()
    layout: Layout | None = None
    """The floor map (center files name a layout file; the loader reads it)."""
    robots: list[RobotSpec] = []
    robot_policy: RobotPolicy = RobotPolicy()
    lockers: list[LockerSpec] = []

    @model_validator(mode="after")
    def _consistent(self) -> CenterConfig:
        _unique("counters", [c.number for c in self.counters])
        _unique("devices", [d.id for d in self.devices])
        numbers = {c.number for c in self.counters}
        for i, dev in enumerate(self.devices):
            if dev.counter is not None and dev.counter not in numbers:
                raise ValueError(f"devices[{i}] ({dev.id}).counter: no counter {dev.counter}")
        _unique("robots", [r.id for r in self.robots])
        if self.robots and self.layout is None:
            raise ValueError("robots: robots need a layout (the floor map)")
        for i, robot in enumerate(self.robots):
            assert self.layout is not None
            dock = self.layout.place(robot.dock)
            if dock is None or dock.kind != "dock":
                raise ValueError(f"robots[{i}] ({robot.id}).dock: no dock {robot.dock!r} in layout")
        _unique("lockers", [k.id for k in self.lockers])
        for i, locker in enumerate(self.lockers):
            spec = next((d for d in self.devices if d.id == locker.id), None)
            if spec is None or spec.kind != "locker":
                raise ValueError(f"lockers[{i}] ({locker.id}): no locker device {locker.id!r}")
        return self

    def robot(self, robot_id: str) -> RobotSpec | None:
        """Return the configured robot with this id, or None."""
        return next((r for r in self.robots if r.id == robot_id), None)

    def check_against(self, catalog: Catalog) -> None:
        """Raise ValueError naming the entry whose field is not in the catalog."""
        for i, counter in enumerate(self.counters):
            for field in counter.fields:
                if catalog.field(field) is None:
                    raise ValueError(
                        f"counters[{i}] (number {counter.number}).fields: unknown field {field!r}"
                    )

    def device(self, device_id: str) -> DeviceSpec | None:
        """Return the registered device with this id, or None."""
        return next((d for d in self.devices if d.id == device_id), None)


def _unique(where: str, ids: list[str] | list[int]) -> None:
    seen: set[object] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise ValueError(f"{where}[{i}].id: duplicate {ident!r}")
        seen.add(ident)
