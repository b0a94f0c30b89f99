"""Build the training corpus from the seeds: fill templates, then say them as people do.

Every row is (text, intent, procedure, emergency, style, split). Styles name how a row
was made: plain (Northern, with diacritics), southern, nodiac (typed without marks),
central, asr (lost tones, merged or split syllables, confused initials), need (a life
need with no procedure name), elderly (a plain request or need wrapped in an elderly
speaker's polite opening and closing), emergency, mixed (Vietnamese with English
words), young (young people's slang, or a plain request in a young speaker's opening and
closing), en, ko.
Sentences people wrote apart from the parser (`PEOPLE`) keep their writer's style
(also nearmiss: a near-miss that is no emergency) and are all trained on.
The split is decided by template group and by need phrase: a held-out row's way of
saying it, or its life need, never appears in training. Seeded: the same corpus every run.
"""

from __future__ import annotations

import dataclasses
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from speech.normalize import strip_marks
from speech.training import everyday, kinds
from speech.training import lives as l
from speech.training import phrasings as p
from speech.training import seeds as s

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus.tsv"
PEOPLE = CORPUS.parent / "people"
"""Sentences people wrote apart from the parser (`_people`)."""
HEADER = "text\tintent\tprocedure\temergency\tstyle\tsplit\tgroup"
_T = TypeVar("_T")
PER_TEMPLATE = 5
"""Fillings drawn per Vietnamese template."""
YOUNG_SHARE = 0.1
"""The share of plain Vietnamese rows said again by a young speaker (`everyday.YOUNG_WRAP`)."""
CENTRAL = {**p.CENTRAL, **everyday.CENTRAL}


@dataclass(frozen=True, slots=True)
class Row:
    """One training utterance and its labels."""

    text: str
    intent: str
    procedure: str | None
    emergency: bool
    style: str
    split: str  # "train" or "test"
    group: str  # one way of saying a thing: cross-validation keeps it in one fold

    def line(self) -> str:
        """Return the row as a TSV line."""
        cells = (self.text, self.intent, self.procedure or "", str(int(self.emergency)),
                 self.style, self.split, self.group)  # fmt: skip
        return "\t".join(cells)


def held(key: str) -> bool:
    """Return whether a group or phrase is held out (one in five, stable across runs)."""
    return zlib.crc32(key.encode()) % 5 == 0


def _fill(template: str, rng: random.Random, proc: str | None) -> tuple[str, str | None, bool]:
    """Fill one template; return the text, its procedure and whether a held need was used."""
    held_need = False
    values: dict[str, str] = {
        "me": rng.choice(s.ME), "you": rng.choice(s.YOU), "end": rng.choice(s.END),
        "open": rng.choice(s.OPEN), "t": rng.choice(s.TICKETS), "n": rng.choice(s.COUNTERS),
    }  # fmt: skip
    if "{need}" in template:
        proc = proc or rng.choice(sorted(s.NEEDS))
        need = rng.choice(_vi_needs(proc))
        held_need = held("need:" + need)
        values["need"] = need.format(me=values["me"])
    elif "{proc}" in template:
        proc = proc or rng.choice(sorted(s.PROC_NAMES))
        values["proc"] = rng.choice(s.PROC_NAMES[proc])
    else:
        proc = None
    return template.format(**values).strip(), proc, held_need


def _vi_needs(proc: str) -> tuple[str, ...]:
    """Return every Vietnamese phrase of a life need calling for `proc`."""
    tables = (s.NEEDS, s.NEEDS_MORE, p.NEEDS, l.NEEDS, kinds.NEEDS)
    return tuple(phrase for table in tables for phrase in table.get(proc, ()))


def wrap(
    row: Row, rng: random.Random, wraps: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
) -> str:
    """Say a plain Vietnamese request as an elderly (`lives.ELDERLY`) or young
    (`everyday.YOUNG_WRAP`) speaker might: an opening, the request, a closing; held-out
    rows get openings and closings never trained on."""
    openers, closers = wraps[row.split]
    return rng.choice(openers) + row.text + rng.choice(closers)


