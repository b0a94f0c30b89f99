"""Spoken numbers: ticket numbers ("a không hai ba" → A023) and counter numbers.

Numbers are read on the spoken words when the utterance carries diacritics ("năm" is
five, "nằm" is not) and on the folded words otherwise. Ticket letters are the catalog's
prefixes; a letter's name needs a ticket word before it ("số bê không năm") or three
digits said one by one after it; a bare letter needs two ("a không hai ba", "b zero năm").
"""

from __future__ import annotations

import re

_SHARED: dict[str, int] = {
    # English
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
    # Korean (Sino-Korean digits)
    "공": 0, "영": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7,
    "팔": 8, "구": 9,
}  # fmt: skip
FOLDED_DIGITS: dict[str, int] = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, **_SHARED,
}  # fmt: skip
MARKED_DIGITS: dict[str, int] = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, **_SHARED,
}  # fmt: skip
_FIVE_AFTER_TENS = {"lam", "lăm"}
_ZERO_AFTER_HUNDREDS = {"linh", "le", "lẻ"}
_TENS = {"muoi", "mươi", "mười", "ten", "십"}
_HUNDREDS = {"tram", "trăm", "hundred", "백"}

LETTERS: dict[str, str] = {
    "a": "A", "b": "B", "be": "B", "bê": "B", "bo": "B", "bờ": "B", "bi": "B", "c": "C",
    "xe": "C", "xê": "C", "ce": "C", "cê": "C", "co": "C", "cờ": "C", "si": "C", "d": "D",
    "de": "D", "dê": "D", "đê": "D", "do": "D", "dờ": "D", "đờ": "D", "di": "D", "đ": "D",
    "e": "E", "f": "F", "ep": "F", "ép": "F", "ef": "F",
    "에이": "A", "비": "B", "씨": "C", "디": "D", "에프": "F",
}  # fmt: skip
_PLAIN_LETTERS = {"a", "b", "c", "d", "e", "f"}
_TICKET_WORDS = {"so", "số", "phieu", "phiếu", "ticket", "number", "번호", "번호표", "là", "la"}
_COUNTER_WORDS = {"quay", "quầy", "counter", "창구"}
_COMPACT = re.compile(r"^([a-zđ])(\d{1,3})(?:번)?$")  # "A023", Korean "A023번"


def read_number(words: list[str], start: int, marked: bool = False) -> tuple[int, int, int] | None:
    """Read a spoken or written number at `start`.

    Return (value, words used, digits said one by one), or None. "hai ba" is 23 said
    digit by digit; "hai mươi ba" is 23 said as a number (0 digits one by one).
    """
    digits = MARKED_DIGITS if marked else FOLDED_DIGITS
    i = start
    seq: list[int] = []
    while i < len(words):
        w = words[i]
        if w.isdigit():
            if seq:
                break
            return int(w), 1, len(w)
        d = digits.get(w)
        if d is not None:
            seq.append(d)
            i += 1
            continue
        if w in _TENS:
            tens = seq.pop() if seq and w not in ("mười",) else 1
            if w == "muoi" and not seq and i == start:
                tens = 1
            head = _value(seq)
            i += 1
            unit = 0
            if i < len(words) and (words[i] in digits or words[i] in _FIVE_AFTER_TENS):
                unit = 5 if words[i] in _FIVE_AFTER_TENS else digits[words[i]]
                i += 1
            return head * 100 + tens * 10 + unit, i - start, 0
        if w in _HUNDREDS and len(seq) == 1:
            hundreds = seq.pop()
            i += 1
            if i < len(words) and words[i] in _ZERO_AFTER_HUNDREDS:
                i += 1
            rest = read_number(words, i, marked)
            if rest is None:
                return hundreds * 100, i - start, 0
            return hundreds * 100 + rest[0], i - start + rest[1], 0
        break
    if not seq:
        return None
    return _value(seq), len(seq), len(seq)


def _value(seq: list[int]) -> int:
    value = 0
    for d in seq:
        value = value * 10 + d
    return value


def find_ticket(words: list[str], prefixes: frozenset[str], marked: bool = False) -> str | None:
    """Return the first ticket number (e.g. A023) said in `words`, or None."""
    for i, w in enumerate(words):
        compact = _COMPACT.match(w)
        if compact:
            letter = "D" if compact.group(1) == "đ" else compact.group(1).upper()
            if letter in prefixes:
                return f"{letter}{int(compact.group(2)):03d}"
        letter = LETTERS.get(w)
        if letter is None or letter not in prefixes:
            continue
        number = read_number(words, i + 1, marked)
        if number is None:
            continue
        value, _used, one_by_one = number
        cue = i > 0 and words[i - 1] in _TICKET_WORDS
        bare = w in _PLAIN_LETTERS and one_by_one >= 2
        if 0 < value <= 999 and (cue or bare or one_by_one >= 3):
            return f"{letter}{value:03d}"
    return None


def find_counter(words: list[str], marked: bool = False) -> int | None:
    """Return the counter number said after "quầy" (or "counter", "창구"), or None."""
    for i, w in enumerate(words):
        if w in _COUNTER_WORDS:
            j = i + 1
            if j < len(words) and words[j] in ("so", "số", "number", "no"):
                j += 1
            number = read_number(words, j, marked)
            if number is not None and 0 < number[0] <= 999:
                return number[0]
        if w.endswith("번") and i + 1 < len(words) and words[i + 1].startswith("창구"):
            number = read_number([w.removesuffix("번")], 0)
            if number is not None:
                return number[0]
    return None
