"""What a citizen reads or hears about a dossier, in Vietnamese, English and Korean."""

from __future__ import annotations

from datetime import date, datetime

from floor.core.catalog import Lang
from floor.dossiers.desk import Answer
from floor.dossiers.port import DossierStatus

_MONTHS_EN = "January February March April May June July August September October November December"


def say(answer: Answer, lang: Lang) -> str:
    """Return the answer as one or two sentences in `lang`."""
    if answer.outcome == "unknown":
        return {
            "vi": "Không tìm thấy hồ sơ này. Vui lòng kiểm tra mã trên giấy biên nhận "
            "hoặc hỏi cán bộ.",
            "en": "No dossier has this code. Please check the code on your receipt or ask "
            "a staff member.",
            "ko": "이 번호의 서류가 없습니다. 접수증의 번호를 확인하시거나 직원에게 문의하세요.",
        }[lang]
    if answer.status is None or answer.as_of is None:
        return {
            "vi": "Hệ thống hồ sơ tạm thời chưa trả lời. Vui lòng thử lại sau ít phút "
            "hoặc hỏi cán bộ tại quầy.",
            "en": "The dossier system is not answering right now. Please try again in a few "
            "minutes or ask at a counter.",
            "ko": "서류 시스템이 지금 응답하지 않습니다. 잠시 후 다시 시도하시거나 창구에 "
            "문의하세요.",
        }[lang]
    text = _status(answer.status, lang)
    if answer.outcome == "cached":
        text += " " + _as_of(answer.as_of, lang)
    return text


def unreadable(lang: Lang) -> str:
    """Return what to say when a scanned receipt's code cannot be a dossier code."""
    return {
        "vi": "Không đọc được mã hồ sơ trên biên nhận, vui lòng quét lại.",
        "en": "The dossier code on the receipt could not be read; please scan it again.",
        "ko": "접수증의 서류 번호를 읽을 수 없습니다. 다시 스캔해 주세요.",
    }[lang]


def _status(status: DossierStatus, lang: Lang) -> str:
    if status.state == "returned":
        return {
            "vi": "Hồ sơ đã được trả kết quả.",
            "en": "The result of this dossier has already been handed back.",
            "ko": "이 서류의 결과는 이미 교부되었습니다.",
        }[lang]
    if status.state == "processing":
        if status.due is None:
            return {
                "vi": "Hồ sơ đang xử lý.",
                "en": "Your dossier is being processed.",
                "ko": "서류를 처리 중입니다.",
            }[lang]
        return {
            "vi": f"Hồ sơ đang xử lý, hẹn trả ngày {_day(status.due, 'vi')}.",
            "en": f"Your dossier is being processed; it is due back on {_day(status.due, 'en')}.",
            "ko": f"서류를 처리 중입니다. {_day(status.due, 'ko')}에 결과를 받으실 수 있습니다.",
        }[lang]
    places = {
        "vi": [f"quầy {status.counter}"] if status.counter else [],
        "en": [f"counter {status.counter}"] if status.counter else [],
        "ko": [f"{status.counter}번 창구"] if status.counter else [],
    }
    if status.locker:
        places["vi"].append("ATM hồ sơ")
        places["en"].append("the dossier ATM (open 24/7)")
        places["ko"].append("서류 ATM(24시간)")
    if not places[lang]:
        return {
            "vi": "Hồ sơ đã có kết quả, mời nhận tại bộ phận trả kết quả.",
            "en": "Your dossier is ready: please collect it at the results desk.",
            "ko": "서류 결과가 나왔습니다. 결과 교부 창구에서 받으세요.",
        }[lang]
    return {
        "vi": f"Hồ sơ đã có kết quả, nhận tại {' hoặc '.join(places['vi'])}.",
        "en": f"Your dossier is ready: collect it at {' or '.join(places['en'])}.",
        "ko": f"서류 결과가 나왔습니다. {' 또는 '.join(places['ko'])}에서 받으세요.",
    }[lang]


def _as_of(at: datetime, lang: Lang) -> str:
    """Return the note that an answer is the last one known, with its time."""
    return {
        "vi": f"(Thông tin lúc {at:%H:%M} ngày {_day(at.date(), 'vi')}; hệ thống hồ sơ đang "
        "tạm gián đoạn.)",
        "en": f"(As of {at:%H:%M} on {_day(at.date(), 'en')}; the dossier system is not "
        "answering now.)",
        "ko": f"({_day(at.date(), 'ko')} {at:%H:%M} 기준 정보입니다. 서류 시스템이 일시적으로 "
        "응답하지 않습니다.)",
    }[lang]


def _day(day: date, lang: Lang) -> str:
    if lang == "vi":
        return f"{day.day}/{day.month}"
    if lang == "en":
        return f"{day.day} {_MONTHS_EN.split()[day.month - 1]}"
    return f"{day.month}월 {day.day}일"
