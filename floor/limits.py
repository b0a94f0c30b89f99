"""Per-device rate limits: token buckets, so that no device can starve the others."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from floor.core.catalog import DeviceLimits, DeviceSpec, RateLimit

UNKNOWN = "unknown"
"""The one bucket all unregistered senders share."""


@dataclass(slots=True)
class TokenBucket:
    """`rate` tokens a second up to `burst`; a message takes one."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    @classmethod
    def full(cls, limit: RateLimit, now: float) -> TokenBucket:
        """Return a bucket that starts full."""
        return cls(limit.per_second, limit.burst, float(limit.burst), now)

    def take(self, now: float) -> bool:
        """Take one token if there is one; return whether there was."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


class DeviceLimiter:
    """One bucket per registered device (by its kind's limit) and one for the unknown."""

    def __init__(
        self,
        limits: DeviceLimits,
        devices: list[DeviceSpec],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        now = clock()
        self.buckets = {d.id: TokenBucket.full(limits.rate(d.kind), now) for d in devices}
        self.buckets[UNKNOWN] = TokenBucket.full(limits.unknown, now)
        self.refused: dict[str, int] = {}
        """Messages refused per device since the last `drain_refused`."""

    def allow(self, device: str | None) -> bool:
        """Return whether a message from `device` (None: unregistered) may be handled."""
        key = device if device in self.buckets else UNKNOWN
        if self.buckets[key].take(self.clock()):
            return True
        self.refused[key] = self.refused.get(key, 0) + 1
        return False

    def drain_refused(self) -> dict[str, int]:
        """Return and forget the refusals counted so far."""
        refused, self.refused = self.refused, {}
        return refused
