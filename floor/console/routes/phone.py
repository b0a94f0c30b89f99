"""The phone page (`/p/`, public, no account): take a number, follow its place live,
ask the chat; and the QR that opens it, as SVG for printing.

One small page with its style and script inline (allowed by their hashes), its data
(the procedures and papers) in the page: one request on a slow link, then a stream.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from functools import cache
from typing import Annotated, Any

import segno
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from floor.console.app import STATIC, Console
from floor.console.deps import ConsoleDep
from floor.console.phone import COOKIE, COOKIE_TTL_S, PhoneRefused
from floor.core.catalog import Lang

router = APIRouter(prefix="/p", tags=["phone"])
NO_STORE = {"Cache-Control": "no-store"}


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: Lang = "vi"


class TicketCreate(_Body):
    """Take a number: the procedure, and a nonce so a retry gives the same ticket."""

    procedure: Annotated[str, Field(min_length=1, max_length=40)]
    nonce: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,40}$")]


class QuestionCreate(_Body):
    """A chat question, as typed."""

    text: Annotated[str, Field(min_length=1, max_length=500)]


def refused(exc: PhoneRefused) -> JSONResponse:
    """Answer a refused phone request: its status, code and polite text."""
    return JSONResponse(
        {"code": exc.code, "message": exc.message}, status_code=exc.status, headers=NO_STORE
    )


def phone_of(request: Request, console: Console, lang: Lang) -> str:
    """Return the phone id of the request's signed cookie; raise PhoneRefused without one."""
    phone = console.phone.key.phone(request.cookies.get(COOKIE))
    if phone is None:
        raise PhoneRefused(403, "reload", lang)
    return phone


@cache
def _page(console: Console) -> tuple[bytes, str]:
    """Return the page with its data, and the content security policy that allows it."""
    state = console.state
    data = {
        "center": state.config.center.name,
        "per_day": console.phone.per_day,
        "procedures": [
            {"id": p.id, "name": p.name.model_dump(), "papers": p.documents}
            for p in state.catalog.procedures
        ],
    }
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    html = (STATIC / "phone.html").read_text().replace("{{DATA}}", blob)

    def hashes(tag: str) -> str:
        found = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
        digests = (base64.b64encode(hashlib.sha256(s.encode()).digest()) for s in found)
        return " ".join(f"'sha256-{d.decode()}'" for d in digests)

    policy = (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )
    return html.encode(), policy


@router.get("/", include_in_schema=False)
async def page(request: Request, console: ConsoleDep) -> Response:
    """Return the page; a phone without a (valid) cookie gets one."""
    body, policy = _page(console)
    headers = {"Content-Security-Policy": policy, "Cache-Control": "no-cache"}
    response = Response(body, media_type="text/html; charset=utf-8", headers=headers)
    if console.phone.key.phone(request.cookies.get(COOKIE)) is None:
        _phone_id, value = console.phone.key.issue()
        secure = console.secure_cookie
        if secure is None:
            secure = request.url.scheme == "https"
        response.set_cookie(
            COOKIE,
            value,
            max_age=COOKIE_TTL_S,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/p",
        )
    return response


@router.get("/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
async def qr(request: Request) -> Response:
    """Return the QR of this page's address (as the asking browser reached it), to print
    at the door and on the robots."""
    out = io.BytesIO()
    segno.make(str(request.url_for("page")), error="m").save(out, kind="svg", scale=8, border=4)
    return Response(out.getvalue(), media_type="image/svg+xml")


@router.post("/ticket", responses={403: {}, 422: {}, 429: {}, 503: {}})
async def take(body: TicketCreate, request: Request, console: ConsoleDep) -> Response:
    """Take a number for this phone; return the phone's numbers and places."""
    try:
        phone = phone_of(request, console, body.lang)
        ticket = await console.phone.take(phone, body.procedure, body.lang, body.nonce)
    except PhoneRefused as exc:
        return refused(exc)
    view: dict[str, Any] = console.phone.place(phone) | {"taken": ticket.number}
    return JSONResponse(view, headers=NO_STORE)


@router.get("/place", responses={403: {}})
async def place(request: Request, console: ConsoleDep) -> Response:
    """Return this phone's numbers and places now (what /p/live sends on each change)."""
    try:
        phone = phone_of(request, console, "vi")
    except PhoneRefused as exc:
        return refused(exc)
    return JSONResponse(console.phone.place(phone), headers=NO_STORE)


@router.get(
    "/live",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def live(request: Request, console: ConsoleDep) -> Response:
    """Stream this phone's numbers and places (server-sent events): now, and after
    every change on the floor."""
    try:
        phone = phone_of(request, console, "vi")
        console.phone.may_follow(phone, "vi")
    except PhoneRefused as exc:
        return refused(exc)
    headers = NO_STORE | {"X-Accel-Buffering": "no"}
    return StreamingResponse(
        console.phone.follow(phone), media_type="text/event-stream", headers=headers
    )


@router.post("/chat", responses={403: {}, 429: {}})
async def chat(body: QuestionCreate, request: Request, console: ConsoleDep) -> Response:
    """Answer a question in the language it was asked, with the other two beside it;
    `unsure` when the floor offers a person instead."""
    try:
        phone = phone_of(request, console, body.lang)
        answer = await console.phone.ask(phone, body.text, body.lang)
    except PhoneRefused as exc:
        return refused(exc)
    return JSONResponse(answer, headers=NO_STORE)


@router.post("/staff", responses={403: {}, 422: {}, 429: {}})
async def staff(body: _Body, request: Request, console: ConsoleDep) -> Response:
    """Ask a staff member to come, with the questions the chat could not answer."""
    try:
        phone = phone_of(request, console, body.lang)
        said = await console.phone.call_staff(phone, body.lang)
    except PhoneRefused as exc:
        return refused(exc)
    return JSONResponse({"message": said}, headers=NO_STORE)
