"""Logs that cannot flood: a few lines per key a minute, the rest only counted."""

from __future__ import annotations

import time
from collections.abc import Callable

from floor.core.redact import redact

MAX_LOGGED_TEXT = 120
"""Topics and payload excerpts in a log line are cut to this many characters."""


def excerpt(text: str | bytes, limit: int = MAX_LOGGED_TEXT) -> str:
    """Return a short, printable excerpt of untrusted text for a log line, long numbers
    (a citizen's ID or phone number) hidden."""
    if isinstance(text, bytes):
        text = text[: limit * 4].decode("utf-8", "replace")
    cut = text[:limit]
    shown = redact("".join(ch if ch.isprintable() else "?" for ch in cut))
    return shown if len(text) <= limit else f"{shown}…(+{len(text) - limit})"


class LogLimiter:
    """Allow `per_window` lines per key in each `window` seconds; count the others."""

    def __init__(
        self,
        per_window: int = 5,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.per_window = per_window
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._seen: dict[str, tuple[float, int]] = {}
        self.suppressed = 0

    def allow(self, key: str) -> bool:
        """Return whether a line for `key` may be written now."""
        now = self.clock()
        start, count = self._seen.get(key, (now, 0))
        if now - start >= self.window:
            start, count = now, 0
        if count >= self.per_window:
            self.suppressed += 1
            return False
        if len(self._seen) >= self.max_keys and key not in self._seen:
            self._seen.clear()  # a flood of distinct keys: start over rather than grow
        self._seen[key] = (start, count + 1)
        return True

    def drain_suppressed(self) -> int:
        """Return and reset how many lines were held back."""
        held, self.suppressed = self.suppressed, 0
        return held
