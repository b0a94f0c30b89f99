"""Floor bench: broker round trip, call latency and sustained durable commands.

One run, one mosquitto started here, the real orchestrator in a child process
(`python -m floor run --broker URL --db TMP/floor.db --sync FULL`):

(a) raw broker round trip: paho QoS 1 publish -> a second paho client's
    QoS 1 subscription, one message at a time;
(b) `call_next` from counter-1 -> `cmd/call` at display-1, one at a time,
    after pre-issuing chung_thuc (A) tickets;
(c) sustained durable commands: two kiosks blast `ticket_request` as fast as
    QoS 1 allows; a command counts once its reply (`cmd/ticket`, or an error
    report) arrives, which the orchestrator publishes only after the batch is
    in the event log.

Targets: p99(b) / p99(a) <= 3 and >= 2000 durable commands/s. This is a
benchmark, not a test: it prints PASS/MISS and exits 0 either way.

    .venv/bin/python bench/floor_bench.py [--n 2000] [--m 4000] [--sync FULL|NORMAL]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import queue
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import TracebackType

import paho.mqtt.client as mqtt
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from devices import payloads as p
from devices import topics
from devices.bus import BrokerAddress
from devices.codec import encode
from devices.mosquitto import Mosquitto
from floor.config import load_catalog, load_center
from floor.core.catalog import DeviceLimits
from floor.core.decide import MAX_NUMBER

ROOT = Path(__file__).resolve().parents[1]
CENTER = "tam-binh"
BLAST_PROCEDURES = ("khai_sinh", "dat_dai", "ho_kinh_doanh", "ho_ngheo", "can_cuoc")
"""One procedure per prefix B..F; prefix A is left to (b)."""
TARGET_RATIO = 3.0
TARGET_RATE = 2000.0

Handler = Callable[[float, str, bytes], None]


# --- small helpers -----------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    """Return the nearest-rank percentile `q` (0..100) of `samples`."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def cpu_seconds(pid: int) -> float | None:
    """Return user + system CPU seconds of a live process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by the orchestrator, mosquitto and this bench process."""

    def __init__(self, pids: dict[str, int | None]) -> None:
        self.pids = {name: pid for name, pid in pids.items() if pid}

    def snapshot(self) -> dict[str, float]:
        """Return CPU seconds so far, by process."""
        now = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        used = {name: seconds for name, seconds in now.items() if seconds is not None}
        used["bench"] = time.process_time()
        return used

    def since(self, before: dict[str, float]) -> dict[str, float]:
        """Return CPU seconds used since `before`, by process."""
        return {k: v - before[k] for k, v in self.snapshot().items() if k in before}


class Peer:
    """A bare paho client; every message it gets is timestamped in the network thread."""

    def __init__(self, url: str, name: str, on_message: Handler | None = None) -> None:
        self.inbox: queue.Queue[tuple[float, str, bytes]] = queue.Queue()
        self.handler: Handler = on_message or (lambda *got: self.inbox.put(got))
        self._granted: set[int] = set()
        self._address = BrokerAddress.from_url(url)
        client_id = f"bench-{name}-{uuid.uuid4().hex[:6]}"
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id)
        client.max_inflight_messages_set(100)
        client.on_message = lambda _c, _u, m: self.handler(time.perf_counter(), m.topic, m.payload)
        client.on_subscribe = lambda _c, _u, mid, _rc, _p: self._granted.add(mid)
        self.client = client

    def __enter__(self) -> Peer:
        self.client.connect(self._address.host, self._address.port, 30)
        self.client.loop_start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def subscribe(self, topic_filter: str, timeout: float = 5.0) -> None:
        """Subscribe at QoS 1 and wait for the broker's grant."""
        _rc, mid = self.client.subscribe(topic_filter, qos=1)
        deadline = time.monotonic() + timeout
        while mid not in self._granted:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no SUBACK for {topic_filter}")
            time.sleep(0.005)

    def publish(self, topic: str, payload: bytes) -> mqtt.MQTTMessageInfo:
        """Publish QoS 1 without waiting for the PUBACK."""
        return self.client.publish(topic, payload, qos=1)

    def next(self, timeout: float = 5.0) -> tuple[float, str, bytes]:
        """Return the next (receive time, topic, payload); raise TimeoutError."""
        try:
            return self.inbox.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"nothing received within {timeout}s") from None


