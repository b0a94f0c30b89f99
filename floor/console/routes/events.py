"""The event log, filtered: what happened, when, and who asked for it (read off the loop)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import TypeAdapter

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import EventPublic
from floor.eventlog import EventLog

router = APIRouter(prefix="/events", tags=["events"])
_EVENTS = TypeAdapter(list[EventPublic])
SEQ_MAX = 2**63 - 1
"""The largest sequence number SQLite can hold."""


@router.get("", response_model=list[EventPublic])
async def list_events(
    console: ConsoleDep,
    _user: CurrentUser,
    kind: Annotated[list[str] | None, Query(description="event kinds, e.g. TicketCalled")] = None,
    day: Annotated[date | None, Query(description="local date")] = None,
    source: Annotated[str | None, Query(max_length=80, description="source prefix")] = None,
    before: Annotated[
        int | None, Query(ge=1, le=SEQ_MAX, description="older than this seq (paging)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """Return logged events, newest first; `source` "console:" gives managers' actions."""
    when = day.isoformat() if day else None
    kinds = sorted(set(kind)) if kind else None

    def work(log: EventLog) -> bytes:
        logged = log.query(kinds=kinds, day=when, source=source or None, before=before, limit=limit)
        return _EVENTS.dump_json(
            [
                EventPublic(
                    seq=x.seq,
                    at=datetime.fromisoformat(x.at),
                    kind=x.kind,
                    data=x.data,
                    command=x.command,
                    source=x.source,
                )
                for x in logged
            ]
        )

    key = ("events", tuple(kinds or ()), when, source, before, limit)
    return Response(await console.history.read(key, work), media_type="application/json")
