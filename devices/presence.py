"""Which devices are online: births, statuses and last wills, by birth/death sequence."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from devices import payloads as p
from floor.core.catalog import DeviceSpec

if TYPE_CHECKING:
    from devices.gateway import Presence

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Seen:
    """What the floor knows of one device's availability."""

    spec: DeviceSpec
    online: bool = False
    bd_seq: int | None = None
    since: datetime | None = None
    capabilities: list[str] = field(default_factory=list)


class Roster:
    """Availability of the registered devices.

    A status whose bd_seq is older than the device's last birth is a stale last
    will (of a session already replaced) and is ignored.
    """

    def __init__(self, devices: list[DeviceSpec]) -> None:
        self.seen = {d.id: Seen(d) for d in devices}

    def update(self, presence: Presence, now: datetime) -> bool:
        """Take a birth or a status; return whether the device's availability changed."""
        seen = self.seen[presence.device.id]
        if seen.bd_seq is not None and presence.bd_seq < seen.bd_seq:
            return False
        changed = (seen.online, seen.bd_seq) != (presence.online, presence.bd_seq)
        if presence.capabilities is not None:
            seen.capabilities = list(presence.capabilities)
        if changed:
            if seen.online != presence.online:
                seen.since = now
                log.info("%s is %s", seen.spec.id, "online" if presence.online else "OFFLINE")
            seen.online, seen.bd_seq = presence.online, presence.bd_seq
        return changed

    def views(self) -> list[p.DeviceView]:
        """Return every registered device's availability, in registry order."""
        return [
            p.DeviceView(
                id=s.spec.id,
                kind=s.spec.kind,
                counter=s.spec.counter,
                online=s.online,
                bd_seq=s.bd_seq,
                since=s.since,
                capabilities=s.capabilities,
            )
            for s in self.seen.values()
        ]
