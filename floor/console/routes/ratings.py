"""Satisfaction today: per counter, per procedure, by hour, the latest ratings."""

from __future__ import annotations

from fastapi import APIRouter

from floor.console import snapshot
from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import RatingsPublic

router = APIRouter(prefix="/ratings", tags=["ratings"])


@router.get("")
async def ratings(console: ConsoleDep, _user: CurrentUser) -> RatingsPublic:
    """Return today's ratings (level 1 is the happiest)."""
    return snapshot.ratings(console.state, console.journal.ratings, recent=100)