class Device:
    """Builds one device's event payloads, numbering them as the contract wants."""

    def __init__(self, device: str) -> None:
        self.device = device
        self._seq = itertools.count(1)

    def event(self, name: str, **fields: object) -> tuple[str, bytes, str]:
        """Return (topic, payload, message id) of device event `name`."""
        model, _kind = p.EVENTS[name]
        message = model.model_validate({**p.envelope(self.device, next(self._seq)), **fields})
        topic = topics.EVENT.topic(center=CENTER, device_id=self.device, name=name)
        return topic, encode(message), message.id


def device_filter(device: str, spec: topics.TopicSpec = topics.COMMAND) -> str:
    """Return the filter of a device's commands (or errors, with spec=ERROR)."""
    if spec is topics.ERROR:
        return spec.topic(center=CENTER, device_id=device)
    return spec.filter(center=CENTER, device_id=device)


# --- the orchestrator process ------------------------------------------------


@dataclass
class Orchestrator:
    """The `floor run` child process and where its event log is."""

    proc: subprocess.Popen[bytes]
    db: Path
    stderr: Path

    def check(self) -> None:
        """Raise if the process has died."""
        if self.proc.poll() is not None:
            tail = self.stderr.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"orchestrator exited with {self.proc.returncode}:\n{tail}")

    def commands(self) -> int:
        """Return the row count of the event log's `commands` table (read-only)."""
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT count(*) FROM commands").fetchone()[0])


@contextmanager
def orchestrator(url: str, tmp: Path, sync: str) -> Iterator[Orchestrator]:
    """Start `python -m floor run` on a fresh event log; wait until it says online."""
    db, err = tmp / "floor.db", tmp / "orchestrator.log"
    center = tmp / "center.yaml"  # the demo center, its per-device rate limits lifted
    config = load_center(None, load_catalog())
    lifted = config.model_copy(update={"limits": DeviceLimits.lifted()})
    center.write_text(yaml.safe_dump(json.loads(lifted.model_dump_json())), encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "floor",
        "run",
        "--broker",
        url,
        "--db",
        str(db),
        "--center",
        str(center),
        "--sync",
        sync,
        "--log-level",
        "WARNING",
    ]
    with err.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)
    orch = Orchestrator(proc, db, err)
    try:
        status = topics.ORCHESTRATOR_STATUS.topic(center=CENTER)
        with Peer(url, "status") as peer:
            peer.subscribe(status)
            deadline = time.monotonic() + 30
            while True:
                orch.check()
                if time.monotonic() > deadline:
                    raise TimeoutError("the orchestrator did not say online within 30s")
                try:
                    _t, _topic, data = peer.next(0.2)
                except TimeoutError:
                    continue
                if data and json.loads(data).get("online"):
                    break
        yield orch
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- (a) broker round trip ---------------------------------------------------


def broker_round_trip(url: str, n: int, warmup: int) -> list[float]:
    """Time paho QoS 1 publish -> QoS 1 subscriber receipt, one at a time (seconds)."""
    topic = "bench/rtt"
    payload = b"x" * 300  # about the size of a display call
    samples: list[float] = []
    with Peer(url, "rtt-sub") as sub, Peer(url, "rtt-pub") as pub:
        sub.subscribe(topic)
        for i in range(warmup + n):
            start = time.perf_counter()
            pub.publish(topic, payload)
            got, _topic, _data = sub.next()
            if i >= warmup:
                samples.append(got - start)
    return samples


# --- (b) call_next -> display ------------------------------------------------


