"""The result locker (ATM hồ sơ): deposits, one-time codes and opens (pure).

An officer places a finished dossier in a slot; the shell texts the citizen a one-time
code (OTP). The core keeps only a salted, slow hash of it and the citizen's phone
number masked (`091*****78`): neither the number nor the code is in the event log or
the state in clear. A code allows `Policy.locker_tries` wrong tries, then the dossier
is locked (its slot stays shut until an officer takes it back); it expires after
`Policy.locker_code_hours`. A dossier is collected once: its slot never opens again
for it, whether the open was decided here or done by the locker on its own while the
floor was unreachable (it reports the open when back; the report counts once, and a
report of a dossier already collected is refused as `already_collected`, which the
locker takes as done). Refusals name no dossier code: error reports hide long digit runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from floor.core.catalog import CenterConfig
from floor.core.errors import Rejected

OTP_DIGITS = 6
OTP_ROUNDS = 10_000
"""PBKDF2-SHA256 rounds of an OTP hash: a few milliseconds for one check, and enough to
slow down whoever reads a locker's roll (a six-digit code is a small space: the tries
limit and the expiry are what protect it)."""
_DOSSIER = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{3,39}$")
_PHONE = re.compile(r"^0[1-9][0-9]{8}$")
_OTP = re.compile(rf"^[0-9]{{{OTP_DIGITS}}}$")
_SALT = re.compile(r"^[0-9a-f]{32}$")


def dossier_code(text: str) -> str:
    """Return a dossier code as the floor keys it: NFC, trimmed, upper case."""
    return unicodedata.normalize("NFC", text).strip().upper()


def phone_number(text: str) -> str | None:
    """Return a Vietnamese phone number as 0XXXXXXXXX (from +84…, with spaces or dots), or
    None when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def mask_phone(phone: str) -> str:
    """Return the phone number as the floor keeps and shows it: 091*****78."""
    return phone[:3] + "*" * (len(phone) - 5) + phone[-2:]


def hash_otp(otp: str, salt: str) -> str:
    """Return the salted hash of a code (hex); `salt` is 32 hex digits."""
    return hashlib.pbkdf2_hmac("sha256", otp.encode(), bytes.fromhex(salt), OTP_ROUNDS).hex()


def otp_matches(otp: str, salt: str, digest: str) -> bool:
    """Whether a typed code is the one hashed (in constant time)."""
    typed = re.sub(r"\s", "", otp)
    return bool(_OTP.match(typed)) and hmac.compare_digest(hash_otp(typed, salt), digest)


# --- commands --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepositDossier:
    """An officer placed a finished dossier in a locker slot; text the citizen a code.

    `otp` and `salt` are made by the shell (the core draws no random numbers); the
    phone number and the code leave the core only hashed or masked."""

    locker: str
    slot: int
    dossier: str
    phone: str = field(repr=False)
    otp: str = field(repr=False)
    salt: str
    device: str = ""
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class OpenLocker:
    """A citizen typed a dossier code and its OTP at a locker."""

    locker: str
    dossier: str
    otp: str = field(repr=False)
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class ReportLockerOpen:
    """A locker opened a slot on its own (the floor was unreachable) at `opened_at`."""

    locker: str
    dossier: str
    slot: int
    opened_at: datetime
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class ReportLockerFailure:
    """A locker counted a wrong code typed while the floor was unreachable (it counts as
    a wrong try here, so tries offline do not add to the tries online)."""

    locker: str
    dossier: str
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class ReportCodeText:
    """The SMS port sent the citizen the code of a deposit, or failed (`error`)."""

    dossier: str
    error: str = ""


@dataclass(frozen=True, slots=True)
class WithdrawDossier:
    """An officer took a dossier back out of its slot (locked, expired, or not wanted)."""

    locker: str
    slot: int


