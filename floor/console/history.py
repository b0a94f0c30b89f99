"""Reads of the event log for the console, on a worker thread of their own.

The report and the event-log pages may read a lot of history; they never do it on
the floor's event loop. One worker thread holds a read-only connection; identical
requests in flight share one read; reports of closed days are kept (they no longer
change); beyond a few queued reads the console answers "busy" at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from floor.console.auth import Busy, background
from floor.eventlog import EventLog

T = TypeVar("T")


class ReadOnlyLog(EventLog):
    """The event log's queries on a read-only connection of their own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    def close(self) -> None:
        """Close the connection (nothing to checkpoint: it never writes)."""
        self._db.close()


class History:
    """Run reads of the log on one worker thread; keep answers for closed days."""

    def __init__(self, path: Path, queued: int = 8, kept: int = 64) -> None:
        self.path = path
        self.queued = queued
        self.kept = kept
        self._pool = ThreadPoolExecutor(
            1, thread_name_prefix="console-history", initializer=background, initargs=(5,)
        )
        self._log: ReadOnlyLog | None = None
        self._inflight: dict[Hashable, asyncio.Future[bytes]] = {}
        self._closed_days: OrderedDict[Hashable, bytes] = OrderedDict()

    async def read(
        self, key: Hashable, work: Callable[[EventLog], bytes], final: bool = False
    ) -> bytes:
        """Return `work(log)` run on the worker; reads of the same key share one run.

        `final`: the answer can never change (a closed day): keep it. Raise Busy
        when too many different reads are already waiting.
        """
        if key in self._closed_days:
            self._closed_days.move_to_end(key)
            return self._closed_days[key]
        pending = self._inflight.get(key)
        if pending is None:
            if len(self._inflight) >= self.queued:
                raise Busy
            loop = asyncio.get_running_loop()
            pending = asyncio.ensure_future(loop.run_in_executor(self._pool, self._run, work))
            self._inflight[key] = pending
            pending.add_done_callback(lambda _f: self._inflight.pop(key, None))
        answer = await asyncio.shield(pending)
        if final:
            self._closed_days[key] = answer
            while len(self._closed_days) > self.kept:
                self._closed_days.popitem(last=False)
        return answer

    def _run(self, work: Callable[[EventLog], bytes]) -> bytes:
        if self._log is None:
            self._log = ReadOnlyLog(self.path)
        return work(self._log)

    async def close(self) -> None:
        """Close the worker's connection (after the reads under way) and stop it."""
        await asyncio.get_running_loop().run_in_executor(self._pool, self._close_log)
        self._pool.shutdown()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
