"""The console served on a running orchestrator's own loop, as `floor run` serves it."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import httpx
import uvicorn

from floor.broker import free_port
from floor.console.app import STATIC, Console, create_app, server
from floor.console.users import UserStore
from floor.core import commands as c
from floor.core import events as ev
from floor.core.events import Event
from floor.core.state import FloorState
from floor.eventlog import CommandRecord, EventLog
from tests.conftest import RunningFloor

T = TypeVar("T")
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

    def on_loop(self, read: Callable[[FloorState], T]) -> T:
        """Return `read(state)` computed on the floor's loop, which owns the state."""

        async def run() -> T:
            assert self.floor.orchestrator
            return read(self.floor.orchestrator.state)

        return asyncio.run_coroutine_threadsafe(run(), self._loop()).result(10)

    def stop(self) -> None:
        if self._server and self._done and not self._done.done():
            self._server.should_exit = True
            self._done.result(10)


def fill_history(db: Path, days: int, per_day: int, last: date) -> list[str]:
    """Append `days` closed days before `last` to the log (tickets issued, called,
    finished, rated); return those days, oldest first."""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    log = EventLog(db, sync="NORMAL")
    filled = []
    try:
        for back in range(days, 0, -1):
            day = last - timedelta(days=back)
            opening = datetime.combine(day, dt_time(7, 30), zone)
            batch: list[Event | CommandRecord] = []
            for n in range(1, per_day + 1):
                ticket, number = f"{day}/A{n:03d}", f"A{n:03d}"
                issued = opening + timedelta(seconds=40 * n)
                called = issued + timedelta(minutes=12)
                finished = called + timedelta(minutes=6, seconds=20 * (n % 3))
                counter = 1 + n % 3
                batch += [
                    ev.TicketIssued(
                        issued,
                        ticket,
                        number,
                        "chung_thuc",
                        "chung_thuc",
                        None,
                        "vi",
                        False,
                        f"r{n}",
                        "kiosk-1",
                    ),
                    ev.TicketCalled(called, ticket, counter, "next"),
                    ev.TicketFinished(finished, ticket, counter),
                    ev.RatingRecorded(finished, ticket, counter, 1 + n % 4, "rating-1", "x"),
                ]
            log.append(batch)
            filled.append(day.isoformat())
    finally:
        log.close()
    return filled


class Load:
    """Load on a console from a process of its own (so it takes nothing from the floor's
    process but the serving): `reports` (5 clients sharing the closed days, reading their
    report, its tickets as CSV and their events, one after another) or `logins` (3 bursts
    of 200 sign-ins at once, each from an address of its own).
    `counts` holds, once it is over, how the console answered by status code."""

    def __init__(self, url: str, kind: str, days: list[str]) -> None:
        self.args = [sys.executable, "-m", "tests.consolekit", url, kind, *days]
        self.counts: dict[str, int] = {}
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Load:
        self._process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout and self._process.stdout.readline() == "ready\n"
        return self

    def running(self, pace: float) -> bool:
        """Wait up to `pace` seconds for the load to end; return whether it still runs."""
        assert self._process
        try:
            self._process.wait(pace)
        except subprocess.TimeoutExpired:
            return True
        return False

    def __exit__(self, *_exc: object) -> None:
        assert self._process
        out, _ = self._process.communicate(timeout=120)
        assert self._process.returncode == 0
        self.counts = json.loads(out)


def call_delays(
    console: RunningConsole, days: list[str], kinds: tuple[str, ...], alone: int, most: int = 250
) -> tuple[list[float], dict[str, tuple[list[float], dict[str, int]]]]:
    """Time counter-1 `call_next` -> display-1's call over the broker, `alone` times
    with no load, then every 0.05 s while each `Load` kind runs (at most `most` calls).
    Needs chung_thuc tickets waiting (one per call: 1 + alone + most per kind) and
    counter 1 open; times in seconds, sorted."""
    floor = console.floor
    with floor.device("counter-1") as counter, floor.device("display-1") as display:
        called: set[str] = set()

        def call() -> float:
            counter.send("finish")
            started = time.perf_counter()
            counter.send("call_next")
            got = display.wait_for(
                lambda m: m.name == "call" and m.data["number"] not in called
            ).data
            assert got["counter"] == 1
            called.add(got["number"])
            return time.perf_counter() - started

        call()  # the first call warms up the path
        baseline = sorted(call() for _ in range(alone))
        under: dict[str, tuple[list[float], dict[str, int]]] = {}
        for kind in kinds:
            times = []
            with Load(console.url, kind, days) as load:
                while load.running(pace=0.05):
                    if len(times) < most:
                        times.append(call())
            under[kind] = (sorted(times), load.counts)
    return baseline, under


