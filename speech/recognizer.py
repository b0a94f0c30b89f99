"""Vosk recognition off the event loop: grammar mode first, free recognition as fallback.

All decoding of one recogniser runs on its own single worker thread (a Kaldi
recogniser is not thread-safe); the event loop only awaits it. The audio of the
current utterance is held in memory for the free fallback and dropped afterwards.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Mode = Literal["grammar", "free"]
UNKNOWN_WORD = "[unk]"


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was heard: text, mean word confidence and the mode that produced it."""

    text: str
    confidence: float
    mode: Mode
    seconds: float


def _vosk() -> Any:
    import vosk

    vosk.SetLogLevel(-1)
    return vosk


class Recognizer:
    """A loaded Vosk model with its grammar, and a worker thread to decode on."""

    def __init__(
        self,
        model: Any,
        rate: int,
        phrases: list[str] | None,
        min_confidence: float = 0.55,
        load_seconds: float = 0.0,
    ) -> None:
        self.model = model
        self.rate = rate
        self.min_confidence = min_confidence
        self.load_seconds = load_seconds
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vosk")
        self.grammar: list[str] | None = None
        self.listen_for(phrases)

    def listen_for(self, phrases: list[str] | None) -> None:
        """Set the grammar to the phrases whose words the model knows (None: free
        recognition only); the next utterance decodes with it."""
        if phrases is None:
            self.grammar = None
            return
        grammar = [p for p in phrases if self.knows(p)]
        if self.model.vosk_model_find_word(UNKNOWN_WORD) >= 0:
            grammar.append(UNKNOWN_WORD)
        self.grammar = grammar

    @classmethod
    async def load(
        cls, path: Path, rate: int = 16000, phrases: list[str] | None = None
    ) -> Recognizer:
        """Load a model directory in a thread; `phrases` None means free recognition only."""
        started = time.perf_counter()
        model = await asyncio.to_thread(_vosk().Model, str(path))
        return cls(model, rate, phrases, load_seconds=time.perf_counter() - started)

    def knows(self, phrase: str) -> bool:
        """Return whether every word of `phrase` is in the model's vocabulary."""
        return all(self.model.vosk_model_find_word(w) >= 0 for w in phrase.split())

    def close(self) -> None:
        """Stop the worker thread."""
        self.worker.shutdown(wait=True)

    def utterance(self) -> Utterance:
        """Return a decoder for one utterance."""
        return Utterance(self)

    async def run(self, fn: Any, *args: Any) -> Any:
        """Run `fn(*args)` on the worker thread."""
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)


class Utterance:
    """One utterance: audio streams into the grammar decoder while it is spoken."""

    def __init__(self, recognizer: Recognizer) -> None:
        self.r = recognizer
        self.audio = bytearray()
        self._decoder: Any = None

    def _new(self, grammar: list[str] | None) -> Any:
        vosk = _vosk()
        if grammar is None:
            rec = vosk.KaldiRecognizer(self.r.model, self.r.rate)
        else:
            rec = vosk.KaldiRecognizer(
                self.r.model, self.r.rate, json.dumps(grammar, ensure_ascii=False)
            )
        rec.SetWords(True)
        return rec

    def _accept(self, pcm: bytes) -> None:
        if self._decoder is None:
            self._decoder = self._new(self.r.grammar)
        self._decoder.AcceptWaveform(pcm)

    async def feed(self, pcm: bytes) -> None:
        """Decode more audio (on the worker thread)."""
        self.audio += pcm
        await self.r.run(self._accept, bytes(pcm))

    def _final(self) -> dict[str, Any]:
        if self._decoder is None:
            self._decoder = self._new(self.r.grammar)
        result: dict[str, Any] = json.loads(self._decoder.FinalResult())
        return result

    def _free(self, audio: bytes) -> dict[str, Any]:
        rec = self._new(None)
        step = self.r.rate  # half a second of 16-bit audio per call
        for i in range(0, len(audio), step):
            rec.AcceptWaveform(audio[i : i + step])
        result: dict[str, Any] = json.loads(rec.FinalResult())
        return result

    async def finish(self) -> Transcript:
        """Return the transcript: grammar result, or the free one when that is unsure."""
        seconds = len(self.audio) / (2 * self.r.rate)
        try:
            result = await self.r.run(self._final)
            mode: Mode = "free" if self.r.grammar is None else "grammar"
            text, conf = _read(result)
            if mode == "grammar" and (not text or conf < self.r.min_confidence):
                free_text, free_conf = _read(await self.r.run(self._free, bytes(self.audio)))
                if free_text and (not text or free_conf > conf):
                    text, conf, mode = free_text, free_conf, "free"
            return Transcript(text, conf, mode, seconds)
        finally:
            self.audio = bytearray()  # audio of the utterance is not kept


def _read(result: dict[str, Any]) -> tuple[str, float]:
    """Return (text without [unk], mean confidence of the known words)."""
    words = [w for w in result.get("result", []) if w.get("word") != UNKNOWN_WORD]
    text = " ".join(w["word"] for w in words)
    if not words:
        return "", 0.0
    return text, sum(float(w.get("conf", 0.0)) for w in words) / len(words)
