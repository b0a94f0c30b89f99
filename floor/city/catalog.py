"""Catalog versions and notices from the city, on the floor: verify the city's signature,
hand them to the core (so they are in the event log and survive a restart), answer the
city and keep the retained `state/city` (the version run, the one held, the notices)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ValidationError

from devices import payloads as p
from devices import topics
from devices.bus import Bus, Inbound
from devices.codec import encode
from devices.gateway import new_id
from floor.city.signing import BadSignature, verify
from floor.core.city import used_today
from floor.core.commands import OfferCatalog, PostNotice
from floor.core.errors import Rejected
from floor.core.events import CatalogApplied, CatalogReceived, DayStarted, Event, NoticePosted
from floor.core.state import FloorState
from floor.lograte import LogLimiter
from floor.service import Orchestrator

log = logging.getLogger(__name__)


def city_state(state: FloorState, now: datetime) -> p.CityState:
    """Return the retained `state/city`: what the floor runs, holds and shows."""
    return p.CityState(
        id=new_id(),
        ts=now,
        catalog_version=state.catalog_version,
        held_version=state.pending.version if state.pending else None,
        notices=[
            p.NoticeView(notice=n.id, vi=n.vi, en=n.en, ko=n.ko, valid_until=n.valid_until)
            for n in sorted(state.notices.values(), key=lambda n: n.valid_from)
            if n.shown(now)
        ],
    )


def _reason(exc: BadSignature | ValidationError) -> str:
    if isinstance(exc, BadSignature):
        return str(exc)
    first = exc.errors()[0]
    return f"{'.'.join(map(str, first['loc']))}: {first['msg']}"


class CityInbox:
    """Take what the city sends this center, one message at a time, on the owner's loop."""

    def __init__(self, orchestrator: Orchestrator, key: Ed25519PublicKey) -> None:
        self.orchestrator = orchestrator
        self.key = key
        self.center = orchestrator.gateway.center
        self.unread = LogLimiter(per_window=10, window=60.0)
        """Answers to messages that are not the city's: ten a minute, whatever comes."""
        orchestrator.listeners.append(self._on_events)

    async def run(self, ready: asyncio.Event) -> None:
        """Follow the city's topics of this center until cancelled (after the floor is up)."""
        await ready.wait()
        owner = self.orchestrator
        assert owner.bus is not None
        owner.bus.on_connect_callbacks.append(self._publish_state)  # a broker that lost it
        self._publish_state()
        bus = Bus(
            owner.broker_url,
            client_id=f"floor-city-{self.center}",
            subscriptions=[(topics.CITY_IN.filter(center=self.center), topics.CITY_IN.qos)],
            username=owner.credentials[0] if owner.credentials else None,
            password=owner.credentials[1] if owner.credentials else None,
        )
        async with bus:
            while True:
                message = await bus.inbox.get()
                try:
                    await self.take(message)
                except Exception:  # a bug must cost the city one message, never the floor
                    log.exception("message from the city on %s not taken", message.topic)
                bus.ack(message)

    async def take(self, message: Inbound) -> None:
        """Verify, hand to the core, answer; a bad message is refused with its reason."""
        values = topics.CITY_IN.match(message.topic) or {}
        item = values.get("item", "")
        subject = "catalog" if item == "catalog" else "notice"
        if item != "catalog" and not item.startswith(topics.CITY_NOTICE_PREFIX):
            self._unread(subject, item, f"nothing is sent as {item[:64]!r}")
            return
        try:
            body = verify(message.payload, self.key)
            offer: BaseModel = (
                p.CatalogVersion.model_validate_json(body)
                if subject == "catalog"
                else p.CityNotice.model_validate_json(body)
            )
        except (BadSignature, ValidationError) as exc:
            self._unread(subject, item.removeprefix(topics.CITY_NOTICE_PREFIX), _reason(exc))
            return
        if isinstance(offer, p.CatalogVersion):
            await self._catalog(offer, body)
        elif isinstance(offer, p.CityNotice):
            await self._notice(offer, body, item)

    async def _catalog(self, offer: p.CatalogVersion, body: str) -> None:
        state = self.orchestrator.state
        held = state.pending.version if state.pending else None
        if offer.version in (state.catalog_version, held):
            return  # the retained version again (a restart, a new bridge session)
        command = OfferCatalog(offer.version, json.dumps(offer.catalog), offer.urgent)
        ref = str(offer.version)
        try:
            events = await self._submit(command, body)
        except Rejected as exc:
            log.warning("catalog version %s from the city refused: %s", ref, exc)
            self._reply("catalog", ref, "refused", f"{exc.code}: {exc.detail}")
            return
        if any(isinstance(e, CatalogApplied) for e in events):
            return  # answered by `_on_events`, as for a version applied at the day start
        pending = state.pending
        removed = used_today(state, pending.catalog) if pending else []
        reason = "applied at the next day start"
        if offer.urgent and removed:
            reason += ": tickets of today use " + ", ".join(removed)
        self._reply("catalog", ref, "held", reason)

    async def _notice(self, offer: p.CityNotice, body: str, item: str) -> None:
        if item != topics.CITY_NOTICE_PREFIX + offer.notice:
            self._reply("notice", offer.notice, "refused", f"notice {offer.notice} sent as {item}")
            return
        shown = self.orchestrator.state.notices.get(offer.notice)
        same = (offer.vi, offer.en, offer.ko, offer.valid_from, offer.valid_until)
        if shown and (shown.vi, shown.en, shown.ko, shown.valid_from, shown.valid_until) == same:
            return
        command = PostNotice(offer.notice, *same)
        try:
            await self._submit(command, body)
        except Rejected as exc:
            self._reply("notice", offer.notice, "refused", f"{exc.code}: {exc.detail}")
            return
        self._reply("notice", offer.notice, "applied")

    async def _submit(self, command: OfferCatalog | PostNotice, body: str) -> list[Event]:
        key = "city:" + hashlib.sha256(body.encode()).hexdigest()[:32]
        return await self.orchestrator.submit(command, "city", key)

    def _on_events(self, events: list[Event]) -> None:
        """After each batch (owner task): answer versions applied, republish `state/city`."""
        for event in events:
            if isinstance(event, CatalogApplied):
                log.info("now running the city's catalog version %d", event.version)
                self._reply("catalog", str(event.version), "applied")
        city = (DayStarted, CatalogReceived, CatalogApplied, NoticePosted)
        if any(isinstance(e, city) for e in events):
            self._publish_state()

    def _publish_state(self) -> None:
        owner = self.orchestrator
        spec = topics.STATE
        made = city_state(owner.state, owner.clock())
        self._send(spec.topic(center=self.center, name="city"), made, spec.qos, spec.retain)

    def _unread(self, subject: str, ref: str, reason: str) -> None:
        """Refuse a message that is not the city's (ten answers a minute at most)."""
        if self.unread.allow("unread"):
            self._reply(subject, ref, "refused", reason)

    def _reply(self, subject: str, ref: str, outcome: str, reason: str = "") -> None:
        reply = p.CityReply.model_validate(
            {
                "id": new_id(),
                "ts": self.orchestrator.clock(),
                "subject": subject,
                "ref": ref[:64],
                "outcome": outcome,
                "reason": reason[:500],
                "running": self.orchestrator.state.catalog_version,
            }
        )
        spec = topics.CITY_REPLY
        self._send(spec.topic(center=self.center), reply, spec.qos, spec.retain)

    def _send(self, topic: str, message: BaseModel, qos: int, retain: bool) -> None:
        bus = self.orchestrator.bus
        if bus is not None:
            bus.publish(topic, encode(message), qos, retain)
