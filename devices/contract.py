"""The wire contract as documents: examples, JSON Schemas, AsyncAPI 3 and protocol.md."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from devices import payloads as p
from devices import topics
from devices.codec import MAX_PAYLOAD, BadPayload, decode, encode
from devices.dossiers import message as dossier_message
from devices.homeassistant import HaDiscoveryConfig, discovery
from devices.topics import TopicSpec
from floor import __version__
from floor.config import load_catalog, load_center
from floor.core.catalog import Catalog, DeviceKind
from floor.core.lockers import OTP_ROUNDS, hash_otp
from floor.core.queueing import Estimate
from floor.core.texts import THANKS, announcement, ticket_slip
from floor.dossiers.desk import Answer
from floor.dossiers.port import DossierStatus

CENTER_PLACEHOLDER = "{center}"
"""The center level as documents show it when no concrete center is given."""

_TZ = timezone(timedelta(hours=7))
_DAY = date(2025, 7, 14)
_NUMBER = "023"
_ARROWS = {
    "device_to_floor": "device → floor",
    "floor_to_device": "floor → device",
    "floor_to_all": "floor → all",
    "city_to_floor": "city → floor",
}
_AUDIENCE = {
    "device_to_floor": "any device, about itself",
    "floor_to_device": "the one device named in the topic",
    "floor_to_all": "every device and console that subscribes",
    "city_to_floor": "the orchestrator, through the city bridge",
}
_MQTT_BINDING = "0.2.0"
_DOSSIER = DossierStatus("000.00.22.H29-250714-0031", "ready", None, 3, True)
SIGNED_BODIES: tuple[type[BaseModel], ...] = (p.CatalogVersion, p.CityNotice)
"""Models carried as the JSON text of a `Signed` payload's `body` (from the city)."""


@dataclass(frozen=True, slots=True)
class Example:
    """One message of the contract on a concrete topic, for documents and tests."""

    spec: TopicSpec
    topic: str
    name: str
    model: type[BaseModel]
    payload: BaseModel
    note: str
    kinds: tuple[DeviceKind, ...] = ()

    @property
    def key(self) -> str:
        """Return a document-wide message id, e.g. `event_call` or `birth`."""
        return self.spec.name if self.name == self.spec.name else f"{self.spec.name}_{self.name}"

    @property
    def incoming(self) -> bool:
        """Return whether the orchestrator receives this message."""
        return self.spec.direction == "device_to_floor"


def _kinds(spec: TopicSpec, name: str) -> tuple[DeviceKind, ...]:
    """Return the device kinds that may send (events) or get (commands) a message."""
    if spec is topics.EVENT:
        return p.EVENTS[name][1]
    if spec is topics.COMMAND:
        return p.COMMANDS[name][1]
    if spec is topics.SPEECH:
        return ("speech",)
    return ()


def _only(kinds: tuple[DeviceKind, ...]) -> str:
    return " or ".join(f"a `{kind}`" for kind in kinds) + " device only"


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(_DAY.year, _DAY.month, _DAY.day, hour, minute, second, tzinfo=_TZ)


def _refusal(model: type[BaseModel], data: dict[str, Any]) -> BadPayload:
    """Return the error the codec raises for `data` (which must be refused)."""
    try:
        decode(model, json.dumps(data).encode())
    except BadPayload as exc:
        return exc
    raise ValueError(f"{model.__name__} accepts {data}")


def _topic(spec: TopicSpec, center: str, **values: str) -> str:
    """Build a topic through its spec; the center placeholder stays literal."""
    if center != CENTER_PLACEHOLDER:
        return spec.topic(center=center, **values)
    spec.topic(center="center", **values)  # refuses wildcards in the other levels
    return spec.pattern.format(center=CENTER_PLACEHOLDER, **values)


