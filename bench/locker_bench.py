"""Locker bench: what the result locker costs, against a same-run baseline.

One run, one mosquitto started here, the real orchestrator in a child process
(`python -m floor run`, the demo center without robots, texts to a file outbox):

(a) one code check (PBKDF2-SHA256, `OTP_ROUNDS` rounds): what the floor's loop, or
    a locker deciding offline, spends per typed code; baseline: one salted SHA-256;
(b) a kiosk's `ticket_request` -> `cmd/ticket` round trip (baseline) against a
    locker's `locker_open` -> `cmd/open` (the slot opens), and a counter's
    `locker_deposit` -> `cmd/deposited` followed by the text in the outbox.

No target: the figures say whether hashing the codes slows the floor. A benchmark,
not a test; it exits 0.

    .venv/bin/python bench/locker_bench.py [--n 60]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from devices.client import DeviceClient
from devices.counter import CounterTerminal
from devices.kiosk import Kiosk
from devices.locker import Locker
from devices.mosquitto import Mosquitto
from floor.config import load_catalog, load_center
from floor.core.catalog import CenterConfig, DeviceLimits
from floor.core.lockers import OTP_ROUNDS, hash_otp, otp_matches

ROOT = Path(__file__).resolve().parent.parent


def ms(samples: list[float]) -> str:
    """Return p50 and p95 of seconds, in milliseconds."""
    cuts = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples) * 1000:7.2f} ms   p95 {cuts[18] * 1000:7.2f} ms"


def code_checks(n: int) -> tuple[list[float], list[float]]:
    """Time `n` code checks and `n` salted SHA-256 digests."""
    salt = secrets.token_hex(16)
    digest = hash_otp("402917", salt)
    checks, plain = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        otp_matches("402917", salt, digest)
        checks.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        hashlib.sha256(bytes.fromhex(salt) + b"402917").hexdigest()
        plain.append(time.perf_counter() - t0)
    return checks, plain


@contextlib.contextmanager
def orchestrator(url: str, tmp: Path, config: CenterConfig) -> Iterator[Path]:
    """Run `python -m floor run` until the block ends; yield the SMS outbox."""
    center, outbox = tmp / "center.yaml", tmp / "sms.jsonl"
    center.write_text(yaml.safe_dump(json.loads(config.model_dump_json())), encoding="utf-8")
    env = {**os.environ, "FLOOR_HTTP_PORT": "0", "FLOOR_SMS_URL": f"file:{outbox}"}
    cmd = [sys.executable, "-m", "floor", "run", "--broker", url, "--db", str(tmp / "floor.db")]
    cmd += ["--center", str(center), "--log-level", "WARNING"]
    with (tmp / "orchestrator.log").open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        yield outbox
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait(test: Callable[[], bool], timeout: float = 30.0) -> None:
    """Return once `test()` holds; raise TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.005)


def round_trips(url: str, config: CenterConfig, outbox: Path, n: int) -> dict[str, list[float]]:
    """Time n ticket requests, deposits (to the text) and opens."""
    center = config.center.id
    out: dict[str, list[float]] = {"ticket": [], "deposit": [], "open": []}
    latches: list[int] = []
    with (
        DeviceClient(url, center, "kiosk-1", kind="kiosk") as k,
        DeviceClient(url, center, "counter-1", kind="counter") as c,
        DeviceClient(url, center, "locker-1", kind="locker") as lk,
    ):
        kiosk, desk = Kiosk(k, b"bench-secret"), CounterTerminal(c, wait=5.0)
        locker = Locker(lk, latches.append, wait=5.0)
        wait(lambda: locker.floor_online)
        for i in range(n):
            t0 = time.perf_counter()
            kiosk.request("chung_thuc")
            out["ticket"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            desk.deposit(1 + i % 12, f"B{i:04d}.BENCH", "0912345678")
            wait(lambda i=i: outbox.exists() and len(outbox.read_bytes().splitlines()) > i)
            out["deposit"].append(time.perf_counter() - t0)
            text = json.loads(outbox.read_bytes().splitlines()[i])["text"]
            otp = text.split("Mã OTP: ")[1][:6]
            t0 = time.perf_counter()
            opened = locker.collect(f"B{i:04d}.BENCH", otp)
            out["open"].append(time.perf_counter() - t0)
            assert opened.opened and not opened.offline, opened
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="deposits and opens (and tickets)")
    args = parser.parse_args()
    checks, plain = code_checks(200)
    print(f"(a) code check, PBKDF2-SHA256 x{OTP_ROUNDS}: {ms(checks)}")
    print(f"    baseline, salted SHA-256:           {ms(plain)}")
    base = load_center(None, load_catalog())
    config = base.model_copy(update={"robots": [], "layout": None, "limits": DeviceLimits.lifted()})
    with (
        Mosquitto() as broker,
        tempfile.TemporaryDirectory() as tmp,
        orchestrator(broker.url, Path(tmp), config) as outbox,
    ):
        figures = round_trips(broker.url, config, outbox, args.n)
    print(f"(b) kiosk ticket_request -> cmd/ticket (baseline): {ms(figures['ticket'])}")
    print(f"    locker_open -> cmd/open, slot opens:          {ms(figures['open'])}")
    print(f"    locker_deposit -> cmd/deposited -> text:      {ms(figures['deposit'])}")
    ratio = statistics.median(figures["open"]) / statistics.median(figures["ticket"])
    print(f"    open / ticket (p50): {ratio:.2f}   n={args.n}")


if __name__ == "__main__":
    main()
