"""Queues per field: waiting, longest wait, estimated wait."""

from __future__ import annotations

from fastapi import APIRouter

from devices.payloads import FieldQueue
from floor.console import snapshot
from floor.console.deps import ConsoleDep, CurrentUser

router = APIRouter(prefix="/queues", tags=["queues"])


@router.get("")
async def list_queues(console: ConsoleDep, _user: CurrentUser) -> list[FieldQueue]:
    """Return each field's line, as the retained `state/queues` topic shows it."""
    return snapshot.queues(console.state, console.floor.clock())
