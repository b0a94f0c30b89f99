"""Alerts: urgent first, then the oldest condition; acknowledged by a manager or staff."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from floor.console.deps import ActingUser, ConsoleDep, CurrentUser
from floor.console.schemas import AlertAck, AlertPublic
from floor.core import commands as c

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.get("")
async def list_alerts(console: ConsoleDep, _user: CurrentUser) -> list[AlertPublic]:
    """Return what needs attention: urgent, then warning, then info; oldest first within."""
    return console.view().alerts


@router.post("/ack", responses={403: {}, 404: {}})
async def acknowledge(body: AlertAck, console: ConsoleDep, user: ActingUser) -> AlertPublic:
    """Say who has seen an alert (logged as AlertAcknowledged with the user); an
    acknowledged incident is resolved, a condition stays until it clears."""
    alert = next((a for a in console.view().alerts if a.id == body.alert), None)
    if alert is None:
        raise HTTPException(404, f"no current alert {body.alert!r}")
    await console.act(user, c.AcknowledgeAlert(body.alert, user.name))
    by, at = console.journal.acks[body.alert]
    return alert.model_copy(update={"acked_by": by, "acked_at": at})
