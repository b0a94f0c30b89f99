"""Sign-in sessions and the limit on wrong passwords."""

from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass

from floor.console.users import User

COOKIE = "floor_session"


@dataclass(slots=True)
class Session:
    """One signed-in browser."""

    user: User
    expires: float


class Sessions:
    """Random session tokens held in memory (a restart signs everyone out)."""

    def __init__(self, ttl_s: float = 12 * 3600) -> None:
        self.ttl_s = ttl_s
        self._sessions: dict[str, Session] = {}

    def open(self, user: User) -> str:
        """Start a session; return its token."""
        self._sweep()
        token = secrets.token_urlsafe(32)
        self._sessions[token] = Session(user, time.monotonic() + self.ttl_s)
        return token

    def user(self, token: str | None) -> User | None:
        """Return the user of a live session, or None."""
        if not token:
            return None
        session = self._sessions.get(token)
        if session is None or session.expires < time.monotonic():
            self._sessions.pop(token, None)
            return None
        return session.user

    def close(self, token: str | None) -> None:
        """End a session."""
        if token:
            self._sessions.pop(token, None)

    def _sweep(self) -> None:
        now = time.monotonic()
        for token in [t for t, s in self._sessions.items() if s.expires < now]:
            del self._sessions[token]


class LoginLimiter:
    """Refuse sign-in for a while after too many wrong passwords, per name and per address."""

    def __init__(self, failures: int = 5, window_s: float = 300.0) -> None:
        self.failures = failures
        self.window_s = window_s
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, *keys: str) -> int:
        """Return seconds to wait before another try (0: go ahead)."""
        now = time.monotonic()
        wait = 0.0
        for key in keys:
            times = self._seen.get(key)
            if not times:
                continue
            while times and times[0] < now - self.window_s:
                times.popleft()
            if len(times) >= self.failures:
                wait = max(wait, times[0] + self.window_s - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        """Count a wrong password against each key."""
        now = time.monotonic()
        for key in keys:
            self._seen.setdefault(key, deque(maxlen=self.failures * 4)).append(now)

    def succeeded(self, name_key: str) -> None:
        """Forget the failures of a name after a right password."""
        self._seen.pop(name_key, None)
