"""The ticket kiosk: a citizen picks a procedure and gets a printed number."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

from devices import payloads as p
from devices.client import DeviceClient, Refused
from floor.core.catalog import Catalog, Lang
from floor.core.commands import PRIORITY_CLASSES, PriorityClass

PRIORITY_NAMES = {
    "elderly": "Người cao tuổi",
    "disability": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "small_child": "Người đi cùng trẻ nhỏ",
    "urgent": "Trường hợp khẩn cấp",
}


def citizen_hash(salt: bytes, citizen_id: str) -> str:
    """Return the salted SHA-256 of a citizen ID number: the only form that leaves a kiosk."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", citizen_id) if ch.isdigit())
    if len(digits) not in (9, 12):
        raise ValueError("a citizen ID has 12 digits (9 on old cards)")
    return hashlib.sha256(salt + digits.encode()).hexdigest()


class Kiosk:
    """A kiosk's work: ask for a ticket and return what to print."""

    def __init__(self, client: DeviceClient, salt: bytes) -> None:
        self.client = client
        self.salt = salt

    def request(
        self,
        procedure: str,
        priority: PriorityClass | None = None,
        lang: Lang = "vi",
        guidance: bool = False,
        citizen_id: str | None = None,
        appointment: str | None = None,
    ) -> p.TicketIssuedNotice:
        """Ask the floor for a ticket; raise Refused with the floor's reason."""
        hashed = citizen_hash(self.salt, citizen_id) if citizen_id else None
        got = self.client.exchange(
            "ticket_request",
            reply="ticket",
            procedure=procedure,
            priority=priority,
            lang=lang,
            guidance=guidance,
            citizen_hash=hashed,
            appointment=appointment,
        )
        assert got is not None
        return p.TicketIssuedNotice.model_validate(got.data)


def slip(notice: p.TicketIssuedNotice) -> str:
    """Return the ticket as printed."""
    width = max(len(line) for line in notice.text) + 4
    rule = "+" + "-" * (width - 2) + "+"
    return "\n".join([rule, *(f"| {line.ljust(width - 4)} |" for line in notice.text), rule])


def terminal(kiosk: Kiosk, catalog: Catalog, ask: Callable[[str], str] = input) -> None:
    """Run the kiosk on a terminal until the input ends ('q' or end of file)."""
    procedures = catalog.procedures
    while True:
        print("\nCHỌN THỦ TỤC / CHOOSE A PROCEDURE / 업무 선택")
        for i, proc in enumerate(procedures, 1):
            print(f"  {i:2d}. {proc.name.vi}  ({proc.name.en})")
        try:
            choice = ask("Số thủ tục (q: thoát): ").strip()
        except EOFError:
            return
        if choice.lower() == "q":
            return
        if not choice.isdigit() or not 1 <= int(choice) <= len(procedures):
            print("Vui lòng chọn một số trong danh sách.")
            continue
        print(
            "Ưu tiên: "
            + ", ".join(f"{i}={PRIORITY_NAMES[k]}" for i, k in enumerate(PRIORITY_CLASSES, 1))
        )
        prio = ask("Ưu tiên (Enter: không): ").strip()
        lang = ask("Ngôn ngữ vi/en/ko (Enter: vi): ").strip() or "vi"
        try:
            notice = kiosk.request(
                procedures[int(choice) - 1].id,
                PRIORITY_CLASSES[int(prio) - 1] if prio.isdigit() and 0 < int(prio) <= 5 else None,
                lang if lang in ("vi", "en", "ko") else "vi",  # type: ignore[arg-type]
            )
        except (Refused, TimeoutError) as exc:
            print(f"Không lấy được số: {exc}")
            continue
        print(slip(notice))
