"""The result locker on the wire: deposit commands, answers to lockers and counters, rolls."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from devices import payloads as p
from devices import topics
from floor.core import events as e
from floor.core import lockers as k
from floor.core.state import FloorState

Reply = Callable[[str, str, p.Message], None]
"""Send a command message (`cmd/{name}`) to one device: (device, name, message)."""
LOCKER_REPLIES = (k.DossierDeposited, k.LockerCodeFailed, k.LockerSlotOpened)
"""The locker events a device hears about (again, when it sends the same message twice)."""


def new_code() -> tuple[str, str]:
    """Return a fresh one-time code (six digits) and its salt (32 hex digits)."""
    return f"{secrets.randbelow(10**k.OTP_DIGITS):0{k.OTP_DIGITS}d}", secrets.token_hex(16)


def deposit_command(
    locker: str, slot: int, dossier: str, phone: str, device: str = "", request_id: str = ""
) -> k.DepositDossier:
    """Return the command that places a dossier in a slot, with a fresh code to text."""
    otp, salt = new_code()
    return k.DepositDossier(locker, slot, dossier, phone, otp, salt, device, request_id)


def deposit_text(event: k.DossierDeposited) -> str:
    """Return what the counter terminal shows after a deposit."""
    until = event.expires_at.strftime("%H:%M %d/%m/%Y")
    return (
        f"Đã gửi hồ sơ {event.dossier} vào ô số {event.slot} ({event.locker}); "
        f"đã nhắn mã OTP tới {event.phone_masked}, dùng được đến {until}."
    )


def sms_text(center: str, event: k.DossierDeposited, otp: str) -> str:
    """Return the text message that gives the citizen the code."""
    until = event.expires_at.strftime("%H:%M %d/%m/%Y")
    return (
        f"{center}: hồ sơ {event.dossier} đã có kết quả tại ATM hồ sơ, ô số {event.slot}. "
        f"Mã OTP: {otp}, dùng đến {until}. Nhập mã hồ sơ và mã OTP tại tủ để nhận. "
        "Không chia sẻ mã này."
    )


def replies(events: list[e.Event], devices: set[str], now: datetime, reply: Reply) -> None:
    """Answer the counter that deposited and the locker a citizen typed a code at."""
    for event in events:
        if isinstance(event, k.DossierDeposited) and event.device in devices:
            notice = p.DepositNotice(
                id=_id(),
                ts=now,
                request_id=event.request_id or _id(),
                locker=event.locker,
                slot=event.slot,
                dossier=event.dossier,
                phone_masked=event.phone_masked,
                expires_at=event.expires_at,
                text=deposit_text(event),
            )
            reply(event.device, "deposited", notice)
        elif isinstance(event, k.LockerCodeFailed | k.LockerSlotOpened) and event.request_id:
            reply(event.locker, "open", _open_result(event, now))


def _open_result(event: k.LockerCodeFailed | k.LockerSlotOpened, now: datetime) -> p.OpenResult:
    """Return the locker's answer to a typed code (or to a report of an offline open)."""
    if isinstance(event, k.LockerSlotOpened):
        slot, left, text = event.slot, 0, opened_text(event.slot)
    else:
        slot, left = None, event.tries_left
        text = (
            f"Mã OTP không đúng, còn {left} lần thử."
            if left
            else "Mã OTP sai quá số lần cho phép: hồ sơ đã bị khóa, vui lòng gặp cán bộ."
        )
    return p.OpenResult(
        id=_id(),
        ts=now,
        ref=event.request_id,
        dossier=event.dossier,
        opened=slot is not None,
        slot=slot,
        tries_left=left,
        text=text,
    )


def opened_text(slot: int) -> str:
    """Return what the locker shows when a slot opens."""
    return f"Ô số {slot} đã mở. Mời anh/chị nhận hồ sơ và đóng cửa ô."


def rolls(center: str, state: FloorState, now: datetime) -> list[tuple[str, p.LockerRoll]]:
    """Return each locker's roll topic and the dossiers it may hand out offline."""
    out = []
    for locker in state.config.lockers:
        roll = p.LockerRoll(
            id=_id(),
            ts=now,
            locker=locker.id,
            rounds=k.OTP_ROUNDS,
            collections=[
                p.LockerCollection(
                    dossier=d.dossier,
                    slot=d.slot,
                    otp_hash=d.otp_hash,
                    salt=d.salt,
                    expires_at=d.expires_at,
                    tries_left=d.tries_left,
                )
                for d in state.lockers.waiting(locker.id, now)
            ],
        )
        out.append((topics.LOCKER_ROLL.topic(center=center, device_id=locker.id), roll))
    return out


def _id() -> str:
    return secrets.token_hex(16)
