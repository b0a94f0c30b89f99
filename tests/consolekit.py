"""The console served on a running orchestrator's own loop, as `floor run` serves it."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Future

import uvicorn

from floor.broker import free_port
from floor.console.app import Console, create_app, server
from floor.console.users import UserStore
from tests.conftest import RunningFloor

PASSWORDS = {"lan": "quan-ly-lan-2025", "minh": "quay-5-minh-2025", "hoa": "chi-xem-hoa-2025"}


def accounts() -> UserStore:
    """A manager (lan), a staff member of counter 5 (minh) and a viewer (hoa)."""
    users = UserStore()
    users.add("lan", PASSWORDS["lan"], "manager")
    users.add("minh", PASSWORDS["minh"], "staff", counter=5)
    users.add("hoa", PASSWORDS["hoa"], "viewer")
    return users


class RunningConsole:
    """A console on a RunningFloor's event loop, on a free loopback port."""

    def __init__(self, floor: RunningFloor, users: UserStore, **options: object) -> None:
        self.floor = floor
        self.users = users
        self.options = options
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.console: Console | None = None
        self._server: uvicorn.Server | None = None
        self._done: Future[None] | None = None

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop = self.floor._loop
        assert loop is not None
        return loop

    def start(self) -> RunningConsole:
        async def make() -> None:
            assert self.floor.orchestrator
            self.console = Console(self.floor.orchestrator, self.users, **self.options)  # type: ignore[arg-type]
            self._server = server(create_app(self.console), "127.0.0.1", self.port)

        asyncio.run_coroutine_threadsafe(make(), self._loop()).result(10)
        assert self._server is not None
        self._done = asyncio.run_coroutine_threadsafe(self._server.serve(), self._loop())
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline, "console did not start"
            assert not self._done.done(), self._done.exception()
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server and self._done and not self._done.done():
            self._server.should_exit = True
            self._done.result(10)