def _city_examples(add: Callable[..., None], catalog: Catalog) -> None:
    """Add what the city sends a center (signed with a demo key) and what the floor answers."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from floor.city.signing import sign

    demo_key = Ed25519PrivateKey.from_private_bytes(bytes(32))  # never a real city's key
    small = catalog.model_copy(
        update={"fields": catalog.fields[:1], "procedures": catalog.procedures[:1]}
    )
    version = p.CatalogVersion(
        id="7e2a9c4b1d3f4a5b8c6d0e1f2a3b4c5d",
        ts=_at(16, 0),
        version=2025071501,
        catalog=small.model_dump(mode="json"),
    )
    add(
        topics.CITY_IN,
        "catalog",
        p.Signed.model_validate_json(sign(version, demo_key)),
        "Retained. `body` is a `CatalogVersion` as JSON text: the whole catalog, its version "
        "and `urgent`; the floor checks it against its counters and applies it at its next "
        "day start (at once if urgent) or refuses it, answering on `city/reply`.",
        item="catalog",
    )
    notice = p.CityNotice(
        id="1f0e2d3c4b5a49788796a5b4c3d2e1f0",
        ts=_at(16, 5),
        notice="le-quoc-khanh",
        vi="Trung tâm nghỉ lễ Quốc khánh ngày 2/9 và 3/9.",
        en="The center is closed for National Day on 2 and 3 September.",
        ko="센터는 9월 2일과 3일 국경일에 휴무합니다.",
        valid_from=_at(16, 5),
        valid_until=_at(16, 5) + timedelta(days=50),
    )
    add(
        topics.CITY_IN,
        "notice",
        p.Signed.model_validate_json(sign(notice, demo_key)),
        "Retained, one topic per notice. `body` is a `CityNotice` as JSON text; the floor "
        "shows it on the console and the queue displays (`state/city`) while it is valid.",
        item=topics.CITY_NOTICE_PREFIX + notice.notice,
    )
    add(
        topics.CITY_REPLY,
        "city_reply",
        p.CityReply(
            id="0a1b2c3d4e5f40718293a4b5c6d7e8f9",
            ts=_at(16, 1),
            subject="catalog",
            ref="2025071501",
            outcome="refused",
            reason="catalog_invalid: counters[0] (number 1).fields: unknown field 'tu_phap'",
            running=0,
        ),
        "The floor's answer to each catalog version and notice: applied, held for the next "
        "day start, or refused with the reason; bridged back to the city.",
    )
    add(
        topics.STATE,
        "city",
        p.CityState(
            id="b0c1d2e3f4a5465768798a9bacbdcedf",
            ts=_at(16, 6),
            catalog_version=2025071501,
            notices=[
                p.NoticeView(
                    notice=notice.notice,
                    vi=notice.vi,
                    en=notice.en,
                    ko=notice.ko,
                    valid_until=notice.valid_until,
                )
            ],
        ),
        "The city's catalog version the center runs, the one it holds for the next day "
        "start, and the city's notices shown now (queue displays show them).",
    )
    khai_sinh = catalog.procedure("khai_sinh")
    assert khai_sinh is not None
    add(
        topics.STATE,
        "catalog",
        p.CatalogState(
            id="c1d2e3f4a5b6478899aabbccddeeff00",
            ts=_at(16, 6),
            version=2025071501,
            catalog=catalog.model_copy(
                update={
                    "fields": [f for f in catalog.fields if f.id == khai_sinh.field],
                    "procedures": [khai_sinh],
                }
            ),
        ),
        "The catalog the floor runs now, whole (here cut to one procedure): the center's own "
        "file (version 0) or the city's version once applied. Kiosks and speech satellites "
        "offer and answer from it; published again only when it changes.",
    )


def examples(center: str = CENTER_PLACEHOLDER) -> list[Example]:
    """Return one example per topic spec and per event, command and state name."""
    catalog = load_catalog()
    floor = load_center(catalog=catalog)
    proc = catalog.procedure("khai_sinh")
    assert proc is not None
    field = catalog.field(proc.field)
    assert field is not None
    number = proc.prefix + _NUMBER
    counters = sorted(c.number for c in floor.counters if field.id in c.fields)
    counter = 5
    kiosk, desk, display, rating = "kiosk-1", f"counter-{counter}", f"display-{counter}", "rating-5"
    request_id = "kiosk-1:412"
    out: list[Example] = []

    def add(
        spec: TopicSpec,
        name: str,
        payload: BaseModel,
        note: str,
        device: str = "",
        **values: str,
    ) -> None:
        if device:
            values["device_id"] = device
        if "name" in spec.params:
            values["name"] = name
        out.append(
            Example(
                spec,
                _topic(spec, center, **values),
                name,
                type(payload),
                payload,
                note,
                _kinds(spec, name),
            )
        )

    add(
        topics.BIRTH,
        "birth",
        p.Birth(
            id="kiosk-1:1",
            ts=_at(7, 30),
            device=kiosk,
            seq=1,
            kind="kiosk",
            bd_seq=3,
            capabilities=["printer", "touchscreen", "lang:vi", "lang:en", "lang:ko"],
        ),
        "Sent on every connect, and again when the orchestrator comes back online.",
        kiosk,
    )
    add(
        topics.STATUS,
        "status",
        p.Status(device=display, online=True, bd_seq=3),
        "Published online after birth; the same payload with online=false is the "
        "device's last will, with the bd_seq of its birth.",
        display,
    )

    # device events
    def desk_event(name: str, seq: int, minute: int, note: str, **fields: Any) -> None:
        model = p.EVENTS[name][0]
        msg = model(id=f"{desk}:{seq}", ts=_at(8, minute), device=desk, seq=seq, **fields)
        add(topics.EVENT, name, msg, note, desk)

    add(
        topics.EVENT,
        "ticket_request",
        p.TicketRequest(
            id=request_id,
            ts=_at(8, 5, 12),
            device=kiosk,
            seq=412,
            procedure=proc.id,
            priority="elderly",
            lang="vi",
            guidance=False,
        ),
        f"An elderly citizen asks for '{proc.name.vi}'; the answer is cmd/ticket to this kiosk.",
        kiosk,
    )
    desk_event("call_next", 118, 12, "Call the next waiting number of the counter's fields.")
    desk_event(
        "call", 119, 13, "Call one waiting number by hand, out of turn.", number=proc.prefix + "026"
    )
    desk_event("recall", 120, 15, "Call the current number again.")
    desk_event("no_show", 121, 17, "The called citizen did not come.")
    desk_event(
        "transfer", 122, 30, "Send the current ticket to another field's queue.", field="chung_thuc"
    )
    desk_event("finish", 123, 34, "The current citizen is served.")
    desk_event("pause", 124, 35, "The counter stops calling (a break).")
    desk_event("resume", 125, 50, "The counter calls again.")
    add(
        topics.EVENT,
        "rating",
        p.RatingSubmitted(
            id="rating-5:57",
            ts=_at(8, 34, 40),
            device=rating,
            seq=57,
            level=1,
        ),
        "A citizen rates the service at counter 5; 1 is the happiest.",
        rating,
    )
    add(
        topics.EVENT,
        "staff_request",
        p.StaffRequest(
            id="voice-guide-1:88",
            ts=_at(9, 2, 5),
            device="voice-guide-1",
            seq=88,
            text="cho tôi gặp cán bộ hướng dẫn với",
        ),
        "A citizen asks a guide robot for a person; the console raises an alert.",
        "voice-guide-1",
    )
    add(
        topics.EVENT,
        "refreshment_request",
        p.RefreshmentRequest(
            id="voice-guide-1:89",
            ts=_at(9, 3, 12),
            device="voice-guide-1",
            seq=89,
            note="cho tôi xin cốc nước",
        ),
        "A citizen asks a guide robot for water; a refreshment robot brings it to the seat "
        "area nearest the device (or to `area` when given).",
        "voice-guide-1",
    )
    add(
        topics.EVENT,
        "dossier_query",
        p.DossierQuery(
            id="kiosk-1:415",
            ts=_at(9, 10, 2),
            device=kiosk,
            seq=415,
            code=_DOSSIER.code,
            lang="vi",
        ),
        "A citizen scans a receipt's QR: the floor asks the city's dossier system and answers "
        "on cmd/dossier; a code that cannot be one is refused with `bad_dossier_code`, and a "
        "center not linked to the city answers `no_dossier_system`.",
        kiosk,
    )

    # commands
    guess = Estimate(people_ahead=2, minutes=6, counters_open=len(counters))
    add(
        topics.COMMAND,
        "ticket",
        p.TicketIssuedNotice(
            id="6f1c2a9e8b0d4c1fa7e5d2b9c4f18a06",
            ts=_at(8, 5, 13),
            request_id=request_id,
            number=number,
            procedure=proc.id,
            field=field.id,
            counters=counters,
            people_ahead=guess.people_ahead,
            estimated_wait_min=guess.minutes,
            priority="elderly",
            lang="vi",
            text=ticket_slip("vi", number, proc, field, counters, guess),
        ),
        "The ticket to print, in the citizen's language; request_id is the request's id.",
        kiosk,
    )
    add(
        topics.COMMAND,
        "call",
        p.DisplayCall(
            id="0b9d7e3c5a2f4e81b6c4d8a1e7f35c92",
            ts=_at(8, 12, 1),
            number=number,
            counter=counter,
            field=field.id,
            recall=False,
            announcement=announcement("vi", number, counter),
            lang="vi",
            announcement_local=None,
        ),
        "Sent to the counter's display and to every hall display (e.g. board-hall); "
        "announcement_local repeats the call in the citizen's language when it is not vi.",
        display,
    )

    add(
        topics.COMMAND,
        "rated",
        p.RatingThanks(
            id="e2a7c4b91f0d4d6c8b3a5e9f7c1d2b40",
            ts=_at(8, 34, 41),
            ref="rating-5:57",
            number=number,
            counter=counter,
            level=1,
            text=THANKS["vi"],
        ),
        "The rating is stored: the terminal shows thanks; ref is the rating event's id.",
        rating,
    )
    found = Answer(_DOSSIER.code, "live", _DOSSIER, _at(9, 10, 3))
    add(
        topics.COMMAND,
        "dossier",
        dossier_message("kiosk-1:415", found, "vi", _at(9, 10, 3)).model_copy(
            update={"id": "5d2e8f1a7c3b4e90a6d1f4b8c2e7a935"}
        ),
        "What the city says of the dossier, within a few seconds: `cached` (the city does not "
        "answer; its last answer, of `as_of`), `unknown` or `unavailable` otherwise; `text` is "
        "the sentence to show or say in `lang`.",
        kiosk,
    )

    # floor-wide state
    serving = {1: "A041", 2: "A039", 4: "A040", counter: number, 7: "C012", 9: "D007", 11: "F019"}
    add(
        topics.STATE,
        "counters",
        p.CountersState(
            id="c3e8a1f4d2b64a7f9e0c5b3d8a2f6e14",
            ts=_at(8, 12, 1),
            counters=[
                p.CounterView(
                    number=c.number,
                    fields=list(c.fields),
                    serving=serving.get(c.number),
                    status=("closed" if not c.open else "paused" if c.number == 8 else "open"),
                    served_today=(c.number * 7) % 11 + 3 if c.open else 0,
                )
                for c in floor.counters
            ],
        ),
        "Every counter, replaced whole on every change.",
    )
    lines = {
        "chung_thuc": (4, 1, 42),
        "ho_tich": (2, 1, 24),
        "dat_dai_xay_dung": (1, 0, 13),
        "cong_an": (3, 2, 20),
    }
    add(
        topics.STATE,
        "queues",
        p.QueuesState(
            id="9a4f0e6d2c8b47159d3e1a7c5b0f2d68",
            ts=_at(8, 12, 1),
            day=_DAY,
            queues=[
                p.FieldQueue(
                    field=f.id,
                    waiting=waiting,
                    priority_waiting=prio,
                    numbers=[f"{f.prefix}{n:03d}" for n in range(first, first + waiting)],
                    seconds_per_person=150.0,
                    counters_open=2,
                    longest_wait_min=4 * waiting,
                    estimated_wait_min=math.ceil(max(waiting - 1, 0) * 150 / 60),
                )
                for f in catalog.fields
                for waiting, prio, first in [lines.get(f.id, (0, 0, 1))]
            ],
        ),
        "The waiting line of every field, for hall boards and the console.",
    )
    add(
        topics.STATE,
        "devices",
        p.DevicesState(
            id="3c1b7d9e5a2f48c6b0d4e8f1a7c3b5d9",
            ts=_at(8, 12, 2),
            devices=[
                p.DeviceView(
                    id=kiosk,
                    kind="kiosk",
                    counter=None,
                    online=True,
                    bd_seq=3,
                    since=_at(7, 30),
                    capabilities=["printer", "touchscreen"],
                ),
                p.DeviceView(
                    id=display,
                    kind="display",
                    counter=5,
                    online=False,
                    bd_seq=7,
                    since=_at(8, 11, 40),
                    capabilities=["tts"],
                ),
            ],
        ),
        "Which registered devices are online; a device whose last will fired shows "
        "online=false, and what it last reported is stale.",
    )
    add(
        topics.STATE,
        "robots",
        p.RobotsState(
            id="5e2a9c7b1d3f46e8a0b2c4d6e8f0a1b3",
            ts=_at(8, 12, 5),
            layout="Tam Bình hall",
            robots=[
                p.RobotView(
                    id="guide-1",
                    kind="guide",
                    online=True,
                    battery=0.83,
                    charging=False,
                    x=5.4,
                    y=7.9,
                    task="R-00012",
                ),
                p.RobotView(
                    id="refresh-1",
                    kind="refreshment",
                    online=True,
                    battery=0.41,
                    charging=True,
                    x=18.4,
                    y=0.9,
                    task=None,
                ),
            ],
            tasks=[
                p.RobotTaskView(
                    id="R-00012",
                    kind="escort",
                    status="assigned",
                    robot="guide-1",
                    places=["seats-a", f"counter-{counter}"],
                    leg=1,
                    numbers=[number],
                    created_at=_at(8, 11, 30),
                    ended_at=None,
                    reason="",
                ),
            ],
        ),
        "Every robot (position in metres on the floor map the console draws) and its tasks: "
        "open ones and the last ended. Each task goes to `places` in turn; `leg` is the "
        "index of the place it is going to. Built from the event log like every state topic.",
    )
    add(
        topics.ORCHESTRATOR_STATUS,
        "orchestrator_status",
        p.OrchestratorStatus(
            online=True,
            version=__version__,
            started_at=_at(7, 0),
        ),
        "When this turns online, every device publishes its birth again; the orchestrator's "
        "last will is the same payload with online=false.",
    )
    add(
        topics.CITY_SUMMARY,
        "city_summary",
        p.CenterSummary(
            id="9b1f0c2e7d4a4e0f8a3b5c6d7e8f9012",
            ts=_at(9, 30),
            started_at=_at(7, 0),
            seq=150,
            day=_at(7, 0).date(),
            fields=[p.FieldSummary(field="ho_tich", waiting=6, longest_wait_min=14)],
            longest_wait_min=14,
            served=42,
            ratings=30,
            satisfied_pct=86.7,
            devices_online=7,
            devices=8,
            robots_online=2,
            robots=2,
            alerts=1,
            urgent_alerts=0,
        ),
        "Counts only, never a ticket number, a name or an ID: the center's mosquitto "
        "bridges it to the city cluster (docs/city.md), queued while the link is down.",
    )
    add(
        topics.CITY_EVENT,
        "city_event",
        p.CityEvent(
            id="5d0c4e8a1f2b3c4d5e6f708192a3b4c5",
            ts=_at(9, 31),
            kind="ticket_served",
            at=_at(9, 31),
            field="ho_tich",
            procedure="khai_sinh",
            counter=5,
            wait_s=840.0,
            service_s=312.5,
        ),
        "Tickets issued and served, ratings, requests for staff and device alerts, each "
        "once (the same `id` when sent again); never a ticket number, a name or a text.",
    )
    _city_examples(add, catalog)
    info = floor.center.model_copy(update={"id": center})
    sensor = discovery(floor.model_copy(update={"center": info}), catalog)[0]
    add(
        topics.HA_DISCOVERY,
        "ha_discovery",
        HaDiscoveryConfig.model_validate_json(sensor.payload),
        "Opt-in (FLOOR_HA_DISCOVERY=true): a sensor per field (people waiting) and a "
        "connectivity sensor per device, read by Home Assistant from the retained state.",
        **(topics.HA_DISCOVERY.match(sensor.topic) or {}),
    )

    refused = _refusal(
        p.RatingSubmitted,
        {
            "v": 1,
            "id": "rating-5:58",
            "ts": _at(8, 36).isoformat(),
            "device": rating,
            "seq": 58,
            "level": 7,
        },
    )
    add(
        topics.ERROR,
        "error",
        p.ErrorReport(
            id="5d2e8c1a7f3b4e90a6c2d4f8b1e3a759",
            ts=_at(8, 36, 0),
            ref="rating-5:58",
            device=rating,
            topic=_topic(topics.EVENT, center, device_id=rating, name="rating"),
            code=refused.code,
            detail=refused.detail,
        ),
        "Why a message was refused: code is stable, detail is for people; ref is the refused "
        "message's id when it could be read.",
        rating,
    )
    _speech_examples(add, proc.id, number)
    _locker_examples(add, desk)
    return out


def _locker_examples(add: Any, desk: str) -> None:
    """Add the result locker's messages: a deposit at a counter, a collection, a report."""
    locker, dossier, slot = "locker-1", "H29.241205-0001", 4
    expires = _at(10, 15) + timedelta(hours=72)
    add(
        topics.EVENT,
        "locker_deposit",
        p.LockerDeposit(
            id=f"{desk}:130", ts=_at(10, 15), device=desk, seq=130,
            dossier=dossier, slot=slot, phone="0912 345 678",
        ),
        "The officer placed a finished dossier in slot 4 of the result locker; the floor "
        "texts the citizen a one-time code (six digits) and keeps the number masked.",
        desk,
    )  # fmt: skip
    add(
        topics.COMMAND,
        "deposited",
        p.DepositNotice(
            id="8c1d4e7a2b5f4a09b3e6c9d2f5a8b1e4", ts=_at(10, 15, 1), request_id=f"{desk}:130",
            locker=locker, slot=slot, dossier=dossier, phone_masked="091*****78",
            expires_at=expires,
            text=f"Đã gửi hồ sơ {dossier} vào ô số {slot} ({locker}); đã nhắn mã OTP tới "
            "091*****78, dùng được đến 10:15 17/07/2025.",
        ),
        "The dossier waits in its slot and the citizen is texted; request_id is the deposit's id.",
        desk,
    )  # fmt: skip
    add(
        topics.LOCKER_ROLL,
        "locker_roll",
        p.LockerRoll(
            id="2f6a9c3e1d8b4f72a5c0e7b4d1f8a3c6", ts=_at(10, 15, 1), locker=locker,
            rounds=OTP_ROUNDS,
            collections=[
                p.LockerCollection(
                    dossier=dossier, slot=slot, otp_hash=hash_otp("402917", "0" * 32),
                    salt="0" * 32, expires_at=expires, tries_left=5,
                )
            ],
        ),
        "Retained, replaced whole: what the locker may hand out while the floor is "
        "unreachable. It checks a typed code against otp_hash (PBKDF2-SHA256 of the code, "
        "`rounds` rounds, salt in hex), counts wrong tries itself, and reports each open.",
        locker,
    )  # fmt: skip
    add(
        topics.EVENT,
        "locker_open",
        p.LockerOpen(
            id=f"{locker}:31", ts=_at(19, 40, 5), device=locker, seq=31,
            dossier=dossier, otp="402917",
        ),
        "A citizen typed the dossier code and the code texted; the answer is cmd/open, or an "
        "error report (unknown_dossier, already_collected, locked, otp_expired).",
        locker,
    )  # fmt: skip
    add(
        topics.COMMAND,
        "open",
        p.OpenResult(
            id="5b8e1a4c7d0f4e23a6b9c2e5f8a1d4b7", ts=_at(19, 40, 5), ref=f"{locker}:31",
            dossier=dossier, opened=True, slot=slot, tries_left=0,
            text=f"Ô số {slot} đã mở. Mời anh/chị nhận hồ sơ và đóng cửa ô.",
        ),
        "Open the slot (opened=true), or say how many tries are left (opened=false; at 0 the "
        "dossier is locked and the managers alerted). Also answers locker_opened and "
        "locker_failed reports.",
        locker,
    )  # fmt: skip
    add(
        topics.EVENT,
        "locker_opened",
        p.LockerOpened(
            id=f"{locker}:32", ts=_at(22, 5, 30), device=locker, seq=32,
            dossier="H29.241205-0002", slot=9, opened_at=_at(21, 50, 12),
        ),
        "The locker opened slot 9 on its own while the floor was unreachable; sent again when "
        "the orchestrator is back until answered (cmd/open, or already_collected: it counts "
        "once).",
        locker,
    )  # fmt: skip
    add(
        topics.EVENT,
        "locker_failed",
        p.LockerFailed(
            id=f"{locker}:33", ts=_at(22, 6, 2), device=locker, seq=33, dossier="H29.241205-0003",
        ),
        "A wrong code was typed at the locker while the floor was unreachable; sent again "
        "when the orchestrator is back until answered. It counts as a wrong try there "
        "(cmd/open with the tries left; at the last the dossier is locked and the managers "
        "alerted), so tries offline do not add to the tries online.",
        locker,
    )  # fmt: skip


