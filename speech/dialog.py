"""Replies from the live floor: papers, counters, people ahead, wait, tickets.

A Dialog holds one voice session's context (its language, the procedure last talked
about, the ticket it issued) and answers each Understanding from the catalog and the
retained floor state. Citizen-facing text is in the language the citizen speaks.

When the model is unsure (its probability below CLARIFY_BELOW) the dialog asks what
the citizen needs instead of guessing, and a ticket asked for without a procedure
waits for one: "cho tôi lấy số" → "Bạn cần làm thủ tục gì ạ?" → "khai sinh" → ticket.
An emergency is answered first and always.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.payloads import CountersState, QueuesState, TicketIssuedNotice
from floor.core.catalog import Catalog, CenterConfig, Lang, Procedure, Text
from speech.intents import Understanding

CLARIFY_BELOW = 0.4
"""Below this intent probability the dialog asks instead of answering."""

T: dict[str, dict[Lang, str]] = {
    "greeting": {
        "vi": "Xin chào! Tôi có thể giúp gì cho bạn? Bạn cần làm thủ tục gì ạ?",
        "en": "Hello! How can I help you? Which procedure do you need?",
        "ko": "안녕하세요! 무엇을 도와드릴까요? 어떤 업무가 필요하신가요?",
    },
    "goodbye": {
        "vi": "Cảm ơn bạn. Chúc bạn một ngày tốt lành!",
        "en": "Thank you. Have a good day!",
        "ko": "감사합니다. 좋은 하루 보내세요!",
    },
    "which": {
        "vi": "Bạn cần làm thủ tục gì ạ? Ví dụ: khai sinh, căn cước, chứng thực.",
        "en": "Which procedure do you need? For example: birth registration, ID card, "
        "certified copies.",
        "ko": "어떤 업무가 필요하신가요? 예: 출생 신고, 신분증, 사본 인증.",
    },
    "papers": {
        "vi": "{name}: bạn cần mang {docs}. Lệ phí: {fee} Lĩnh vực {field}, quầy {counters}.",
        "en": "{name}: please bring {docs}. Fee: {fee} Field {field}, counter {counters}.",
        "ko": "{name}: {docs}을(를) 준비해 주세요. 수수료: {fee} {field} 분야, {counters}번 창구.",
    },
    "counter": {
        "vi": "{name} thuộc lĩnh vực {field}, mời bạn đến quầy {counters}.",
        "en": "{name} is in the {field} field: please go to counter {counters}.",
        "ko": "{name}은(는) {field} 분야입니다. {counters}번 창구로 가세요.",
    },
    "counter_n": {
        "vi": "Quầy số {counter} phục vụ lĩnh vực {fields}.",
        "en": "Counter {counter} serves {fields}.",
        "ko": "{counter}번 창구는 {fields} 업무를 합니다.",
    },
    "ticket_counter": {
        "vi": "Số {ticket} được gọi ở quầy {counters}.",
        "en": "Number {ticket} is called at counter {counters}.",
        "ko": "{ticket}번은 {counters}번 창구에서 호출됩니다.",
    },
    "place": {
        "vi": "Số {ticket}: còn {ahead} người trước bạn, chờ khoảng {minutes} phút.",
        "en": "Number {ticket}: {ahead} people ahead of you, about {minutes} minutes.",
        "ko": "{ticket}번: 앞에 {ahead}명, 약 {minutes}분 기다리시면 됩니다.",
    },
    "gone": {
        "vi": "Số {ticket} không còn trong hàng chờ; có thể số đã được gọi. "
        "Bạn vui lòng xem bảng hoặc hỏi quầy.",
        "en": "Number {ticket} is no longer waiting; it may have been called. "
        "Please check the board or ask at the counter.",
        "ko": "{ticket}번은 대기 중이 아닙니다. 이미 호출되었을 수 있습니다. "
        "안내판을 확인해 주세요.",
    },
    "line": {
        "vi": "Lĩnh vực {field} đang có {waiting} người chờ, khoảng {minutes} phút.",
        "en": "{waiting} people are waiting for {field}, about {minutes} minutes.",
        "ko": "{field} 분야에 {waiting}명이 기다리고 있으며 약 {minutes}분 걸립니다.",
    },
    "all_lines": {
        "vi": "Hiện có {waiting} người đang chờ. Bạn cho tôi biết số hoặc thủ tục của bạn nhé.",
        "en": "{waiting} people are waiting now. Tell me your number or your procedure.",
        "ko": "현재 {waiting}명이 기다리고 있습니다. 번호나 업무를 말씀해 주세요.",
    },
    "no_state": {
        "vi": "Tôi chưa có thông tin hàng chờ, bạn vui lòng xem bảng điện tử.",
        "en": "I have no queue information yet; please check the board.",
        "ko": "아직 대기 정보가 없습니다. 안내판을 확인해 주세요.",
    },
    "issuing": {
        "vi": "Dạ, tôi lấy số {name} cho bạn.",
        "en": "I am getting you a number for {name}.",
        "ko": "{name} 번호표를 발급하겠습니다.",
    },
    "issued": {
        "vi": "Số của bạn là {ticket}. Mời bạn đến quầy {counters}. "
        "Còn {ahead} người trước bạn, chờ khoảng {minutes} phút.",
        "en": "Your number is {ticket}. Please go to counter {counters}. "
        "{ahead} people ahead of you, about {minutes} minutes.",
        "ko": "번호는 {ticket}번입니다. {counters}번 창구로 가세요. "
        "앞에 {ahead}명, 약 {minutes}분 기다리시면 됩니다.",
    },
    "ticket_failed": {
        "vi": "Xin lỗi, tôi chưa lấy được số. Bạn vui lòng lấy số ở máy lấy số gần cửa.",
        "en": "Sorry, I could not get a number. Please use the ticket kiosk by the door.",
        "ko": "죄송합니다. 번호표를 발급하지 못했습니다. 입구의 발급기를 이용해 주세요.",
    },
    "refreshment": {
        "vi": "Dạ, robot phục vụ sẽ mang nước đến cho bạn ngay. Bạn vui lòng ngồi chờ.",
        "en": "A service robot will bring you water shortly. Please stay seated.",
        "ko": "서비스 로봇이 곧 물을 가져다 드립니다. 앉아서 기다려 주세요.",
    },
    "staff": {
        "vi": "Dạ, tôi đã báo cán bộ của Trung tâm. Cán bộ sẽ đến hỗ trợ bạn ngay.",
        "en": "I have told the center's staff. Someone will come to help you shortly.",
        "ko": "센터 직원에게 알렸습니다. 곧 도와드리러 갑니다.",
    },
    "unwritten": {
        "vi": "Dạ, Trung tâm chưa ghi thông tin này cho tôi. Bạn vui lòng hỏi cán bộ ở quầy "
        "hướng dẫn hoặc xem bảng thông tin ở cửa.",
        "en": "The center has not given me this information. Please ask at the help desk or "
        "see the notice board by the entrance.",
        "ko": "센터에서 이 정보를 아직 알려 주지 않았습니다. 안내 창구에 문의하시거나 "
        "입구의 안내판을 확인해 주세요.",
    },
    "feedback": {
        "vi": "Cảm ơn góp ý của bạn. Bạn có thể đánh giá ở máy đánh giá tại mỗi quầy; "
        "tôi cũng đã chuyển ý kiến cho lãnh đạo Trung tâm.",
        "en": "Thank you for your feedback. You can rate us at the terminal of each counter; "
        "I have also passed it to the center's managers.",
        "ko": "의견 감사합니다. 각 창구의 평가기에서 평가하실 수 있으며, "
        "센터 관리자에게도 전달했습니다.",
    },
    "language": {
        "vi": "Dạ, tôi sẽ nói tiếng Việt.",
        "en": "Sure, I will speak English.",
        "ko": "네, 한국어로 말씀드리겠습니다.",
    },
    "urgent": {
        "vi": "Dạ, tôi đã báo khẩn cho cán bộ, người hỗ trợ đang đến ngay. "
        "Bạn cứ ở yên tại chỗ nhé.",
        "en": "I have raised an emergency alert; help is on the way. Please stay where you are.",
        "ko": "긴급 상황을 알렸습니다. 곧 도움이 옵니다. 그 자리에 계세요.",
    },
    "clarify": {
        "vi": "Dạ, bạn cần làm thủ tục gì ạ? Bạn cũng có thể hỏi lấy số, hỏi quầy "
        "hoặc hỏi thời gian chờ.",
        "en": "Which procedure do you need? You can also ask for a number, a counter "
        "or the waiting time.",
        "ko": "어떤 업무가 필요하신가요? 번호표, 창구, 대기 시간도 물어보실 수 있습니다.",
    },
    "unknown": {
        "vi": "Xin lỗi, tôi chưa hiểu. Bạn có thể nói thủ tục bạn cần, hoặc nói 'lấy số'.",
        "en": "Sorry, I did not understand. Tell me the procedure you need, or say 'ticket'.",
        "ko": "죄송합니다. 이해하지 못했습니다. "
        "필요한 업무를 말씀하시거나 '번호표'라고 말씀해 주세요.",
    },
}
_NONE_OPEN: dict[Lang, str] = {"vi": "(chưa mở)", "en": "(none open)", "ko": "(미개설)"}
_AND: dict[Lang, str] = {"vi": " hoặc ", "en": " or ", "ko": ", "}


@dataclass
class FloorView:
    """What the satellite knows of the floor: catalog, center and the retained state."""

    catalog: Catalog
    center: CenterConfig
    queues: QueuesState | None = None
    counters: CountersState | None = None

    def serving(self, field_id: str) -> list[int]:
        """Return the counters serving a field: open ones from live state, else configured."""
        if self.counters is not None:
            live = [
                c.number
                for c in self.counters.counters
                if field_id in c.fields and c.status != "closed"
            ]
            if live:
                return sorted(live)
        return sorted(c.number for c in self.center.counters if field_id in c.fields and c.open)


@dataclass(frozen=True, slots=True)
class Reply:
    """What to say, and whether to ask the floor for a ticket (a procedure id) first."""

    text: str
    lang: Lang
    ticket_for: str | None = None
    end: bool = False


@dataclass
class Dialog:
    """One voice session's context and its replies."""

    view: FloorView
    lang: Lang = "vi"
    procedure: str | None = None
    ticket: str | None = None
    wants_ticket: bool = False
    chosen: bool = False
    """The citizen asked for a language: it holds until they ask for another."""
    history: list[str] = field(default_factory=list)

    def _say(self, key: str, **values: object) -> str:
        return T[key][self.lang].format(**values)

    def _written(self, text: Text | None) -> str:
        """Return what the center file says (hours, directions), or that it says nothing."""
        return text.get(self.lang) if text is not None else self._say("unwritten")

    def _counters(self, numbers: list[int]) -> str:
        return _AND[self.lang].join(str(n) for n in numbers) if numbers else _NONE_OPEN[self.lang]

    def _proc(self, pid: str | None) -> Procedure | None:
        return self.view.catalog.procedure(pid) if pid else None

    def respond(self, u: Understanding) -> Reply:
        """Return the reply to one understood utterance."""
        spoke_other = u.said_in != self.lang and not self.chosen
        if spoke_other and u.intent not in ("unknown", "change_language"):
            self.lang = u.said_in
        if u.procedure:
            self.procedure = u.procedure
        if u.ticket:
            self.ticket = u.ticket
        self.history.append(u.intent)
        proc = self._proc(self.procedure)
        intent = u.intent
        if u.urgent:
            return Reply(self._say("urgent"), self.lang)
        answering = intent in ("ask_procedure", "unknown") or u.confidence < CLARIFY_BELOW
        if self.wants_ticket and answering and u.procedure:
            intent = "take_ticket"  # the procedure the ticket request was waiting for
        elif u.confidence < CLARIFY_BELOW and intent not in ("greeting", "goodbye"):
            return Reply(self._say("clarify"), self.lang)
        match intent:
            case "greeting":
                return Reply(self._say("greeting"), self.lang)
            case "goodbye":
                return Reply(self._say("goodbye"), self.lang, end=True)
            case "change_language":
                self.lang = u.lang or self.lang
                self.chosen = u.lang is not None
                return Reply(self._say("language"), self.lang)
            case "take_ticket":
                if proc is None:
                    self.wants_ticket = True
                    return Reply(self._say("which"), self.lang)
                self.wants_ticket = False
                name = proc.name.get(self.lang)
                return Reply(self._say("issuing", name=name), self.lang, ticket_for=proc.id)
            case "ask_procedure":
                return Reply(self._papers(proc) if proc else self._say("which"), self.lang)
            case "ask_counter":
                return Reply(self._where(u, proc), self.lang)
            case "ask_queue_status":
                return Reply(self._queue(u, proc), self.lang)
            case "request_refreshment":
                return Reply(self._say("refreshment"), self.lang)
            case "ask_staff":
                return Reply(self._say("staff"), self.lang)
            case "ask_hours":
                return Reply(self._written(self.view.center.center.hours), self.lang)
            case "ask_directions":
                return Reply(self._written(self.view.center.center.directions), self.lang)
            case "give_feedback":
                return Reply(self._say("feedback"), self.lang)
        return Reply(self._say("unknown"), self.lang)

    def _field_name(self, field_id: str) -> str:
        field_ = self.view.catalog.field(field_id)
        return field_.name.get(self.lang) if field_ else field_id

    def _papers(self, proc: Procedure) -> str:
        docs = "; ".join(d[0].lower() + d[1:] for d in proc.documents)
        return self._say(
            "papers",
            name=proc.name.get(self.lang),
            docs=docs,
            fee=proc.fee.get(self.lang),
            field=self._field_name(proc.field),
            counters=self._counters(self.view.serving(proc.field)),
        )

    def _where(self, u: Understanding, proc: Procedure | None) -> str:
        if u.counter is not None:
            spec = next((c for c in self.view.center.counters if c.number == u.counter), None)
            if spec is not None:
                fields = ", ".join(self._field_name(f) for f in spec.fields)
                return self._say("counter_n", counter=u.counter, fields=fields)
        if u.ticket:
            field_id = self._field_of(u.ticket)
            if field_id:
                counters = self._counters(self.view.serving(field_id))
                return self._say("ticket_counter", ticket=u.ticket, counters=counters)
        if proc is None:
            return self._say("which")
        return self._say(
            "counter",
            name=proc.name.get(self.lang),
            field=self._field_name(proc.field),
            counters=self._counters(self.view.serving(proc.field)),
        )

    def _field_of(self, ticket: str) -> str | None:
        return next((f.id for f in self.view.catalog.fields if f.prefix == ticket[0]), None)

    def _queue(self, u: Understanding, proc: Procedure | None) -> str:
        queues = self.view.queues
        if queues is None:
            return self._say("no_state")
        ticket = u.ticket or (self.ticket if not u.procedure else None)
        if ticket:
            field_id = self._field_of(ticket)
            line = next((q for q in queues.queues if q.field == field_id), None)
            place = line.place(ticket) if line else None
            if place is None:
                return self._say("gone", ticket=ticket)
            return self._say("place", ticket=ticket, ahead=place[0], minutes=place[1])
        if proc is not None:
            line = next((q for q in queues.queues if q.field == proc.field), None)
            waiting = line.waiting if line else 0
            minutes = line.estimated_wait_min if line else 0
            field_name = self._field_name(proc.field)
            return self._say("line", field=field_name, waiting=waiting, minutes=minutes)
        return self._say("all_lines", waiting=sum(q.waiting for q in queues.queues))

    def issued(self, notice: TicketIssuedNotice) -> str:
        """Return what to say about a ticket the floor issued for this session."""
        self.ticket = notice.number
        return self._say(
            "issued",
            ticket=notice.number,
            counters=self._counters(notice.counters),
            ahead=notice.people_ahead,
            minutes=notice.estimated_wait_min,
        )

    def ticket_failed(self) -> str:
        """Return what to say when no ticket came back."""
        return self._say("ticket_failed")
