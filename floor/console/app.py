"""The console: a FastAPI app on the orchestrator's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from floor.console import schemas as s
from floor.console import snapshot
from floor.console.auth import Busy, Gate, LoginLimiter, Passwords, Sessions
from floor.console.history import History
from floor.console.journal import Journal
from floor.console.live import Live, Sections
from floor.console.lockers import lockers_view
from floor.console.phone import PhoneDesk, PhoneKey
from floor.console.users import User, UserStore
from floor.core.commands import Command
from floor.core.errors import Rejected
from floor.core.events import Event
from floor.core.state import FloorState
from floor.service import Orchestrator

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
BODY_LIMIT = 64 * 1024
"""Bytes a request body may hold; a bigger one is refused (413) before it is read."""
ACCEPTS = 32
"""Connections accepted in one turn of the loop (the listen backlog)."""


class Console:
    """What the console's handlers share: the floor, accounts, sessions, live view."""

    def __init__(
        self,
        orchestrator: Orchestrator,
        users: UserStore,
        *,
        wait_alert_min: int = 20,
        secure_cookie: bool | None = None,
    ) -> None:
        self.floor = orchestrator
        self.users = users
        self.sessions = Sessions(
            users, users.path.with_name("sessions.json") if users.path is not None else None
        )
        self.limiter = LoginLimiter()
        self.passwords = Passwords(users)
        self.history = History(orchestrator.eventlog.path)
        self.journal = Journal()
        self.wait_alert_min = wait_alert_min
        self.secure_cookie = secure_cookie
        """None: Secure cookies when the request came over https."""
        self.live: Live | None = None
        key = PhoneKey.load(users.path.with_name("phone.key") if users.path else None)
        self.phone = PhoneDesk(orchestrator, key)

    @property
    def state(self) -> FloorState:
        """The live floor state (read it on the loop, never keep it)."""
        return self.floor.state

    def view(self) -> s.FloorPublic:
        """Return everything the page shows live."""
        state, now = self.state, self.floor.clock()
        tickets = snapshot.today(state)
        lines = snapshot.queues(state, now)
        links = snapshot.dossier_link(self.floor.dossiers)
        return s.FloorPublic(
            at=now,
            day=state.day.isoformat() if state.day else None,
            counters=snapshot.counters(state, tickets),
            queues=lines,
            devices=self.floor.roster.views(),
            robots=[snapshot.robot_view(state, r) for r in state.robots.robots.values()],
            tasks=snapshot.tasks(state),
            areas=snapshot.areas(state, tickets),
            calls=[
                s.CallPublic(
                    at=c.at, number=c.number, counter=c.counter, field=c.field, recall=c.recall
                )
                for c in reversed(self.journal.calls)
            ],
            alerts=snapshot.alerts(
                state, self.floor.roster, self.journal, lines, now, self.wait_alert_min, links
            ),
            ratings=snapshot.ratings(state, self.journal.ratings),
            lockers=lockers_view(state, now),
        )

    def _build(self) -> Sections:
        view = self.view().model_dump(mode="json")
        return {
            k: json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()
            for k, v in view.items()
        }

    def _on_events(self, events: list[Event]) -> None:
        self.journal.feed(self.state, events)
        self.phone.feed(events)
        if self.live:
            self.live.poke()

    async def act(self, user: User, command: Command) -> list[Event]:
        """Submit a floor command as this user; a refusal becomes HTTP 409."""
        try:
            return await self.floor.submit(command, source=f"console:{user.name}")
        except Rejected as exc:
            raise HTTPException(409, {"code": exc.code, "detail": exc.detail}) from None

    @contextlib.asynccontextmanager
    async def running(self, _app: FastAPI) -> AsyncIterator[None]:
        """Follow the floor while the app runs (the app's lifespan)."""
        self.journal.load(self.floor.eventlog, self.state)
        self.phone.load()
        self.live = Live(self._build, tick=2.0)
        self.floor.listeners.append(self._on_events)
        task = asyncio.create_task(self.live.run(), name="console-live")
        try:
            yield
        finally:
            self.floor.listeners.remove(self._on_events)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.passwords.close()
            await self.history.close()


_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
)


class Guard:
    """Refuse cross-site writes and set protective headers on every answer
    (plain ASGI: cheap on the floor's loop, even for hundreds of requests at once)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = request.get("origin")
            if origin is not None and urlsplit(origin).netloc != request.get("host", ""):
                refusal = JSONResponse({"detail": "cross-site request refused"}, status_code=403)
                await refusal(scope, receive, send)
                return
        extra = list(_HEADERS)
        if scope["path"].startswith("/api/"):
            extra.append((b"cache-control", b"no-store"))

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(name, value) for name, value in extra if name not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded)


class _Admission:
    """Let only a few requests into the app at once, the rest wait their turn, and
    beyond a queue answer 503 at once: a burst of hundreds of requests is served a
    few at a time, so the floor's own work is never queued behind all of them.
    Sign-ins (each waits for argon2) have a smaller gate of their own; live
    streams, idle most of the time, take no slot."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._requests = Gate(slots=8, queue=100)
        self._sign_ins = Gate(slots=2, queue=8)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/api/live", "/p/live"):
            await self.app(scope, receive, send)
            return
        gate = self._sign_ins if scope["path"] == "/api/auth/login" else self._requests
        try:
            async with gate.enter():
                await self.app(scope, receive, send)
        except Busy:
            await _busy()(scope, receive, send)


def _busy() -> JSONResponse:
    return JSONResponse({"detail": "busy, try again"}, 503, {"Retry-After": "1"})


def create_app(console: Console) -> FastAPI:
    """Return the console app: the page, its assets and the JSON API under /api."""
    from floor.console.routes import (
        alerts,
        auth,
        center,
        city,
        counters,
        devices,
        dossier,
        events,
        live,
        lockers,
        phone,
        queues,
        ratings,
        report,
        robots,
    )

    app = FastAPI(
        title="Floor console",
        summary="Live floor of a public administrative service center, and its actions.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=console.running,
        max_body_size=BODY_LIMIT,
    )
    app.state.console = console
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(Guard)
    app.add_middleware(_Admission)

    @app.exception_handler(Busy)
    async def busy(_request: Request, _exc: Busy) -> JSONResponse:
        return _busy()

    for module in (
        auth,
        center,
        counters,
        queues,
        devices,
        ratings,
        robots,
        alerts,
        events,
        report,
        live,
        lockers,
        city,
    ):
        app.include_router(module.router, prefix="/api")
    app.include_router(dossier.health_router, prefix="/api")
    app.include_router(dossier.router)  # public: the phone page's `/p/...`
    app.include_router(phone.router)  # public: the citizen's phone page

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/report", include_in_schema=False)
    async def report_page() -> FileResponse:
        return FileResponse(STATIC / "report.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def server(app: FastAPI, host: str, port: int) -> uvicorn.Server:
    """Return a uvicorn server for the app; run `await server.serve()` on the floor's loop."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
        proxy_headers=False,
        backlog=ACCEPTS,
    )
    return _Server(config, app.state.console)


class _Server(uvicorn.Server):
    """uvicorn's server, which ends the live streams (managers' and phones') first when
    it stops: they finish at once instead of being cancelled (with a traceback) after the
    grace period."""

    def __init__(self, config: uvicorn.Config, console: Console) -> None:
        super().__init__(config)
        self.console = console

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.console.phone.close()
        if self.console.live is not None:
            self.console.live.close()
        await super().shutdown(sockets)
