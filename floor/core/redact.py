"""Redaction of citizen numbers in free text: ID cards, phone numbers, any long number.

Free text from devices (what a citizen typed or said) is redacted before it is
decided on, so an ID number never reaches the event log, the state, the console
or MQTT. A number is a run of digit groups (`079 301.004-567`) or of digits said
as words (`không bảy chín…`, with or without diacritics; English and Korean too),
separated by at most a few spaces, dots, commas, dashes or brackets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import fields, replace
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ID_MARK = "[số CCCD đã ẩn]"
PHONE_MARK = "[số điện thoại đã ẩn]"
NUMBER_MARK = "[dãy số đã ẩn]"
MIN_DIGITS = 7
"""Runs of this many digits or more are hidden; shorter ones (a counter, a ticket) stay."""
FREE_TEXT = ("text", "note", "detail")
"""The command fields that carry free text from a device."""

_SAID = {
    "0": "không zero 공 영",
    "1": "một mốt one 일",
    "2": "hai two 이",
    "3": "ba three 삼",
    "4": "bốn tư four 사",
    "5": "năm lăm five 오",
    "6": "sáu six 육",
    "7": "bảy bẩy seven 칠",
    "8": "tám eight 팔",
    "9": "chín nine 구",
}
_UNIT = re.compile(r"\(?\+?\d+|[^\W\d_]+")
_GAP = re.compile(r"[\s.,\-–()]{0,3}")
C = TypeVar("C", bound="DataclassInstance")


def _plain(word: str) -> str:
    """Return a word in lower case without diacritics (đ as d)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


_DIGIT_OF = {_plain(word): digit for digit, words in _SAID.items() for word in words.split()}


def _digits(unit: str) -> str | None:
    """Return the digits a unit stands for, or None when it is an ordinary word."""
    if unit[-1].isdecimal():
        return "".join(str(unicodedata.decimal(ch)) for ch in unit if ch.isdecimal())
    return _DIGIT_OF.get(_plain(unit))


def _mark(digits: str) -> str:
    """Return the marker for a hidden number: an ID card, a phone number or another."""
    if (len(digits) == 12 and digits[0] == "0") or len(digits) == 9:
        return ID_MARK
    if (digits[0] == "0" and len(digits) in (10, 11)) or (
        digits.startswith("84") and len(digits) in (11, 12)
    ):
        return PHONE_MARK
    return NUMBER_MARK


def redact(text: str) -> str:
    """Return `text` with every run of seven or more digits replaced by a marker."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    for start, end, digits in _runs(text):
        if len(digits) >= MIN_DIGITS:
            out += [text[done:start], _mark(digits)]
            done = end
    return "".join([*out, text[done:]])


def redact_command(cmd: C) -> C:
    """Return a command (a dataclass) with its free-text fields redacted."""
    changes = {
        f.name: redact(value)
        for f in fields(cmd)
        if f.name in FREE_TEXT and isinstance(value := getattr(cmd, f.name), str)
    }
    return replace(cmd, **changes) if changes else cmd


def _runs(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, digits) of every run of digit units in `text`."""
    start = end = 0
    digits = ""
    for unit in _UNIT.finditer(text):
        said = _digits(unit.group())
        if said is not None and digits and _GAP.fullmatch(text, end, unit.start()):
            digits, end = digits + said, unit.end()
            continue
        if digits:
            yield start, end, digits
        start, end, digits = unit.start(), unit.end(), said or ""
    if digits:
        yield start, end, digits
