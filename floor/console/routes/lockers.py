"""The result lockers (ATM hồ sơ): their slots, and an officer placing or taking back a dossier."""

from __future__ import annotations

from fastapi import APIRouter

from devices.locker_wire import deposit_command
from floor.console.deps import ActingUser, ConsoleDep, CurrentUser
from floor.console.lockers import lockers_view
from floor.console.schemas import (
    LockerDepositCreate,
    LockerDepositPublic,
    LockerPublic,
    LockerWithdrawCreate,
    Refused,
)
from floor.core import lockers as k

router = APIRouter(prefix="/lockers", tags=["lockers"])
REFUSALS: dict[int | str, dict[str, object]] = {403: {}, 409: {"model": Refused}}


@router.get("")
async def list_lockers(console: ConsoleDep, _user: CurrentUser) -> list[LockerPublic]:
    """Return every result locker and its slots."""
    return lockers_view(console.state, console.floor.clock())


@router.post("/deposit", responses=REFUSALS)
async def deposit(
    body: LockerDepositCreate, console: ConsoleDep, user: ActingUser
) -> LockerDepositPublic:
    """Place a finished dossier in a slot; the citizen is texted a one-time code."""
    command = deposit_command(body.locker or "", body.slot, body.dossier, body.phone)
    events = await console.act(user, command)
    done = next(e for e in events if isinstance(e, k.DossierDeposited))
    return LockerDepositPublic(
        locker=done.locker,
        slot=done.slot,
        dossier=done.dossier,
        phone_masked=done.phone_masked,
        expires_at=done.expires_at,
    )


@router.post("/withdraw", responses=REFUSALS)
async def withdraw(body: LockerWithdrawCreate, console: ConsoleDep, user: ActingUser) -> None:
    """Take a dossier back out of its slot (locked, expired, or not wanted): the slot is free."""
    await console.act(user, k.WithdrawDossier(body.locker or "", body.slot))
