"""The console's view of the result lockers (ATM hồ sơ): each slot and its dossier."""

from __future__ import annotations

from datetime import datetime

from floor.console.schemas import LockerPublic, LockerSlotPublic
from floor.core.state import FloorState


def lockers_view(state: FloorState, now: datetime) -> list[LockerPublic]:
    """Return every locker with the state of each slot (no phone number, no code)."""
    board = state.lockers
    out = []
    for spec in state.config.lockers:
        slots = []
        for n in range(1, spec.slots + 1):
            status, dossier = board.slot_status(spec.id, n, now)
            deposit = board.deposits.get(dossier) if dossier else None
            slots.append(
                LockerSlotPublic(
                    slot=n,
                    status=status,
                    dossier=dossier,
                    since=deposit.deposited_at if deposit else None,
                    expires_at=deposit.expires_at if deposit else None,
                    tries_left=deposit.tries_left if deposit else None,
                )
            )
        out.append(LockerPublic(id=spec.id, x=spec.x, y=spec.y, slots=slots))
    return out