def _vietnamese(rng: random.Random) -> Iterator[Row]:
    for intent, groups in _merged(s.VI, l.VI_FRAMES, kinds.VI_FRAMES).items():
        templates = [(g, template) for g, group in enumerate(groups) for template in group]
        offset = zlib.crc32(intent.encode())
        for k, (_g, template) in enumerate(templates):
            template_held = (k + offset) % 5 == 0  # a fifth of each intent's templates
            procs = sorted(s.NEEDS if "{need}" in template else s.PROC_NAMES)
            slotted = "{need}" in template or "{proc}" in template
            draws = max(PER_TEMPLATE, len(procs)) if slotted else PER_TEMPLATE
            for i in range(draws):
                proc = procs[i % len(procs)] if slotted else None
                text, proc, held_need = _fill(template, rng, proc)
                style = "need" if "{need}" in template else "plain"
                split = "test" if template_held or held_need else "train"
                yield Row(text, intent, proc, False, style, split, f"vi:{intent}:{k}")
        free = (
            s.FREE.get(intent, ())
            + s.MORE_FREE.get(intent, ())
            + s.THIRD.get(intent, ())
            + p.VI.get(intent, ())
            + l.VI.get(intent, ())
            + kinds.VI.get(intent, ())
        )
        for k, sentence in enumerate(free):
            split = "test" if (k + offset) % 5 == 0 else "train"
            yield Row(sentence, intent, None, False, "plain", split, f"free:{intent}:{k}")
    for g, group in enumerate(s.EMERGENCY_VI):
        for k, template in enumerate(group):
            for _ in range(2):
                text, _p, _h = _fill(template, rng, None)
                split = "test" if (g + k) % 5 == 2 else "train"
                yield Row(text, "ask_staff", None, True, "emergency", split, f"sos:{g}:{k}")


def _foreign(rng: random.Random) -> Iterator[Row]:
    tables = (
        ("en", _merged(s.EN, l.EN_FRAMES, kinds.EN_FRAMES), s.PROC_EN,
         _merged(s.NEEDS_EN, p.NEEDS_EN, l.NEEDS_EN, kinds.NEEDS_EN), s.EMERGENCY_EN,
         _merged(s.EN_MORE, p.EN, l.EN, kinds.EN)),
        ("ko", _merged(s.KO, l.KO_FRAMES, kinds.KO_FRAMES), s.PROC_KO,
         _merged(s.NEEDS_KO, p.NEEDS_KO, l.NEEDS_KO, kinds.NEEDS_KO), s.EMERGENCY_KO,
         _merged(s.KO_MORE, p.KO, l.KO, kinds.KO)),
    )  # fmt: skip
    for lang, intents, names, needs, emergencies, more in tables:
        for intent, templates in more.items():
            for template in templates:
                split = "test" if held(f"{lang}:{template}") else "train"
                text = template.format(n=rng.choice("123579"))
                yield Row(text, intent, None, False, lang, split, f"{lang}:{template}")
        for intent, groups in intents.items():
            for group in groups:
                for template in group:
                    template_held = held(f"{lang}:{template}")
                    slot = f"{{need_{lang}}}"
                    # a need frame is filled once per procedure, like the Vietnamese ones
                    for i in range(len(needs) if slot in template else 3):
                        proc: str | None = None
                        split = "test" if template_held else "train"
                        values = {"t": rng.choice(("A012", "B005", "C101")),
                                  "n": rng.choice("123579")}  # fmt: skip
                        if f"{{proc_{lang}}}" in template:
                            proc = rng.choice(sorted(names))
                            values[f"proc_{lang}"] = rng.choice(names[proc])
                        if slot in template:
                            proc = sorted(needs)[i]
                            need = rng.choice(needs[proc])
                            values[f"need_{lang}"] = need
                            split = "test" if template_held or held("need:" + need) else split
                        text = template.format(**values)
                        yield Row(text, intent, proc, False, lang, split, f"{lang}:{template}")
        for text in emergencies:
            split = "test" if held(f"{lang}:{text}") else "train"
            yield Row(text, "ask_staff", None, True, lang, split, f"{lang}:{text}")


def _named() -> Iterator[Row]:
    for text, intent, proc, style in (*p.NAMED, *kinds.NAMED):
        split = "test" if held(f"named:{text}") else "train"
        yield Row(text, intent, proc, False, style, split, f"named:{text}")


def _mixed(rng: random.Random) -> Iterator[Row]:
    for intent, templates in s.MIXED.items():
        for template in templates:
            split = "test" if held(f"mixed:{template}") else "train"
            for _ in range(3):
                text, proc, _h = _fill(template, rng, None)
                yield Row(text, intent, proc, False, "mixed", split, f"mixed:{template}")


def told_by_elders(rows: list[Row]) -> list[Row]:
    """Return the plain requests and needs among some rows said again with the words of
    an elder's journey, health or family (`everyday.ELDERLY_MORE`; seeded)."""
    rng = random.Random(7)
    openers, closers = everyday.ELDERLY_MORE
    return [
        _as(r, rng.choice(openers) + r.text + rng.choice(closers), "elderly")
        for r in rows
        if r.style in ("plain", "need")
    ]


def _everyday() -> Iterator[Row]:
    """The fifth pass's sentences (`everyday`), each its own group."""
    tables = (("plain", everyday.VI), ("en", everyday.EN), ("ko", everyday.KO),
              ("young", everyday.YOUNG))  # fmt: skip
    for style, table in tables:
        for intent, texts in table.items():
            for text in texts:
                split = "test" if held(f"everyday:{text}") else "train"
                said = text.format(n=3)
                yield Row(said, intent, None, False, style, split, f"everyday:{text}")


