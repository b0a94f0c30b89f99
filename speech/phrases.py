"""What a grammar-mode recogniser may hear: catalog names and dialog phrases per language.

A small model with a limited vocabulary is far more accurate; words a model does not
know are left out when the grammar is built (speech.recognizer).
"""

from __future__ import annotations

from floor.core.catalog import Catalog, Lang
from speech.lexicon import PROCEDURE_PHRASES

DIALOG: dict[Lang, tuple[str, ...]] = {
    "vi": (
        "xin chào", "chào em", "chào bạn", "tạm biệt", "cảm ơn", "cảm ơn nhiều",
        "tôi muốn", "tôi muốn làm", "tôi cần", "cho tôi hỏi", "cần giấy tờ gì",
        "cần mang theo gì", "thủ tục", "lệ phí bao nhiêu", "cho tôi lấy số", "lấy số",
        "bấm số", "số thứ tự", "lấy số thứ tự", "còn bao nhiêu người", "còn mấy người",
        "chờ bao lâu", "bao lâu nữa tới lượt tôi", "tới lượt chưa", "ở quầy nào",
        "quầy nào", "quầy số mấy", "ở đâu", "cho xin ly nước", "nước uống", "khát nước",
        "gặp cán bộ", "gọi nhân viên", "cần người giúp", "mấy giờ mở cửa",
        "giờ làm việc", "mấy giờ đóng cửa", "nhà vệ sinh ở đâu", "gửi xe ở đâu",
        "máy photo ở đâu", "tôi muốn góp ý", "phản ánh", "đánh giá", "nói tiếng anh",
        "nói tiếng hàn", "nói tiếng việt", "số", "quầy", "không", "một", "hai", "ba",
        "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "a", "bê", "xê", "đê",
        "e", "ép", "vâng", "dạ", "đúng rồi", "không phải",
    ),
    "en": (
        "hello", "hi", "goodbye", "thank you", "i need", "i want", "what documents do i need",
        "can i get a queue number", "a ticket please", "how many people are ahead",
        "how long do i have to wait", "which counter", "where is the counter",
        "can i have some water", "i need help from staff", "what are the opening hours",
        "where is the toilet", "where can i park", "i have a complaint",
        "speak vietnamese", "speak korean", "speak english", "number", "counter", "zero",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "yes", "no",
    ),
    "ko": (
        "안녕하세요", "안녕히 계세요", "감사합니다", "번호표 주세요", "번호표", "하고 싶어요",
        "필요한 서류 무엇 이에요", "서류", "몇 명", "얼마나 기다려야 돼요", "순서",
        "몇 번 창구", "창구 어디", "어디", "물 주세요", "직원 불러 주세요", "운영 시간",
        "몇시", "화장실 어디", "주차장", "복사기", "불만", "의견", "영어", "베트남어",
        "한국어", "네", "아니요",
    ),
}  # fmt: skip


def grammar_phrases(catalog: Catalog, lang: Lang) -> list[str]:
    """Return the phrases a recogniser in `lang` listens for (lower case, no duplicates)."""
    out: list[str] = []
    for proc in catalog.procedures:
        # Short forms only for Korean: every extra word loosens a small model's grammar.
        names = [proc.name.get(lang)] if lang != "ko" else []
        if lang == "vi":
            names += proc.aliases
        names += [p for p in PROCEDURE_PHRASES.get(proc.id, ()) if _fits(p, lang)]
        out += names
    out += DIALOG[lang]
    seen: dict[str, None] = {}
    for phrase in out:
        clean = " ".join(phrase.lower().replace(",", " ").replace("(", " ").replace(")", " ")
                         .split())  # fmt: skip
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def _fits(phrase: str, lang: Lang) -> bool:
    """Return whether a lexicon phrase belongs in a grammar for `lang`."""
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in phrase)
    if lang == "ko":
        return hangul
    return phrase.isascii() if lang == "en" else not hangul
