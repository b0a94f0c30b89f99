"""`floor demo`: the scenario's day played through real MQTT devices at a speed factor.

Every registered device is its own MQTT client, born and online like a real one.
Citizens (the same draws as `floor sim day` for the seed) take numbers at the
kiosks; each counter's officer, when the staffing plan has them at work and a number
waits for their fields, presses "call next", reads the number on the counter's
display, waits for the citizen (or recalls and marks a no-show), serves them for
their service time and finishes; the citizen presses the rating terminal. Day after
day, until the numbers of the day run out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import queue
import random
from collections.abc import Callable

from devices.client import DeviceClient, Received
from floor.config import ConfigError
from floor.core.catalog import Catalog, CenterConfig
from sim.day.citizens import Citizen, Schedule, Visitors, present_when_called, rating_level
from sim.day.scenario import Scenario

log = logging.getLogger("sim.live")
POLL_S = 0.02
ANSWER_S = 3.0


class LiveDay:
    """Play the scenario's days over MQTT; `speed` virtual seconds per wall second."""

    def __init__(
        self,
        catalog: Catalog,
        config: CenterConfig,
        scenario: Scenario,
        url: str,
        speed: float = 60.0,
        seed: int = 1,
    ) -> None:
        if not any(d.kind == "kiosk" for d in config.devices):
            raise ConfigError("center file: the demo day needs a kiosk device to hand out numbers")
        self.config = config
        self.scenario = scenario
        self.url = url
        self.speed = speed
        self.seed = seed
        self.visitors = Visitors(catalog, scenario)
        self.schedule = Schedule(scenario, config)
        self.clients: dict[str, DeviceClient] = {}
        self.rng = random.Random(f"{seed}:live:ratings")
        self.waiting: dict[str, list[Citizen]] = {}
        self.by_number: dict[str, Citizen] = {}
        self.requeues: dict[str, int] = {}
        self.arriving = False
        self.exhausted = False
        self.t0 = 0.0

    async def run(self) -> None:
        """Bring every device online, then play days until cancelled."""
        center = self.config.center.id
        with contextlib.ExitStack() as stack:
            for spec in self.config.devices:
                client = DeviceClient(self.url, center, spec.id, kind=spec.kind)
                self.clients[spec.id] = await asyncio.to_thread(stack.enter_context, client)
            log.info("%d simulated devices online", len(self.clients))
            index = 0
            while not self.exhausted:
                await self._day(index)
                index += 1
            log.info("the day's numbers are used up: the demo floor stays as it is")
            await asyncio.Event().wait()

    def vnow(self) -> float:
        """Return the virtual time of day, in seconds after midnight."""
        return self.scenario.opens + (asyncio.get_running_loop().time() - self.t0) * self.speed

    async def until(self, t: float) -> None:
        """Sleep until virtual time `t`."""
        await asyncio.sleep(max(0.0, (t - self.vnow()) / self.speed))

    async def _day(self, index: int) -> None:
        self.t0 = asyncio.get_running_loop().time()
        self.waiting = {f: [] for f in {c for s in self.config.counters for c in s.fields}}
        self.arriving = True
        citizens = self.visitors.draw(self.seed, index, dt.date.today())
        log.info("day %d: %d citizens", index + 1, len(citizens))
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self._arrivals(citizens), name="live-arrivals")
            for spec in self.config.counters:
                if f"counter-{spec.number}" in self.clients:
                    tasks.create_task(self._officer(spec.number), name=f"live-{spec.number}")

    # --- citizens -----------------------------------------------------------------

    async def _arrivals(self, citizens: list[Citizen]) -> None:
        kiosks = [d.id for d in self.config.devices if d.kind == "kiosk"]
        for citizen in citizens:
            await self.until(citizen.arrived)
            kiosk = self.clients[kiosks[citizen.id % len(kiosks)]]
            message = kiosk.send(
                "ticket_request",
                procedure=citizen.procedure,
                priority=citizen.priority,
                lang=citizen.lang,
                guidance=citizen.guidance,
            )
            ref = message.id
            got = await answer(kiosk, lambda m: _about(m, ref))  # noqa: B023 (awaited here)
            if got is None:
                continue
            if got.kind == "error":
                log.info("%s: %s", kiosk.device, got.data["detail"])
                self.exhausted |= got.data["code"] == "numbers_exhausted"
                if self.exhausted:
                    break
                continue
            number = got.data["number"]
            citizen.ticket = number
            self.by_number[number] = citizen
            self.requeues[number] = 0
            self.waiting[citizen.field].append(citizen)
        self.arriving = False

    # --- officers -----------------------------------------------------------------

    def _staffed(self, number: int, fields: tuple[str, ...], t: float) -> bool:
        if self.schedule.in_session(t):
            return number in self.schedule.open_at(t)
        last = self.schedule.last_close(t)
        return last > 0 and number in self.schedule.open_at(last - 1) and self._work(fields)

    def _work(self, fields: tuple[str, ...]) -> bool:
        return any(self.waiting.get(f) for f in fields)

    async def _officer(self, number: int) -> None:
        spec = next(c for c in self.config.counters if c.number == number)
        fields = tuple(spec.fields)
        terminal = self.clients[f"counter-{number}"]
        display = self.clients.get(f"display-{number}")
        status = "open" if spec.open else "closed"
        while self.arriving or self._staffed(number, fields, self.vnow()):
            t = self.vnow()
            staffed = self._staffed(number, fields, t)
            if staffed != (status == "open"):
                status = "open" if staffed else "paused"
                terminal.send("resume" if staffed else "pause")
            if staffed and self._work(fields) and display is not None:
                await self._serve(number, terminal, display)
            else:
                await asyncio.sleep(max(60.0 / self.speed, 0.2))
        if status == "open":
            terminal.send("pause")

    async def _serve(self, number: int, terminal: DeviceClient, display: DeviceClient) -> None:
        """Call next, see who it is on the counter's display, and serve or mark them."""
        _drain(display)
        message = terminal.send("call_next")
        called = await answer(
            display,
            lambda m: m.name == "call" and m.data["counter"] == number and not m.data["recall"],
        )
        refused = _refusal(terminal, message.id)
        if called is None or refused:
            await asyncio.sleep(max(60.0 / self.speed, 0.2))
            return
        citizen = self.by_number.get(called.data["number"])
        if citizen is None:  # a number from before this demo run
            terminal.send("finish")
            return
        with contextlib.suppress(ValueError):
            self.waiting[citizen.field].remove(citizen)
        start = self.vnow()
        how = self.scenario.behaviour
        if not present_when_called(citizen, self.requeues[citizen.ticket], start):
            await asyncio.sleep(how.recall_s / self.speed)
            terminal.send("recall")
            await asyncio.sleep(how.recall_s / self.speed)
            terminal.send("no_show")
            self.requeues[citizen.ticket] += 1
            if self.requeues[citizen.ticket] <= self.config.policy.no_show_requeue:
                self.waiting[citizen.field].append(citizen)
            elif citizen.outcome == "waiting":
                citizen.outcome = "no_show"
            return
        citizen.called = start
        await asyncio.sleep((how.walk_s + citizen.service_s) / self.speed)
        terminal.send("finish")
        citizen.outcome = "served"
        level = rating_level(
            self.rng, self.scenario.ratings, citizen, self.config.policy.rating_levels
        )
        rating = self.clients.get(f"rating-{number}")
        if level is not None and rating is not None:
            rating.send("rating", level=level)


async def answer(client: DeviceClient, test: Callable[[Received], bool]) -> Received | None:
    """Wait (without blocking the loop) for a message to this device that passes `test`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ANSWER_S
    while loop.time() < deadline:
        try:
            got = client.inbox.get_nowait()
        except queue.Empty:
            await asyncio.sleep(POLL_S)
            continue
        if test(got):
            return got
    return None


def _about(message: Received, ref: str) -> bool:
    """Return whether a kiosk message answers request `ref` (its ticket or a refusal)."""
    return message.data.get("request_id") == ref or message.data.get("ref") == ref


def _refusal(client: DeviceClient, ref: str) -> bool:
    """Return whether the floor refused message `ref` (looking at what came so far)."""
    refused = False
    while True:
        try:
            got = client.inbox.get_nowait()
        except queue.Empty:
            return refused
        refused |= got.kind == "error" and got.data.get("ref") == ref


def _drain(client: DeviceClient) -> None:
    with contextlib.suppress(queue.Empty):
        while True:
            client.inbox.get_nowait()
