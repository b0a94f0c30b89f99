"""Live updates: one task rebuilds the floor view after changes; browsers follow by SSE."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable


class Live:
    """Rebuild the view at most every `pause` seconds after a change (or each `tick`),
    and hand each new version to every listening browser. With no browser
    listening nothing is built: the floor's own work never waits for the view.

    `build` returns a fingerprint (what counts as a change) and the payload to send.
    """

    def __init__(
        self, build: Callable[[], tuple[bytes, bytes]], pause: float = 0.25, tick: float = 5.0
    ) -> None:
        self.build = build
        self.pause = pause
        self.tick = tick
        self.version = 0
        self.payload = b""
        self._fingerprint = b""
        self._dirty = asyncio.Event()
        self._next: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._closed = False
        self.listeners = 0

    def poke(self) -> None:
        """Say something changed (call on the loop)."""
        self._dirty.set()

    async def run(self) -> None:
        """Rebuild until cancelled."""
        try:
            while True:
                if self.listeners:
                    self._refresh()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._dirty.wait(), self.tick)
                self._dirty.clear()
                await asyncio.sleep(self.pause)
        finally:
            self._closed = True
            self._release()

    def _refresh(self) -> None:
        fingerprint, payload = self.build()
        if fingerprint != self._fingerprint:
            self._fingerprint, self.payload = fingerprint, payload
            self.version += 1
            self._release()

    def _release(self) -> None:
        done, self._next = self._next, asyncio.get_running_loop().create_future()
        done.set_result(None)

    async def stream(self, keepalive: float = 15.0) -> AsyncIterator[bytes]:
        """Yield server-sent events: the whole view now and after each change."""
        seen = 0
        yield b"retry: 2000\n\n"
        self.listeners += 1
        if self.listeners == 1:
            self._refresh()  # the view may be stale: nothing was built while nobody listened
        try:
            while not self._closed:
                if self.version != seen and self.payload:
                    seen = self.version
                    yield b"event: floor\ndata: " + self.payload + b"\n\n"
                    continue
                try:
                    await asyncio.wait_for(asyncio.shield(self._next), keepalive)
                except TimeoutError:
                    yield b": keepalive\n\n"
        finally:
            self.listeners -= 1
