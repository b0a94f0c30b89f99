"""The voice-activity detector on espeak-ng speech in crowd babble and fan hum, at 10, 5
and 0 dB SNR, and on the noise alone (tests/vadkit.py builds and scores the scenes).

Figures (docs/speech.md): all six utterances found with their first syllable at 10
and 5 dB; at 0 dB, where the babble is as loud as the speaker, one of six; no false
start in a minute of babble and hum.
"""

from __future__ import annotations

import numpy as np
import pytest

from speech.vad import Vad
from tests import vadkit


@pytest.mark.parametrize(("snr_db", "least"), [(10, 6), (5, 6), (0, 1)])
def test_utterances_found_in_babble_and_hum(snr_db: float, least: int) -> None:
    scene = vadkit.scene(snr_db)
    found = vadkit.segments(scene.pcm)
    score = vadkit.score(found, scene.truth)
    print(f"{snr_db} dB: {score}")
    assert score.found >= least, (score, found, scene.truth)
    assert score.first_kept >= least, (score, found, scene.truth)
    assert score.false_starts == 0, (score, found, scene.truth)


def test_no_false_start_in_a_minute_of_noise_alone() -> None:
    noise = vadkit.noise(60, seed=7) * 10 ** (-38 / 20)
    pcm = (noise * 32767).astype(np.int16).tobytes()
    assert vadkit.segments(pcm) == []


def test_other_rates_are_resampled_for_the_detector() -> None:
    speech = vadkit.espeak("cho tôi lấy số khai sinh")
    at_8k = speech[::2]  # 8 kHz, crudely
    quiet = np.zeros(8000, dtype=np.float32) + np.random.default_rng(1).normal(0, 0.002, 8000)
    track = np.concatenate([quiet, quiet, at_8k * 0.5, quiet, quiet]).astype(np.float32)
    pcm = (track * 32767).astype(np.int16).tobytes()
    vad = Vad(rate=8000)
    kinds = [e.kind for i in range(0, len(pcm), 1600) for e in vad.push(pcm[i : i + 1600])]
    assert [k for k in kinds if k != "audio"] == ["start", "end"]
