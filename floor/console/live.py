"""Live updates: one task rebuilds the floor view after changes; browsers follow by SSE.

The view is built in sections (counters, queues, alerts, ...). A browser gets the whole
view first, then after each change only the sections that changed (`event: delta`), or
the whole view again if it missed a version. The stream is gzip-compressed (flushed
after each message) for browsers that accept it.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from collections.abc import AsyncIterator, Callable

Sections = dict[str, bytes]
"""Each top-level key of the view with its JSON."""


def _join(sections: Sections) -> bytes:
    return b"{" + b",".join(b'"%s":%s' % (k.encode(), v) for k, v in sections.items()) + b"}"


class Live:
    """Rebuild the view at most every `pause` seconds after a change (or each `tick`),
    and hand each new version to every listening browser. With no browser
    listening nothing is built: the floor's own work never waits for the view.

    `build` returns the view's sections; those in `volatile` (the time stamp) change
    every build and alone do not make a new version.
    """

    def __init__(
        self,
        build: Callable[[], Sections],
        pause: float = 0.25,
        tick: float = 5.0,
        volatile: frozenset[str] = frozenset({"at"}),
    ) -> None:
        self.build = build
        self.pause = pause
        self.tick = tick
        self.volatile = volatile
        self.version = 0
        self.payload = b""
        """The whole view of the current version."""
        self.delta = b""
        """What changed from the version before (its sections, and the volatile ones)."""
        self._sections: Sections = {}
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

    def close(self) -> None:
        """End every stream now (the server is stopping): each finishes cleanly."""
        self._closed = True
        self._release()

    def _refresh(self) -> None:
        sections = self.build()
        changed = {k: v for k, v in sections.items() if self._sections.get(k) != v}
        if changed.keys() - self.volatile:
            self.delta = _join(changed)
            self.payload = _join(sections)
            self._sections = sections
            self.version += 1
            self._release()

    def _release(self) -> None:
        done, self._next = self._next, asyncio.get_running_loop().create_future()
        done.set_result(None)

    async def stream(self, gzip: bool = False, keepalive: float = 15.0) -> AsyncIterator[bytes]:
        """Yield server-sent events: the whole view now, then what changes (gzip: each
        message compressed and flushed, one gzip stream for the connection)."""
        packer = zlib.compressobj(6, zlib.DEFLATED, 31) if gzip else None

        def pack(message: bytes) -> bytes:
            return packer.compress(message) + packer.flush(zlib.Z_SYNC_FLUSH) if packer else message

        seen = 0
        yield pack(b"retry: 2000\n\n")
        self.listeners += 1
        if self.listeners == 1:
            self._refresh()  # the view may be stale: nothing was built while nobody listened
        try:
            while not self._closed:
                if self.version != seen and self.payload:
                    if seen and self.version == seen + 1:
                        message = b"event: delta\ndata: " + self.delta + b"\n\n"
                    else:
                        message = b"event: floor\ndata: " + self.payload + b"\n\n"
                    seen = self.version
                    yield pack(message)
                    continue
                try:
                    await asyncio.wait_for(asyncio.shield(self._next), keepalive)
                except TimeoutError:
                    yield pack(b": keepalive\n\n")
        finally:
            self.listeners -= 1
