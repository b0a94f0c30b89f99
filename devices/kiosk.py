"""The ticket kiosk: a citizen picks a procedure and gets a printed number."""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import unicodedata
from collections.abc import Callable
from datetime import date

from devices import payloads as p
from devices import topics
from devices.client import DeviceClient, Received, Refused, ReplyUnknown
from devices.idcard import BadCard, card_priority, parse_card
from floor.core.catalog import Catalog, Lang
from floor.core.commands import PRIORITY_CLASSES, PriorityClass
from floor.core.redact import redact
from floor.dossiers.port import BadCode, dossier_code

log = logging.getLogger(__name__)
PRIORITY_NAMES = {
    "elderly": "Người cao tuổi",
    "disability": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "small_child": "Người đi cùng trẻ nhỏ",
    "urgent": "Trường hợp khẩn cấp",
}
NO_SECRET = (
    "the kiosk needs the center's citizen secret (FLOOR_CITIZEN_SECRET or --citizen-secret; "
    "`floor devices provision` writes it to credentials.yaml): without it, citizen ID "
    "hashes can be reversed"
)


def citizen_hash(secret: bytes, citizen_id: str) -> str:
    """Return the HMAC-SHA256 of a citizen ID number under the center's secret: the only
    form that leaves a kiosk (a plain hash of 12 digits is reversed in seconds)."""
    if not secret:
        raise ValueError(NO_SECRET)
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", citizen_id) if ch.isdigit())
    if len(digits) not in (9, 12):
        raise ValueError("a citizen ID has 12 digits (9 on old cards)")
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()


class Kiosk:
    """A kiosk's work: ask for a ticket, for staff or for refreshments."""

    def __init__(self, client: DeviceClient, secret: bytes, elderly_age: int = 60) -> None:
        if not secret:
            raise ValueError(NO_SECRET)
        self.client = client
        self.secret = secret
        self.elderly_age = elderly_age
        """The center's policy: an ID card gives elderly priority from this age."""

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
        hashed = citizen_hash(self.secret, citizen_id) if citizen_id else None
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

    def request_by_card(
        self,
        procedure: str,
        scanned: str,
        today: date,
        priority: PriorityClass | None = None,
        lang: Lang = "vi",
    ) -> p.TicketIssuedNotice:
        """Ask for a ticket for the holder of a scanned ID card: only the salted hash of
        its number and the priority its age gives (unless `priority` says another) leave
        the kiosk. Raise BadCard, before anything is sent, for a string that is no card."""
        card = parse_card(scanned)
        by_age = card_priority(card, today, self.elderly_age)
        return self.request(procedure, priority or by_age, lang, citizen_id=card.number)

    def dossier(self, code: str, lang: Lang = "vi") -> p.DossierAnswer:
        """Ask the floor what the city knows of the dossier on a receipt. Raise BadCode,
        before anything is sent, for a code that cannot be one (digits alone may be an ID
        number). The floor answers within its own deadline."""
        code = dossier_code(code)
        got = self.client.exchange(
            "dossier_query", reply="dossier", timeout=8.0, retries=1, code=code, lang=lang
        )
        assert got is not None
        return p.DossierAnswer.model_validate(got.data)

    def ask_staff(self, text: str = "", lang: Lang = "vi", urgent: bool = False) -> str:
        """Call a person for the citizen (what they typed leaves with its numbers hidden);
        return the message id a refusal would name."""
        text = redact(text)[:300]
        return self.client.send("staff_request", text=text, lang=lang, urgent=urgent).id

    def refreshments(self, note: str = "", area: str | None = None) -> str:
        """Ask for water and snacks (the note leaves with its numbers hidden); return the
        message id a refusal would name."""
        return self.client.send("refreshment_request", note=redact(note)[:200], area=area).id


def slip(notice: p.TicketIssuedNotice) -> str:
    """Return the ticket as printed."""
    width = max(len(line) for line in notice.text) + 4
    rule = "+" + "-" * (width - 2) + "+"
    return "\n".join([rule, *(f"| {line.ljust(width - 4)} |" for line in notice.text), rule])


