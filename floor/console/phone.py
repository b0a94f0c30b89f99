"""The phone page's floor side: a signed cookie per phone, its limits, its numbers and
their place, and a chat answered by the speech package's understanding and dialog.

A phone is a random id in an HMAC-signed cookie (the key is the center's own, kept
beside the console's accounts); nothing in it says who the citizen is. Its numbers are
the core's tickets of device `phone` whose request id starts with the phone's id, so
the count a phone may take a day survives a restart of the floor.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devices.gateway import counters_state, queues_state
from floor.core.catalog import LANGS, Lang
from floor.core.commands import IssueTicket, NoteQuestion, RequestStaff
from floor.core.errors import Rejected
from floor.core.events import DayStarted, Event, TicketIssued
from floor.core.queueing import estimate
from floor.core.redact import redact
from floor.core.state import Ticket
from floor.limits import TokenBucket
from floor.service import Orchestrator
from speech.dialog import CLARIFY_BELOW, Dialog, FloorView
from speech.dialog import T as DIALOG_TEXT
from speech.intents import Understander

DEVICE = "phone"
"""The device name of the phone page's tickets, questions and staff requests."""
COOKIE = "floor_phone"
COOKIE_TTL_S = 12 * 3600
KEPT = 2000
"""Phones whose rate bucket and chat context are remembered (the least recent go)."""
STREAMS_PER_PHONE = 3
STREAMS = 1000
"""Live streams one phone, and all phones together, may hold open."""

TEXT: dict[str, dict[Lang, str]] = {
    "too_many": {
        "vi": "Xin lỗi, mỗi điện thoại chỉ lấy được {limit} số mỗi ngày. "
        "Nếu cần thêm, bạn vui lòng lấy số ở máy lấy số hoặc hỏi cán bộ.",
        "en": "Sorry, one phone can take {limit} numbers a day. If you need another, "
        "please use the ticket kiosk or ask the staff.",
        "ko": "죄송합니다. 휴대폰 한 대로 하루에 {limit}개의 번호표만 받을 수 있습니다. "
        "더 필요하시면 발급기를 이용하시거나 직원에게 문의해 주세요.",
    },
    "slow_down": {
        "vi": "Bạn thao tác hơi nhanh, vui lòng chờ một chút rồi thử lại.",
        "en": "That was a little fast; please wait a moment and try again.",
        "ko": "요청이 너무 빠릅니다. 잠시 후 다시 시도해 주세요.",
    },
    "reload": {
        "vi": "Vui lòng tải lại trang rồi thử lại.",
        "en": "Please reload the page and try again.",
        "ko": "페이지를 새로 고친 후 다시 시도해 주세요.",
    },
    "no_procedure": {
        "vi": "Không có thủ tục này, bạn vui lòng chọn lại.",
        "en": "There is no such procedure; please choose again.",
        "ko": "해당 업무가 없습니다. 다시 선택해 주세요.",
    },
    "not_issued": {
        "vi": "Xin lỗi, chưa lấy được số. Bạn vui lòng thử lại hoặc dùng máy lấy số.",
        "en": "Sorry, no number could be taken. Please try again or use the ticket kiosk.",
        "ko": "죄송합니다. 번호표를 받지 못했습니다. 다시 시도하시거나 발급기를 이용해 주세요.",
    },
    "unsure": {
        "vi": "Tôi chưa chắc đã hiểu đúng câu hỏi. Bạn có muốn gặp cán bộ không?",
        "en": "I am not sure I understood. Would you like to talk to a staff member?",
        "ko": "질문을 정확히 이해했는지 확실하지 않습니다. 직원과 이야기하시겠어요?",
    },
    "offer": {
        "vi": "Bạn bấm nút dưới đây để mời cán bộ đến hỗ trợ.",
        "en": "Tap the button below and a staff member will come to help you.",
        "ko": "아래 버튼을 누르시면 직원이 도와드리러 갑니다.",
    },
    "nothing_to_send": {
        "vi": "Bạn hãy viết câu hỏi trước, rồi bấm gặp cán bộ.",
        "en": "Please write your question first, then ask for a staff member.",
        "ko": "먼저 질문을 입력하신 후 직원 호출을 눌러 주세요.",
    },
}


class PhoneRefused(Exception):
    """A phone's request refused, with the HTTP status and a polite text."""

    def __init__(self, status: int, code: str, lang: Lang, **values: object) -> None:
        super().__init__(code)
        self.status, self.code = status, code
        self.message = TEXT[code][lang].format(**values)


