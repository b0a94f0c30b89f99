"""Dossier status by receipt: public JSON for the phone page (`GET /p/dossier/{code}`),
and the city link's health for the console (`GET /api/dossier/health`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.phone import PhoneRefused
from floor.console.routes.phone import phone_of, refused
from floor.core.catalog import Lang
from floor.dossiers.port import BadCode
from floor.dossiers.texts import say

router = APIRouter(prefix="/p/dossier", tags=["dossier"])
health_router = APIRouter(prefix="/dossier", tags=["dossier"])


class DossierPublic(BaseModel):
    """What is known of a dossier, with its sentence in the asked language and all three."""

    model_config = ConfigDict(frozen=True)

    code: str
    outcome: Literal["live", "cached", "unknown", "unavailable"]
    state: Literal["processing", "ready", "returned"] | None
    due: date | None
    counter: int | None
    locker: bool
    as_of: datetime | None
    lang: Lang
    text: str
    texts: dict[Lang, str]


class LinkPublic(BaseModel):
    """The link to the city's dossier system: up or down since when, and the last error."""

    model_config = ConfigDict(frozen=True)

    linked: bool
    up: bool | None = None
    since: datetime | None = None
    error: str | None = None


@router.get("/{code}", response_model=DossierPublic, responses={403: {}, 429: {}, 503: {}})
async def dossier_status(
    code: Annotated[str, Path(max_length=64)],
    request: Request,
    console: ConsoleDep,
    response: Response,
    lang: Lang = "vi",
) -> DossierPublic | JSONResponse:
    """Return a dossier's status (no account: the receipt's code is the question, asked
    from the phone page, whose signed cookie carries the phone's rate limit); within the
    link's deadline, from the last known answer when the city does not answer."""
    try:
        console.phone.admit(phone_of(request, console, lang), lang)
    except PhoneRefused as exc:
        return refused(exc)
    desk = console.floor.dossiers
    if desk is None:
        detail = "this center is not linked to the city's dossier system; ask at a counter"
        raise HTTPException(503, {"code": "no_dossier_system", "detail": detail})
    try:
        found = await desk.ask(code)
    except BadCode as exc:
        raise HTTPException(422, {"code": "bad_dossier_code", "detail": str(exc)}) from None
    response.headers["cache-control"] = "no-store"
    return DossierPublic(
        code=found.code,
        outcome=found.outcome,
        **found.facts(),
        as_of=found.as_of,
        lang=lang,
        text=say(found, lang),
        texts={other: say(found, other) for other in ("vi", "en", "ko")},
    )


@health_router.get("/health")
async def link_health(console: ConsoleDep, _user: CurrentUser) -> LinkPublic:
    """Return whether the city's dossier system answers (down: also an alert)."""
    desk = console.floor.dossiers
    if desk is None:
        return LinkPublic(linked=False)
    health = desk.health
    return LinkPublic(linked=True, up=health.up, since=health.since, error=health.error)
