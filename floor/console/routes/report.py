"""The daily report: figures as JSON, tables as CSV (the printable page uses the JSON)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from floor.console import report as r
from floor.console.deps import ConsoleDep, CurrentUser

router = APIRouter(prefix="/report", tags=["report"])
DayParam = Annotated[date | None, Query(description="local date; today if absent")]


def _build(console: ConsoleDep, day: date | None) -> r.ReportPublic:
    state = console.state
    when = (day or state.day or console.floor.clock().date()).isoformat()
    logged = console.floor.eventlog.query(day=when, limit=None, newest_first=False)
    return r.build(when, state.config.center.name, state.config.policy.rating_levels, logged)


@router.get("")
async def report(console: ConsoleDep, _user: CurrentUser, day: DayParam = None) -> r.ReportPublic:
    """Return the day's figures: totals, counters, fields, procedures, hours, tickets."""
    return _build(console, day)


@router.get("/csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def report_csv(
    console: ConsoleDep, _user: CurrentUser, day: DayParam = None, table: r.Table = "tickets"
) -> Response:
    """Return one table of the day's report as a CSV file."""
    built = _build(console, day)
    body = "\ufeff" + r.to_csv(built, table)  # BOM: spreadsheet apps then read UTF-8
    name = f"floor-{built.day}-{table}.csv"
    return Response(
        body.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
