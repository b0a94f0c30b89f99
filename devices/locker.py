"""The result locker (ATM hồ sơ): a citizen types the dossier code and the OTP, a slot opens.

Online, the floor decides (it counts wrong codes and locks a dossier after too many).
When the floor does not answer, the locker decides alone from its roll (the retained
hashed codes of the dossiers announced to it), opens, and reports the open; it sends
the report again whenever the orchestrator comes back until the floor answers it. A
dossier opens at most once here, whichever way it was decided.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from devices import payloads as p
from devices import topics
from devices.client import DeviceClient, Received, Refused
from devices.codec import encode
from devices.locker_wire import opened_text
from floor.core.lockers import OTP_DIGITS, dossier_code, otp_matches

log = logging.getLogger(__name__)
DONE_CODES = frozenset(
    {"already_collected", "unknown_dossier", "wrong_slot", "withdrawn", "locked"}
)
"""Refusals of an offline report after which sending it again changes nothing."""


@dataclass(frozen=True, slots=True)
class Report:
    """An offline open or wrong code, to send until the floor answers it."""

    topic: str
    payload: bytes
    dossier: str
    wrong: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the citizen sees: whether a slot opened (which), and the words."""

    opened: bool
    slot: int | None
    text: str
    offline: bool = False


class Locker:
    """A result locker's logic: its roll, its opens, its pending reports.

    `open_slot` drives the hardware (a latch per slot); it is called once per dossier.
    Offline it decides from its roll, and reports each open and each wrong code when the
    floor is back (a wrong code counts there as a try). With a `memory` file, the
    dossiers opened and the reports not yet answered survive a restart (written before
    the latch moves), so a locker that reboots while the floor is away never opens a
    slot twice for one dossier, nor forgets a wrong try.
    """

    def __init__(
        self,
        client: DeviceClient,
        open_slot: Callable[[int], None],
        wait: float = 3.0,
        memory: Path | None = None,
    ) -> None:
        self.client = client
        self.open_slot = open_slot
        self.wait = wait
        self.roll: dict[str, p.LockerCollection] = {}
        self.floor_online = False
        self.opened: set[str] = set()
        self.pending: dict[str, Report] = {}
        """Reports not yet answered, by message id."""
        self._lock = threading.Lock()
        self.memory = memory
        if memory is not None and memory.exists():
            kept = json.loads(memory.read_text(encoding="utf-8"))
            self.opened = set(kept["opened"])
            self.pending = {
                k: Report(t, b.encode(), d, w) for k, (t, b, d, w) in kept["pending"].items()
            }
        client.watchers.append(self._watch)
        client.listen(topics.LOCKER_ROLL.topic(center=client.center, device_id=client.device))
        # again, now that it is watched: the broker resends the retained status
        client.listen(topics.ORCHESTRATOR_STATUS.topic(center=client.center))

    def announced(self, dossier: str) -> bool:
        """Whether the roll holds this dossier (so it may be handed out offline)."""
        with self._lock:
            return dossier_code(dossier) in self.roll

    def unreported(self) -> int:
        """Return how many offline opens and wrong codes the floor has not answered yet."""
        with self._lock:
            return len(self.pending)

    def collect(self, dossier: str, otp: str, now: datetime | None = None) -> Outcome:
        """Try to open the slot of `dossier` with the code typed (with or without spaces)."""
        code, typed = dossier_code(dossier), "".join(otp.split())
        if not (typed.isdigit() and len(typed) == OTP_DIGITS):
            return Outcome(False, None, f"Mã OTP gồm {OTP_DIGITS} chữ số.")
        with self._lock:
            if code in self.opened:
                return Outcome(False, None, f"Hồ sơ {code} đã được nhận.")
            online = self.floor_online
        if online:
            try:
                got = self.client.exchange(
                    "locker_open",
                    reply="open",
                    timeout=self.wait,
                    retries=0,
                    dossier=code,
                    otp=typed,
                )
            except Refused as exc:
                return Outcome(False, None, exc.detail)
            except ValueError:  # the payload model refused the code: not worth a try
                return Outcome(False, None, "Mã hồ sơ không hợp lệ.")
            except TimeoutError:
                log.warning("the floor did not answer: deciding offline")
            else:
                assert got is not None
                return self._answered(code, got.data)
        return self._offline(code, typed, now or datetime.now().astimezone())

    def _answered(self, code: str, data: dict[str, Any]) -> Outcome:
        slot = data.get("slot")
        if not data.get("opened") or not isinstance(slot, int):
            return Outcome(False, None, str(data.get("text", "")))
        return self._open(code, slot, offline=False, text=str(data.get("text", "")))

    def _offline(self, code: str, typed: str, now: datetime) -> Outcome:
        with self._lock:
            entry = self.roll.get(code)
            if entry is None:
                return Outcome(False, None, "Không tìm thấy hồ sơ này trong tủ.", True)
            if now > entry.expires_at:
                return Outcome(False, None, "Mã OTP đã hết hạn, vui lòng gặp cán bộ.", True)
            wrong = sum(r.wrong and r.dossier == code for r in self.pending.values())
            left = entry.tries_left - wrong  # the roll's count, and the tries not yet reported
            if left <= 0:
                return Outcome(False, None, "Hồ sơ đã bị khóa, vui lòng gặp cán bộ.", True)
        if not otp_matches(typed, entry.salt, entry.otp_hash):
            ident, failed = self._report("locker_failed", code, wrong=True, dossier=code)
            with self._lock:
                self.pending[ident] = failed
                self._save()
            self.client.publish_raw(failed.topic, failed.payload)
            return Outcome(False, None, f"Mã OTP không đúng, còn {left - 1} lần thử.", True)
        report = self._report(
            "locker_opened", code, wrong=False, dossier=code, slot=entry.slot, opened_at=now
        )
        outcome = self._open(code, entry.slot, offline=True, report=report)
        if outcome.opened:
            self.client.publish_raw(report[1].topic, report[1].payload)
        return outcome

    def _report(self, name: str, code: str, wrong: bool, **fields: Any) -> tuple[str, Report]:
        """Return a report to send until answered, with its message id."""
        message = self.client.message(name, **fields)
        return message.id, Report(self.client.event_topic(name), encode(message), code, wrong)

    def _open(
        self,
        code: str,
        slot: int,
        offline: bool,
        text: str = "",
        report: tuple[str, Report] | None = None,
    ) -> Outcome:
        with self._lock:
            if code in self.opened:  # the floor answered late after an offline open
                return Outcome(False, None, f"Hồ sơ {code} đã được nhận.", offline)
            self.opened.add(code)
            self.roll.pop(code, None)
            if report is not None:
                self.pending[report[0]] = report[1]
            self._save()
        self.open_slot(slot)
        return Outcome(True, slot, text or opened_text(slot), offline)

    def _save(self) -> None:
        """Write what must survive a restart (call holding the lock)."""
        if self.memory is None:
            return
        kept = {
            "opened": sorted(self.opened),
            "pending": {
                k: [r.topic, r.payload.decode(), r.dossier, r.wrong]
                for k, r in self.pending.items()
            },
        }
        part = self.memory.with_name(self.memory.name + ".part")
        part.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        os.replace(part, self.memory)

    def _watch(self, got: Received) -> None:
        """On paho's thread: keep the roll, follow the floor, clear answered reports."""
        if got.kind == "locker_roll":
            try:
                roll = p.LockerRoll.model_validate(got.data)
            except ValueError:
                log.warning("dropped a malformed roll")
                return
            with self._lock:
                self.roll = {c.dossier: c for c in roll.collections if c.dossier not in self.opened}
        elif got.kind == "orchestrator_status":
            back = bool(got.data.get("online"))
            with self._lock:
                self.floor_online = back
                resend = list(self.pending.values()) if back else []
            if resend:  # publishing waits for the broker: not on paho's thread
                threading.Thread(target=self._resend, args=(resend,), daemon=True).start()
        elif got.kind in ("command", "error"):
            ref = got.data.get("ref")
            done = got.kind == "command" or got.data.get("code") in DONE_CODES
            with self._lock:
                if done and ref in self.pending:
                    del self.pending[ref]
                    self._save()

    def _resend(self, reports: list[Report]) -> None:
        for report in reports:
            self.client.publish_raw(report.topic, report.payload)


def terminal(locker: Locker, ask: Callable[[str], str] = input) -> None:
    """Run the locker's keypad on a terminal until the input ends ('q' or end of file)."""
    while True:
        print("\nATM HỒ SƠ — nhập mã hồ sơ (trên giấy hẹn) và mã OTP nhận qua tin nhắn")
        try:
            dossier = ask("Mã hồ sơ (q: thoát): ").strip()
            if dossier.lower() == "q":
                return
            otp = ask("Mã OTP: ").strip()
        except EOFError:
            return
        print(locker.collect(dossier, otp).text)
