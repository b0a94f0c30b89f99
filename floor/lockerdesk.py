"""The result locker's desk: text the citizen the code of each dossier placed in a slot.

It follows the orchestrator's accepted commands (the code is in the command, never in
an event) and sends on a worker thread once the deposit is durable, so a slow gateway
never holds the floor up. A text that fails is logged (number masked) and counted; the
officer can withdraw the dossier and place it again for a new code.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from devices.locker_wire import sms_text
from floor.core.commands import Command
from floor.core.events import Event
from floor.core.lockers import DepositDossier, DossierDeposited, mask_phone, phone_number
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

    def attach(self, orchestrator: Orchestrator) -> None:
        """Follow the orchestrator's accepted commands (call on its event loop)."""
        self.center = orchestrator.state.config.center.name
        orchestrator.command_listeners.append(self._heard)

    def _heard(self, command: Command, events: list[Event]) -> None:
        if not isinstance(command, DepositDossier):
            return
        for event in events:
            if isinstance(event, DossierDeposited):
                phone = phone_number(command.phone)
                assert phone is not None  # the core accepted it
                text = sms_text(self.center, event, command.otp)
                task = asyncio.get_running_loop().create_task(self._send(phone, text))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _send(self, phone: str, text: str) -> None:
        try:
            await asyncio.to_thread(self.port.send, phone, text)
        except SmsFailed as exc:
            self.sent["failed"] += 1
            log.warning("%s", exc)
            return
        self.sent["sent"] += 1
        log.info("code texted to %s", mask_phone(phone))
