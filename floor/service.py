"""The orchestrator: one asyncio task owns the floor state; the bus feeds it."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from asyncio import Future
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from devices.bus import KEEPALIVE as BUS_KEEPALIVE
from devices.bus import Bus, Inbound
from devices.codec import claimed_id
from devices.dossiers import answer as dossier_answer
from devices.gateway import Accepted, Asked, BadInput, Gateway, Presence, Publication, new_id
from devices.homeassistant import discovery
from devices.locker_wire import LOCKER_REPLIES
from devices.payloads import OrchestratorStatus
from devices.presence import Roster
from floor.core.catalog import Catalog, CenterConfig
from floor.core.commands import Command, ReportDevice
from floor.core.decide import decide, start_day
from floor.core.errors import Rejected
from floor.core.events import Event, RatingRecorded, TicketIssued
from floor.core.snapshot import dump
from floor.dossiers.desk import DossierDesk
from floor.eventlog import IDEMPOTENCY_WINDOW, CommandRecord, EventLog
from floor.limits import DeviceLimiter
from floor.lock import AlreadyRunning
from floor.lograte import LogLimiter, excerpt
from floor.quarantine import Quarantine, digest
from floor.snapshots import SNAPSHOT_EVERY, restore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Submission:
    """A command from inside the process, with who asked and its idempotency key."""

    command: Command
    source: str
    key: str
    done: Future[list[Event]]


@dataclass(slots=True)
class _Batch:
    """What one batch produces: log entries, publications, answers and events."""

    now: datetime
    entries: list[CommandRecord | Event] = field(default_factory=list)
    out: list[Publication] = field(default_factory=list)
    answers: list[tuple[Future[list[Event]], list[Event] | Rejected]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    accepted: list[tuple[Command, list[Event]]] = field(default_factory=list)


MAX_BATCH = 256
REFUSALS_KEPT = 10_000
"""Recent refusals remembered with their detail, to answer a repeat word for word."""
FLOOD_ALERT_EVERY = 600.0
"""Seconds between two flood alerts about one device."""
PRESENCE_GRACE = 20.0
"""Seconds a device believed online has, after the floor reconnects, to show itself
(devices retry at most every 5 s; a retained status comes back at once)."""


class Orchestrator:
    """Run one center's floor: decode, decide, log durably, then publish and ack."""

    def __init__(
        self,
        catalog: Catalog,
        config: CenterConfig,
        eventlog: EventLog,
        broker_url: str,
        clock: Callable[[], datetime] | None = None,
        credentials: tuple[str, str | None] | None = None,
        ha_discovery: bool = False,
        idempotency: timedelta = IDEMPOTENCY_WINDOW,
    ) -> None:
        self.gateway = Gateway(config)
        self.eventlog = eventlog
        self.broker_url = broker_url
        self.credentials = credentials
        self.ha_discovery = ha_discovery
        zone = ZoneInfo(config.center.timezone)
        self.clock = clock or (lambda: datetime.now(zone))
        self.state, self.snapshot_seq = restore(catalog, config, eventlog)
        self.handled = eventlog.recent_keys(self.clock(), idempotency)
        self.metrics: Counter[str] = Counter()
        self.limiter = DeviceLimiter(config.limits, config.devices)
        self.logs = LogLimiter()
        self.reports = LogLimiter(per_window=1, window=1.0)
        """Error reports to one device: at most one a second while it floods."""
        self.quarantine = Quarantine(eventlog.path)
        self.refusals: OrderedDict[str, Rejected] = OrderedDict()
        self.flood_alerted: dict[str, float] = {}
        self.roster = Roster(config.devices)
        self.presence_grace = PRESENCE_GRACE
        self._doubt_timer: asyncio.TimerHandle | None = None
        self.last_seq: dict[str, int] = {}
        self.started_at = self.clock()
        self.bus: Bus | None = None
        self._catalog_sent: Catalog | None = None
        """The catalog last published on `state/catalog`."""
        self.state_changed = asyncio.Event()
        self.listeners: list[Callable[[list[Event]], None]] = []
        """Called on the owner task with each batch's events, once they are durable."""
        self.dossiers: DossierDesk | None = None
        """The city's dossier system, when the center is linked to it."""
        self._asking: set[asyncio.Task[None]] = set()
        self.command_listeners: list[Callable[[Command, list[Event]], None]] = []
        """Called likewise with each accepted command and its events (the result locker's
        text to the citizen needs the command's code, which no event holds in clear)."""

    async def run(self, ready: asyncio.Event | None = None) -> None:
        """Connect and handle messages until cancelled.

        Raises BrokerRefused when the broker refuses the login, and AlreadyRunning when
        another orchestrator of this center is online: two would take the same MQTT
        session from each other for ever.
        """
        gw = self.gateway
        await self._check_alone()
        will = gw.orchestrator_status(False, self.started_at)
        bus = Bus(
            self.broker_url,
            client_id=f"floor-orchestrator-{gw.center}",
            subscriptions=gw.subscriptions(),
            will=(will.topic, will.payload),
            username=self.credentials[0] if self.credentials else None,
            password=self.credentials[1] if self.credentials else None,
        )
        bus.on_connect_callbacks.append(self._announce)
        self.bus = bus
        async with bus:
            if ready:
                ready.set()
            helpers = [
                asyncio.create_task(self._report(), name="orchestrator-report"),
                asyncio.create_task(self._publish_state(), name="orchestrator-state"),
                asyncio.create_task(self._checkpoint(), name="orchestrator-checkpoint"),
                asyncio.create_task(self._watch_floods(), name="orchestrator-floods"),
                asyncio.create_task(self._snapshot(), name="orchestrator-snapshot"),
            ]
            try:
                while True:
                    batch = [await bus.inbox.get()]
                    while len(batch) < MAX_BATCH and not bus.inbox.empty():
                        batch.append(bus.inbox.get_nowait())
                    self.handle_all(batch)
            finally:
                self.quarantine.close()
                if self._doubt_timer:
                    self._doubt_timer.cancel()
                for helper in helpers:
                    helper.cancel()
                offline = gw.orchestrator_status(False, self.started_at)
                bus.publish(offline.topic, offline.payload, offline.qos, offline.retain)

    async def _check_alone(self, patience: float = 3.0) -> None:
        """Raise AlreadyRunning if the retained orchestrator status stays online.

        A run that died leaves its last will (offline) with the broker at once when its
        process ends; only a live one, or one cut off less than a keepalive ago, is online.
        """
        topic = self.gateway.orchestrator_status(True, None).topic
        probe = Bus(
            self.broker_url,
            client_id=f"floor-probe-{self.gateway.center}-{new_id()[:12]}",
            subscriptions=[(topic, 1)],
            clean_start=True,
            manual_ack=False,
            username=self.credentials[0] if self.credentials else None,
            password=self.credentials[1] if self.credentials else None,
        )
        loop = asyncio.get_running_loop()
        async with probe:
            deadline = loop.time() + patience
            online: OrchestratorStatus | None = None
            wait = 0.5  # the retained status comes right after the subscription, if there is one
            while True:
                try:
                    message = await asyncio.wait_for(probe.inbox.get(), wait)
                except TimeoutError:
                    break
                try:
                    status = OrchestratorStatus.model_validate_json(message.payload)
                except ValueError:
                    break
                online = status if status.online else None
                if online is None:
                    break
                wait = max(0.0, deadline - loop.time())
        if online is not None:
            raise AlreadyRunning(
                f"another orchestrator for center {self.gateway.center} is online "
                f"(started {online.started_at}); stop it first, or wait "
                f"{int(1.5 * BUS_KEEPALIVE)} s if it was cut off"
            )

    async def _report(self, every: float = 30.0) -> None:
        """Log one summary line now and then, so an operator sees the floor live."""
        while True:
            await asyncio.sleep(every)
            waiting = sum(len(line) for line in self.state.lines.values())
            serving = sum(1 for c in self.state.counters.values() if c.current)
            held = self.logs.drain_suppressed()
            if held:
                self.metrics["log_lines_held_back"] += held
            counts = ", ".join(f"{k} {v}" for k, v in sorted(self.metrics.items()))
            log.info("waiting %d, serving %d; %s", waiting, serving, counts or "no messages yet")

    async def _watch_floods(self, every: float = 2.0) -> None:
        """Tell the managers (once in a while per device) which devices send too much."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(every)
            now = loop.time()
            for device, refused in self.limiter.drain_refused().items():
                if now - self.flood_alerted.get(device, -FLOOD_ALERT_EVERY) < FLOOD_ALERT_EVERY:
                    continue
                self.flood_alerted[device] = now
                log.warning("%s floods the floor: %d messages refused", device, refused)
                detail = f"gửi quá giới hạn, {refused} tin bị từ chối"
                self.submit(ReportDevice(device, "flooding", detail), "floor")

    async def _publish_state(self, pause: float = 0.2) -> None:
        """Republish the retained state after changes, at most once per `pause`.

        Off the path of replies: a call reaches the displays before the state is built.
        """
        while True:
            await self.state_changed.wait()
            self.state_changed.clear()
            now = self.clock()
            self._publish(self.gateway.state(self.state, now))
            if self.state.catalog is not self._catalog_sent:  # a city version applied
                self._publish_catalog(now)
            await asyncio.sleep(pause)

    async def _checkpoint(self, every: float = 1.0) -> None:
        """Checkpoint the event log's WAL on a worker thread, after writes."""
        done = self.eventlog.appended
        while True:
            await asyncio.sleep(every)
            if self.eventlog.appended != done:
                done = self.eventlog.appended
                await asyncio.to_thread(self.eventlog.checkpoint)

    async def _snapshot(self, every: float = 2.0) -> None:
        """Snapshot the state after every `SNAPSHOT_EVERY` events, so start-up stays short.

        The state is copied here on the owner task, between batches, when it holds exactly
        the events written; encoding and writing it happen on a worker thread.
        """
        while True:
            await asyncio.sleep(every)
            seq = self.eventlog.head
            if seq - self.snapshot_seq < SNAPSHOT_EVERY:
                continue
            if self.state.applied != seq:  # the state no longer matches the log: keep none
                log.error("state holds %d events, the log %d: no snapshot", self.state.applied, seq)
                return
            try:
                await asyncio.to_thread(self.eventlog.save_snapshot, seq, dump(self.state))
            except sqlite3.Error as exc:  # a busy or full disk: try again later
                log.warning("snapshot at event %d not saved: %s", seq, exc)
                continue
            self.snapshot_seq = seq

    def _announce(self) -> None:
        """On every (re)connect: say we are online, republish the state, and doubt who
        is online until they show themselves again."""
        now = self.clock()
        self.roster.doubt()
        if self._doubt_timer:
            self._doubt_timer.cancel()
        self._doubt_timer = asyncio.get_running_loop().call_later(
            self.presence_grace, self._expire_doubted
        )
        self._publish([self.gateway.orchestrator_status(True, self.started_at)])
        self._publish(self.gateway.state(self.state, now))
        self._publish_catalog(now)
        self._publish([self.gateway.devices_state(self.roster, now)])
        if self.ha_discovery:
            self._publish(discovery(self.gateway.config, self.state.catalog))

    def _expire_doubted(self) -> None:
        """Mark offline the devices not heard from since the floor reconnected."""
        now = self.clock()
        if self.roster.expire(now):
            self._publish([self.gateway.devices_state(self.roster, now)])

    def _publish_catalog(self, now: datetime) -> None:
        """Publish the catalog in force (retained), and remember which one it was."""
        self._catalog_sent = self.state.catalog
        self._publish([self.gateway.catalog_state(self.state, now)])

    def submit(self, command: Command, source: str, key: str | None = None) -> Future[list[Event]]:
        """Queue a command from inside the process (console, robots) on the owner task.

        `source` says who asked and is kept in the event log; `key` makes a retry
        take effect once. The future gets the events, or the Rejected error, once
        they are durable. Call it on the orchestrator's event loop.
        """
        assert self.bus is not None, "the orchestrator is not running"
        done: Future[list[Event]] = asyncio.get_running_loop().create_future()
        self.bus.inbox.put_nowait(Submission(command, source, key or f"{source}:{new_id()}", done))
        return done

    def handle_all(self, batch: list[Inbound | Submission]) -> None:
        """Handle a batch; messages suspected of having taken the last run down go alone,
        in their place (the order of commands is the order of the floor)."""
        suspects = self.quarantine.suspects
        if not suspects:
            self.handle(batch)
            return
        run: list[Inbound | Submission] = []
        for item in batch:
            mark = digest(item.topic, item.payload) if isinstance(item, Inbound) else None
            if mark is None or mark not in suspects:
                run.append(item)
                continue
            if run:
                self.handle(run)
                run = []
            self.handle([item])
            self.quarantine.cleared(mark)
        if run:
            self.handle(run)

    def handle(self, batch: list[Inbound | Submission]) -> None:
        """Handle a batch: decide and fold each, write all durably, publish, then ack.

        Whatever goes wrong with one message (a bug included) refuses that message
        only: it is answered, acknowledged, and the floor goes on.
        """
        now = self.clock()
        work = _Batch(now)
        changed = self.state.applied
        self.quarantine.begin([digest(m.topic, m.payload) for m in batch if isinstance(m, Inbound)])
        for item in batch:
            try:
                self._one(item, work)
            except Exception as exc:  # a bug must cost one message, never the floor
                self._failed(item, exc, work)
        if work.entries:
            self.eventlog.append(work.entries)
        if self.state.applied != changed:
            self.state_changed.set()
        self._publish(work.out)
        assert self.bus is not None
        for item in batch:
            if isinstance(item, Inbound):
                self.bus.ack(item)
        self.quarantine.end()
        for future, result in work.answers:
            if not future.done():
                if isinstance(result, Rejected):
                    future.set_exception(result)
                else:
                    future.set_result(result)
        if work.events:
            for listener in self.listeners:
                listener(work.events)
        for command, events in work.accepted:
            for heard in self.command_listeners:
                heard(command, events)

    def _one(self, item: Inbound | Submission, work: _Batch) -> None:
        if isinstance(item, Submission):
            self._run(item.key, item.source, item.command, work, item)
            return
        accepted = self._decode(item, work.now, work.out)
        if accepted is not None:
            self._run(accepted.key, accepted.device.id, accepted.command, work, item, accepted)

    def _failed(self, item: Inbound | Submission, exc: Exception, work: _Batch) -> None:
        """Refuse a message whose handling raised: log it (briefly), answer it."""
        self.metrics["internal_error"] += 1
        refusal = Rejected("internal_error", "the floor could not handle this message")
        if isinstance(item, Submission):
            if self.logs.allow(f"internal:{item.source}"):
                log.exception(
                    "handling %s from %s failed", type(item.command).__name__, item.source
                )
            work.answers.append((item.done, refusal))
            return
        sender = self.gateway.sender(item.topic) or "unknown"
        if self.logs.allow(f"internal:{sender}"):
            log.error(
                "handling %s failed: %s", excerpt(item.topic), excerpt(repr(exc)), exc_info=exc
            )
        work.out.append(self.gateway.error(refusal, item.topic, sender, None, work.now))

    def _decode(self, message: Inbound, now: datetime, out: list[Publication]) -> Accepted | None:
        sender = self.gateway.sender(message.topic)
        if not self.limiter.allow(sender):
            self.metrics["rate_limited"] += 1
            if self.reports.allow(sender or "unknown"):
                limited = BadInput("rate_limited", "too many messages; slow down", sender or "")
                self._refuse(message, limited, now, out)
            return None
        if digest(message.topic, message.payload) in self.quarantine.quarantined:
            quarantined = BadInput(
                "quarantined", "this message took the floor down once", sender or "unknown"
            )
            self._refuse(message, quarantined, now, out)
            return None
        try:
            item = self.gateway.decode(message.topic, message.payload)
        except BadInput as exc:
            self._refuse(message, exc, now, out)
            return None
        if isinstance(item, Presence):
            if item.seq is not None:
                self.last_seq[item.device.id] = item.seq
            if self.roster.update(item, now):
                out.append(self.gateway.devices_state(self.roster, now))
            return None
        self._check_seq(item)
        if isinstance(item, Asked):
            self._ask(message, item, now, out)
            return None
        return item

    def _ask(self, message: Inbound, asked: Asked, now: datetime, out: list[Publication]) -> None:
        """Answer a question about a dossier on a task of its own, off the batch: the city
        may be slow (the desk bounds the wait)."""
        self.metrics["dossier_query"] += 1
        desk = self.dossiers
        if desk is None:
            unlinked = BadInput(
                "no_dossier_system",
                "this center is not linked to the city's dossier system; ask at a counter",
                asked.device.id,
                asked.message.id,
            )
            self._refuse(message, unlinked, now, out)
            return

        async def answer() -> None:
            self._publish([await dossier_answer(desk, self.gateway, asked, self.clock)])

        task = asyncio.create_task(answer(), name=f"dossier-{asked.message.id}")
        self._asking.add(task)  # a reference kept until it ends
        task.add_done_callback(self._asking.discard)

    def _refuse(
        self, message: Inbound, exc: BadInput, now: datetime, out: list[Publication]
    ) -> None:
        """Count, log (a few lines a minute per refusal code) and answer a refused message."""
        self.metrics[f"bad_input.{exc.code}"] += 1
        device = excerpt(exc.device, 64)
        if self.logs.allow(f"refused:{exc.code}"):
            log.warning(
                "refused %s from %s: %s: %s",
                excerpt(message.topic),
                device,
                exc.code,
                excerpt(exc.detail),
            )
        if exc.ref is None and exc.code in ("rate_limited", "quarantined"):
            exc.ref = claimed_id(message.payload)
        out.append(self.gateway.error(exc, message.topic, exc.device, exc.ref, now))

    def _check_seq(self, item: Accepted | Asked) -> None:
        last = self.last_seq.get(item.device.id)
        seq = item.message.seq
        if last is not None and seq > last + 1:
            self.metrics["seq_gap"] += 1
            if self.logs.allow(f"{item.device.id}:seq_gap"):
                log.warning("%s: messages %d..%d never arrived", item.device.id, last + 1, seq - 1)
        self.last_seq[item.device.id] = max(seq, last or 0)

    def _run(
        self,
        key: str,
        source: str,
        command: Command,
        work: _Batch,
        origin: Inbound | Submission,
        accepted: Accepted | None = None,
    ) -> None:
        """Decide and fold one command, once per key; note what to write, send and answer."""
        now = work.now
        if key in self.handled:
            self.metrics["duplicate"] += 1
            self._answer_again(key, work, origin, accepted)
            return
        for event in start_day(self.state, now):
            self.state.apply(event)
            work.entries.append(event)
            work.events.append(event)
        try:
            events = decide(self.state, command, now)
        except Rejected as exc:
            self.handled.add(key, now)
            self.metrics[f"rejected.{exc.code}"] += 1
            work.entries.append(CommandRecord(key, source, now.isoformat(), exc.code))
            self._remember_refusal(key, exc)
            self._answer_refusal(exc, work, origin, accepted)
            return
        for event in events:
            self.state.apply(event)
        self.handled.add(key, now)
        work.entries.append(CommandRecord(key, source, now.isoformat(), "ok", events))
        work.events.extend(events)
        work.accepted.append((command, events))
        work.out.extend(self.gateway.replies(self.state, events, now))
        if isinstance(origin, Submission):
            work.answers.append((origin.done, events))
        self.metrics["accepted"] += 1

    def _answer_refusal(
        self,
        exc: Rejected,
        work: _Batch,
        origin: Inbound | Submission,
        accepted: Accepted | None,
    ) -> None:
        if isinstance(origin, Submission):
            work.answers.append((origin.done, exc))
        elif accepted is not None:
            ref = accepted.message.id
            work.out.append(
                self.gateway.error(exc, origin.topic, accepted.device.id, ref, work.now)
            )

    def _remember_refusal(self, key: str, exc: Rejected) -> None:
        self.refusals[key] = exc
        if len(self.refusals) > REFUSALS_KEPT:
            self.refusals.popitem(last=False)

    def _answer_again(
        self, key: str, work: _Batch, origin: Inbound | Submission, accepted: Accepted | None
    ) -> None:
        """Answer a repeated command as the first time: the same ticket, thanks or refusal."""
        done = self.eventlog.handled(key)  # None while its first copy is in this batch
        refused = self.refusals.get(key)
        if refused is None and done is not None and done.outcome != "ok":
            refused = Rejected(done.outcome, "refused when first sent")
        if refused is not None:
            self._answer_refusal(refused, work, origin, accepted)
            return
        events = done.events if done else []
        if isinstance(origin, Submission):
            work.answers.append((origin.done, events))
            return
        for old in events:  # a ticket of an earlier day has left the state: none to print
            if isinstance(old, TicketIssued) and old.ticket in self.state.tickets:
                work.out.extend(self.gateway.ticket_notice(self.state, old, work.now))
            elif isinstance(old, LOCKER_REPLIES) or (
                isinstance(old, RatingRecorded) and old.ticket in self.state.tickets
            ):
                work.out.extend(self.gateway.replies(self.state, [old], work.now))

    def _publish(self, publications: list[Publication]) -> None:
        assert self.bus is not None
        for pub in publications:
            self.bus.publish(pub.topic, pub.payload, pub.qos, pub.retain)