class FloorCatalog:
    """The catalog the floor runs, from its retained `state/catalog` (a city version once
    applied); the device's own catalog file until the floor has said."""

    def __init__(self, client: DeviceClient, own: Catalog) -> None:
        self._catalog = own
        self._lock = threading.Lock()
        client.watchers.append(self._watch)
        client.listen(topics.STATE.topic(center=client.center, name="catalog"))

    def now(self) -> Catalog:
        """Return the catalog to offer now."""
        with self._lock:
            return self._catalog

    def _watch(self, got: Received) -> None:
        """On paho's thread: take a new catalog; a malformed one is logged and ignored."""
        if (got.kind, got.name) != ("state", "catalog"):
            return
        try:
            catalog = p.CatalogState.model_validate(got.data).catalog
        except ValueError:
            log.warning("ignored a malformed catalog from the floor")
            return
        with self._lock:
            self._catalog = catalog


def terminal(kiosk: Kiosk, catalog: Catalog, ask: Callable[[str], str] = input) -> None:
    """Run the kiosk on a terminal until the input ends ('q' or end of file); it offers
    the floor's catalog, `catalog` (the kiosk's file) until the floor has said."""
    offered = FloorCatalog(kiosk.client, catalog)
    scanned: str | None = None
    while True:
        procedures = offered.now().procedures
        print("\nCHỌN THỦ TỤC / CHOOSE A PROCEDURE / 업무 선택")
        for i, proc in enumerate(procedures, 1):
            print(f"  {i:2d}. {proc.name.vi}  ({proc.name.en})")
        try:
            choice = ask("Số thủ tục, quét căn cước hoặc biên nhận hồ sơ (q: thoát): ").strip()
        except EOFError:
            return
        if choice.lower() == "q":
            return
        if "|" in choice:  # the scanner types the card's QR and Enter
            scanned = _read_card(kiosk, choice)
            continue
        if len(choice) > 5 and any(ch.isdigit() for ch in choice):  # a receipt's QR
            _show_dossier(kiosk, choice)
            continue
        if not choice.isdigit() or not 1 <= int(choice) <= len(procedures):
            print("Vui lòng chọn một số trong danh sách.")
            continue
        print(
            "Ưu tiên: "
            + ", ".join(f"{i}={PRIORITY_NAMES[k]}" for i, k in enumerate(PRIORITY_CLASSES, 1))
        )
        prio = ask("Ưu tiên (Enter: không): ").strip()
        lang = ask("Ngôn ngữ vi/en/ko (Enter: vi): ").strip() or "vi"
        procedure = procedures[int(choice) - 1].id
        chosen = prio.isdigit() and 0 < int(prio) <= len(PRIORITY_CLASSES)
        priority = PRIORITY_CLASSES[int(prio) - 1] if chosen else None
        language: Lang = lang if lang in ("vi", "en", "ko") else "vi"  # type: ignore[assignment]
        card, scanned = scanned, None  # a card counts for one ticket
        try:
            if card is None:
                notice = kiosk.request(procedure, priority, language)
            else:
                notice = kiosk.request_by_card(procedure, card, date.today(), priority, language)
        except ReplyUnknown:
            print("Đã gửi yêu cầu nhưng chưa có trả lời: vui lòng hỏi cán bộ trước khi lấy số lại.")
            continue
        except (Refused, TimeoutError) as exc:
            print(f"Không lấy được số: {exc}")
            continue
        print(slip(notice))


def _read_card(kiosk: Kiosk, scanned: str) -> str | None:
    """Check a scanned card on the kiosk's screen; return it, or None when it is no card."""
    try:
        priority = card_priority(parse_card(scanned), date.today(), kiosk.elderly_age)
    except BadCard as exc:
        print(f"Không đọc được căn cước, vui lòng quét lại ({exc}). Chưa gửi gì.")
        return None
    if priority == "elderly":
        print(f"Đã đọc căn cước: ưu tiên {PRIORITY_NAMES['elderly'].lower()}. Mời chọn thủ tục.")
    else:
        print("Đã đọc căn cước. Mời chọn thủ tục.")
    return scanned


def _show_dossier(kiosk: Kiosk, code: str) -> None:
    """Show what the floor knows of the dossier on a scanned receipt."""
    try:
        print(kiosk.dossier(code).text)
    except BadCode as exc:
        print(f"Mã hồ sơ không hợp lệ, vui lòng quét lại biên nhận ({exc}). Chưa gửi gì.")
    except Refused as exc:
        print(f"Chưa tra cứu được hồ sơ tại đây ({exc.detail}).")
    except (ReplyUnknown, TimeoutError):
        print("Chưa tra cứu được hồ sơ, vui lòng thử lại hoặc hỏi cán bộ.")
