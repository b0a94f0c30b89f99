"""Audio sources chosen by URL: a microphone, a WAV file or a raw PCM stream.

Every source yields 16-bit mono PCM chunks. Blocking reads run in a thread, so the
event loop never waits on a device or a disk. Nothing is written anywhere.
"""

from __future__ import annotations

import asyncio
import sys
import time
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlparse

CHUNK_SECONDS = 0.1


class AudioError(ValueError):
    """An audio source that cannot be used (bad URL, format, or missing driver)."""


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """Sample rate of 16-bit mono PCM."""

    rate: int
    width: int = 2
    channels: int = 1

    def seconds(self, nbytes: int) -> float:
        """Return how long `nbytes` of this audio last."""
        return nbytes / (self.rate * self.width * self.channels)


class AudioSource(Protocol):
    """Something that yields PCM chunks in one format."""

    format: AudioFormat

    def chunks(self) -> AsyncIterator[bytes]:
        """Yield PCM chunks until the source ends."""
        ...


class _StreamSource:
    """PCM from a blocking binary stream (a WAV body, a file or stdin)."""

    def __init__(self, stream: BinaryIO, fmt: AudioFormat, pace: bool) -> None:
        self.stream = stream
        self.format = fmt
        self.pace = pace

    async def chunks(self) -> AsyncIterator[bytes]:
        size = int(self.format.rate * CHUNK_SECONDS) * self.format.width
        started = time.monotonic()
        played = 0.0
        while True:
            data = await asyncio.to_thread(self.stream.read, size)
            if not data:
                return
            yield data
            played += self.format.seconds(len(data))
            if self.pace:
                await asyncio.sleep(max(0.0, started + played - time.monotonic()))


class WavSource(_StreamSource):
    """A 16-bit mono WAV file (any sample rate: the recogniser is told it)."""

    def __init__(self, path: Path, pace: bool = False) -> None:
        try:
            wav = wave.open(str(path), "rb")  # noqa: SIM115 - closed by close()
        except (OSError, wave.Error, EOFError) as exc:
            raise AudioError(f"{path}: not a readable WAV file: {exc}") from None
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            wav.close()
            raise AudioError(f"{path}: need 16-bit mono PCM (sox in.wav -b 16 -c 1 out.wav)")
        self._wav = wav
        reader = _WavReader(wav)
        super().__init__(reader, AudioFormat(wav.getframerate()), pace)  # type: ignore[arg-type]

    def close(self) -> None:
        """Close the file."""
        self._wav.close()


class _WavReader:
    def __init__(self, wav: wave.Wave_read) -> None:
        self.wav = wav

    def read(self, size: int) -> bytes:
        return self.wav.readframes(size // 2)


class MicSource:
    """A microphone through PyAudio (the optional `[mic]` extra)."""

    def __init__(self, device: int | None, rate: int) -> None:
        try:
            import pyaudio
        except ImportError:
            raise AudioError(
                "mic:// needs PyAudio: pip install 'floor-orchestrator[mic]' "
                "(it builds against Debian's portaudio19-dev)"
            ) from None
        self.format = AudioFormat(rate)
        self._pa = pyaudio.PyAudio()
        self._frames = int(rate * CHUNK_SECONDS)
        self._stream = self._pa.open(
            format=pyaudio.paInt16,
            channels=1,
            rate=rate,
            input=True,
            input_device_index=device,
            frames_per_buffer=self._frames,
        )

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            while True:
                yield await asyncio.to_thread(
                    self._stream.read, self._frames, exception_on_overflow=False
                )
        finally:
            self._stream.close()
            self._pa.terminate()


def open_source(url: str, rate: int = 16000, pace: bool = False) -> AudioSource:
    """Open `mic://[index]`, `file://x.wav` (or a path), `raw:-` or `raw:FILE`."""
    if url.startswith("mic:"):
        index = urlparse(url).netloc or url.removeprefix("mic:").strip("/")
        return MicSource(int(index) if index else None, rate)
    if url.startswith("raw:"):
        where = url.removeprefix("raw:").removeprefix("//")
        stream = sys.stdin.buffer if where in ("", "-") else open(where, "rb")  # noqa: SIM115
        return _StreamSource(stream, AudioFormat(rate), pace)
    path = Path(urlparse(url).path if url.startswith("file:") else url)
    if path.suffix.lower() != ".wav":
        raise AudioError(f"unknown audio source {url!r}: use mic://, a .wav file or raw:FILE")
    return WavSource(path, pace)
