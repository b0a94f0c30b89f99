"""Topic specs: every topic of the wire contract, built and matched in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["device_to_floor", "floor_to_device", "floor_to_all", "city_to_floor"]
_PARAM = re.compile(r"\{(\w+)\}")
_BAD_VALUE = re.compile(r"[+#/\x00]")


class TopicError(ValueError):
    """A topic that would be a wildcard or does not fit its spec."""


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic pattern with its QoS, retain flag and direction."""

    name: str
    pattern: str
    qos: int
    retain: bool
    direction: Direction
    summary: str

    @property
    def params(self) -> tuple[str, ...]:
        """Return the parameter names in the pattern, in order."""
        return tuple(_PARAM.findall(self.pattern))

    def topic(self, **values: str) -> str:
        """Return a concrete topic; wildcards and slashes in values are refused."""
        for key in self.params:
            value = values.get(key)
            if not value or _BAD_VALUE.search(value):
                raise TopicError(f"{self.name}: {key}={value!r} is not a concrete topic level")
        return self.pattern.format(**{k: values[k] for k in self.params})

    def filter(self, **values: str) -> str:
        """Return a subscription filter: given values fixed, the rest '+'."""
        return self.pattern.format(**{k: values.get(k, "+") for k in self.params})

    def match(self, topic: str) -> dict[str, str] | None:
        """Return the parameter values if `topic` fits this spec, else None."""
        levels = topic.split("/")
        parts = self.pattern.split("/")
        if len(levels) != len(parts):
            return None
        values: dict[str, str] = {}
        for part, level in zip(parts, levels, strict=True):
            param = _PARAM.fullmatch(part)
            if param:
                if not level:
                    return None
                values[param.group(1)] = level
            elif part != level:
                return None
        return values


_ROOT = "floor/v1/{center}"
_DEVICE = _ROOT + "/device/{device_id}"


def center_filter(center: str) -> str:
    """Return the filter of every topic of one center (for the orchestrator's account)."""
    return _ROOT.format(center=center) + "/#"


def city_inbound_filter(center: str) -> str:
    """Return the filter of what the city sends one center (catalog versions, notices)."""
    return _ROOT.format(center=center) + "/city/in/#"  # CITY_IN and any later name


BIRTH = TopicSpec(
    "birth",
    _DEVICE + "/birth",
    1,
    True,
    "device_to_floor",
    "A device announces itself, its kind and capabilities.",
)
STATUS = TopicSpec(
    "status",
    _DEVICE + "/status",
    1,
    True,
    "device_to_floor",
    "Online or offline; the device's last will sets it offline.",
)
EVENT = TopicSpec(
    "event",
    _DEVICE + "/evt/{name}",
    1,
    False,
    "device_to_floor",
    "Something a device reports or asks for.",
)
COMMAND = TopicSpec(
    "command",
    _DEVICE + "/cmd/{name}",
    1,
    False,
    "floor_to_device",
    "What the orchestrator tells one device.",
)
STATE = TopicSpec(
    "state",
    _ROOT + "/state/{name}",
    1,
    True,
    "floor_to_all",
    "Floor-wide state, retained, replaced whole on every change.",
)
ORCHESTRATOR_STATUS = TopicSpec(
    "orchestrator_status",
    _ROOT + "/orchestrator/status",
    1,
    True,
    "floor_to_all",
    "Whether the orchestrator is up; devices re-announce when it comes back.",
)
ERROR = TopicSpec(
    "error",
    _ROOT + "/error/{device_id}",
    1,
    False,
    "floor_to_device",
    "Why a device's message was refused.",
)

SPEECH = TopicSpec(
    "speech",
    "floor/v1/{center}/speech/{device_id}/{name}",
    1,
    False,
    "device_to_floor",
    "A speech satellite's voice session: text, intents and replies, never audio.",
)

CITY_SUMMARY = TopicSpec(
    "city_summary",
    _ROOT + "/city/summary",
    1,
    False,
    "floor_to_all",
    "Every minute, the center at a glance for the city (crosses the city bridge).",
)

CITY_EVENT = TopicSpec(
    "city_event",
    _ROOT + "/city/event",
    1,
    False,
    "floor_to_all",
    "A ticket issued or served, a rating, an alert, for the city (crosses the city bridge).",
)

CITY_IN = TopicSpec(
    "city_in",
    _ROOT + "/city/in/{item}",
    1,
    True,
    "city_to_floor",
    "What the city sends a center, signed: `catalog` (a version), `notice-{id}` (a notice).",
)

CITY_NOTICE_PREFIX = "notice-"
"""`city/in/notice-{id}`: one retained topic per notice, so several are kept at once."""

CITY_REPLY = TopicSpec(
    "city_reply",
    _ROOT + "/city/reply",
    1,
    False,
    "floor_to_all",
    "The floor's answer to what the city sent: applied, held to the day start, or refused.",
)

HA_DISCOVERY = TopicSpec(
    "ha_discovery",
    "homeassistant/{component}/{node_id}/{object_id}/config",
    1,
    True,
    "floor_to_all",
    "Home Assistant MQTT discovery (opt-in): queue lengths and device availability.",
)

LOCKER_ROLL = TopicSpec(
    "locker_roll",
    _DEVICE + "/roll",
    1,
    True,
    "floor_to_device",
    "To a result locker, retained: the hashed codes of the dossiers it may hand out, so it "
    "opens for them while the floor is unreachable.",
)

ALL: tuple[TopicSpec, ...] = (
    BIRTH,
    STATUS,
    EVENT,
    COMMAND,
    STATE,
    ORCHESTRATOR_STATUS,
    ERROR,
    SPEECH,
    CITY_SUMMARY,
    CITY_EVENT,
    HA_DISCOVERY,
    LOCKER_ROLL,
    CITY_IN,
    CITY_REPLY,
)
