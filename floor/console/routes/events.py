"""The event log, filtered: what happened, when, and who asked for it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import EventPublic

router = APIRouter(prefix="/events", tags=["events"])


@router.get("")
async def list_events(
    console: ConsoleDep,
    _user: CurrentUser,
    kind: Annotated[list[str] | None, Query(description="event kinds, e.g. TicketCalled")] = None,
    day: Annotated[date | None, Query(description="local date")] = None,
    source: Annotated[str | None, Query(max_length=80, description="source prefix")] = None,
    before: Annotated[int | None, Query(description="older than this seq (paging)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[EventPublic]:
    """Return logged events, newest first; `source` "console:" gives managers' actions."""
    logged = console.floor.eventlog.query(
        kinds=kind,
        day=day.isoformat() if day else None,
        source=source or None,
        before=before,
        limit=limit,
    )
    return [
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