def issue_tickets(url: str, kiosk: Device, procedure: str, count: int) -> None:
    """Issue `count` tickets from one kiosk and wait for every printed slip."""
    with Peer(url, f"{kiosk.device}-issue") as peer:
        peer.subscribe(device_filter(kiosk.device))
        peer.subscribe(device_filter(kiosk.device, topics.ERROR))
        for _ in range(count):
            topic, payload, _id = kiosk.event("ticket_request", procedure=procedure)
            peer.publish(topic, payload)
        for _ in range(count):
            _t, topic, data = peer.next(30)
            if "/error/" in topic:
                raise RuntimeError(f"ticket refused: {data.decode()}")


def call_latency(url: str, n: int, warmup: int) -> list[float]:
    """Time counter-1 `call_next` -> display-1 `cmd/call`, one at a time (seconds)."""
    counter = Device("counter-1")
    samples: list[float] = []
    with Peer(url, "display-1") as display, Peer(url, "counter-1") as terminal:
        display.subscribe(device_filter("display-1"))
        terminal.subscribe(device_filter("counter-1", topics.ERROR))
        for i in range(warmup + n):
            topic, payload, _id = counter.event("call_next")
            start = time.perf_counter()
            terminal.publish(topic, payload)
            got, got_topic, _data = display.next()
            if not got_topic.endswith("/cmd/call"):
                raise RuntimeError(f"unexpected {got_topic}")
            if not terminal.inbox.empty():
                raise RuntimeError(f"call_next refused: {terminal.inbox.get()[2].decode()}")
            if i >= warmup:
                samples.append(got - start)
    return samples


# --- (c) sustained durable commands ------------------------------------------


@dataclass
class Blast:
    """What (c) measured."""

    sent: int
    replies: int
    errors: int
    seconds: float
    cpu: dict[str, float]
    logged: int

    @property
    def rate(self) -> float:
        """Return durable commands per second."""
        return self.replies / self.seconds


