"""Simulated kiosk and counter traffic over real MQTT, for `floor demo`."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime

from devices import payloads as p
from devices import topics
from devices.bus import Bus
from devices.codec import encode
from devices.gateway import new_id
from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import PRIORITY_CLASSES

log = logging.getLogger(__name__)


class Traffic:
    """Citizens taking numbers and officers calling them, at a demo pace."""

    def __init__(self, catalog: Catalog, config: CenterConfig, url: str, speed: float = 1.0):
        self.catalog = catalog
        self.config = config
        self.url = url
        self.speed = speed
        self.seq: dict[str, int] = {}
        self.rng = random.Random()

    def _send(self, bus: Bus, device: str, name: str, message: p.DeviceMessage) -> None:
        topic = topics.EVENT.topic(center=self.config.center.id, device_id=device, name=name)
        bus.publish(topic, encode(message), qos=1)

    def _fields(self, device: str, **extra: object) -> dict[str, object]:
        self.seq[device] = self.seq.get(device, 0) + 1
        return {"id": new_id(), "ts": datetime.now().astimezone(), "device": device,
                "seq": self.seq[device], **extra}

    async def run(self) -> None:
        """Publish traffic until cancelled."""
        kiosks = [d.id for d in self.config.devices if d.kind == "kiosk"]
        terminals = [d for d in self.config.devices if d.kind == "counter"]
        raters = {d.counter: d.id for d in self.config.devices if d.kind == "rating"}
        weights = [8 if p_.id == "chung_thuc" else 1 for p_ in self.catalog.procedures]
        async with Bus(self.url, f"sim-traffic-{new_id()[:8]}", clean_start=True,
                       manual_ack=False) as bus:
            while True:
                if kiosks and self.rng.random() < 0.6:
                    proc = self.rng.choices(self.catalog.procedures, weights)[0]
                    kiosk = self.rng.choice(kiosks)
                    prio = self.rng.choice(PRIORITY_CLASSES) if self.rng.random() < 0.15 else None
                    lang = self.rng.choices(["vi", "en", "ko"], [90, 6, 4])[0]
                    msg = p.TicketRequest(**self._fields(kiosk, procedure=proc.id, priority=prio,
                                                         lang=lang))
                    self._send(bus, kiosk, "ticket_request", msg)
                elif terminals:
                    term = self.rng.choice(terminals)
                    action = self.rng.choices(["call_next", "recall", "no_show"], [90, 5, 5])[0]
                    self._send(bus, term.id, action, p.CounterAction(**self._fields(term.id)))
                    rater = raters.get(term.counter)
                    if rater and self.rng.random() < 0.5:
                        level = self.rng.choices([1, 2, 3, 4], [50, 35, 10, 5])[0]
                        msg = p.RatingSubmitted(**self._fields(rater, level=level))
                        self._send(bus, rater, "rating", msg)
                await asyncio.sleep(self.rng.uniform(0.5, 2.0) / self.speed)
