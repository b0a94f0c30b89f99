"""Dependencies of the console routes, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request

from floor.console.app import Console
from floor.console.auth import COOKIE
from floor.console.users import User


async def get_console(request: Request) -> Console:
    """Return the console the app serves."""
    console: Console = request.app.state.console
    return console


ConsoleDep = Annotated[Console, Depends(get_console)]


async def current_user(request: Request, console: ConsoleDep) -> User:
    """Return the signed-in user; 401 without a live session."""
    user = console.sessions.user(request.cookies.get(COOKIE))
    if user is None:
        raise HTTPException(401, "sign in first")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def acting_user(user: CurrentUser) -> User:
    """Return a user who may act (manager or staff); 403 for viewers and city accounts."""
    if user.role in ("viewer", "city"):
        raise HTTPException(403, "viewers may only look")
    return user


ActingUser = Annotated[User, Depends(acting_user)]


async def manager(user: CurrentUser) -> User:
    """Return a manager; 403 for anyone else."""
    if user.role != "manager":
        raise HTTPException(403, "managers only")
    return user


Manager = Annotated[User, Depends(manager)]


CounterNumber = Annotated[int, Path(ge=1, le=9999, description="counter number")]


async def own_counter(number: CounterNumber, user: ActingUser) -> User:
    """Return a user who may act on counter `number`; 403 otherwise."""
    if not user.may_act_on(number):
        raise HTTPException(403, f"counter {number} is not yours")
    return user


CounterActor = Annotated[User, Depends(own_counter)]
