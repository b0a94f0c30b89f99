"""Simulated kiosk and counter traffic over real MQTT, for `floor demo`."""

from __future__ import annotations

import asyncio
import logging
import queue
import random

from devices import topics
from devices.client import DeviceClient
from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import PRIORITY_CLASSES

log = logging.getLogger("sim.traffic")


class Traffic:
    """Citizens taking numbers and officers calling them, at a demo pace."""

    def __init__(
        self, catalog: Catalog, config: CenterConfig, url: str, speed: float = 1.0
    ) -> None:
        self.catalog = catalog
        self.config = config
        self.url = url
        self.speed = speed
        self.rng = random.Random()
        self.to_rate: list[str] = []

    async def run(self) -> None:
        """Publish traffic until cancelled."""
        center = self.config.center.id
        with DeviceClient(self.url, center, "sim-traffic") as client:
            client.listen(topics.COMMAND.filter(center=center))
            client.listen(topics.ERROR.filter(center=center))
            while True:
                name, device, fields = self._next()
                await asyncio.to_thread(client.send, name, device, **fields)
                await asyncio.sleep(self.rng.uniform(0.5, 2.0) / self.speed)
                self._show(client)

    def _show(self, client: DeviceClient) -> None:
        """Log what the floor answered: tickets printed and calls on the hall board."""
        while True:
            try:
                got = client.inbox.get_nowait()
            except queue.Empty:
                return
            data = got.data
            if got.kind == "error":
                log.info("%s: %s", data.get("device"), data.get("detail"))
            elif got.name == "ticket":
                log.info(
                    "kiosk: %s, %s phút chờ", data.get("number"), data.get("estimated_wait_min")
                )
            elif got.name == "call" and got.topic.split("/")[4] == "board-hall":
                log.info("bảng gọi số: %s", data.get("announcement"))
            elif got.name == "rated":
                log.info("đánh giá %s cho %s", data.get("level"), data.get("number"))

    def _next(self) -> tuple[str, str, dict[str, object]]:
        """Pick the next event: a ticket, a counter action, or a rating."""
        rng = self.rng
        devices = self.config.devices
        roll = rng.random()
        if roll < 0.5:
            weights = [8 if p.id == "chung_thuc" else 1 for p in self.catalog.procedures]
            procedure = rng.choices(self.catalog.procedures, weights)[0]
            kiosk = rng.choice([d.id for d in devices if d.kind == "kiosk"])
            fields: dict[str, object] = {
                "procedure": procedure.id,
                "priority": rng.choice(PRIORITY_CLASSES) if rng.random() < 0.15 else None,
                "lang": rng.choices(["vi", "en", "ko"], [90, 6, 4])[0],
            }
            return "ticket_request", kiosk, fields
        if roll < 0.8 or not self.to_rate:
            terminal = rng.choice([d for d in devices if d.kind == "counter"])
            action = rng.choices(["call_next", "recall", "no_show"], [90, 5, 5])[0]
            if action == "call_next":  # the citizen served before may rate now
                raters = [
                    d.id for d in devices if d.kind == "rating" and d.counter == terminal.counter
                ]
                self.to_rate.extend(raters[:1])
            return action, terminal.id, {}
        rater = self.to_rate.pop(rng.randrange(len(self.to_rate)))
        return "rating", rater, {"level": rng.choices([1, 2, 3, 4], [50, 35, 10, 5])[0]}