def sustained(url: str, orch: Orchestrator, cpu: CpuMeter, kiosks: list[Device], m: int) -> Blast:
    """Blast `m` ticket requests from the kiosks; time until every reply is back."""
    per_prefix = -(-m // len(BLAST_PROCEDURES))
    if per_prefix > MAX_NUMBER:
        raise ValueError(f"--m {m} needs {per_prefix} numbers per prefix; the limit is 999")
    nk, np = len(kiosks), len(BLAST_PROCEDURES)
    plan = [
        (i % nk, kiosks[i % nk].event("ticket_request", procedure=BLAST_PROCEDURES[i % np]))
        for i in range(m)
    ]
    got = {"ok": 0, "error": 0, "last": 0.0}
    done = threading.Event()

    def count(t: float, topic: str, _data: bytes) -> None:
        got["error" if "/error/" in topic else "ok"] += 1
        got["last"] = t
        if got["ok"] + got["error"] >= m:
            done.set()

    before = orch.commands()
    with Peer(url, "blast-replies", on_message=count) as replies:
        for kiosk in kiosks:
            replies.subscribe(device_filter(kiosk.device))
            replies.subscribe(device_filter(kiosk.device, topics.ERROR))
        senders = [Peer(url, f"{kiosk.device}-blast").__enter__() for kiosk in kiosks]
        try:
            cpu0 = cpu.snapshot()
            start = time.perf_counter()
            for sender, (topic, payload, _id) in plan:
                senders[sender].publish(topic, payload)
            while not done.wait(1.0):
                orch.check()
                if time.perf_counter() - start > 120:
                    raise TimeoutError(f"only {got['ok'] + got['error']} of {m} replies in 120s")
            used = cpu.since(cpu0)
        finally:
            for peer in senders:
                peer.__exit__(None, None, None)
    return Blast(
        sent=m,
        replies=got["ok"] + got["error"],
        errors=got["error"],
        seconds=got["last"] - start,
        cpu=used,
        logged=orch.commands() - before,
    )


# --- the run -----------------------------------------------------------------


def latency_line(samples: list[float]) -> str:
    """Return 'p50 … p90 … p99 … max …' in milliseconds."""
    marks = [
        ("p50", percentile(samples, 50)),
        ("p90", percentile(samples, 90)),
        ("p99", percentile(samples, 99)),
        ("max", max(samples)),
    ]
    return "  ".join(f"{name} {value * 1e3:.3f} ms" for name, value in marks)


def cpu_line(used: dict[str, float], per: int, unit: str) -> str:
    """Return the CPU milliseconds per operation of each process."""
    return ", ".join(f"{name} {seconds / per * 1e3:.3f}" for name, seconds in used.items()) + (
        f" ms CPU/{unit}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run (a), (b) and (c) against one mosquitto and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="latency samples (a); (b) is capped")
    parser.add_argument("--m", type=int, default=4000, help="commands blasted in (c), <= 4995")
    parser.add_argument("--sync", choices=["FULL", "NORMAL"], default="FULL", help="event log")
    args = parser.parse_args(argv)
    warm_a, warm_b = 200, 20
    n_b = max(1, min(args.n, MAX_NUMBER - warm_b))
    kiosks = [Device("kiosk-1"), Device("kiosk-2")]

    print(
        f"floor bench: sync={args.sync} cores={os.cpu_count()} N={args.n} M={args.m} "
        f"python={platform.python_version()} paho={version('paho-mqtt')} "
        f"load={os.getloadavg()[0]:.2f}",
        flush=True,
    )
    broker = Mosquitto()
    with broker, tempfile.TemporaryDirectory(prefix="floor-bench-") as tmp:
        rtt = broker_round_trip(broker.url, args.n, warm_a)
        print(
            f"(a) broker round trip, paho QoS 1 pub -> sub, {len(rtt)} samples:\n"
            f"    {latency_line(rtt)}",
            flush=True,
        )
        with orchestrator(broker.url, Path(tmp), args.sync) as orch:
            broker_proc = getattr(broker, "_proc", None)
            cpu = CpuMeter(
                {
                    "orchestrator": orch.proc.pid,
                    "mosquitto": broker_proc.pid if broker_proc else None,
                }
            )
            issue_tickets(broker.url, kiosks[0], "chung_thuc", n_b + warm_b)
            cpu0 = cpu.snapshot()
            calls = call_latency(broker.url, n_b, warm_b)
            print(
                f"(b) counter-1 call_next -> display-1 cmd/call, {len(calls)} samples:\n"
                f"    {latency_line(calls)}\n"
                f"    {cpu_line(cpu.since(cpu0), n_b + warm_b, 'call')}",
                flush=True,
            )
            blast = sustained(broker.url, orch, cpu, kiosks, args.m)
            print(
                f"(c) {blast.sent} ticket_request from {len(kiosks)} kiosks: {blast.replies} "
                f"replies ({blast.errors} errors) in {blast.seconds:.3f} s = "
                f"{blast.rate:.0f} durable commands/s; {blast.logged} commands in the log\n"
                f"    {cpu_line(blast.cpu, blast.replies, 'command')}",
                flush=True,
            )

    ratio = percentile(calls, 99) / percentile(rtt, 99)
    verdict = {True: "PASS", False: "MISS"}
    print(
        f"p99 ratio (b)/(a) = {ratio:.1f}   target <= {TARGET_RATIO:g}   "
        f"{verdict[ratio <= TARGET_RATIO]}"
    )
    print(
        f"durable commands/s = {blast.rate:.0f}   target >= {TARGET_RATE:g}   "
        f"{verdict[blast.rate >= TARGET_RATE]}"
    )
    if n_b < args.n:
        print(
            f"note: (b) took {n_b} samples, not {args.n}: counter-1 serves only field "
            f"chung_thuc and prefix A has {MAX_NUMBER} numbers a day"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
