"""Intents and slots of one utterance, in Vietnamese, English and Korean.

Slots are found by rules, deterministically: ticket numbers, counters, procedure
names and aliases. The intent, and the procedure when only a life need was said, come
from the trained model (speech.classifier), which also reads what the rules found:
their tokens, and the intent of the rule parser below. Emergencies are detected apart
(speech.emergency's cues, with the model's emergency head as a second net) and always
become an urgent call for staff.

The rule parser checks cues on the normalised text (speech.normalize) in a fixed
order so a sentence that does two things gets the one the floor must act on: a
ticket request wins over a question about papers, a question about the wait wins
over a ticket request. Words that fold together ("chờ"/"cho", "số"/"sổ") are told
apart on the spoken form when the speaker typed or the recogniser gave diacritics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from devices.speech_messages import SpeechIntent
from floor.core.catalog import Catalog, Lang
from speech.classifier import NO_PROCEDURE, Model, familiarity, features, phrase_pattern
from speech.emergency import is_emergency
from speech.lexicon import COPIED, PROCEDURE_PHRASES, REISSUE, SINGLE
from speech.normalize import Normalized, fold, normalize
from speech.numbers import find_counter, find_ticket

Intent = SpeechIntent  # the wire contract is the one place intent names are defined
INTENTS: tuple[Intent, ...] = Intent.__args__  # type: ignore[attr-defined]
_BY_NAME: dict[str, Intent] = {i: i for i in INTENTS}
PROCEDURE_FROM_NEED = 0.3
"""The procedure model's least probability to name a procedure nobody named (and it must
be likelier than no procedure at all: "cho em bốc số" is no guess at the ID card;
held-out procedure 96.79 → 96.84 %); below it,
the likeliest of the procedures whose need words (speech.lexicon.CUES) the utterance
holds is taken when it asks for a procedure, a ticket or a counter (chosen on
cross-validation of the train split: procedure right on rows that can carry one 96.0 %,
95.6 % taking a cued procedure only when it is the likeliest of all, 94.9 % at 0.4).
When the need words are of one procedure only, that one is taken whatever the model's
likeliest (the fourth pass: out of fold, procedure 97.2 → 97.4 % of all rows, needs
88.3 → 89.2 %, Korean 93.8 → 95.0 %). Only intents that can carry a procedure get one
this way."""
UNFAMILIAR = 0.4
"""Below this familiarity (the share of its words and n-grams the model knows:
speech.classifier.familiarity) an utterance the rules found nothing in is unknown, its
probability that of unknown (so the dialog asks): nonsense and talk the model never saw
("blorp fizz" was ask_staff at 0.99). With people's own sentences the vocabulary grew and
made-up words share more n-grams with it ("wobble bobble" 0.39, "zibble zabble zoo"
0.29), so the line moved from 0.2 to 0.4: out of fold on the train split intent is
93.0 % at 0.0–0.2, 92.9 % at 0.3, 92.8 % at 0.4 (printed by `make train`)."""
_ASKING: frozenset[str] = frozenset({"ask_procedure", "take_ticket", "ask_counter"})
CARRYING = _ASKING | {"ask_queue_status"}
"""Intents that can carry a procedure: the procedure head is trained and used on them only."""
_SERVED = CARRYING | {"unknown"}
"""Intents whose named procedure is kept: a procedure is served (or, unknown, may be the
answer to the dialog's question); praise of "the land counter" names no procedure."""
_REISSUE = phrase_pattern(REISSUE)
_COPIED = phrase_pattern(COPIED)
_REISSUED = {"khai_sinh": _REISSUE, "ket_hon": _REISSUE, "khai_tu": _COPIED}
_COPY = "trich_luc_ho_tich"
"""Registrations whose lost, damaged or copied paper is reissued as a copy of the extract,
with the words that say so."""
_SINGLE = phrase_pattern(SINGLE)
_STATUS = "xac_nhan_hon_nhan"
"""A marriage named with words of a single status asks for the marital-status paper."""


@dataclass(frozen=True, slots=True)
class Understanding:
    """What an utterance asks for: intent and slots, and the language it was said in."""

    intent: Intent
    procedure: str | None = None
    ticket: str | None = None
    counter: int | None = None
    lang: Lang | None = None
    said_in: Lang = "vi"
    confidence: float = 1.0
    """The model's probability of the intent (1.0 for an emergency)."""
    urgent: bool = False
    """An emergency: someone is hurt, lost or in danger."""

    def slots(self) -> dict[str, Any]:
        """Return the slots as the command line and the wire show them (None where absent)."""
        return {
            "intent": self.intent,
            "procedure": self.procedure,
            "ticket": self.ticket,
            "counter": self.counter,
            "lang": self.lang,
        }


class _Cue:
    """A cue: a regex on the folded form, and optionally one on the spoken form.

    The spoken regex is used when the utterance carries Vietnamese diacritics, since
    folding merges words ("chờ" wait / "cho" give); otherwise the folded one is. `also`
    adds spoken-only words that fold into something else ("trà" tea / "trả" pay).
    """

    def __init__(self, folded: str, spoken: str | None = None, also: str | None = None) -> None:
        self.folded = re.compile(folded)
        self.spoken = re.compile(spoken) if spoken else None
        self.also = re.compile(also) if also else None

    def __call__(self, n: Normalized, marked: bool) -> bool:
        if marked and self.also is not None and self.also.search(n.text):
            return True
        if marked and self.spoken is not None:
            return bool(self.spoken.search(n.text))
        return bool(self.folded.search(n.folded))


def _any(*words: str) -> str:
    return r"(?:^|\s)(?:" + "|".join(words) + r")(?=\s|$)"


_ME = r"(?:toi|tui|em|chu|co|bac|minh|con|chau|ong|ba|anh|chi)"
_TARGETS: tuple[tuple[str, Lang], ...] = (
    (r"tieng anh|english|영어", "en"),
    (r"tieng han(?: quoc)?|korean|한국어|한국말", "ko"),
    (r"tieng viet|vietnamese|베트남어|베트남 말", "vi"),
)
_LANG_CUE = _Cue(
    _any(
        "noi", "chuyen", "doi", "dung", "speak", "switch", "talk", "can you", "do you",
        "please", "duoc khong", "di", "로", "말해", "해 주세요", "할 수 있어요", "가능",
    )
    + r"|로\b|으로"
)  # fmt: skip

FEEDBACK = _Cue(
    _any(
        "gop y", "phan anh", "khieu nai", "phan nan", "than phien", "danh gia",
        r"(?:khong )?hai long", "khen", "thai do", "feedback", "complain", "complaint",
        "suggestion", "rate", "의견", "불만", "평가", "건의",
    )
)  # fmt: skip
STAFF = _Cue(
    r"\b(?:gap|goi|kiem|keu|can|xin|cho|moi)\b.{0,24}\b(?:can bo|nhan vien|lanh dao|quan ly"
    r"|nguoi phu trach|bao ve|tinh nguyen vien|nguoi huong dan)\b"
    r"|\bnoi chuyen voi\b.{0,12}\b(?:can bo|nhan vien|lanh dao|quan ly|nguoi)\b"
    r"|\b(?:co ai|can nguoi|nho nguoi|ai do)\b.{0,24}\b(?:giup|huong dan|ho tro|chi|chi dan)\b"
    r"|\b(?:staff|officer|manager|human|real person|somebody help|someone help)\b"
    r"|직원|담당자|불러"
)
REFRESH = _Cue(
    r"\bkhat\b|\bnuoc\b(?! ngoai)(?<!nha nuoc)|\bbanh keo\b|\bbanh\b|\bkeo\b|\bkhan giay\b"
    r"|\b(?:water|drink|thirsty|snack|tissue|tea|coffee)s?\b|물|음료|마실|목말라"
    r"|\b(?:uong tra|ly tra|tra da|tra nong|ca phe)\b",
    also=r"\b(?:trà|cà phê)\b",
)
DIRECTIONS = _Cue(
    r"\b(?:nha ve sinh|ve sinh|toilet|restroom|bathroom|gui xe|giu xe|dau xe|do xe|bai xe"
    r"|de xe|parking|park|may photo|photocopier|copier|cua ra|loi ra|loi vao|thang may"
    r"|cau thang|exit|elevator|lift|cang tin|atm|may rut tien)\b"
    r"|\bphoto\b.{0,12}\b(?:o dau|cho nao|duoc|o cho nao)\b"
    r"|\b(?:ra cong|cong ra|cong vao|cong chinh)\b|화장실|주차장|복사기|출구|엘리베이터",
    also=r"\bcổng\b",
)
QUEUE = _Cue(
    r"\b(?:toi chua|den chua)(?: (?:vay|em|a|nhi|ha))?$"
    r"|\b(?:bao nhieu nguoi|may nguoi|con may|toi luot|den luot|goi chua"
    r"|dang goi|goi toi so|goi den so|bao lau nua|con bao lau|may phut|chung nao toi"
    r"|chung nao den|bao gio toi|bao gio den|hang cho|dong khong|dong qua|lau khong|lau qua"
    r"|how long|how many people|my turn|people ahead|wait)\b"
    r"|\b(?:cho|doi)\b.{0,20}\b(?:bao lau|lau|may phut)\b"
    r"|몇 명|얼마나|기다려|순서|대기",
    r"\b(?:bao nhiêu người|mấy người|còn mấy|tới lượt|đến lượt|tới chưa|đến chưa|gọi chưa"
    r"|đang gọi|gọi tới số|gọi đến số|bao lâu nữa|còn bao lâu|mấy phút|chừng nào tới"
    r"|chừng nào đến|bao giờ tới|bao giờ đến|hàng chờ|đông không|đông quá|lâu quá)\b"
    r"|\b(?:chờ|đợi)\b.{0,24}\b(?:bao lâu|lâu|mấy phút)\b",
)
TICKET = _Cue(
    r"\b(?:lay|bam|boc|xin|in|cho)\b.{0,24}\bso\b(?! (?:hong|do|trang|dat|ho ngheo))"
    r"|\bso thu tu\b|\blay phieu\b|\bphieu\b"
    r"|\b(?:ticket|queue number|take a number|a number)\b|번호표|번호 주세요|번호 뽑",
    r"\b(?:lấy|bấm|bốc|xin|in|cho)\b.{0,24}\bsố\b|\bsố thứ tự\b|\bphiếu\b|\bticket\b",
)
WHERE = _Cue(
    r"\b(?:quay nao|quay so may|quay may|o quay may|di dau|den dau|cho nao|o dau|phong nao"
    r"|ban nao|ngoi dau|nop o dau|nam ben nao|ben nao|ben trai|ben phai|o phia nao|which counter"
    r"|where do i|where should i|where can i|where is|where)\b|창구|어디",
)
ROLE = _Cue(
    r"\b(?:lam gi|lam thu tuc gi|phuc vu gi|giai quyet gi|nhan ho so gi|linh vuc gi"
    r"|what does|what is|serves?)\b|무슨|뭐 해|뭘 해|업무"
)
"""What a counter does ("quầy 9 làm gì"), once a counter number was said."""
FLOOR = _Cue(
    r"\b(?:quay|nop|lam|ho so|thu tuc|giay to|phai di|phai den|phai qua|counter|office)\b"
    r"|창구|서류"
)
HOURS = _Cue(
    r"\b(?:may gio|gio lam viec|gio mo cua|mo cua(?! hang)|dong cua|nghi trua|co nghi|thu bay"
    r"|chu nhat|ngay le|lam viec (?:khong|ko|ngay)|gio giac|opening hours|what time|open"
    r"|close|closing|hours)\b|운영 시간|몇시|언제 열|언제 닫|영업",
)
NEED = _Cue(
    r"\b(?:thu tuc|giay to gi|giay gi|can gi|can nhung gi|nhung gi|mang (?:theo )?gi"
    r"|ho so gom|ho so can|le phi|bao nhieu tien|mat phi|mat tien|phi|lam sao|the nao"
    r"|nhu the nao|muon lam|can lam|muon hoi|what documents|what do i need|requirements?"
    r"|fee|how do i|how to|i need|i want)\b|서류|필요|수수료|하고 싶|하려고",
)
GOODBYE = _Cue(
    r"\b(?:tam biet|cam on|bye|goodbye|thank you|thanks|see you|ve day|ve nhe)\b"
    r"|\b(?:thoi|duoc roi|ve nhe|di nhe)\b.{0,20}\bchao\b"
    r"|안녕히|감사합니다|고맙습니다|고마워"
)
GREETING = _Cue(
    r"\b(?:xin chao|chao|alo|hello|hi|hey|good morning|good afternoon)\b|안녕하세요|안녕"
)
_EN_WORDS = frozenset(
    [
        "i",
        "you",
        "the",
        "a",
        "is",
        "are",
        "do",
        "can",
        "please",
        "where",
        "how",
        "what",
        "my",
        "me",
        "need",
        "want",
        "to",
        "number",
        "ticket",
        "hello",
        "hi",
        "thank",
        "thanks",
        "speak",
        "english",
        "water",
        "toilet",
        "counter",
        "long",
        "wait",
        "help",
        "for",
        "which",
        "of",
        "documents",
        "papers",
        "bring",
        "fee",
        "birth",
        "registration",
        "card",
        "id",
        "people",
        "ahead",
        "time",
        "open",
        "much",
        "does",
    ]
)


class Understander:
    """Turn utterances into intents and slots for one catalog."""

    def __init__(self, catalog: Catalog, model: Model | None = None) -> None:
        self.catalog = catalog
        self._model = model
        self.prefixes = frozenset(f.prefix for f in catalog.fields)
        phrases: dict[str, str] = {}
        for proc in catalog.procedures:
            extra = PROCEDURE_PHRASES.get(proc.id, ())
            for text in (proc.name.vi, proc.name.en, proc.name.ko, *proc.aliases, *extra):
                key = fold(text)
                if key and key not in phrases:
                    phrases[key] = proc.id
        # Longest phrases first: "trích lục khai sinh" before "khai sinh".
        self._phrases = sorted(phrases.items(), key=lambda kv: -len(kv[0]))
        # A Korean noun takes its particle or the next noun attached (혼인을, 출생증명서):
        # a Korean phrase need only start a word.
        self._exact = [
            (re.compile(rf"(?:^|\s){re.escape(k)}" + ("" if _hangul(k) else r"(?=\s|$)")), v)
            for k, v in self._phrases
        ]

    def phrases(self) -> Iterable[str]:
        """Return every procedure phrase (folded), for grammars and tests."""
        return (k for k, _ in self._phrases)

    def understand(self, text: str, lang: Lang = "vi") -> Understanding:
        """Return the intent and slots of one utterance."""
        n = normalize(text)
        ruled = self.rules(n, lang)
        model = self._model or shipped_model()
        feats = features(n.folded, evidence(ruled))
        intents, procedures, alarm = model.predict(feats)
        known = familiarity(feats, model.vocabulary) >= UNFAMILIAR
        # the emergency head hears only talk it knows: on words it never saw, its bias speaks
        if is_emergency(n, alarm if known else 0.0):
            return replace(ruled, intent="ask_staff", lang=None, confidence=1.0, urgent=True)
        intent = _BY_NAME[max(intents, key=intents.__getitem__)]
        if ruled.intent == "unknown" and not known:
            intent = "unknown"
        procedure = ruled.procedure if intent in _SERVED else None
        if procedure is None and intent in CARRYING:
            named = {p: v for p, v in procedures.items() if p != NO_PROCEDURE}
            if intent in _ASKING:  # a need word narrows the choice to its procedures
                cued = {p: v for p, v in named.items() if f"k:{p}" in feats}
                unsure = max(named.values()) < PROCEDURE_FROM_NEED
                named = cued if len(cued) == 1 or (cued and unsure) else named
            guess = max(named, key=named.__getitem__)
            cued_guess = f"k:{guess}" in feats and intent in _ASKING
            likelier = named[guess] > procedures.get(NO_PROCEDURE, 0.0)
            if (named[guess] >= PROCEDURE_FROM_NEED and likelier) or cued_guess:
                procedure = self._refined(guess, n) if self.catalog.procedure(guess) else None
        target = (ruled.lang or _target(n)) if intent == "change_language" else None
        return replace(
            ruled, intent=intent, procedure=procedure, lang=target, confidence=intents[intent]
        )

    def rules(self, text: str | Normalized, lang: Lang = "vi") -> Understanding:
        """Return what the rules alone find: slots, and the rule parser's intent."""
        n = normalize(text) if isinstance(text, str) else text
        marked = (
            n.text != n.folded and bool(re.search(r"[^\x00-\x7f]", n.text)) and not _hangul(n.text)
        )
        said_in = _language(n, lang)
        procedure = self.procedure(n)
        said = n.text.split() if marked else n.words
        ticket = find_ticket(said, self.prefixes, marked)
        counter = find_counter(said, marked)
        intent, target = self._intent(n, marked, procedure, ticket, counter)
        return Understanding(intent, procedure, ticket, counter, target, said_in)

    def procedure(self, n: Normalized) -> str | None:
        """Return the catalog id of the procedure named in the utterance, if any."""
        found = next((p for pattern, p in self._exact if pattern.search(n.folded)), None)
        return self._refined(found or self._fuzzy(n.words), n)

    def _refined(self, found: str | None, n: Normalized) -> str | None:
        """Return the procedure an utterance about `found` really asks for: a copy of the
        extract for a lost or copied civil paper, the marital-status paper for a marriage
        said with words of a single status."""
        again = _REISSUED.get(found or "")
        if again and again.search(n.folded) and self.catalog.procedure(_COPY):
            return _COPY
        if found == "ket_hon" and _SINGLE.search(n.folded) and self.catalog.procedure(_STATUS):
            return _STATUS
        return found

    def _fuzzy(self, words: list[str]) -> str | None:
        """Match a procedure phrase with a typo or two (long phrases only)."""
        best: tuple[int, int, str] | None = None
        for phrase, proc in self._phrases:
            size = len(phrase)
            if size < 9:
                continue
            allowed = 1 if size < 14 else 2
            count = phrase.count(" ") + 1
            for width in {count - 1, count, count + 1} - {0}:
                for i in range(0, max(len(words) - width + 1, 0)):
                    window = " ".join(words[i : i + width])
                    if abs(len(window) - size) > allowed:
                        continue
                    dist = _distance(window, phrase, allowed)
                    if dist <= allowed and (best is None or (dist, -size) < best[:2]):
                        best = (dist, -size, proc)
        return best[2] if best else None

    def _intent(
        self,
        n: Normalized,
        marked: bool,
        procedure: str | None,
        ticket: str | None,
        counter: int | None,
    ) -> tuple[Intent, Lang | None]:
        target = _target(n)
        if target is not None and (_LANG_CUE(n, False) or len(n.words) <= 3):
            return "change_language", target
        if FEEDBACK(n, marked):
            return "give_feedback", None
        if STAFF(n, marked):
            return "ask_staff", None
        if REFRESH(n, marked) and procedure is None:
            return "request_refreshment", None
        photo_procedure = procedure == "chung_thuc" and "cong chung" in n.folded
        if DIRECTIONS(n, marked) and not photo_procedure:
            return "ask_directions", None
        where = WHERE(n, marked)
        if QUEUE(n, marked):
            return "ask_queue_status", None
        if TICKET(n, marked) and not (ticket and where):
            return "take_ticket", None
        if ticket is not None:
            return ("ask_counter" if where else "ask_queue_status"), None
        if counter is not None and procedure is None and ROLE(n, marked):
            return "ask_counter", None
        floor_words = procedure is not None or counter is not None or FLOOR(n, marked)
        if where and floor_words and (counter is not None or not NEED(n, marked)):
            return "ask_counter", None
        if HOURS(n, marked):
            return "ask_hours", None
        if procedure is not None or NEED(n, marked):
            return "ask_procedure", None
        if GOODBYE(n, marked):
            return "goodbye", None
        if GREETING(n, marked):
            return "greeting", None
        return "unknown", None


def evidence(u: Understanding) -> tuple[str, ...]:
    """Return the rules' findings as model features: slots found and the rules' intent."""
    found = (("s:ticket", u.ticket), ("s:counter", u.counter), ("s:proc", u.procedure))
    return (f"r:{u.intent}", *(token for token, value in found if value is not None))


@cache
def shipped_model() -> Model:
    """Return the trained model shipped with the package (loaded once)."""
    return Model.load()


def _hangul(text: str) -> bool:
    return bool(re.search(r"[\uac00-\ud7a3]", text))


def _language(n: Normalized, hint: Lang) -> Lang:
    """Return the language the utterance was said in: Hangul is ko, plain English is en."""
    if _hangul(n.text):
        return "ko"
    words = n.text.split()
    if words and n.text.isascii():
        english = sum(w in _EN_WORDS for w in words)
        if english >= max(1, len(words) // 2):
            return "en"
    return hint if hint != "en" or n.text.isascii() else "vi"


def _target(n: Normalized) -> Lang | None:
    for pattern, lang in _TARGETS:
        if re.search(pattern, n.folded):
            return lang
    return None


def _distance(a: str, b: str, limit: int) -> int:
    """Return the optimal-string-alignment distance of a and b (stops early past limit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
