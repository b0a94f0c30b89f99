"""The dossier desk: asks the city through the port, keeps the last answers, and knows
whether the city's system is up.

A question never waits longer than `deadline`: during an outage it gets the last known
status with its time, or says the system cannot answer now.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from floor.dossiers.port import CityUnreachable, DossierSource, DossierStatus, dossier_code

log = logging.getLogger(__name__)

Outcome = Literal["live", "cached", "unknown", "unavailable"]
"""The city answered now; it did not, and this is its last answer; it knows no such
dossier; it did not answer and there is no earlier answer."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to one question about a dossier."""

    code: str
    outcome: Outcome
    status: DossierStatus | None
    as_of: datetime | None
    """When the city said it (now for a live answer)."""

    def facts(self) -> dict[str, Any]:
        """Return the status's fields as the wire and the page show them (state, due,
        counter, locker), empty ones when the status is not known."""
        status = self.status
        if status is None:
            return {"state": None, "due": None, "counter": None, "locker": False}
        return {
            "state": status.state,
            "due": status.due,
            "counter": status.counter,
            "locker": status.locker,
        }


@dataclass(frozen=True, slots=True)
class Health:
    """The link to the city's dossier system: up or down since when, and the last error."""

    up: bool
    since: datetime | None
    """When it went up or down (None: never asked yet)."""
    error: str | None = None
    """The last failure, kept after it comes back."""


class DossierDesk:
    """Answer questions about dossiers from the city, or from what it said last."""

    def __init__(
        self,
        source: DossierSource,
        clock: Callable[[], datetime],
        deadline: float = 5.0,
        kept: int = 10_000,
        at_once: int = 4,
    ) -> None:
        self.source = source
        self.clock = clock
        self.deadline = deadline
        self.kept = kept
        self.health = Health(up=True, since=None)
        self._cache: OrderedDict[str, tuple[DossierStatus, datetime]] = OrderedDict()
        self._gate = asyncio.Semaphore(at_once)
        self._last: str | None = None
        """The last code asked, to ask again when watching a link that is down."""

    async def ask(self, text: str) -> Answer:
        """Return what is known of the dossier `text` names; raise BadCode for a string
        that is no dossier code (the city is not asked)."""
        code = dossier_code(text)
        self._last = code
        until = asyncio.get_running_loop().time() + self.deadline
        try:
            async with asyncio.timeout_at(until):
                await self._gate.acquire()
        except TimeoutError:  # busy with other questions: no verdict on the city
            return self._known(code)
        try:
            async with asyncio.timeout_at(until):
                status = await self.source.status(code)
        except (CityUnreachable, TimeoutError) as exc:
            self._went_down(str(exc) or "timed out")
            return self._known(code)
        finally:
            self._gate.release()
        now = self.clock()
        self._came_up(now)
        if status is None:
            self._cache.pop(code, None)
            return Answer(code, "unknown", None, now)
        self._cache[code] = (status, now)
        self._cache.move_to_end(code)
        while len(self._cache) > self.kept:
            self._cache.popitem(last=False)
        return Answer(code, "live", status, now)

    async def watch(self, every: float = 30.0) -> None:
        """While the link is down, ask the city again every `every` seconds, so the
        console sees it come back even when nobody asks about a dossier."""
        while True:
            await asyncio.sleep(every)
            if not self.health.up and self._last is not None:
                await self.ask(self._last)

    def _known(self, code: str) -> Answer:
        """Return the last answer the city gave about `code`, when it cannot answer now."""
        cached = self._cache.get(code)
        if cached is None:
            return Answer(code, "unavailable", None, None)
        return Answer(code, "cached", *cached)

    def _went_down(self, error: str) -> None:
        if self.health.up:
            log.warning("the city's dossier system does not answer: %s", error)
            self.health = Health(False, self.clock(), error)
        else:
            self.health = Health(False, self.health.since, error)

    def _came_up(self, now: datetime) -> None:
        if not self.health.up:
            log.info("the city's dossier system answers again")
        if not self.health.up or self.health.since is None:
            self.health = Health(True, now, self.health.error)
