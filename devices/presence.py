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
    doubted: bool = False
    """Online before the floor lost the broker, and not heard from since."""


class Roster:
    """Availability of the registered devices.

    A status whose bd_seq is older than the device's last birth is a stale last
    will (of a session already replaced) and is ignored. When the floor loses the
    broker, a last will may be lost with it (a broker restart keeps nothing): every
    online device is then doubted until it shows itself again, by its retained status
    or a new birth, and one still doubted after a grace is marked offline.
    """

    def __init__(self, devices: list[DeviceSpec]) -> None:
        self.seen = {d.id: Seen(d) for d in devices}

    def update(self, presence: Presence, now: datetime) -> bool:
        """Take a birth or a status; return whether the device's availability changed."""
        seen = self.seen[presence.device.id]
        if seen.bd_seq is not None and presence.bd_seq < seen.bd_seq:
            return False
        seen.doubted = False
        changed = (seen.online, seen.bd_seq) != (presence.online, presence.bd_seq)
        if presence.capabilities is not None:
            seen.capabilities = list(presence.capabilities)
        if changed:
            if seen.online != presence.online:
                seen.since = now
                log.info("%s is %s", seen.spec.id, "online" if presence.online else "OFFLINE")
            seen.online, seen.bd_seq = presence.online, presence.bd_seq
        return changed

    def doubt(self) -> None:
        """The floor is connected again: doubt every device it believed online."""
        for seen in self.seen.values():
            seen.doubted = seen.online

    def expire(self, now: datetime) -> bool:
        """Mark offline every device still doubted; return whether any was."""
        gone = [s for s in self.seen.values() if s.doubted]
        for seen in gone:
            log.info("%s is OFFLINE (not heard from since the broker came back)", seen.spec.id)
            seen.online, seen.doubted, seen.since = False, False, now
        return bool(gone)

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