def stream_figures(console: RunningConsole, seconds: float) -> dict[str, float]:
    """Follow /api/live as a browser would for `seconds` while the floor is busy (a
    ticket issued, called or finished about every 0.7 s); return the updates, the bytes
    on the wire, and the bytes the whole view sent uncompressed on each update would be."""
    floor = console.floor
    stop = threading.Event()

    def traffic() -> None:
        steps = itertools.cycle(
            [c.IssueTicket("khai_sinh"), c.IssueTicket("chung_thuc"), c.CallNext(5), c.Finish(5)]
        )
        while not stop.wait(0.7):
            with contextlib.suppress(Exception):  # a refusal (nothing to finish) is traffic too
                floor.submit(next(steps), "bench")

    busy = threading.Thread(target=traffic, daemon=True)
    client = httpx.Client(base_url=console.url, timeout=30)
    right = {"username": "lan", "password": PASSWORDS["lan"]}
    assert client.post("/api/auth/login", json=right).status_code == 200
    wire = whole = updates = 0
    view: dict[str, object] = {}
    unzip = zlib.decompressobj(31)
    text = ""
    busy.start()
    started = time.monotonic()
    try:
        with client.stream("GET", "/api/live", headers={"Accept-Encoding": "gzip"}) as live:
            for chunk in live.iter_raw():
                wire += len(chunk)
                text += unzip.decompress(chunk).decode()
                *messages, text = text.split("\n\n")
                for message in messages:
                    fields = dict(
                        line.split(": ", 1) for line in message.splitlines() if ": " in line
                    )
                    if "data" not in fields:
                        continue
                    data = json.loads(fields["data"])
                    view = data if fields.get("event") == "floor" else {**view, **data}
                    whole += len(b"event: floor\ndata: \n\n") + len(
                        json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()
                    )
                    updates += 1
                if time.monotonic() - started > seconds:
                    break
    finally:
        stop.set()
        busy.join(5)
        client.close()
    minutes = (time.monotonic() - started) / 60
    return {
        "updates_per_min": updates / minutes,
        "wire_bytes_per_min": wire / minutes,
        "whole_view_bytes_per_min": whole / minutes,
        "view_bytes": len(json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()),
    }


def page_weight(url: str) -> tuple[int, int]:
    """Return the bytes of the console page and its assets: as sent gzipped, and raw."""
    paths = ["/", "/static/style.css", "/static/favicon.svg"]
    paths += [f"/static/{name}" for name in sorted(os.listdir(STATIC)) if name.endswith(".js")]
    sent = raw = 0
    with httpx.Client(base_url=url) as client:
        for path in paths:
            with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as answer:
                assert answer.status_code == 200, path
                sent += sum(len(chunk) for chunk in answer.iter_raw())
            raw += len(client.get(path, headers={"Accept-Encoding": "identity"}).content)
    return sent, raw


async def _load(url: str, kind: str, days: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    right = {"username": "lan", "password": PASSWORDS["lan"]}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        assert (await client.post("/api/auth/login", json=right)).status_code == 200

        async def reader(mine: list[str]) -> None:
            for day in mine:
                for path, params in (
                    ("/api/report", {}),
                    ("/api/report/csv", {"table": "tickets"}),
                    ("/api/events", {"limit": 1000}),
                ):
                    answer = await client.get(path, params={"day": day, **params})
                    counts[f"{path} {answer.status_code}"] += 1

        async def sign_in(address: str) -> None:
            elsewhere = httpx.AsyncHTTPTransport(local_address=address)
            async with httpx.AsyncClient(base_url=url, timeout=60, transport=elsewhere) as anon:
                answer = await anon.post("/api/auth/login", json=right)
                counts[f"login {answer.status_code}"] += 1

        async def sign_ins() -> None:
            for burst in range(3):
                await asyncio.gather(*(sign_in(f"127.0.{burst + 1}.{i + 1}") for i in range(200)))

        work = [reader(days[i::5]) for i in range(5)] if kind == "reports" else [sign_ins()]
        print("ready", flush=True)
        await asyncio.gather(*work)
    return dict(counts)


if __name__ == "__main__":
    url, kind, *days = sys.argv[1:]
    print(json.dumps(asyncio.run(_load(url, kind, days))), flush=True)