def _speech_examples(add: Any, procedure: str, number: str) -> None:
    """Add one example per speech session message (a guide robot issuing a ticket)."""
    from devices import speech_messages as sm

    site, session = "voice-guide-1", "3f9c2a7b1e5d4c08"
    said = "Cho tôi lấy số làm giấy khai sinh"
    reply = f"Dạ, số của bạn là {number}, mời bạn đến quầy 5 hoặc 6."
    messages: list[tuple[str, dict[str, Any], str]] = [
        ("session_started", {"lang": "vi"}, "Speech was heard: a voice session begins."),
        (
            "text_captured",
            {
                "text": said.lower(),
                "confidence": 0.91,
                "seconds": 2.4,
                "mode": "grammar",
                "lang": "vi",
            },
            "What was recognised; the audio itself never leaves the device.",
        ),
        (
            "intent",
            {
                "intent": "take_ticket",
                "procedure": procedure,
                "lang": "vi",
                "text": said.lower(),
                "confidence": 0.91,
            },
            "The intent and slots; ask_staff and request_refreshment are for the console "
            "and the robots.",
        ),
        ("not_recognized", {"text": "", "confidence": 0.0}, "Nothing usable was heard."),
        ("say", {"text": reply, "lang": "vi"}, "The reply for the device's voice to speak."),
        ("say_finished", {"ref": f"{site}:5"}, "The device's own voice finished a reply."),
        ("session_ended", {"reason": "done"}, "The conversation is over."),
    ]
    for seq, (name, fields, note) in enumerate(messages, start=1):
        model = sm.SPEECH_MESSAGES[name]
        payload = model(
            id=f"{site}:{seq}",
            ts=_at(9, 2, seq),
            device=site,
            seq=seq,
            session=session,
            **fields,
        )
        add(topics.SPEECH, name, payload, note, site)


