"""Sign-in sessions and the limit on wrong passwords."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from floor.console.users import User, UserStore

COOKIE = "floor_session"


class Sessions:
    """Sessions by random token, kept server-side: only a hash of each token, the user's
    name and the expiry, in a JSON file (mode 0600) when given one, so a restart signs
    nobody out. The account is looked up on each request: a changed role or a removed
    account applies at once."""

    def __init__(
        self, users: UserStore, path: Path | None = None, ttl_s: float = 12 * 3600
    ) -> None:
        self.users = users
        self.path = path
        self.ttl_s = ttl_s
        self._sessions: dict[str, tuple[str, float]] = {}
        """sha256 of the token -> (user name, expiry in epoch seconds)."""
        if path is not None and path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            self._sessions = {k: (name, float(until)) for k, (name, until) in raw.items()}

    def open(self, user: User) -> str:
        """Start a session; return its token."""
        token = secrets.token_urlsafe(32)
        now = time.time()
        self._sessions = {k: v for k, v in self._sessions.items() if v[1] > now}
        self._sessions[_digest(token)] = (user.name, now + self.ttl_s)
        self._save()
        return token

    def user(self, token: str | None) -> User | None:
        """Return the user of a live session, or None."""
        if not token:
            return None
        session = self._sessions.get(_digest(token))
        if session is None or session[1] < time.time():
            return None
        return self.users.get(session[0])

    def close(self, token: str | None) -> None:
        """End a session."""
        if token and self._sessions.pop(_digest(token), None):
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self._sessions, out)
        os.replace(tmp, self.path)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginLimiter:
    """Refuse sign-in for a while after too many wrong passwords.

    Counted per (name, address) and, more loosely, per address — never per name
    alone, so nobody can lock a user out from another address. An attempt counts
    from the moment it starts (parallel tries cannot slip through) and is forgotten
    if the password was right.
    """

    def __init__(self, failures: int = 5, per_address: int = 20, window_s: float = 300.0) -> None:
        self.failures = failures
        self.per_address = per_address
        self.window_s = window_s
        self._seen: dict[tuple[str, str], deque[float]] = {}

    def _keys(self, name: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return (name, address), ("", address)

    def _limit(self, key: tuple[str, str]) -> int:
        return self.failures if key[0] else self.per_address

    def retry_after(self, name: str, address: str) -> int:
        """Return seconds to wait before another try (0: go ahead)."""
        now = time.monotonic()
        wait = 0.0
        for key in self._keys(name, address):
            times = self._seen.get(key)
            if not times:
                continue
            while times and times[0] < now - self.window_s:
                times.popleft()
            if not times:
                del self._seen[key]
            elif len(times) >= self._limit(key):
                wait = max(wait, times[-self._limit(key)] + self.window_s - now)
        return int(wait) + 1 if wait > 0 else 0

    def attempt(self, name: str, address: str) -> float:
        """Count an attempt as failed until `succeeded`; return its mark."""
        now = time.monotonic()
        for key in self._keys(name, address):
            self._seen.setdefault(key, deque(maxlen=self._limit(key) * 4)).append(now)
        return now

    def succeeded(self, name: str, address: str, mark: float) -> None:
        """Forget an attempt with the right password, and the name's failures there."""
        self._seen.pop((name, address), None)
        times = self._seen.get(("", address))
        if times and mark in times:
            times.remove(mark)


class Busy(Exception):
    """The console is at its limit for this kind of work (sign-ins, history reads):
    answered 503 with Retry-After at once, nothing queued."""


def background(niceness: int) -> None:
    """Lower the calling thread's CPU priority (Linux: per thread), so the floor's loop
    wins the processor over it; elsewhere, leave it as it is."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


class Gate:
    """At most `slots` holders at once and `queue` more waiting their turn; anyone
    beyond is refused at once (Busy). Waiting costs the loop nothing."""

    def __init__(self, slots: int, queue: int) -> None:
        self._slots = asyncio.Semaphore(slots)
        self._room = slots + queue
        self._inside = 0

    @contextlib.asynccontextmanager
    async def enter(self) -> AsyncIterator[None]:
        """Hold a slot for the block (after waiting for one); raise Busy when full."""
        if self._inside >= self._room:
            raise Busy
        self._inside += 1
        try:
            async with self._slots:
                yield
        finally:
            self._inside -= 1


class Passwords:
    """Check passwords (argon2: CPU and memory heavy) on one thread of their own:
    the floor's loop and its default executor never wait for a password."""

    def __init__(self, users: UserStore) -> None:
        self.users = users
        self._pool = ThreadPoolExecutor(
            1, thread_name_prefix="console-argon2", initializer=background, initargs=(10,)
        )

    async def verify(self, name: str, password: str) -> User | None:
        """Return the user if the password is right, else None."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.users.verify, name, password)

    def close(self) -> None:
        """Stop the thread once its check is done (without waiting)."""
        self._pool.shutdown(wait=False)
