"""Counters: status, serving, today's figures; open, pause, close, fields, calls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from floor.console import snapshot
from floor.console.deps import ConsoleDep, CounterActor, CounterNumber, CurrentUser
from floor.console.schemas import (
    CallPublic,
    CounterActionCreate,
    CounterFieldsUpdate,
    CounterPublic,
    CounterStatusUpdate,
    Refused,
)
from floor.core import commands as c

router = APIRouter(prefix="/counters", tags=["counters"])
REFUSALS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {"model": Refused}}


@router.get("")
async def list_counters(console: ConsoleDep, _user: CurrentUser) -> list[CounterPublic]:
    """Return every counter with today's served count, service time and ratings."""
    state = console.state
    return snapshot.counters(state, snapshot.today(state))


@router.get("/calls")
async def calls(console: ConsoleDep, _user: CurrentUser) -> list[CallPublic]:
    """Return today's latest calls, newest first (what the hall board shows)."""
    return console.view().calls


def _known(console: ConsoleDep, number: int) -> None:
    if number not in console.state.counters:
        raise HTTPException(404, f"no counter {number}")


@router.post("/{number}/status", responses=REFUSALS)
async def set_status(
    number: CounterNumber, body: CounterStatusUpdate, console: ConsoleDep, user: CounterActor
) -> CounterPublic:
    """Open, pause or close a counter (managers: any; staff: their own)."""
    _known(console, number)
    await console.act(user, c.SetCounterStatus(number, body.status, body.reason))
    return _one(console, number)


@router.put("/{number}/fields", responses=REFUSALS)
async def set_fields(
    number: CounterNumber, body: CounterFieldsUpdate, console: ConsoleDep, user: CounterActor
) -> CounterPublic:
    """Change the fields a counter serves (managers: any; staff: their own)."""
    _known(console, number)
    await console.act(user, c.SetCounterFields(number, tuple(body.fields)))
    return _one(console, number)


@router.post("/{number}/actions", responses=REFUSALS)
async def act(
    number: CounterNumber, body: CounterActionCreate, console: ConsoleDep, user: CounterActor
) -> CounterPublic:
    """Call next, recall, mark no-show, transfer (to `field`, keeping the number) or
    finish, as the counter terminal would."""
    _known(console, number)
    if body.action == "transfer" and not body.field:
        raise HTTPException(422, "a transfer needs the field to send the ticket to")
    commands: dict[str, c.Command] = {
        "call_next": c.CallNext(number),
        "recall": c.Recall(number),
        "no_show": c.NoShow(number),
        "finish": c.Finish(number),
        "transfer": c.Transfer(number, body.field or ""),
    }
    command = commands[body.action]
    await console.act(user, command)
    return _one(console, number)


def _one(console: ConsoleDep, number: int) -> CounterPublic:
    state = console.state
    return next(k for k in snapshot.counters(state, snapshot.today(state)) if k.number == number)
