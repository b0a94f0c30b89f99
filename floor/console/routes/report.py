"""The report for a day or a range of days (this week, this month): figures as JSON,
tables as CSV (the printable page uses the JSON).

Built on the history worker from each day's events (an indexed read), never on the loop.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from floor.console import report as r
from floor.console.deps import ConsoleDep, CurrentUser
from floor.eventlog import EventLog

router = APIRouter(prefix="/report", tags=["report"])
DayParam = Annotated[date | None, Query(description="local date (the first); today if absent")]
ToParam = Annotated[date | None, Query(description="last day of a range (at most 31 days)")]
MAX_DAYS = 31


async def _read(
    console: ConsoleDep, day: date | None, to: date | None, table: r.Table | None
) -> tuple[str, bytes]:
    """Return the name of the span and the report (JSON, or one table as CSV), read off
    the loop."""
    state = console.state
    today = state.day or console.floor.clock().date()
    first = day or today
    last = to or first
    if not 0 <= (last - first).days < MAX_DAYS:
        raise HTTPException(422, f"a range runs forward over at most {MAX_DAYS} days")
    span = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    center, levels = state.config.center.name, state.config.policy.rating_levels
    catalog = state.catalog
    names = {p.id: p.name.vi for p in catalog.procedures} | {
        f.id: f.name.vi for f in catalog.fields
    }

    def work(log: EventLog) -> bytes:
        logged = [x for when in span for x in log.query(day=when, limit=None, newest_first=False)]
        built = r.build(span[0], center, levels, logged, span[-1])
        if table is None:
            return built.model_dump_json().encode()
        return ("\ufeff" + r.to_csv(built, table, names)).encode()  # BOM: spreadsheets read UTF-8

    key = ("report", span[0], span[-1], table)
    body = await console.history.read(key, work, final=last < today)
    name = span[0] if len(span) == 1 else f"{span[0]}_{span[-1]}"
    return name, body


@router.get("", response_model=r.ReportPublic)
async def report(
    console: ConsoleDep, _user: CurrentUser, day: DayParam = None, to: ToParam = None
) -> Response:
    """Return the figures of a day or range: totals, days, counters, fields, procedures,
    hours of the working day, tickets."""
    _when, body = await _read(console, day, to, None)
    return Response(body, media_type="application/json")


@router.get("/csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def report_csv(
    console: ConsoleDep,
    _user: CurrentUser,
    day: DayParam = None,
    to: ToParam = None,
    table: r.Table = "tickets",
) -> Response:
    """Return one table of the report as a CSV file."""
    when, body = await _read(console, day, to, table)
    name = f"floor-{when}-{table}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
