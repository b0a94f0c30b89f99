"""Hostile devices: a seeded stream of messages the floor must refuse, one by one.

Every message this yields is invalid for the orchestrator (so each one must come
back as an error report, and none may change the floor), and the stream holds
the poison seen in the field: JSON nested a thousand deep, lone surrogates,
integers of thousands of digits, a 30,000-character device level, oversize
capability lists, wrong types that a lax parser would take, and a long tail of
mutations of valid messages.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from devices import topics
from floor.core.catalog import CenterConfig, DeviceSpec

_TZ = timezone(timedelta(hours=7))
EVENT_NAMES = (
    "ticket_request",
    "call_next",
    "rating",
    "staff_request",
    "call",
    "transfer",
    "dossier_query",
    "locker_deposit",
    "locker_open",
    "locker_opened",
    "locker_failed",
)


@dataclass(frozen=True, slots=True)
class Hostile:
    """One message to send: where, what, retained or not, and which kind of poison."""

    topic: str
    payload: bytes
    kind: str
    retain: bool = False


def poison(center: str, device: str) -> list[Hostile]:
    """Return the messages that stopped the floor for good before it refused them."""
    evt = topics.EVENT.topic(center=center, device_id=device, name="ticket_request")
    birth = topics.BIRTH.topic(center=center, device_id=device)
    status = topics.STATUS.topic(center=center, device_id=device)
    deep = ("[" * 1100 + "]" * 1100).encode()
    deep_object = ('{"a":' * 1100 + "1" + "}" * 1100).encode()
    huge = "9" * 4400
    surrogate = b'{"v":1,"id":"\\udfff","ts":"2026-11-30T08:00:00+07:00"}'
    long_level = topics.EVENT.pattern.format(
        center=center, device_id="k" * 30_000, name="ticket_request"
    )
    return [
        Hostile(evt, deep, "deep_array"),
        Hostile(birth, deep_object, "deep_object", retain=True),
        Hostile(evt, surrogate, "lone_surrogate"),
        Hostile(birth, surrogate, "lone_surrogate", retain=True),
        Hostile(evt, f'{{"v":1,"id":"x","seq":{huge}}}'.encode(), "huge_int"),
        Hostile(
            status,
            f'{{"v":1,"device":"{device}","online":true,"bd_seq":{huge}}}'.encode(),
            "huge_int",
            retain=True,
        ),
        Hostile(long_level, b'{"v":1,"id":"long-level"}', "long_topic"),
        Hostile(
            birth,
            _birth(device, capabilities=[f"cap-{i:035d}" for i in range(200)]),
            "oversize_capabilities",
            retain=True,
        ),
    ]


def stream(config: CenterConfig, seed: int, count: int) -> Iterator[Hostile]:
    """Yield `count` invalid messages for `config`'s center: the poison first, then mutations."""
    rng = random.Random(seed)
    center = config.center.id
    devices = config.devices
    sent = 0
    for device in devices[:2]:
        for message in poison(center, device.id):
            if sent == count:
                return
            yield message
            sent += 1
    makers = _MAKERS
    while sent < count:
        device = rng.choice(devices)
        yield rng.choice(makers)(rng, center, device)
        sent += 1


def _now() -> str:
    return datetime(2026, 11, 30, 8, 0, tzinfo=_TZ).isoformat()


def _valid(device: DeviceSpec, seq: int = 1) -> dict[str, object]:
    """Return a valid staff request from a kiosk, or a valid call_next from a counter."""
    return {"v": 1, "id": f"h{seq}", "ts": _now(), "device": device.id, "seq": seq}


def _birth(device: str, capabilities: list[str]) -> bytes:
    body = {
        "v": 1,
        "id": "b1",
        "ts": _now(),
        "device": device,
        "seq": 1,
        "kind": "kiosk",
        "bd_seq": 1,
        "capabilities": capabilities,
    }
    return json.dumps(body).encode()


def _evt(center: str, device: str, name: str) -> str:
    return topics.EVENT.pattern.format(center=center, device_id=device, name=name)


