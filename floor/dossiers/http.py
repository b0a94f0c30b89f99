"""The HTTP JSON adapter of the dossier port.

`GET {url}/dossiers/{code}` answers 200 with `{"code", "state", "due", "counter",
"locker"}` (`due` as YYYY-MM-DD), or 404 for a code the city does not know. The call runs
on a worker thread of the adapter's own (a hanging city never takes the threads the
event log's checkpoints use), each try bounded by `timeout`, so the floor's loop never
waits on it.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any
from urllib.parse import quote

from floor.dossiers.port import DOSSIER_STATES, CityUnreachable, DossierStatus

RETRY_PAUSE = 0.2
"""Seconds between two tries."""


class HttpDossiers:
    """The city's dossier system over HTTP JSON."""

    def __init__(self, url: str, timeout: float = 2.0, retries: int = 1, workers: int = 4) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"the dossier system's URL must be http(s)://…, not {url!r}")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="dossier-http")

    def longest(self) -> float:
        """Return the seconds a question takes at most, every try failing slowly."""
        return (self.retries + 1) * self.timeout + self.retries * RETRY_PAUSE + 0.5

    async def status(self, code: str) -> DossierStatus | None:
        """Return the dossier's status, None when unknown; raise CityUnreachable after
        `retries` more tries have failed."""
        failure = CityUnreachable("no try made")
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(RETRY_PAUSE)
            try:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._pool, self._get, code)
            except CityUnreachable as exc:
                failure = exc
        raise failure

    def _get(self, code: str) -> DossierStatus | None:
        request = urllib.request.Request(
            f"{self.url}/dossiers/{quote(code, safe='')}", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise CityUnreachable(f"HTTP {exc.code}") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timed out…
            raise CityUnreachable(_reason(exc)) from None
        return _status(body, code)


def _status(body: bytes, code: str) -> DossierStatus:
    """Return the status an answer holds; raise CityUnreachable if it holds none."""
    try:
        data: Any = json.loads(body)
        state = data["state"]
        if state not in DOSSIER_STATES or data.get("code", code) != code:
            raise ValueError(state)
        due = date.fromisoformat(data["due"]) if data.get("due") else None
        counter = data.get("counter")
        if counter is not None and (type(counter) is not int or not 1 <= counter <= 999):
            raise ValueError(counter)
        return DossierStatus(code, state, due, counter, data.get("locker") is True)
    except (ValueError, KeyError, TypeError):
        raise CityUnreachable("the answer is not a dossier status") from None


def _reason(exc: BaseException) -> str:
    """Return a short reason for a failed try."""
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "timed out"
    return str(reason)[:120] or type(reason).__name__