class PhoneKey:
    """Sign and check phone ids with the center's key (HMAC-SHA256)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def load(cls, path: Path | None) -> PhoneKey:
        """Return the key kept in `path` (made, mode 0600, the first time); with no path,
        a key for this process only."""
        if path is None:
            return cls(secrets.token_bytes(32))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32))
        return cls(path.read_text().strip().encode())

    def _sign(self, phone: str) -> str:
        mac = hmac.new(self._secret, phone.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def issue(self) -> tuple[str, str]:
        """Return a new phone id and its cookie value."""
        phone = secrets.token_urlsafe(12)
        return phone, f"{phone}.{self._sign(phone)}"

    def phone(self, cookie: str | None) -> str | None:
        """Return the phone id of a cookie value, or None if it is not one we signed."""
        phone, _, mac = (cookie or "").partition(".")
        if not phone or not hmac.compare_digest(mac, self._sign(phone)):
            return None
        return phone


@dataclass
class Chat:
    """One phone's conversation: the dialog's context, and what it asked last that a
    person should answer (redacted)."""

    dialog: Dialog
    unsure: list[str] = field(default_factory=list)


class PhoneDesk:
    """What the phone routes share: limits, numbers and places, chats, live changes.

    Every method runs on the floor's loop, which owns the state.
    """

    def __init__(
        self, floor: Orchestrator, key: PhoneKey, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.floor = floor
        self.key = key
        self.clock = clock
        limits = floor.state.config.limits
        self._rate = limits.rate("kiosk")
        self.per_day = limits.tickets_per_phone_day
        self._all = TokenBucket.full(limits.phones, clock())
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        self._chats: OrderedDict[str, Chat] = OrderedDict()
        self._pending: dict[str, int] = {}
        self._understander = Understander(floor.state.catalog)
        self._changed = asyncio.Event()
        self._mine: dict[str, list[str]] = {}
        """Today's tickets of each phone, by id, oldest first."""
        self._streams: dict[str, int] = {}
        self._streaming = 0
        self._closed = False

    # --- limits -------------------------------------------------------------------------

    def admit(self, phone: str, lang: Lang) -> None:
        """Take a token from the phone's bucket and everyone's; raise PhoneRefused."""
        now = self.clock()
        bucket = self._buckets.pop(phone, None) or TokenBucket.full(self._rate, now)
        self._buckets[phone] = bucket
        if len(self._buckets) > KEPT:
            self._buckets.popitem(last=False)
        if not bucket.take(now) or not self._all.take(now):
            raise PhoneRefused(429, "slow_down", lang)

    # --- numbers ------------------------------------------------------------------------

    def load(self) -> None:
        """Index today's phone tickets by phone, from the state (when the console starts)."""
        self._mine = {}
        for t in sorted(self.floor.state.tickets.values(), key=lambda t: t.order):
            if t.device == DEVICE:
                self._mine.setdefault(t.request_id.partition(":")[0], []).append(t.id)

    def feed(self, events: list[Event]) -> None:
        """Take a batch of the floor's events: index new phone tickets, wake the phones."""
        for event in events:
            if isinstance(event, DayStarted):
                self._mine = {}
            elif isinstance(event, TicketIssued) and event.device == DEVICE:
                self._mine.setdefault(event.request_id.partition(":")[0], []).append(event.ticket)
        self._wake()

    def close(self) -> None:
        """End every live stream (the server is stopping)."""
        self._closed = True
        self._wake()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def tickets(self, phone: str) -> list[Ticket]:
        """Return today's tickets this phone took, oldest first."""
        state = self.floor.state
        found = (state.tickets.get(i) for i in self._mine.get(phone, ()))
        return [t for t in found if t is not None and t.issued_at.date() == state.day]

    async def take(self, phone: str, procedure: str, lang: Lang, nonce: str) -> Ticket:
        """Issue a number for this phone; the same `nonce` again gives the same ticket."""
        request = f"{phone}:{nonce[:40]}"
        held = self.tickets(phone)
        again = next((t for t in held if t.request_id == request), None)
        if again is not None:
            return again
        if self.floor.state.catalog.procedure(procedure) is None:
            raise PhoneRefused(422, "no_procedure", lang)
        if len(held) + self._pending.get(phone, 0) >= self.per_day:
            raise PhoneRefused(429, "too_many", lang, limit=self.per_day)
        self.admit(phone, lang)
        command = IssueTicket(procedure, lang=lang, request_id=request, device=DEVICE)
        self._pending[phone] = self._pending.get(phone, 0) + 1
        try:
            await self.floor.submit(command, DEVICE, key=f"{DEVICE}:{request}")
        except Rejected:
            raise PhoneRefused(503, "not_issued", lang) from None
        finally:
            self._pending[phone] -= 1
            if not self._pending[phone]:
                del self._pending[phone]
        ticket = next((t for t in self.tickets(phone) if t.request_id == request), None)
        if ticket is None:
            raise PhoneRefused(503, "not_issued", lang)
        return ticket

    def place(self, phone: str) -> dict[str, Any]:
        """Return what the phone shows: each of its numbers, its place and who is served."""
        state = self.floor.state
        out = []
        for t in self.tickets(phone):
            serving = [
                {"number": state.tickets[k.current].number, "counter": k.number}
                for k in sorted(state.counters.values(), key=lambda k: k.number)
                if k.current and state.tickets[k.current].field == t.field
            ]
            item: dict[str, Any] = {
                "number": t.number,
                "procedure": t.procedure,
                "status": t.status,
                "counter": t.counter,
                "serving": serving,
                "counters": sorted(n for n, k in state.counters.items() if t.field in k.fields),
            }
            if t.status == "waiting":
                guess = estimate(state, t)
                item |= {"ahead": guess.people_ahead, "minutes": guess.minutes}
            out.append(item)
        return {"tickets": out}

    # --- live ---------------------------------------------------------------------------

    def may_follow(self, phone: str, lang: Lang) -> None:
        """Raise PhoneRefused when this phone, or all phones, hold too many streams."""
        if self._streams.get(phone, 0) >= STREAMS_PER_PHONE or self._streaming >= STREAMS:
            raise PhoneRefused(429, "slow_down", lang)

    async def follow(
        self, phone: str, pause: float = 0.25, keepalive: float = 15.0
    ) -> AsyncIterator[bytes]:
        """Yield server-sent events: this phone's place now and after each change."""
        self._streams[phone] = self._streams.get(phone, 0) + 1
        self._streaming += 1
        try:
            yield b"retry: 3000\n\n"
            last = b""
            while not self._closed:
                changed = self._changed  # before reading: a change while we send is seen
                view = _json(self.place(phone))
                if view != last:
                    last = view
                    yield b"data: " + view + b"\n\n"
                try:
                    await asyncio.wait_for(changed.wait(), keepalive)
                except TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                await asyncio.sleep(pause)  # a call and its finish come as one update
        finally:
            self._streaming -= 1
            self._streams[phone] -= 1
            if not self._streams[phone]:
                del self._streams[phone]

    # --- chat ---------------------------------------------------------------------------

    def _chat(self, phone: str) -> Chat:
        state = self.floor.state
        chat = self._chats.pop(phone, None) or Chat(Dialog(FloorView(state.catalog, state.config)))
        self._chats[phone] = chat
        if len(self._chats) > KEPT:
            self._chats.popitem(last=False)
        now = self.floor.clock()
        chat.dialog.view.queues = queues_state(state, now)
        chat.dialog.view.counters = counters_state(state, now)
        waiting = [t.number for t in self.tickets(phone) if t.status == "waiting"]
        if waiting and not chat.dialog.ticket:
            chat.dialog.ticket = waiting[-1]
        return chat

    async def ask(self, phone: str, text: str, lang: Lang) -> dict[str, Any]:
        """Answer a question in the language asked, with the other two beside it."""
        self.admit(phone, lang)
        said = redact(" ".join(text.split())[:300])
        hint: Lang = "en" if lang == "en" else "vi"  # Korean is told by its script
        u = await asyncio.to_thread(self._understander.understand, text[:300], hint)
        chat = self._chat(phone)
        chat.dialog.lang = u.said_in  # typed, not misheard: answer in the language written
        before = dataclasses.replace(chat.dialog, history=[])
        reply = chat.dialog.respond(u)
        texts = {reply.lang: reply.text}
        for other in LANGS:
            if other != reply.lang:
                alt = dataclasses.replace(before, lang=other, chosen=True, history=[])
                texts[other] = alt.respond(u).text
        unsure = not u.urgent and (u.intent == "unknown" or u.confidence < CLARIFY_BELOW)
        person = not u.urgent and u.intent in ("ask_staff", "request_refreshment")
        if unsure:
            texts = {k: f"{v} {TEXT['unsure'][k]}" for k, v in texts.items()}
        elif person:  # a tap confirms it: the chat never calls a person on a guess
            texts = {k: TEXT["offer"][k] for k in texts}
        if unsure or person:
            chat.unsure = [*chat.unsure, said][-3:]
        if u.urgent:
            await self._staff(phone, said, reply.lang, urgent=True)
        note = NoteQuestion(DEVICE, u.intent, reply.lang, answered=not unsure)
        await self.floor.submit(note, DEVICE)
        return {
            "lang": reply.lang,
            "text": texts.pop(reply.lang),
            "others": texts,
            "unsure": unsure,
            "human": unsure or person,
            "ticket_for": reply.ticket_for,
        }

    async def call_staff(self, phone: str, lang: Lang) -> str:
        """Ask a person to help, with what the chat could not answer; return what to say."""
        self.admit(phone, lang)
        chat = self._chats.get(phone)
        if chat is None or not chat.unsure:
            raise PhoneRefused(422, "nothing_to_send", lang)
        text, chat.unsure = " / ".join(chat.unsure), []
        await self._staff(phone, text, lang, urgent=False)
        return DIALOG_TEXT["staff"][lang]

    async def _staff(self, phone: str, text: str, lang: Lang, urgent: bool) -> None:
        waiting = [t.number for t in self.tickets(phone) if t.status == "waiting"]
        said = f"[{DEVICE} {waiting[-1]}] {text}" if waiting else f"[{DEVICE}] {text}"
        await self.floor.submit(RequestStaff(DEVICE, said[:300], lang, urgent), DEVICE)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