def _wrong_type(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    body = _valid(device, rng.randint(1, 10**6))
    field, value = rng.choice(
        [
            ("seq", True),
            ("seq", "9"),
            ("seq", -0.0),
            ("seq", 1.5),
            ("seq", -1),
            ("seq", 2**60),
            ("ts", 0),
            ("ts", 1.5),
            ("ts", "yesterday"),
            ("ts", None),
            ("ts", "2026-11-30T08:00:00"),
            ("v", 2),
            ("v", "1"),
            ("id", 7),
            ("id", ""),
            ("id", "x" * 65),
            ("id", "a b"),
            ("device", 1),
        ]
    )
    body[field] = value
    return Hostile(
        _evt(center, device.id, _own_event(device)), json.dumps(body).encode(), "wrong_type"
    )


def _own_event(device: DeviceSpec) -> str:
    return {
        "kiosk": "staff_request",
        "counter": "call_next",
        "rating": "rating",
        "speech": "staff_request",
        "display": "call_next",
        "locker": "locker_open",
    }[device.kind]


def _unknown_field(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    body = _valid(device) | {rng.choice(["extra", "admin", "__proto__", "ID"]): rng.random()}
    return Hostile(
        _evt(center, device.id, _own_event(device)), json.dumps(body).encode(), "unknown_field"
    )


def _missing_field(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    body = _valid(device)
    del body[rng.choice(["id", "ts", "device", "seq"])]
    return Hostile(
        _evt(center, device.id, _own_event(device)), json.dumps(body).encode(), "missing_field"
    )


def _not_json(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    payload = rng.choice(
        [
            b"",
            b"null",
            b"[]",
            b"42",
            b'"text"',
            b"{",
            b"{'a': 1}",
            b'{"v":NaN}',
            b'{"v":Infinity}',
            b'{"v":1e400}',
            b"\xff\xfe\x00",
            b'{"id":"\xc3"}',
            b'{"v":1,"v":1}',
            bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))),
        ]
    )
    return Hostile(_evt(center, device.id, rng.choice(EVENT_NAMES)), payload, "not_json")


def _oversize(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    body = _valid(device) | {"text": "a" * rng.randint(9000, 20000)}
    return Hostile(_evt(center, device.id, "staff_request"), json.dumps(body).encode(), "oversize")


def _unknown_device(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    name = rng.choice(["ghost", "kiosk-99", "x" * rng.randint(65, 3000), "Kiosk-1", "k.1"])
    body = _valid(device) | {"device": name}
    return Hostile(_evt(center, name, "staff_request"), json.dumps(body).encode(), "unknown_device")


def _wrong_claim(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    body = _valid(device) | {"device": "kiosk-2" if device.id != "kiosk-2" else "kiosk-1"}
    return Hostile(
        _evt(center, device.id, _own_event(device)), json.dumps(body).encode(), "wrong_claim"
    )


def _not_allowed(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    name = rng.choice(["not_an_event", "ticket", "call_next" if device.kind != "counter" else "x"])
    body = _valid(device)
    return Hostile(_evt(center, device.id, name), json.dumps(body).encode(), "not_allowed")


def _bad_birth(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    topic = topics.BIRTH.topic(center=center, device_id=device.id)
    choice = rng.randrange(3)
    if choice == 0:
        payload = _birth(device.id, [f"c{i}" for i in range(17, 17 + rng.randint(17, 300))])
    elif choice == 1:
        payload = _birth(device.id, ["x" * 41])
    else:
        body = json.loads(_birth(device.id, []))
        body["bd_seq"] = rng.choice([True, "3", -1, 10**19 - 1, 1.0])
        payload = json.dumps(body).encode()
    return Hostile(topic, payload, "bad_birth")


def _bad_status(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    topic = topics.STATUS.topic(center=center, device_id=device.id)
    body: dict[str, object] = {"v": 1, "device": device.id, "online": True, "bd_seq": 1}
    body[rng.choice(["bd_seq", "online", "device"])] = rng.choice(["1", None, 2**70, [], {}])
    return Hostile(topic, json.dumps(body).encode(), "bad_status")


def _nested(rng: random.Random, center: str, device: DeviceSpec) -> Hostile:
    depth = rng.randint(17, 3000)
    inner = "[" * depth + "]" * depth
    payload = f'{{"v":1,"id":"n","x":{inner}}}'.encode()
    return Hostile(_evt(center, device.id, _own_event(device)), payload[:8000], "deep")


_MAKERS: list[Callable[[random.Random, str, DeviceSpec], Hostile]] = [
    _wrong_type,
    _unknown_field,
    _missing_field,
    _not_json,
    _oversize,
    _unknown_device,
    _wrong_claim,
    _not_allowed,
    _bad_birth,
    _bad_status,
    _nested,
]
