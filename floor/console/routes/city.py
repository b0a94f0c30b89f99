"""What the city sent this center: the catalog version it runs and holds, and notices."""

from __future__ import annotations

from fastapi import APIRouter

from devices.payloads import CityState
from floor.city.catalog import city_state
from floor.console.deps import ConsoleDep, CurrentUser

router = APIRouter(tags=["city"])


@router.get("/city")
async def city(console: ConsoleDep, _user: CurrentUser) -> CityState:
    """Return the city's catalog version the floor runs, the one it holds for the next day
    start, and the city's notices shown now."""
    return city_state(console.state, console.floor.clock())
