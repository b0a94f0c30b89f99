"""Simulated kiosk and counter traffic over real MQTT, for `floor demo`."""

from __future__ import annotations

import asyncio
import random

from devices.client import DeviceClient
from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import PRIORITY_CLASSES


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

    async def run(self) -> None:
        """Publish traffic until cancelled."""
        with DeviceClient(self.url, self.config.center.id, "sim-traffic") as client:
            while True:
                name, device, fields = self._next()
                await asyncio.to_thread(client.send, name, device, **fields)
                await asyncio.sleep(self.rng.uniform(0.5, 2.0) / self.speed)

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
        if roll < 0.8:
            terminal = rng.choice([d.id for d in devices if d.kind == "counter"])
            action = rng.choices(["call_next", "recall", "no_show"], [90, 5, 5])[0]
            return action, terminal, {}
        rater = rng.choice([d.id for d in devices if d.kind == "rating"])
        return "rating", rater, {"level": rng.choices([1, 2, 3, 4], [50, 35, 10, 5])[0]}
