"""The city's history of summaries and events: SQLite by default, PostgreSQL by URL.

One writer thread takes what the view heard, in batches; a message already kept (the
same summary or event sent again after a link cut) is kept once. Reports read on a
connection of their own.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from devices import payloads as p

log = logging.getLogger(__name__)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS summaries (
        center TEXT NOT NULL, started_at TEXT NOT NULL, seq INTEGER NOT NULL,
        ts TEXT NOT NULL, day TEXT NOT NULL, waiting INTEGER NOT NULL,
        longest_wait_min INTEGER NOT NULL, served INTEGER NOT NULL, ratings INTEGER NOT NULL,
        satisfied_pct REAL, urgent_alerts INTEGER NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (center, started_at, seq))""",
    "CREATE INDEX IF NOT EXISTS summaries_day ON summaries (day, center)",
    """CREATE TABLE IF NOT EXISTS events (
        center TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL,
        hour INTEGER NOT NULL, procedure TEXT, wait_s REAL, level INTEGER, body TEXT NOT NULL,
        PRIMARY KEY (center, id))""",
    "CREATE INDEX IF NOT EXISTS events_day ON events (day, kind)",
)
_SUMMARY = (
    "INSERT INTO summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (center, started_at, seq) DO NOTHING"
)
_EVENT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (center, id) DO NOTHING"
BATCH = 1000
"""Messages written in one transaction at most."""
GATHER_S = 0.25
"""Seconds a transaction waits for more messages: a few commits a second, not one each."""


class _Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


class HistoryError(ValueError):
    """The history cannot be opened (bad path or URL, database away or refusing)."""


def is_postgres(url: str) -> bool:
    """Return whether `url` names a PostgreSQL database (else it is an SQLite file)."""
    return url.startswith(("postgresql://", "postgres://"))


class Store:
    """Summaries and events by center, in SQLite (a file path) or PostgreSQL (a URL)."""

    def __init__(self, url: str, zone: str = "Asia/Ho_Chi_Minh") -> None:
        self.url = url
        self.zone = ZoneInfo(zone)
        self.kept = 0
        """Messages written so far (the writer thread's count)."""
        self._inbox: queue.Queue[tuple[str, p.Message] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        with self.connect() as db:
            for statement in SCHEMA:
                db.execute(statement)
            db.commit()

    @contextmanager
    def connect(self) -> Iterator[_Connection]:
        """Open a connection for the calling thread (SQL written with `?`)."""
        db: _Connection
        if is_postgres(self.url):
            import psycopg

            try:
                db = _Postgres(psycopg.connect(self.url))
            except psycopg.Error as exc:
                raise HistoryError(f"cannot open the city history in PostgreSQL: {exc}") from None
        else:
            try:
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.url)
                db.execute("PRAGMA journal_mode=WAL")
            except (OSError, sqlite3.Error) as exc:
                raise HistoryError(f"cannot open the city history {self.url}: {exc}") from None
        try:
            yield db
        finally:
            db.close()

    def put(self, center: str, message: p.Message) -> None:
        """Keep a summary or an event (any thread; written soon by the writer)."""
        self._inbox.put((center, message))

    def start(self) -> None:
        """Start the writer thread."""
        self._thread = threading.Thread(target=self._write, name="city-store", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Write what is waiting, then end the writer."""
        if self._thread is not None:
            self._inbox.put(None)
            self._thread.join(10)

    def _write(self) -> None:
        with self.connect() as db:
            done = False
            while not done:
                batch = [self._inbox.get()]
                until = time.monotonic() + GATHER_S
                while len(batch) < BATCH and batch[-1] is not None:
                    try:
                        batch.append(self._inbox.get(timeout=max(0.0, until - time.monotonic())))
                    except queue.Empty:
                        break
                done = None in batch
                kept = [item for item in batch if item is not None]
                while True:
                    try:
                        self._insert(db, kept)
                        break
                    except Exception:  # the database is away: keep the batch, try again
                        log.exception("city history: writing %d messages failed", len(kept))
                        db.rollback()
                        time.sleep(1.0)
                self.kept += len(kept)

    def _insert(self, db: _Connection, batch: list[tuple[str, p.Message]]) -> None:
        summaries, events = [], []
        for center, m in batch:
            if isinstance(m, p.CenterSummary):
                summaries.append(self._summary_row(center, m))
            elif isinstance(m, p.CityEvent):
                events.append(self._event_row(center, m))
        if summaries:
            db.executemany(_SUMMARY, summaries)
        if events:
            db.executemany(_EVENT, events)
        db.commit()

    def _summary_row(self, center: str, s: p.CenterSummary) -> tuple[Any, ...]:
        day = s.day or s.ts.astimezone(self.zone).date()
        return (
            center,
            _utc(s.started_at),
            s.seq,
            _utc(s.ts),
            day.isoformat(),
            sum(f.waiting for f in s.fields),
            s.longest_wait_min,
            s.served,
            s.ratings,
            s.satisfied_pct,
            s.urgent_alerts,
            s.model_dump_json(),
        )

    def _event_row(self, center: str, e: p.CityEvent) -> tuple[Any, ...]:
        local = e.at.astimezone(self.zone)
        return (
            center,
            e.id,
            e.kind,
            local.date().isoformat(),
            local.hour,
            e.procedure,
            e.wait_s,
            e.level,
            e.model_dump_json(),
        )

    def query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """Return the rows of one read (on the caller's thread: call it off the loop)."""
        with self.connect() as db:
            rows: list[Any] = db.execute(sql, params).fetchall()
            return rows

    def summaries(self, center: str, day: date) -> list[p.CenterSummary]:
        """Return one center's summaries of a day, oldest first."""
        rows = self.query(
            "SELECT body FROM summaries WHERE center = ? AND day = ? ORDER BY ts",
            (center, day.isoformat()),
        )
        return [p.CenterSummary.model_validate_json(body) for (body,) in rows]


def _utc(at: datetime) -> str:
    """Return a time as text that sorts as time does (UTC, fixed width)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Postgres:
    """A psycopg connection that takes SQL written with `?` like sqlite3."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any:
        with self.db.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), params)

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        self.db.close()
