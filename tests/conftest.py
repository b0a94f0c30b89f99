"""Fixtures: a real mosquitto, the embedded broker, and an orchestrator per test."""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from floor.broker import EmbeddedBroker, free_port
from floor.core.catalog import CenterConfig
from floor.core.commands import Command
from floor.core.events import Event
from floor.eventlog import EventLog
from floor.service import Orchestrator
from tests.floorkit import CATALOG, CENTER

T = TypeVar("T")


@pytest.fixture(scope="session")
def mosquitto() -> Iterator[Mosquitto]:
    """A real mosquitto for the whole session on a free loopback port."""
    with Mosquitto() as broker:
        yield broker


@pytest.fixture(scope="session")
def embedded() -> Iterator[EmbeddedBroker]:
    """The embedded broker `floor run` starts when given no broker URL."""
    with EmbeddedBroker(free_port()) as broker:
        yield broker


@pytest.fixture
def center() -> CenterConfig:
    """The demo center under a center id of its own, so retained state never leaks."""
    info = CENTER.center.model_copy(update={"id": f"t{uuid.uuid4().hex[:10]}"})
    return CENTER.model_copy(update={"center": info})


class RunningFloor:
    """An orchestrator on its own thread and event loop, as in `floor run`."""

    def __init__(
        self,
        url: str,
        config: CenterConfig,
        db: Path,
        credentials: tuple[str, str | None] | None = None,
        ha_discovery: bool = False,
    ) -> None:
        self.url = url
        self.credentials = credentials
        self.ha_discovery = ha_discovery
        self.config = config
        self.db = db
        self.orchestrator: Orchestrator | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def start(self) -> RunningFloor:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._main, args=(ready,), daemon=True)
        self._thread.start()
        assert ready.wait(15), "orchestrator did not connect"
        return self

    def _main(self, ready: threading.Event) -> None:
        async def body() -> None:
            self._loop = asyncio.get_running_loop()
            log = EventLog(self.db)
            self.orchestrator = Orchestrator(
                CATALOG,
                self.config,
                log,
                self.url,
                credentials=self.credentials,
                ha_discovery=self.ha_discovery,
            )
            connected = asyncio.Event()
            self._task = asyncio.create_task(self.orchestrator.run(connected))
            await connected.wait()
            ready.set()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            finally:
                log.close()

        try:
            asyncio.run(body())
        except BaseException as exc:  # reported by stop(), never swallowed
            self.failure = exc
            ready.set()

    def stop(self) -> None:
        """Stop the orchestrator (again is fine); raise what killed it, if anything."""
        if self._loop and self._task and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread:
            self._thread.join(10)
            assert not self._thread.is_alive(), "orchestrator did not stop"
        if self.failure:
            raise self.failure

    def submit(self, command: Command, source: str, key: str | None = None) -> list[Event]:
        """Submit a command as an in-process component would; return its events."""
        assert self._loop and self.orchestrator

        async def submit() -> list[Event]:
            assert self.orchestrator
            return await self.orchestrator.submit(command, source, key)

        return asyncio.run_coroutine_threadsafe(submit(), self._loop).result(10)

    def read(self, look: Callable[[Orchestrator], T]) -> T:
        """Return `look(orchestrator)` computed on the orchestrator's loop (its state's owner)."""
        assert self._loop and self.orchestrator
        orchestrator = self.orchestrator

        async def read() -> T:
            return look(orchestrator)

        return asyncio.run_coroutine_threadsafe(read(), self._loop).result(10)

    def device(self, device_id: str, **options: Any) -> DeviceClient:
        """Return a client speaking as a registered (or any) device; enter it to connect.

        With `as_device=True` it is born as the registered device of that id.
        """
        if options.pop("as_device", False):
            spec = self.config.device(device_id)
            assert spec is not None
            options["kind"] = spec.kind
        return DeviceClient(self.url, self.config.center.id, device_id, **options)


@pytest.fixture
def floor_on(tmp_path: Path, center: CenterConfig):  # type: ignore[no-untyped-def]
    """Start orchestrators on a broker URL; all are stopped after the test."""
    started: list[RunningFloor] = []

    def start(
        url: str,
        db: Path | None = None,
        credentials: tuple[str, str | None] | None = None,
        ha_discovery: bool = False,
    ) -> RunningFloor:
        db = db or tmp_path / "floor.db"
        running = RunningFloor(url, center, db, credentials, ha_discovery).start()
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture(autouse=True)
def _fail_on_logged_exception(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A swallowed exception that was logged with a traceback fails the test."""
    yield
    tracebacks = [
        r for r in caplog.get_records("call") if r.exc_info and r.levelno >= logging.ERROR
    ]
    assert not tracebacks, f"exception logged: {tracebacks[0].getMessage()}"
