"""`floor speech …` commands: run a satellite, understand text, pull models, say text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import get_args

from floor.core.catalog import Lang

_LANGS = list(get_args(Lang))


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `speech` command group to the `floor` command line."""
    speech = commands.add_parser(
        "speech", help="on-device voice: satellites, understanding, models"
    )
    sub = speech.add_subparsers(title="speech commands", metavar="ACTION")

    run = sub.add_parser("run", help="run a speech satellite for one site (device id)")
    run.add_argument("--site", required=True, help="the satellite's device id, e.g. voice-kiosk-1")
    run.add_argument("--broker", default="mqtt://127.0.0.1:1883", help="mqtt://host:port")
    run.add_argument(
        "--audio",
        default="mic://",
        help="mic://[DEVICE_INDEX], a WAV file (file://x.wav or x.wav), raw:- or raw:FILE "
        "(16-bit mono PCM at --rate)",
    )
    run.add_argument("--rate", type=int, default=16000, help="sample rate of raw PCM and mic")
    run.add_argument("--model", help="a Vosk model directory or a pulled name (vi-small)")
    run.add_argument("--lang", choices=_LANGS, default="vi", help="the model's language")
    run.add_argument("--mode", choices=["grammar", "free"], default="grammar")
    run.add_argument("--tts", choices=["none", "espeak"], default="none", help="local voice")
    run.add_argument("--center-id", help="center id (default: the center file's)")
    run.add_argument("--center", type=Path, help="center YAML (built-in demo center if absent)")
    run.add_argument("--catalog", type=Path, help="catalog YAML (built-in if absent)")
    run.add_argument(
        "--password-file", type=Path, help="the device account's password (from provisioning)"
    )
    run.add_argument("--keep-audio", type=Path, help="keep each utterance as WAV in this folder")
    run.add_argument("--pace", action="store_true", help="play files at real-time speed")
    run.add_argument("--end-silence", type=float, default=0.6, help="seconds that end speech")
    run.add_argument("--log-level", default="INFO")
    run.set_defaults(handler=_cmd_run)

    und = sub.add_parser("understand", help="print intent and slots of text as JSON")
    und.add_argument("text", nargs="*", help="the utterance; none: one per line from stdin")
    und.add_argument("--lang", choices=_LANGS, default="vi")
    und.add_argument("--catalog", type=Path, help="catalog YAML (built-in if absent)")
    und.set_defaults(handler=_cmd_understand)

    models = sub.add_parser("models", help="Vosk models: pull and list")
    msub = models.add_subparsers(title="model commands", metavar="ACTION")
    pull = msub.add_parser("pull", help="download, check and unpack a known model")
    pull.add_argument("name", help="vi-small (vosk-model-small-vn-0.4)")
    pull.add_argument("--dir", type=Path, help="models folder (FLOOR_SPEECH_MODELS)")
    pull.add_argument("--url", help="download from this mirror instead")
    pull.add_argument("--sha256", help="expected SHA-256 of the zip (instead of the known MD5)")
    pull.add_argument("--md5", help="expected MD5 of the zip")
    pull.set_defaults(handler=_cmd_models_pull)
    listing = msub.add_parser("list", help="known and pulled models")
    listing.add_argument("--dir", type=Path, help="models folder (FLOOR_SPEECH_MODELS)")
    listing.set_defaults(handler=_cmd_models_list)

    say = sub.add_parser("say", help="speak text with the local espeak-ng voice")
    say.add_argument("text", nargs="+")
    say.add_argument("--lang", choices=_LANGS, default="vi")
    say.add_argument("--wav", type=Path, help="write a WAV file instead of playing")
    say.set_defaults(handler=_cmd_say)


def _cmd_understand(args: argparse.Namespace) -> int:
    from floor.config import load_catalog
    from speech.intents import Understander

    understander = Understander(load_catalog(args.catalog))
    lines = [" ".join(args.text)] if args.text else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        result = understander.understand(line, args.lang)
        print(json.dumps(result.slots(), ensure_ascii=False), flush=True)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from speech.satellite import run_from_args

    return run_from_args(args)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    from speech.models import ModelError, models_dir, pull

    try:
        path = pull(
            args.name, args.dir or models_dir(), url=args.url, sha256=args.sha256, md5=args.md5
        )
    except ModelError as exc:
        print(f"floor speech models pull: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _cmd_models_list(args: argparse.Namespace) -> int:
    from speech.models import KNOWN, models_dir

    where = args.dir or models_dir()
    for name, ref in KNOWN.items():
        here = (where / ref.folder).is_dir()
        print(f"{name}\t{ref.folder}\t{'pulled' if here else 'not pulled'}\t{ref.url}")
    return 0


def _cmd_say(args: argparse.Namespace) -> int:
    from speech.voice import EspeakVoice

    voice = EspeakVoice()
    text = " ".join(args.text)
    if args.wav:
        args.wav.write_bytes(voice.render(text, args.lang))
    else:
        voice.play(text, args.lang)
    return 0
