"""The result locker's desk: text the citizen the code of each dossier placed in a slot.

It follows the orchestrator's accepted commands (the code is in the command, never in
an event) and sends on a worker thread once the deposit is durable, so a slow gateway
never holds the floor up. Each text sent or failed goes to the core (`ReportCodeText`):
a failed one, or one a stopped floor never sent, alerts the managers, and the officer
withdraws the dossier and places it again for a new code (the code itself is kept
nowhere in clear, so it cannot be sent again).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from devices.locker_wire import sms_text
from floor.core.commands import Command
from floor.core.errors import Rejected
from floor.core.events import Event
from floor.core.lockers import (
    DepositDossier,
    DossierDeposited,
    ReportCodeText,
    mask_phone,
    phone_number,
)
from floor.service import Orchestrator
from floor.sms import SmsFailed, SmsPort

log = logging.getLogger(__name__)


class LockerDesk:
    """Send the deposit texts of one orchestrator through an SMS port."""

    def __init__(self, port: SmsPort) -> None:
        self.port = port
        self.center = ""
        self.sent: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self._floor: Orchestrator | None = None

    def attach(self, orchestrator: Orchestrator) -> None:
        """Follow the orchestrator's accepted commands (call on its event loop)."""
        self.center = orchestrator.state.config.center.name
        self._floor = orchestrator
        orchestrator.command_listeners.append(self._heard)

    async def report_unsent(self, ready: asyncio.Event | None = None) -> None:
        """Once the floor runs (`ready`), report the deposits of an earlier run whose code
        was never texted: the process stopped between the deposit and the text."""
        if ready is not None:
            await ready.wait()
        floor = self._floor
        assert floor is not None, "attach the desk first"
        unsent = [
            d.dossier
            for d in floor.state.lockers.deposits.values()
            if d.status == "waiting" and not d.texted and d.deposited_at < floor.started_at
        ]
        for dossier in unsent:
            await self._report(dossier, "the floor stopped before the text was sent")

    def _heard(self, command: Command, events: list[Event]) -> None:
        if not isinstance(command, DepositDossier):
            return
        for event in events:
            if isinstance(event, DossierDeposited):
                phone = phone_number(command.phone)
                assert phone is not None  # the core accepted it
                text = sms_text(self.center, event, command.otp)
                sending = self._send(event.dossier, phone, text)
                task = asyncio.get_running_loop().create_task(sending)
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _send(self, dossier: str, phone: str, text: str) -> None:
        try:
            await asyncio.to_thread(self.port.send, phone, text)
        except SmsFailed as exc:
            self.sent["failed"] += 1
            log.warning("%s", exc)
            await self._report(dossier, str(exc))
            return
        self.sent["sent"] += 1
        log.info("code texted to %s", mask_phone(phone))
        await self._report(dossier, "")

    async def _report(self, dossier: str, error: str) -> None:
        """Tell the core the text was sent (no `error`) or not (the managers are alerted)."""
        assert self._floor is not None
        try:
            await self._floor.submit(ReportCodeText(dossier, error), "sms")
        except Rejected as exc:  # taken back or collected meanwhile: nothing to say
            log.info("text report of a dossier no longer waiting: %s", exc.code)
