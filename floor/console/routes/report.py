"""The daily report: figures as JSON, tables as CSV (the printable page uses the JSON).

Built on the history worker from the day's events (an indexed read), never on the loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from floor.console import report as r
from floor.console.deps import ConsoleDep, CurrentUser
from floor.eventlog import EventLog

router = APIRouter(prefix="/report", tags=["report"])
DayParam = Annotated[date | None, Query(description="local date; today if absent")]


async def _read(console: ConsoleDep, day: date | None, table: r.Table | None) -> tuple[str, bytes]:
    """Return the day and the report (JSON, or one table as CSV), read off the loop."""
    state = console.state
    today = state.day or console.floor.clock().date()
    when = (day or today).isoformat()
    center, levels = state.config.center.name, state.config.policy.rating_levels

    def work(log: EventLog) -> bytes:
        logged = log.query(day=when, limit=None, newest_first=False)
        built = r.build(when, center, levels, logged)
        if table is None:
            return built.model_dump_json().encode()
        return ("\ufeff" + r.to_csv(built, table)).encode()  # BOM: spreadsheets read UTF-8

    body = await console.history.read(("report", when, table), work, final=when < today.isoformat())
    return when, body


@router.get("", response_model=r.ReportPublic)
async def report(console: ConsoleDep, _user: CurrentUser, day: DayParam = None) -> Response:
    """Return the day's figures: totals, counters, fields, procedures, hours, tickets."""
    _when, body = await _read(console, day, None)
    return Response(body, media_type="application/json")


@router.get("/csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def report_csv(
    console: ConsoleDep, _user: CurrentUser, day: DayParam = None, table: r.Table = "tickets"
) -> Response:
    """Return one table of the day's report as a CSV file."""
    when, body = await _read(console, day, table)
    name = f"floor-{when}-{table}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
