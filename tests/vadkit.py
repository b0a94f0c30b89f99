"""Scenes for the voice-activity detector: espeak-ng speech in crowd babble and fan hum.

Babble is several espeak-ng voices (Vietnamese and English, different pitches and
speeds) talking over each other; hum is a 50 Hz fan with harmonics and brown noise.
Speech is mixed in at a chosen SNR (active speech RMS over noise RMS). Scoring: an
utterance is found when a detected segment overlaps it and is not far longer; a start
overlapping none is a false start; the first syllable is kept when the segment
(pre-roll included) begins no later than the utterance's onset.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache

import numpy as np

from speech.vad import Vad

RATE = 16000
SAID = (
    ("vi", "cho tôi lấy số khai sinh"), ("vi", "nhà vệ sinh ở đâu vậy em"),
    ("vi", "còn bao nhiêu người nữa"), ("en", "where is counter five"),
    ("vi", "tôi muốn làm căn cước"), ("ko", "번호표 주세요"),
)  # fmt: skip
CHATTER = (
    "hôm nay trời nóng quá", "anh đi đâu đó", "chị chờ lâu chưa", "the line is long today",
    "mai tôi lại đến", "con ngồi yên đi", "did you bring the papers", "ừ để tôi xem",
    "giấy này photo ở đâu", "i will call you later", "bác về trước nhé", "số mấy rồi",
)  # fmt: skip


@cache
def espeak(text: str, lang: str = "vi", speed: int = 150, pitch: int = 50) -> np.ndarray:
    """Return espeak-ng's rendering of `text` as float samples at 16 kHz."""
    wav = subprocess.run(
        ["espeak-ng", "-v", lang, "-s", str(speed), "-p", str(pitch), "--stdout", text],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-r", str(RATE), "-c", "1", "-b", "16", "-t", "raw", "-"],
        input=wav, check=True, capture_output=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2))) or 1e-9


def noise(seconds: float, seed: int = 1) -> np.ndarray:
    """Return crowd babble (six voices) over fan hum, RMS 1."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    crowd = np.zeros(n, dtype=np.float32)
    for voice in range(6):
        at = int(rng.integers(0, RATE))
        while at < n:
            text = CHATTER[int(rng.integers(len(CHATTER)))]
            lang = "en" if text.isascii() and " the " in f" {text} " else "vi"
            s = espeak(text, lang, int(rng.integers(130, 180)), 30 + 10 * voice)
            s = s[: n - at]
            crowd[at : at + len(s)] += s / _rms(s)
            at += len(s) + int(rng.integers(RATE // 10, RATE))
    t = np.arange(n) / RATE
    hum = sum(
        np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((50, 100, 150), 1)
    )
    brown = np.cumsum(rng.normal(size=n))
    brown -= np.convolve(brown, np.ones(400) / 400, mode="same")  # no drift
    fan = hum / _rms(hum) + 0.7 * brown / _rms(brown)
    mixed = crowd / _rms(crowd) + 0.6 * fan / _rms(fan)
    return (mixed / _rms(mixed)).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Scene:
    """16-bit PCM and where each utterance is (seconds)."""

    pcm: bytes
    truth: list[tuple[float, float]]


def scene(snr_db: float, noise_dbfs: float = -38.0, seed: int = 1) -> Scene:
    """Return the six utterances of SAID, 2–3 s apart (4–5 s of room first), in noise
    at `snr_db`."""
    rng = np.random.default_rng(seed)
    speech = [espeak(text, lang) for lang, text in SAID]
    gaps = [int(rng.uniform(2.0, 3.0) * RATE) for _ in range(len(speech) + 1)]
    gaps[0] += 2 * RATE  # the satellite listens all day: the room is heard before anyone speaks
    n = sum(len(s) for s in speech) + sum(gaps)
    level = 10 ** (noise_dbfs / 20)
    track = noise(n / RATE, seed) * level
    truth, at = [], gaps[0]
    for s, gap in zip(speech, gaps[1:], strict=True):
        active = s[np.abs(s) > 0.02 * np.abs(s).max()]
        track[at : at + len(s)] += s * (level * 10 ** (snr_db / 20) / _rms(active))
        nonzero = np.flatnonzero(np.abs(s) > 0.02 * np.abs(s).max())
        truth.append(((at + nonzero[0]) / RATE, (at + nonzero[-1]) / RATE))
        at += len(s) + gap
    pcm = (np.clip(track, -1, 1) * 32767).astype(np.int16).tobytes()
    return Scene(pcm, truth)


def segments(pcm: bytes, vad: Vad | None = None) -> list[tuple[float, float]]:
    """Return the segments the detector finds (start includes its pre-roll), in seconds."""
    vad = vad or Vad(rate=RATE)
    out: list[tuple[float, float]] = []
    fed, start = 0, 0.0
    step = vad.frame_bytes
    for i in range(0, len(pcm) - step + 1, step):
        fed += step
        for event in vad.push(pcm[i : i + step]):
            if event.kind == "start":
                start = (fed - len(event.pcm)) / 2 / RATE
            elif event.kind == "end":
                out.append((start, fed / 2 / RATE))
    if vad.flush():
        out.append((start, fed / 2 / RATE))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    """How the detector did on one scene."""

    found: int
    false_starts: int
    first_kept: int
    utterances: int


def score(found: list[tuple[float, float]], truth: list[tuple[float, float]]) -> Score:
    """Score detected segments against the true utterances."""
    hits = [
        next((f for f in found if f[0] < t1 and f[1] > t0 and f[1] - f[0] < t1 - t0 + 3.5), None)
        for t0, t1 in truth
    ]  # a segment far longer than the utterance did not find it
    false = sum(not any(f[0] < t1 and f[1] > t0 for t0, t1 in truth) for f in found)
    kept = sum(bool(h is not None and h[0] <= t0) for h, (t0, _t1) in zip(hits, truth, strict=True))
    return Score(sum(h is not None for h in hits), false, kept, len(truth))
