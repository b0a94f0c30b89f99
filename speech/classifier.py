"""The trained intent, procedure and emergency models, run with numpy alone.

Features of an utterance (its folded text): words, word pairs, and character 3- and
4-grams, pairs of Hangul syllables within a word (a Korean stem or ending is one or two
syllables, where three or four span words), a token per kind of need or intent whose
words it holds (speech.lexicon.CUES) and one for a bare call ("chị ơi"), plus tokens
for what the rules found (a ticket number, a counter, a procedure name, the rule
parser's intent). Weights are TF-IDF with sublinear counts into three
linear heads, trained by `make train` (speech.training.train) and shipped in
speech/data/model.npz: a linear SVM for the intent, its scores scaled so that their
softmax is a calibrated probability, a multinomial logistic regression for the
procedure, and a logistic regression for whether it is an emergency (a second net
beside speech.emergency's cues, for emergencies told in words no cue holds). This
module repeats scikit-learn's transform and the softmax so the satellite loads in
milliseconds without it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from speech.lexicon import CUES
from speech.normalize import fold

MODEL = Path(__file__).resolve().parent / "data" / "model.npz"
NO_PROCEDURE = "-"
EMERGENCY = "emergency"
"""The emergency head's positive class (its other is "calm")."""


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Return a pattern finding any of some phrases (folded) as whole words."""
    either = "|".join(re.escape(fold(p)) for p in phrases)
    return re.compile(rf"(?<![a-z0-9])(?:{either})(?![a-z0-9])")


_CUES = tuple((kind, phrase_pattern(cues)) for kind, cues in CUES.items())
_HANGUL_PAIR = re.compile(r"(?=([\uac00-\ud7a3]{2}))")
_TEXT = ("w:", "b:", "c:", "h:")


def features(folded: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Return the features of one folded utterance (and the rules' tokens in `extra`)."""
    words = folded.split()
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    padded = f" {folded} "
    for n in (3, 4):
        out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    out += [f"h:{pair}" for pair in _HANGUL_PAIR.findall(folded)]
    out += [f"k:{kind}" for kind, cue in _CUES if cue.search(folded)]
    if len(words) <= 3 and words[-1:] == ["oi"]:
        out.append("k:call")  # a bare call: "chị ơi", "robot ơi"
    return out + list(extra)


def familiarity(feats: list[str], vocabulary: dict[str, int]) -> float:
    """Return the share of an utterance's text features (words, word pairs, character
    n-grams, Hangul pairs) that a vocabulary holds: low for nonsense and for talk the
    model never saw, whose few known features would otherwise decide the intent alone."""
    text = [f for f in feats if f.startswith(_TEXT)]
    return sum(f in vocabulary for f in text) / max(1, len(text))


@dataclass(frozen=True, slots=True)
class Head:
    """One linear model over the shared features: its classes, weights and biases."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray

    def probabilities(self, x: np.ndarray, at: np.ndarray | None = None) -> np.ndarray:
        """Return class probabilities (softmax of the linear scores) of a feature vector,
        or of the sparse one whose nonzero weights `x` sit at the columns `at`."""
        scores = (self.coef if at is None else self.coef[:, at]) @ x + self.intercept
        scores -= scores.max()
        e = np.exp(scores)
        return np.asarray(e / e.sum())


class Model:
    """The intent, procedure and emergency heads over one vocabulary."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        intent: Head,
        procedure: Head,
        emergency: Head,
    ) -> None:
        self.vocabulary, self.idf = vocabulary, idf
        self.intent, self.procedure, self.emergency = intent, procedure, emergency

    @classmethod
    def load(cls, path: Path = MODEL) -> Model:
        """Load the shipped model."""
        with np.load(path, allow_pickle=False) as data:
            vocab = {str(term): i for i, term in enumerate(data["vocabulary"])}
            heads = [
                Head(
                    tuple(str(c) for c in data[f"{name}_classes"]),
                    data[f"{name}_coef"].astype(np.float32),
                    data[f"{name}_intercept"].astype(np.float32),
                )
                for name in ("intent", "procedure", "emergency")
            ]
            return cls(vocab, data["idf"].astype(np.float32), *heads)

    def vector(self, feats: list[str]) -> np.ndarray:
        """Return the TF-IDF vector (sublinear counts, L2-normalised) of some features."""
        at, weights = self.sparse(feats)
        x = np.zeros(len(self.idf), dtype=np.float32)
        x[at] = weights
        return x

    def sparse(self, feats: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the same vector as the columns of its known features and their weights
        (an utterance holds a few hundred of the tens of thousands)."""
        counts: dict[int, int] = {}
        for f in feats:
            i = self.vocabulary.get(f)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        at = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        weights = tf * self.idf[at]
        if len(weights):
            weights /= np.linalg.norm(weights)
        return at, weights

    def predict(self, feats: list[str]) -> tuple[dict[str, float], dict[str, float], float]:
        """Return intent and procedure probabilities for one utterance's features, and
        the probability that it tells of an emergency."""
        at, x = self.sparse(feats)
        intents = self.intent.probabilities(x, at)
        procedures = self.procedure.probabilities(x, at)
        alarm = self.emergency.probabilities(x, at)[self.emergency.classes.index(EMERGENCY)]
        return (
            dict(zip(self.intent.classes, intents.tolist(), strict=True)),
            dict(zip(self.procedure.classes, procedures.tolist(), strict=True)),
            float(alarm),
        )
