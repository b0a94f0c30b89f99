"""The city view's web app: built like the console, on the same accounts and sign-in,
for users with the `city` role."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from devices import payloads as p
from devices.bus import BrokerAddress
from devices.codec import BadPayload
from floor.city.view.board import FILTERS, Board, CenterFloor, CenterRow, Heard, parse
from floor.city.view.link import ClusterLink
from floor.city.view.report import CityReport, daily
from floor.city.view.store import Store
from floor.console import app as console_app
from floor.console.auth import LoginLimiter, Passwords, Sessions
from floor.console.deps import CurrentUser
from floor.console.live import Live, Sections
from floor.console.users import User, UserStore

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


class CityView:
    """What the view's handlers share: accounts and sessions (as the console's), the
    board, the history and the link to the cluster."""

    def __init__(
        self,
        users: UserStore,
        store: Store,
        cluster: list[str],
        *,
        client_id: str = "floor-city-view",
        target_min: int = 20,
        stale_s: float = 180.0,
        secure_cookie: bool | None = None,
    ) -> None:
        self.users = users
        self.sessions = Sessions(
            users, users.path.with_name("city-sessions.json") if users.path is not None else None
        )
        self.limiter = LoginLimiter()
        self.passwords = Passwords(users)
        self.secure_cookie = secure_cookie
        self.board = Board(target_min, stale_s)
        self.store = store
        self.zone = store.zone
        self.link = ClusterLink(cluster, client_id, FILTERS, self._heard)
        self.refused = 0
        """Messages that broke the contract (counted on the link's thread)."""
        self.live: Live | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._heard_lock = threading.Lock()
        self._pending: list[tuple[str, Heard]] = []
        """Heard on the link's thread, not yet on the board: handed over in batches."""

    def now(self) -> datetime:
        """Return the time now in the city's zone."""
        return datetime.now(self.zone)

    def _heard(self, topic: str, payload: bytes) -> None:
        """Decode a message on the link's thread, hand it to the loop and the history."""
        try:
            found = parse(topic, payload)
        except BadPayload as exc:
            self.refused += 1
            log.warning("city view: refused a message on %s: %s", topic, exc)
            return
        if found is None or self._loop is None:
            return
        center, message = found
        if isinstance(message, p.CenterSummary | p.CityEvent):
            self.store.put(center, message)
        if isinstance(message, p.CityEvent):  # events are the history's only
            return
        with self._heard_lock:
            self._pending.append((center, message))
            if len(self._pending) > 1:  # the loop has been called already
                return
        self._loop.call_soon_threadsafe(self._take)

    def _take(self) -> None:
        """Put what was heard on the board (on the loop)."""
        with self._heard_lock:
            taken, self._pending = self._pending, []
        now = self.now()
        for center, message in taken:
            self.board.take(center, message, now)
        if self.live:
            self.live.poke()

    def _build(self) -> Sections:
        """Return the live view: `at`, `node` and one `center:{id}` section per center,
        so a change sends the lines that changed only."""
        now = self.now()
        sections = {
            "at": json.dumps(now.isoformat()).encode(),
            "node": json.dumps(_node(self.link.node)).encode(),
        }
        for center, line in self.board.lines(now).items():
            sections[f"center:{center}"] = line
        return sections

    @contextlib.asynccontextmanager
    async def running(self, _app: FastAPI) -> AsyncIterator[None]:
        """Follow the cluster while the app runs (the app's lifespan)."""
        self._loop = asyncio.get_running_loop()
        self.live = Live(self._build, pause=0.5, tick=5.0, volatile=frozenset({"at"}))
        task = asyncio.create_task(self.live.run(), name="city-live")
        self.store.start()
        self.link.start()
        try:
            yield
        finally:
            await asyncio.to_thread(self.link.stop)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await asyncio.to_thread(self.store.stop)
            self.passwords.close()


def _node(node: BrokerAddress | None) -> str | None:
    return f"{node.host}:{node.port}" if node else None


class CityNow(BaseModel):
    """Every center now, and the node the view is connected to."""

    at: datetime
    node: str | None
    refused: int
    """Messages refused since the view started (they broke the contract)."""
    centers: list[CenterRow]


async def get_view(request: Request) -> CityView:
    """Return the city view the app serves."""
    view: CityView = request.app.state.console
    return view


ViewDep = Annotated[CityView, Depends(get_view)]


async def city_user(user: CurrentUser) -> User:
    """Return a user with the city role; 403 for anyone else (a center's manager too)."""
    if user.role != "city":
        raise HTTPException(403, "the city view is for the city role")
    return user


CityUser = Annotated[User, Depends(city_user)]


def create_app(view: CityView) -> FastAPI:
    """Return the city view app: the page, its assets and the JSON API under /api."""
    from floor.console.routes import auth

    app = FastAPI(
        title="City view",
        summary="Every public administrative service center of a city, live, and its days.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=view.running,
        max_body_size=console_app.BODY_LIMIT,
    )
    app.state.console = view  # the console's sign-in routes work on it unchanged
    app.add_middleware(console_app.Guard)  # its headers, and cross-site writes refused
    app.include_router(auth.router, prefix="/api")

    @app.get("/api/centers")
    async def centers(view: ViewDep, _user: CityUser) -> CityNow:
        """Return every center's line now."""
        now = view.now()
        node = _node(view.link.node)
        return CityNow(at=now, node=node, refused=view.refused, centers=view.board.rows(now))

    @app.get("/api/centers/{center}", responses={404: {}})
    async def center(center: str, view: ViewDep, _user: CityUser) -> CenterFloor:
        """Return one center's read-only floor, as its retained state crossed the bridge."""
        found = view.board.floor(center, view.now())
        if found is None:
            raise HTTPException(404, f"no center {center!r} heard of")
        return found

    @app.get("/api/report", responses={422: {}})
    async def report(view: ViewDep, _user: CityUser, day: date | None = None) -> CityReport:
        """Return the city's report of a day (today if not given)."""
        return await asyncio.to_thread(daily, view.store, day or view.now().date())

    @app.get(
        "/api/live",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    async def live(view: ViewDep, _user: CityUser) -> StreamingResponse:
        """Stream `event: floor` first and when a version was missed: `at`, `node` and a
        `center:{id}` key per center with its CenterRow; else `event: delta`: the keys
        that changed (to merge)."""
        if view.live is None:
            raise HTTPException(503, "the city view is starting")
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(
            view.live.stream(), media_type="text/event-stream", headers=headers
        )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "city.html")

    app.mount("/city", StaticFiles(directory=STATIC), name="city")
    app.mount("/static", StaticFiles(directory=console_app.STATIC), name="static")
    return app


async def serve(view: CityView, host: str, port: int) -> None:
    """Run the city view until cancelled."""
    await console_app.server(create_app(view), host, port).serve()
