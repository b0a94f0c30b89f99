"""`floor demo`'s day over a real mosquitto: every device its own born client, the day served."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig
from floor.eventlog import EventLog
from floor.service import Orchestrator
from sim.day.live import LiveDay
from sim.day.scenario import load_scenario
from tests.floorkit import CATALOG


async def _until(test: Callable[[], bool], seconds: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not test():
        assert loop.time() < deadline, what
        await asyncio.sleep(0.05)


def test_the_demo_day_plays_through_born_mqtt_devices(
    mosquitto: Mosquitto, center: CenterConfig, tmp_path: Path
) -> None:
    scenario = load_scenario(None, CATALOG, center)

    async def body() -> None:
        log = EventLog(tmp_path / "demo.db", "NORMAL")
        floor = Orchestrator(CATALOG, center, log, mosquitto.url)
        connected = asyncio.Event()
        running = asyncio.create_task(floor.run(connected))
        await connected.wait()
        day = asyncio.create_task(LiveDay(CATALOG, center, scenario, mosquitto.url, 240).run())
        try:
            seen = floor.roster.seen
            await _until(lambda: all(s.online for s in seen.values()), 30, "not every device born")
            assert len(seen) == len(center.devices) == 42
            tickets = floor.state.tickets.values()
            await _until(
                lambda: (
                    sum(t.status == "served" for t in tickets) >= 30
                    and sum(t.rating is not None for t in tickets) >= 10
                ),
                60,
                "the morning was not served",
            )
            counters = {t.counter for t in tickets if t.status == "served"}
            assert {1, 2, 3, 4} <= counters  # the certification counters all work
            assert any(t.priority for t in tickets)
            assert not [k for k in floor.metrics if k.startswith(("bad_input", "seq_gap"))]
        finally:
            day.cancel()
            running.cancel()
            await asyncio.gather(day, running, return_exceptions=True)
            log.close()

    asyncio.run(body())
