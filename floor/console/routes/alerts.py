"""Alerts: robots stuck or offline, devices offline, long waits, unhappy ratings, staff asked."""

from __future__ import annotations

from fastapi import APIRouter

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import AlertPublic

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.get("")
async def list_alerts(console: ConsoleDep, _user: CurrentUser) -> list[AlertPublic]:
    """Return what needs a manager, newest first."""
    return console.view().alerts