LockerCommand = (
    DepositDossier
    | OpenLocker
    | ReportLockerOpen
    | ReportLockerFailure
    | ReportCodeText
    | WithdrawDossier
)
LOCKER_COMMANDS = (
    DepositDossier,
    OpenLocker,
    ReportLockerOpen,
    ReportLockerFailure,
    ReportCodeText,
    WithdrawDossier,
)


# --- events ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DossierDeposited:
    """A dossier waits in a slot; its code's hash, salt and expiry; the phone masked."""

    at: datetime
    locker: str
    slot: int
    dossier: str
    phone_masked: str
    otp_hash: str
    salt: str
    expires_at: datetime
    device: str
    request_id: str


@dataclass(frozen=True, slots=True)
class LockerCodeFailed:
    """A wrong code was typed for a dossier; `tries_left` before it locks."""

    at: datetime
    locker: str
    dossier: str
    tries_left: int
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class DossierLocked:
    """Too many wrong codes: the dossier's slot stays shut until an officer takes it back."""

    at: datetime
    locker: str
    slot: int
    dossier: str


@dataclass(frozen=True, slots=True)
class LockerSlotOpened:
    """A slot opened for its dossier (once): decided here, or by the locker offline."""

    at: datetime
    locker: str
    slot: int
    dossier: str
    offline: bool
    opened_at: datetime
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class CodeTexted:
    """The citizen was texted the code of a deposit."""

    at: datetime
    locker: str
    dossier: str


@dataclass(frozen=True, slots=True)
class CodeNotSent:
    """The citizen could not be texted the code of a deposit (the officer places it again)."""

    at: datetime
    locker: str
    slot: int
    dossier: str
    phone_masked: str
    error: str


@dataclass(frozen=True, slots=True)
class DossierWithdrawn:
    """An officer took a dossier back out of its slot; the slot is free."""

    at: datetime
    locker: str
    slot: int
    dossier: str


LockerEvent = (
    DossierDeposited
    | CodeTexted
    | CodeNotSent
    | LockerCodeFailed
    | DossierLocked
    | LockerSlotOpened
    | DossierWithdrawn
)
LOCKER_EVENTS = (
    DossierDeposited,
    CodeTexted,
    CodeNotSent,
    LockerCodeFailed,
    DossierLocked,
    LockerSlotOpened,
    DossierWithdrawn,
)
LOCKER_TIMES = ("expires_at", "opened_at")
"""Event fields other than `at` that hold a time."""


# --- state -----------------------------------------------------------------

DepositStatus = Literal["waiting", "locked", "collected", "withdrawn"]
SlotStatus = Literal["empty", "waiting", "expired", "locked"]


@dataclass(slots=True)
class Deposit:
    """One dossier placed in a locker, and where it stands."""

    dossier: str
    locker: str
    slot: int
    phone_masked: str
    otp_hash: str
    salt: str
    deposited_at: datetime
    expires_at: datetime
    tries_left: int
    status: DepositStatus = "waiting"
    opened_at: datetime | None = None
    texted: bool = False
    """Whether the SMS port sent the code (a deposit not texted is to be placed again)."""


