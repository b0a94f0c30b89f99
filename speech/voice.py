"""Local text-to-speech with espeak-ng, for devices with no voice of their own."""

from __future__ import annotations

import asyncio
import shutil
import subprocess

from floor.core.catalog import Lang

VOICES: dict[Lang, str] = {"vi": "vi-vn-x-south", "en": "en", "ko": "ko"}


class EspeakVoice:
    """espeak-ng (Debian package espeak-ng) in a child process."""

    def __init__(self, rate_wpm: int = 150, program: str = "espeak-ng") -> None:
        found = shutil.which(program)
        if found is None:
            raise RuntimeError(f"{program} is not installed (apt-get install espeak-ng)")
        self.program = found
        self.rate_wpm = rate_wpm

    def _args(self, lang: Lang) -> list[str]:
        return [self.program, "-v", VOICES[lang], "-s", str(self.rate_wpm)]

    def render(self, text: str, lang: Lang) -> bytes:
        """Return `text` spoken as WAV bytes."""
        done = subprocess.run(
            [*self._args(lang), "--stdout", text], capture_output=True, check=True, timeout=60
        )
        return done.stdout

    def play(self, text: str, lang: Lang) -> None:
        """Speak `text` on the default audio output and wait until it is spoken."""
        subprocess.run([*self._args(lang), text], check=True, timeout=120)

    async def speak(self, text: str, lang: Lang) -> None:
        """Speak without blocking the event loop; return when the voice is done."""
        proc = await asyncio.create_subprocess_exec(
            *self._args(lang),
            text,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await proc.wait()
