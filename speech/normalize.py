"""Text normalisation at the edge where an utterance enters: NFC, case, spacing, folding.

Matching works on the *folded* form: lower case, no diacritics (đ → d), Southern and
chat spellings replaced by their standard forms, punctuation turned into spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)

# Southern, colloquial and chat spellings (folded) → standard folded words.
_WORDS: dict[str, str] = {
    "sanh": "sinh",
    "hok": "khong",
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "kh": "khong",
    "hem": "khong",
    "dc": "duoc",
    "dk": "duoc",
    "j": "gi",
    "ji": "gi",
    "z": "gi",
    "zi": "gi",
    "dzi": "gi",
    "zay": "vay",
    "dzay": "vay",
    "wa": "qua",
    "mun": "muon",
    "bn": "bao nhieu",
    "nhiu": "nhieu",
    "lm": "lam",
    "ntn": "nhu the nao",
    "ng": "nguoi",
    "vs": "voi",
    "dzo": "vo",
    "zo": "vo",
    "dia": "ve",
    "bik": "biet",
    "wc": "toilet",
    "toalet": "toilet",
    "photocopy": "photo",
    "foto": "photo",
    "oke": "ok",
    "okie": "ok",
    "okay": "ok",
    "nhen": "nhe",
    "nghen": "nhe",
    "coi": "xem",
}

# Multi-word colloquial forms (folded) → standard folded forms.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{a}\b"), b)
    for a, b in (
        ("pho to", "photo"),
        ("toa let", "toilet"),
        ("can cuoc cong dan", "can cuoc"),
        ("chung minh nhan dan", "can cuoc"),
        ("chung minh thu", "can cuoc"),
        ("cmnd", "can cuoc"),
        ("cmt", "can cuoc"),
        ("cccd", "can cuoc"),
        ("dang ki", "dang ky"),
        ("giay to ty than", "giay to tuy than"),
    )
)


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC with spacing collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def strip_marks(text: str) -> str:
    """Return `text` without Latin diacritics (đ → d); Hangul is left whole."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        out.append(ch)
    plain = unicodedata.normalize("NFC", "".join(out))
    return plain.replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True, slots=True)
class Normalized:
    """An utterance as spoken (NFC, lower case) and folded for matching."""

    text: str
    folded: str

    @property
    def words(self) -> list[str]:
        """Return the folded words."""
        return self.folded.split()


def normalize(text: str) -> Normalized:
    """Normalise an utterance once: NFC, case, spacing, punctuation, folded form."""
    spoken = nfc(text).lower()
    spoken = re.sub(r"\bh[ôổ]ng\b", "không", spoken)  # Southern "hông", "hổng"
    spoken = re.sub(r"\b([a-zđ])[-.](\d{1,3})\b", r"\1\2", spoken)  # "A-023" stays one
    spoken = _SPACE.sub(" ", _PUNCT.sub(" ", spoken)).strip()
    folded = strip_marks(spoken)
    words = folded.split()
    folded = " ".join(
        # "hong" is Southern "không", except in "sổ hồng" (the land certificate).
        "khong" if w == "hong" and (i == 0 or words[i - 1] != "so") else _WORDS.get(w, w)
        for i, w in enumerate(words)
    )
    for pattern, standard in _PHRASES:
        folded = pattern.sub(standard, folded)
    return Normalized(spoken, _SPACE.sub(" ", folded).strip())


def fold(text: str) -> str:
    """Return only the folded form of `text` (for phrases in lexicons)."""
    return normalize(text).folded
