"""The append-only event log: SQLite in WAL mode, one transaction per batch."""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from floor.core.events import Event, event_from_dict, event_to_dict

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    command TEXT
);
CREATE INDEX IF NOT EXISTS events_command ON events(command);
CREATE INDEX IF NOT EXISTS events_day ON events(substr(at, 1, 10));
CREATE TABLE IF NOT EXISTS commands (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS commands_received ON commands(received_at);
CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    data TEXT NOT NULL
);
"""
# Additive only: an existing database gains the new tables and indexes when opened.
# `snapshots.seq` is the last event folded into the snapshot.

SNAPSHOTS_KEPT = 2

Sync = Literal["FULL", "NORMAL"]

IDEMPOTENCY_WINDOW = timedelta(days=7)
"""How long a handled command's key is remembered: a copy arriving later counts as new."""


@dataclass(slots=True)
class CommandRecord:
    """One handled command: its key (source:message id), who sent it, outcome and events."""

    key: str
    source: str
    received_at: str
    outcome: str
    events: list[Event] = field(default_factory=list)


class EventLog:
    """Durable, append-only history of the floor; also remembers handled commands.

    With `sync="FULL"` (the default) a batch is fsynced before `append` returns,
    so what it caused may be published.
    """

    def __init__(self, path: Path, sync: Sync = "FULL") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={sync}")
        self._db.execute("PRAGMA wal_autocheckpoint=0")  # see checkpoint()
        self._db.executescript(_SCHEMA)
        self._checkpointer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.appended = 0
        self.head = self._max_seq()
        """The sequence number of the last event written (0 for an empty log)."""

    def close(self) -> None:
        """Close the database."""
        self.checkpoint()
        self._checkpointer.close()
        self._db.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database (PASSIVE: writers never wait).

        Call it off the hot path (a worker thread): SQLite's automatic checkpoint
        would run inside a commit and stall that batch for milliseconds.
        """
        self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def append(self, entries: list[CommandRecord | Event]) -> None:
        """Write, in one transaction and in order, handled commands with their events
        and events that no command caused (such as the start of a day)."""
        records = [e for e in entries if isinstance(e, CommandRecord)]
        rows: list[tuple[str, str, str, str | None]] = []
        for entry in entries:
            if isinstance(entry, CommandRecord):
                rows.extend(
                    (e.at.isoformat(), type(e).__name__, _dump(e), entry.key) for e in entry.events
                )
            else:
                rows.append((entry.at.isoformat(), type(entry).__name__, _dump(entry), None))
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO commands(key, source, received_at, outcome) VALUES (?, ?, ?, ?)",
                [(r.key, r.source, r.received_at, r.outcome) for r in records],
            )
            db.executemany("INSERT INTO events(at, kind, data, command) VALUES (?, ?, ?, ?)", rows)
            head = self._max_seq()
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self.head = head
        self.appended += 1

    def _max_seq(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])

    def recent_keys(self, now: datetime, window: timedelta) -> CommandKeys:
        """Return the keys of the commands handled within `window` before `now`.

        Received times are compared as the local ISO text the floor wrote them in.
        """
        since = (now - window).isoformat()
        rows = self._db.execute(
            "SELECT key, received_at FROM commands WHERE received_at >= ? ORDER BY received_at",
            (since,),
        )
        return CommandKeys(window, ((key, datetime.fromisoformat(at)) for key, at in rows))

    def handled(self, key: str) -> CommandRecord | None:
        """Return the record of a command already handled, with its events, or None."""
        row = self._db.execute(
            "SELECT key, source, received_at, outcome FROM commands WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        events = [
            event_from_dict(kind, json.loads(data))
            for kind, data in self._db.execute(
                "SELECT kind, data FROM events WHERE command = ? ORDER BY seq", (key,)
            )
        ]
        key, source, received_at, outcome = row
        return CommandRecord(key, source, received_at, outcome, events)

    def events(self, after: int = 0) -> Iterator[Event]:
        """Yield the events after sequence number `after` (all by default) in written order."""
        rows = self._db.execute(
            "SELECT kind, data FROM events WHERE seq > ? ORDER BY seq", (after,)
        )
        for kind, data in rows:
            yield event_from_dict(kind, json.loads(data))

    def save_snapshot(self, seq: int, data: dict[str, Any]) -> None:
        """Keep a snapshot of the state folded up to event `seq`; drop all but the latest few.

        Safe on a worker thread: it writes through a connection of its own.
        """
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO snapshots(seq, data) VALUES (?, ?)", (seq, text))
            db.execute(
                "DELETE FROM snapshots WHERE seq NOT IN "
                "(SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)",
                (SNAPSHOTS_KEPT,),
            )
            db.execute("COMMIT")

    def latest_snapshot(self) -> tuple[int, dict[str, Any]] | None:
        """Return the latest snapshot (the last event folded into it, its data), or None.

        Raise ValueError if it is not JSON.
        """
        row = self._db.execute(
            "SELECT seq, data FROM snapshots ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (int(row[0]), json.loads(row[1]))

    def outcomes(self) -> dict[str, str]:
        """Return the outcome ("ok" or a refusal code) of every handled command by key."""
        return dict(self._db.execute("SELECT key, outcome FROM commands"))

    def count(self, table: Literal["events", "commands"]) -> int:
        """Return how many rows a table holds."""
        return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # Read-only queries for the console (the log stays append-only).

    def query(
        self,
        *,
        kinds: list[str] | None = None,
        day: str | None = None,
        source: str | None = None,
        after: int | None = None,
        before: int | None = None,
        limit: int | None = 200,
        newest_first: bool = True,
    ) -> list[LoggedEvent]:
        """Return logged events with who caused them, filtered.

        `day` is a local date (YYYY-MM-DD), `source` a prefix of the command's source
        ("console:", "counter-5"), `after`/`before` bound the sequence number.
        """
        sql = (
            "SELECT e.seq, e.at, e.kind, e.data, e.command, c.source FROM events e "
            "LEFT JOIN commands c ON c.key = e.command"
        )
        where: list[str] = []
        args: list[object] = []
        if kinds:
            where.append(f"e.kind IN ({','.join('?' * len(kinds))})")
            args.extend(kinds)
        if day:
            where.append("substr(e.at, 1, 10) = ?")
            args.append(day)
        if source:
            where.append("substr(c.source, 1, ?) = ?")
            args.extend([len(source), source])
        if after is not None:
            where.append("e.seq > ?")
            args.append(after)
        if before is not None:
            where.append("e.seq < ?")
            args.append(before)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.seq DESC" if newest_first else " ORDER BY e.seq"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [
            LoggedEvent(seq, at, kind, json.loads(data), command, src)
            for seq, at, kind, data, command, src in self._db.execute(sql, args)
        ]

    def last_seq(self, kind: str) -> int | None:
        """Return the sequence number of the latest event of a kind, or None."""
        row = self._db.execute(
            "SELECT seq FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,)
        ).fetchone()  # scans back from the end: quick for a kind written every day
        return None if row is None else int(row[0])


class CommandKeys:
    """The keys of the commands handled within the idempotency window, in memory.

    A key older than the window is forgotten: the same command arriving again then
    counts as new.
    """

    def __init__(self, window: timedelta, keys: Iterable[tuple[str, datetime]] = ()) -> None:
        self.window = window
        self._keys: set[str] = set()
        self._order: deque[tuple[datetime, str]] = deque()
        for key, at in keys:
            self.add(key, at)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str, at: datetime) -> None:
        """Remember a key handled at `at`; forget those older than the window before it."""
        self._keys.add(key)
        self._order.append((at, key))
        cutoff = at - self.window
        while self._order[0][0] < cutoff:
            self._keys.discard(self._order.popleft()[1])


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An event as logged: its place in the log, its data, and the command behind it."""

    seq: int
    at: str
    kind: str
    data: dict[str, Any]
    command: str | None
    source: str | None


def _dump(event: Event) -> str:
    return json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"))