def read_set(path: Path) -> list[Row]:
    """Read a set people wrote (text, intent, procedure, emergency, style; # comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, intent, proc, emergency, style = line.split("\t")
            rows.append(Row(text, intent, proc or None, emergency == "1", style, "", ""))
    return rows


def _people() -> Iterator[Row]:
    """The seventh pass's rows: sentences people wrote apart from the parser, in their
    own words (`PEOPLE`: the write-after sets once they were scored, and sets written
    to be trained on), each its own group, all trained on."""
    for path in sorted(PEOPLE.glob("*.tsv")):
        for i, row in enumerate(read_set(path)):
            yield dataclasses.replace(row, split="train", group=f"people:{path.stem}:{i}")


_INITIALS = (("tr", "ch"), ("ch", "tr"), ("s", "x"), ("x", "s"), ("d", "gi"), ("gi", "d"),
             ("r", "d"), ("n", "l"), ("l", "n"), ("v", "d"))  # fmt: skip


def asr(text: str, rng: random.Random, garble: bool = True) -> str:
    """Say `text` as a recogniser might hear it: lost tones, confused initials, merged words.

    Without `garble` only tones are lost (emergencies: a cue the recogniser destroyed is
    no longer there to find, and the detector is not trained).
    """
    words = text.split()
    out = []
    for word in words:
        r = rng.random()
        if r < 0.3:
            word = strip_marks(word)
        elif r < 0.4 and garble:
            for a, b in _INITIALS:
                if word.startswith(a):
                    word = b + word[len(a) :]
                    break
        out.append(word)
    if not garble:
        return " ".join(out)
    if len(out) >= 4 and rng.random() < 0.3:
        i = rng.randrange(len(out) - 1)
        out[i : i + 2] = [out[i] + out[i + 1]]
    elif len(out) >= 4 and rng.random() < 0.3:
        del out[rng.randrange(len(out))]
    return " ".join(out)


def _merged(*tables: dict[str, tuple[_T, ...]]) -> dict[str, tuple[_T, ...]]:
    out: dict[str, tuple[_T, ...]] = {}
    for table in tables:
        for key, values in table.items():
            out[key] = out.get(key, ()) + values
    return out


def southern(text: str, table: dict[str, str] = s.SOUTH) -> str | None:
    """Return `text` in Southern (or, given its table, Central) speech; None if unchanged."""
    said = text
    for standard, south in table.items():
        said = re.sub(rf"(?<!\w){re.escape(standard)}(?!\w)", south, said)
    return said if said != text else None


def build() -> list[Row]:
    """Return the whole corpus, deduplicated on the text."""
    rng = random.Random(11)
    # The fifth pass draws from a stream of its own, so every older row is said again
    # exactly as before and the held-out figures stay comparable from pass to pass.
    more = random.Random(5)
    older = ((row, rng) for row in (*_vietnamese(rng), *_foreign(rng), *_mixed(rng), *_named()))
    rows: list[Row] = []
    for row, draw in (*older, *((row, more) for row in (*_everyday(), *_people()))):
        rows.append(row)
        if row.style in ("en", "ko"):
            continue
        spoken = row.style in ("plain", "need")
        if spoken and row.intent in l.ELDERLY_INTENTS and draw.random() < 0.25:
            rows.append(_as(row, wrap(row, draw, l.ELDERLY), "elderly"))
        if row.style == "plain" and more.random() < YOUNG_SHARE:
            rows.append(_as(row, wrap(row, more, everyday.YOUNG_WRAP), "young"))
        said = southern(row.text)
        if said and draw.random() < 0.5:
            rows.append(_as(row, said, "southern"))
        said = southern(row.text, CENTRAL)
        central = draw is rng and southern(row.text, p.CENTRAL) is not None  # as before
        if said and (draw if central else more).random() < 0.3:
            rows.append(_as(row, said, "central"))
        r = draw.random()
        if r < 0.45:
            rows.append(_as(row, strip_marks(row.text), "nodiac"))
        elif r < 0.8:
            rows.append(_as(row, asr(row.text, draw, not row.emergency), "asr"))
    seen: set[str] = set()
    unique = []
    for row in rows:
        key = row.text.lower()
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _as(row: Row, text: str, style: str) -> Row:
    kept = row.style in ("need", "emergency", "mixed") and style != "elderly"
    keep = row.style if kept else style
    return Row(text, row.intent, row.procedure, row.emergency, keep, row.split, row.group)


def load(path: Path = CORPUS) -> list[Row]:
    """Read the corpus TSV."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        text, intent, proc, emergency, style, split, group = line.split("\t")
        rows.append(Row(text, intent, proc or None, emergency == "1", style, split, group))
    return rows


def write(rows: list[Row], path: Path = CORPUS) -> None:
    """Write the corpus TSV."""
    path.write_text(HEADER + "\n" + "".join(r.line() + "\n" for r in rows), encoding="utf-8")
