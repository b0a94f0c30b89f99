"""Voice-activity detection: where an utterance starts and ends, from frame energy.

An adaptive noise floor (it follows the quietest recent level) and a margin above it
mark speech; a few voiced frames start an utterance (with some audio before it kept,
so the first syllable is not cut), and a stretch of silence ends it.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class VadEvent:
    """start (pcm holds the pre-roll), audio (pcm of speech), or end."""

    kind: Literal["start", "audio", "end"]
    pcm: bytes = b""


def level_db(frame: bytes) -> float:
    """Return the RMS level of 16-bit PCM in dBFS (-100 for digital silence)."""
    samples = array("h", frame)
    if not samples:
        return -100.0
    power = sum(s * s for s in samples) / len(samples)
    return 10 * math.log10(power / (32768.0**2)) if power > 0 else -100.0


@dataclass
class EnergyVad:
    """Cut a PCM stream into utterances."""

    rate: int = 16000
    frame_ms: int = 30
    margin_db: float = 12.0
    min_db: float = -50.0
    start_frames: int = 3
    end_silence: float = 0.6
    preroll: float = 0.5
    max_seconds: float = 15.0
    noise_db: float = -70.0
    _buffer: bytes = b""
    _recent: deque[bytes] = field(default_factory=deque)
    _voiced: int = 0
    _silent: int = 0
    _spoken: int = 0
    in_speech: bool = False

    @property
    def frame_bytes(self) -> int:
        """Return the size of one analysis frame."""
        return self.rate * self.frame_ms // 1000 * 2

    def reset(self) -> None:
        """Forget the current utterance and buffered audio (e.g. while the device speaks)."""
        self._buffer = b""
        self._recent.clear()
        self._voiced = self._silent = self._spoken = 0
        self.in_speech = False

    def push(self, pcm: bytes) -> list[VadEvent]:
        """Feed PCM; return what happened in it."""
        events: list[VadEvent] = []
        self._buffer += pcm
        size = self.frame_bytes
        keep = max(1, int(self.preroll * 1000 / self.frame_ms))
        while len(self._buffer) >= size:
            frame, self._buffer = self._buffer[:size], self._buffer[size:]
            level = level_db(frame)
            voiced = level > max(self.noise_db + self.margin_db, self.min_db)
            if not self.in_speech:
                self._recent.append(frame)
                while len(self._recent) > keep:
                    self._recent.popleft()
                self._voiced = self._voiced + 1 if voiced else 0
                if not voiced:
                    # The floor drops at once to quieter levels and rises slowly.
                    self.noise_db = min(level, 0.95 * self.noise_db + 0.05 * max(level, -100))
                if self._voiced >= self.start_frames:
                    self.in_speech = True
                    self._silent = 0
                    self._spoken = len(self._recent)
                    events.append(VadEvent("start", b"".join(self._recent)))
                    self._recent.clear()
                continue
            events.append(VadEvent("audio", frame))
            self._spoken += 1
            self._silent = 0 if voiced else self._silent + 1
            too_long = self._spoken * self.frame_ms / 1000 >= self.max_seconds
            if self._silent * self.frame_ms / 1000 >= self.end_silence or too_long:
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