@dataclass(slots=True)
class LockerBoard:
    """Every locker's slots and every dossier placed (kept across days)."""

    slots: dict[str, list[str | None]]
    """The dossier in each slot of each locker (slot n at index n - 1), or None."""
    deposits: dict[str, Deposit] = field(default_factory=dict)
    tries: int = 5
    """Wrong codes a new deposit allows (the center's policy)."""

    @classmethod
    def initial(cls, config: CenterConfig) -> LockerBoard:
        """Return the empty lockers of a center."""
        return cls({k.id: [None] * k.slots for k in config.lockers}, {}, config.policy.locker_tries)

    def apply(self, event: LockerEvent) -> None:
        """Fold one locker event."""
        if isinstance(event, DossierDeposited):
            self.slots[event.locker][event.slot - 1] = event.dossier
            self.deposits[event.dossier] = Deposit(
                event.dossier,
                event.locker,
                event.slot,
                event.phone_masked,
                event.otp_hash,
                event.salt,
                event.at,
                event.expires_at,
                self.tries,
            )
            return
        deposit = self.deposits[event.dossier]
        if isinstance(event, CodeTexted):
            deposit.texted = True
        elif isinstance(event, CodeNotSent):
            deposit.texted = False
        elif isinstance(event, LockerCodeFailed):
            deposit.tries_left = event.tries_left
        elif isinstance(event, DossierLocked):
            deposit.status = "locked"
        elif isinstance(event, LockerSlotOpened):
            deposit.status = "collected"
            deposit.opened_at = event.opened_at
            self.slots[deposit.locker][deposit.slot - 1] = None
        else:
            deposit.status = "withdrawn"
            self.slots[deposit.locker][deposit.slot - 1] = None

    def waiting(self, locker: str, now: datetime) -> list[Deposit]:
        """Return the dossiers a locker may still hand out, by slot (its offline roll)."""
        return sorted(
            (
                d
                for d in self.deposits.values()
                if d.locker == locker and d.status == "waiting" and now <= d.expires_at
            ),
            key=lambda d: d.slot,
        )

    def slot_status(self, locker: str, slot: int, now: datetime) -> tuple[SlotStatus, str | None]:
        """Return how one slot stands, and the dossier in it."""
        dossier = self.slots[locker][slot - 1]
        if dossier is None:
            return "empty", None
        deposit = self.deposits[dossier]
        if deposit.status == "locked":
            return "locked", dossier
        return ("expired" if now > deposit.expires_at else "waiting"), dossier

    def plain(self) -> dict[str, Any]:
        """Return the board as JSON-ready data (for snapshots)."""
        deposits = []
        for d in self.deposits.values():
            item = dataclasses.asdict(d)
            for name in ("deposited_at", "expires_at", "opened_at"):
                item[name] = item[name].isoformat() if item[name] else None
            deposits.append(item)
        return {"slots": {k: list(v) for k, v in self.slots.items()}, "deposits": deposits}

    def load(self, data: dict[str, Any]) -> None:
        """Take the contents `plain` gave."""
        self.slots = {str(k): list(v) for k, v in data["slots"].items()}
        self.deposits = {}
        for item in data["deposits"]:
            values = dict(item)
            for name in ("deposited_at", "expires_at", "opened_at"):
                values[name] = datetime.fromisoformat(values[name]) if values[name] else None
            self.deposits[values["dossier"]] = Deposit(**values)


# --- decide ----------------------------------------------------------------


def decide_locker(
    board: LockerBoard, config: CenterConfig, cmd: LockerCommand, now: datetime
) -> list[LockerEvent]:
    """Return the events of a locker command at `now`; raise Rejected."""
    if isinstance(cmd, ReportCodeText):
        return [_texted(board, cmd, now)]
    locker = _locker(board, cmd.locker or (config.lockers[0].id if config.lockers else ""))
    if isinstance(cmd, DepositDossier):
        return [_deposit(board, config, locker, cmd, now)]
    if isinstance(cmd, WithdrawDossier):
        dossier = _slot(board, locker, cmd.slot)
        if dossier is None:
            raise Rejected("slot_empty", f"ô {cmd.slot} đang trống")
        return [DossierWithdrawn(now, locker, cmd.slot, dossier)]
    deposit = board.deposits.get(dossier_code(cmd.dossier))
    if deposit is None or deposit.locker != locker:
        raise Rejected("unknown_dossier", "không có hồ sơ này trong tủ")
    if isinstance(cmd, ReportLockerOpen):
        if deposit.slot != cmd.slot:
            raise Rejected("wrong_slot", f"hồ sơ này ở ô {deposit.slot}")
        if deposit.status in ("collected", "withdrawn"):  # opened online meanwhile
            raise Rejected("already_collected", "hồ sơ này đã được nhận")
        return [
            LockerSlotOpened(
                now, locker, cmd.slot, deposit.dossier, True, cmd.opened_at, cmd.request_id
            )
        ]
    if deposit.status == "collected":
        raise Rejected("already_collected", "hồ sơ này đã được nhận")
    if deposit.status == "withdrawn":
        raise Rejected("withdrawn", "hồ sơ này đã được cán bộ lấy lại, vui lòng gặp cán bộ")
    if deposit.status == "locked":
        raise Rejected("locked", "hồ sơ này đã bị khóa, vui lòng gặp cán bộ")
    if isinstance(cmd, ReportLockerFailure):  # typed while the floor was away: it counts
        return _wrong(deposit, locker, now, cmd.request_id)
    if now > deposit.expires_at:
        raise Rejected("otp_expired", "mã OTP đã hết hạn, vui lòng gặp cán bộ")
    if otp_matches(cmd.otp, deposit.salt, deposit.otp_hash):
        slot = deposit.slot
        return [LockerSlotOpened(now, locker, slot, deposit.dossier, False, now, cmd.request_id)]
    return _wrong(deposit, locker, now, cmd.request_id)


