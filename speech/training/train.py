"""`make train`: build the corpus, train the intent and procedure models, evaluate, ship.

The models are trained on the corpus's train split only; the held-out split (whole
template groups and life needs never trained on) gives the figures tests assert.
Cross-validation on the train split keeps each group in one fold. Writes
speech/data/corpus.tsv and speech/data/model.npz and prints the evaluation.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from floor.config import load_catalog
from speech.classifier import MODEL, NO_PROCEDURE, Model, features
from speech.intents import Understander, evidence
from speech.normalize import normalize
from speech.training import corpus

C = 40.0
"""Inverse regularisation of both heads (chosen by cross-validation on the train split)."""


def featurize(texts: Sequence[str]) -> list[list[str]]:
    """Return the model features of each text, rules' evidence included."""
    rules = Understander(load_catalog())
    out = []
    for text in texts:
        n = normalize(text)
        out.append(features(n.folded, evidence(rules.rules(n))))
    return out


def _identity(feats: list[str]) -> list[str]:
    return feats


def pipeline() -> Pipeline:
    """Return an untrained pipeline: TF-IDF over our features, multinomial regression."""
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, dtype=np.float32)
    return Pipeline(
        [
            ("tfidf", vectorizer),
            ("lr", LogisticRegression(C=C, max_iter=3000, class_weight="balanced")),
        ]
    )


def _intent(row: corpus.Row) -> str:
    return row.intent


def _style(row: corpus.Row) -> str:
    return row.style


def _procedure(row: corpus.Row) -> str:
    return row.procedure or NO_PROCEDURE


def cross_validate(rows: list[corpus.Row], feats: list[list[str]]) -> list[str]:
    """Return out-of-fold intent predictions (5 folds, groups kept whole)."""
    got = [""] * len(rows)
    folds = GroupKFold(n_splits=5).split(feats, groups=[r.group for r in rows])
    for train, test in folds:
        model = pipeline().fit([feats[i] for i in train], [rows[i].intent for i in train])
        for i, label in zip(test, model.predict([feats[i] for i in test]), strict=True):
            got[i] = str(label)
    return got


def report(
    title: str, rows: Sequence[corpus.Row], got: Sequence[str], key: Callable[[corpus.Row], str]
) -> str:
    """Return accuracy overall, per intent and per style, and the commonest confusions."""
    lines = [f"{title}: {_acc(rows, got, key)} of {len(rows)}"]
    for name, pick in (("intent", _intent), ("style", _style)):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            groups[pick(row)].append(i)
        cells = [
            f"{g} {_acc([rows[i] for i in idx], [got[i] for i in idx], key)} ({len(idx)})"
            for g, idx in sorted(groups.items())
        ]
        lines.append(f"  per {name}: " + ", ".join(cells))
    wrong = Counter((key(r), g) for r, g in zip(rows, got, strict=True) if key(r) != g)
    lines.append(
        "  confusions: " + ", ".join(f"{a}->{b} x{n}" for (a, b), n in wrong.most_common(12))
    )
    return "\n".join(lines)


def _acc(rows: Sequence[corpus.Row], got: Sequence[str], key: Callable[[corpus.Row], str]) -> str:
    right = sum(key(r) == g for r, g in zip(rows, got, strict=True))
    return f"{right / max(1, len(rows)):.1%}"


def save(intent: Pipeline, procedure: Pipeline, path: Path = MODEL) -> None:
    """Write both heads and their shared vocabulary as plain arrays (no pickle)."""
    tfidf: TfidfVectorizer = intent.named_steps["tfidf"]
    terms = tfidf.get_feature_names_out()
    arrays: dict[str, np.ndarray] = {
        "vocabulary": np.asarray(terms, dtype=str),
        "idf": tfidf.idf_.astype(np.float32),
    }
    for name, model in (("intent", intent), ("procedure", procedure)):
        lr: LogisticRegression = model.named_steps["lr"]
        arrays[f"{name}_classes"] = np.asarray(lr.classes_, dtype=str)
        arrays[f"{name}_coef"] = lr.coef_.astype(np.float16)
        arrays[f"{name}_intercept"] = lr.intercept_.astype(np.float32)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def load_scored(path: Path) -> list[corpus.Row]:
    """Read a scoring set (text, intent, procedure, emergency, style; # comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, intent, proc, emergency, style = line.split("\t")
            rows.append(corpus.Row(text, intent, proc or None, emergency == "1", style, "", ""))
    return rows


def main() -> int:
    """Build, train, evaluate and ship; or, given `--score FILE`, score the shipped model."""
    if sys.argv[1:2] == ["--score"]:
        print(evaluate(load_scored(Path(sys.argv[2])), sys.argv[2]))
        return 0
    rows = corpus.build()
    corpus.write(rows)
    train = [r for r in rows if r.split == "train"]
    test = [r for r in rows if r.split == "test"]
    print(f"corpus: {len(rows)} utterances, {len(train)} train, {len(test)} held out")
    train_x = featurize([r.text for r in train])
    folds = cross_validate(train, train_x)
    print(report("cross-validation (train split, intent)", train, folds, _intent))
    intent = pipeline().fit(train_x, [r.intent for r in train])
    # The procedure head shares the intent head's vocabulary (one feature space).
    procedure = Pipeline(
        [
            ("tfidf", intent.named_steps["tfidf"]),
            ("lr", LogisticRegression(C=C, max_iter=3000, class_weight="balanced")),
        ]
    )
    procedure.named_steps["lr"].fit(
        intent.named_steps["tfidf"].transform(train_x), [_procedure(r) for r in train]
    )
    save(intent, procedure)
    print(f"model: {MODEL} ({MODEL.stat().st_size // 1024} KiB)")
    print(evaluate(test, "held out"))
    return 0


def evaluate(rows: Sequence[corpus.Row], title: str) -> str:
    """Return the shipped understanding's figures on some rows: intent, procedure, emergency."""
    understander = Understander(load_catalog(), Model.load())
    got = [understander.understand(r.text) for r in rows]
    intents = report(f"{title}, intent", rows, [g.intent for g in got], _intent)
    procedures = report(
        f"{title}, procedure", rows, [g.procedure or NO_PROCEDURE for g in got], _procedure
    )
    alarms = [g.urgent for g in got]
    urgent = [a for a, r in zip(alarms, rows, strict=True) if r.emergency]
    calm = [a for a, r in zip(alarms, rows, strict=True) if not r.emergency]
    sos = (
        f"{title}, emergencies: recall {sum(urgent)}/{len(urgent)}, "
        f"false alarms {sum(calm)}/{len(calm)}"
    )
    return "\n".join((intents, procedures, sos))


if __name__ == "__main__":
    sys.exit(main())
