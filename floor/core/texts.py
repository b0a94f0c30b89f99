"""Citizen-facing words: ticket slips and call announcements, in vi, en and ko."""

from __future__ import annotations

from floor.core.catalog import Lang, Procedure, ServiceField
from floor.core.queueing import Estimate

_SLIP = {
    "vi": (
        "SỐ THỨ TỰ {number}",
        "Thủ tục: {procedure}",
        "Lĩnh vực: {field} — quầy {counters}",
        "Số người đang chờ trước bạn: {ahead}",
        "Thời gian chờ dự kiến: khoảng {minutes} phút",
        "Vui lòng chờ gọi số. Xin cảm ơn!",
    ),
    "en": (
        "QUEUE NUMBER {number}",
        "Procedure: {procedure}",
        "Field: {field} — counter {counters}",
        "People ahead of you: {ahead}",
        "Estimated wait: about {minutes} min",
        "Please wait for your number to be called. Thank you!",
    ),
    "ko": (
        "대기 번호 {number}",
        "업무: {procedure}",
        "분야: {field} — {counters}번 창구",
        "앞 대기 인원: {ahead}명",
        "예상 대기 시간: 약 {minutes}분",
        "번호가 호출될 때까지 기다려 주십시오. 감사합니다!",
    ),
}

_CALL = {
    "vi": "Mời số {number} đến quầy số {counter}",
    "en": "Number {number}, please come to counter {counter}",
    "ko": "{number}번 고객님, {counter}번 창구로 와 주십시오",
}

_NO_COUNTER = {"vi": "chưa mở", "en": "none open yet", "ko": "미개설"}


def ticket_slip(
    lang: Lang,
    number: str,
    procedure: Procedure,
    field: ServiceField,
    counters: list[int],
    estimate: Estimate,
) -> list[str]:
    """Return the lines printed on a ticket, in the citizen's language."""
    names = ", ".join(str(c) for c in counters) if counters else _NO_COUNTER[lang]
    values = {
        "number": number,
        "procedure": procedure.name.get(lang),
        "field": field.name.get(lang),
        "counters": names,
        "ahead": estimate.people_ahead,
        "minutes": estimate.minutes,
    }
    return [line.format(**values) for line in _SLIP[lang]]


def announcement(lang: Lang, number: str, counter: int) -> str:
    """Return the spoken call for a ticket at a counter."""
    return _CALL[lang].format(number=number, counter=counter)


THANKS = {
    "vi": "Cảm ơn quý khách đã đánh giá!",
    "en": "Thank you for your rating!",
    "ko": "평가해 주셔서 감사합니다!",
}