def _wrong(deposit: Deposit, locker: str, now: datetime, request_id: str) -> list[LockerEvent]:
    """Return the events of one wrong code: a try fewer, and the lock at the last."""
    left = deposit.tries_left - 1
    failed = LockerCodeFailed(now, locker, deposit.dossier, left, request_id)
    if left > 0:
        return [failed]
    return [failed, DossierLocked(now, locker, deposit.slot, deposit.dossier)]


def _texted(board: LockerBoard, cmd: ReportCodeText, now: datetime) -> LockerEvent:
    deposit = board.deposits.get(dossier_code(cmd.dossier))
    if deposit is None or deposit.status != "waiting":
        raise Rejected("unknown_dossier", "không có hồ sơ này trong tủ")
    if not cmd.error:
        return CodeTexted(now, deposit.locker, deposit.dossier)
    where = (deposit.locker, deposit.slot, deposit.dossier, deposit.phone_masked)
    return CodeNotSent(now, *where, cmd.error[:200])


def _deposit(
    board: LockerBoard, config: CenterConfig, locker: str, cmd: DepositDossier, now: datetime
) -> DossierDeposited:
    if _slot(board, locker, cmd.slot) is not None:
        raise Rejected("slot_taken", f"ô {cmd.slot} đang có hồ sơ")
    dossier = dossier_code(cmd.dossier)
    if not _DOSSIER.match(dossier):
        raise Rejected("bad_dossier", "mã hồ sơ gồm 4 đến 40 chữ, số, dấu chấm hoặc gạch")
    known = board.deposits.get(dossier)
    if known is not None and known.status == "collected":
        raise Rejected("already_collected", "hồ sơ này đã được nhận")
    if known is not None and known.status != "withdrawn":
        raise Rejected("already_deposited", f"hồ sơ này đang ở ô {known.slot}")
    phone = phone_number(cmd.phone)
    if phone is None:
        raise Rejected("bad_phone", "số điện thoại di động không hợp lệ")
    if not _OTP.match(cmd.otp) or not _SALT.match(cmd.salt):
        raise Rejected("bad_code", "mã OTP phải gồm 6 chữ số, muối 32 chữ số hex")
    return DossierDeposited(
        at=now,
        locker=locker,
        slot=cmd.slot,
        dossier=dossier,
        phone_masked=mask_phone(phone),
        otp_hash=hash_otp(cmd.otp, cmd.salt),
        salt=cmd.salt,
        expires_at=now + timedelta(hours=config.policy.locker_code_hours),
        device=cmd.device,
        request_id=cmd.request_id,
    )


def _locker(board: LockerBoard, locker: str) -> str:
    if locker not in board.slots:
        raise Rejected("unknown_locker", f"không có tủ {locker!r}")
    return locker


def _slot(board: LockerBoard, locker: str, slot: int) -> str | None:
    slots = board.slots[locker]
    if not 1 <= slot <= len(slots):
        raise Rejected("unknown_slot", f"tủ {locker} có các ô 1..{len(slots)}")
    return slots[slot - 1]
