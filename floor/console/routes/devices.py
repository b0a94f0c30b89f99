"""Devices: which kiosks, displays, counter and rating terminals are online."""

from __future__ import annotations

from fastapi import APIRouter

from devices.payloads import DeviceView
from floor.console.deps import ConsoleDep, CurrentUser

router = APIRouter(prefix="/devices", tags=["devices"])


@router.get("")
async def list_devices(console: ConsoleDep, _user: CurrentUser) -> list[DeviceView]:
    """Return every registered device's availability, as `state/devices` shows it."""
    return console.floor.roster.views()