# --- JSON Schema and AsyncAPI ---------------------------------------------


def schemas(items: list[Example]) -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every payload model of the examples, by model name."""
    out: dict[str, dict[str, Any]] = {}
    for model in [ex.model for ex in items] + list(SIGNED_BODIES):
        if model.__name__ not in out:
            schema = model.model_json_schema()
            out[model.__name__] = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                **schema,
            }
    return out


def _summary(model: type[BaseModel]) -> str:
    return (model.__doc__ or model.__name__).strip().splitlines()[0]


def _example_json(ex: Example) -> Any:
    return json.loads(encode(ex.payload))


def asyncapi(center: str = CENTER_PLACEHOLDER) -> dict[str, Any]:
    """Return the AsyncAPI 3.0.0 document of the contract."""
    items = examples(center)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for spec in topics.ALL:
        mine = [ex for ex in items if ex.spec is spec]
        params: dict[str, Any] = {}
        for param in spec.params:
            if param == "center":
                params[param] = {"description": "The center id; one broker per center."}
                if center != CENTER_PLACEHOLDER:
                    params[param] |= {"enum": [center], "default": center}
            elif param == "device_id":
                params[param] = {
                    "description": "A registered device id ([a-z0-9][a-z0-9_-]{0,63}).",
                    "examples": sorted(
                        {
                            spec.match(ex.topic)["device_id"]  # type: ignore[index]
                            for ex in mine
                        }
                    ),
                }
            else:
                params[param] = {
                    "description": f"The {spec.name} name.",
                    "enum": [ex.name for ex in mine],
                }
        channels[spec.name] = {
            "address": spec.pattern,
            "title": spec.name.replace("_", " ").capitalize(),
            "description": f"{spec.summary} QoS {spec.qos}, "
            f"{'retained' if spec.retain else 'not retained'}.",
            "parameters": params,
            "messages": {ex.key: {"$ref": f"#/components/messages/{ex.key}"} for ex in mine},
        }
        action = "receive" if spec.direction == "device_to_floor" else "send"
        operations[f"{action}_{spec.name}"] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{spec.name}"},
            "summary": spec.summary,
            "messages": [{"$ref": f"#/channels/{spec.name}/messages/{ex.key}"} for ex in mine],
            "bindings": {
                "mqtt": {"qos": spec.qos, "retain": spec.retain, "bindingVersion": _MQTT_BINDING}
            },
        }
        for ex in mine:
            message: dict[str, Any] = {
                "name": ex.name,
                "title": f"{ex.name} ({ex.model.__name__})",
                "summary": _summary(ex.model),
                "description": ex.note,
                "contentType": "application/json",
                "payload": {"$ref": f"#/components/schemas/{ex.model.__name__}"},
                "examples": [{"name": ex.key, "summary": ex.topic, "payload": _example_json(ex)}],
            }
            if ex.kinds:
                message["x-device-kinds"] = list(ex.kinds)
            messages[ex.key] = message
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Floor orchestrator wire contract",
            "version": "1",
            "description": (
                "MQTT topics and JSON payloads between the floor orchestrator of a public "
                "administrative service center and its devices (kiosks, counter terminals, "
                "queue displays, rating terminals). Operations are seen from the "
                "orchestrator. See protocol.md."
            ),
        },
        "servers": {
            "center": {
                "host": "localhost:1883",
                "protocol": "mqtt",
                "protocolVersion": "3.1.1",
                "description": "The center's own broker (embedded by `floor run`, or external).",
            },
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": {name: {"$ref": f"schemas/{name}.json"} for name in schemas(items)},
            "messages": messages,
        },
    }


# --- protocol.md ------------------------------------------------------------


def render_protocol(center: str = CENTER_PLACEHOLDER) -> str:
    """Return the markdown protocol document (docs/protocol.md)."""
    items = examples(center)
    lines = [
        "# Floor wire contract, version 1",
        "",
        "<!-- Generated by `floor contract export`; edit devices/contract.py, not this file. -->",
        "",
        "Devices (kiosks, counter terminals, queue displays, rating terminals, result",
        "lockers) talk to the floor orchestrator of one center over MQTT, through the",
        "center's own broker.",
        "JSON Schemas of every payload and an AsyncAPI 3.0 document come with this file",
        "(`floor contract export DIR` writes `protocol.md`, `asyncapi.yaml` and `schemas/`).",
        "",
        "## Rules",
        "",
        "- Every payload is one JSON object in UTF-8 (not ASCII-escaped), at most "
        f"{MAX_PAYLOAD} bytes. Unknown fields are refused.",
        "- The envelope: `v` is the schema version (1), `id` the message id "
        "(1-64 characters of `A-Za-z0-9_.:-`), `ts` the time with its UTC offset "
        "(ISO 8601, e.g. `2025-07-14T08:05:12+07:00`).",
        "- A device's messages also carry `device` (its own id, equal to the topic's "
        "`{device_id}`) and `seq`, which grows by one per message so gaps are seen.",
        "- `status` and `orchestrator/status` double as MQTT last wills, so they carry no "
        "`id` or `ts`.",
        "- Everything travels with QoS 1, so a message may arrive twice: a message carried "
        "twice (same device, same `id`) takes effect once, and is answered as the first "
        "time, within the idempotency window (7 days by default; docs/durability.md).",
        "- Retained topics (`birth`, `status`, `state/{name}`, `orchestrator/status`) are "
        "replaced whole; a new subscriber gets the latest at once.",
        "- When `orchestrator/status` turns online, every device publishes its `birth` "
        "again (rebirth). The orchestrator keeps a persistent session.",
        "- A device writes only under its own `device/{device_id}/` topics. A refused "
        "message (not JSON, wrong schema, unknown device or event, another device's "
        "topic, a rejected request) is answered on `error/{device_id}` with a stable "
        "`code`; it never stops the orchestrator.",
        "- JSON is read strictly: nesting at most 16 deep, integers of at most 18 digits, "
        "no `NaN` or infinities, no lone surrogates (half of a UTF-16 pair), no key twice in one "
        'object. Types are strict: `seq` and `bd_seq` are whole numbers (not `"9"`, '
        "`true` or `1.0`), `ts` is an ISO 8601 string with its offset.",
        "- Refusal codes: `oversize`, `not_json`, `too_deep`, `out_of_range`, `not_object`, "
        "`schema`, `unknown_topic`, `unknown_device`, `unknown_event`, `not_allowed`, "
        "`wrong_device`, `wrong_kind`, `rate_limited`, `quarantined`, `internal_error`, and "
        "the floor's own (`unknown_procedure`, `queue_empty`, `not_serving`, "
        "`bad_dossier_code`, `no_dossier_system`, …). A repeat of a refused message gets "
        "the same refusal again; a sender that is no valid device id hears on "
        "`error/unknown`; an error report quotes at most 200 characters of the topic.",
        "- Each device has a rate limit (a token bucket per kind in the center file's "
        "`limits`; a kiosk 2 messages a second with bursts of 10). Past it, messages are "
        "refused with `rate_limited` (at most one report a second) and the managers are "
        "alerted. Nothing the orchestrator publishes is larger than 60,000 bytes.",
        "- The result locker (ATM hồ sơ): only a counter's `locker_deposit` carries a "
        "citizen's phone number; the floor texts the one-time code through its SMS port and "
        "keeps the number masked (`091*****78`) and the code hashed. A locker reads its own "
        "retained `roll` (hashed codes only), so it hands out announced dossiers while the "
        "floor is unreachable, and reports those opens (`locker_opened`) and the wrong "
        "codes typed meanwhile (`locker_failed`, each a try) when it is back.",
        "",
        "## Topics",
        "",
        "| Topic | Direction | QoS | Retain | Summary |",
        "|---|---|---|---|---|",
    ]
    for spec in topics.ALL:
        lines.append(
            f"| `{spec.pattern}` | {_ARROWS[spec.direction]} | {spec.qos} | "
            f"{'yes' if spec.retain else 'no'} | {spec.summary} |"
        )
    lines += ["", "## Messages", ""]
    for spec in topics.ALL:
        lines += [f"### {spec.name}", "", spec.summary, ""]
        for ex in (ex for ex in items if ex.spec is spec):
            if ex.name != spec.name:
                lines += [f"#### {ex.name}", ""]
            who = (
                "Sent by"
                if ex.incoming
                else "Read by"
                if spec.direction == "floor_to_all"
                else "Sent to"
            )
            lines += [
                f"- Topic: `{ex.topic}`",
                f"- Payload: `{ex.model.__name__}` (`schemas/{ex.model.__name__}.json`): "
                f"{_summary(ex.model)}",
            ]
            lines.append(
                f"- {who}: " + (_only(ex.kinds) if ex.kinds else _AUDIENCE[spec.direction])
            )
            lines.append(f"- QoS {spec.qos}, {'retained' if spec.retain else 'not retained'}")
            body = json.dumps(_example_json(ex), ensure_ascii=False, indent=2)
            lines += ["", ex.note, "", "```json", body, "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def export(out: Path, center: str = CENTER_PLACEHOLDER) -> list[Path]:
    """Write schemas/*.json, asyncapi.yaml and protocol.md into `out`; return the paths."""
    out = Path(out)
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, schema in schemas(examples(center)).items():
        path = out / "schemas" / f"{name}.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    path = out / "asyncapi.yaml"
    path.write_text(
        yaml.safe_dump(asyncapi(center), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    written.append(path)
    path = out / "protocol.md"
    path.write_text(render_protocol(center), encoding="utf-8")
    written.append(path)
    return written
