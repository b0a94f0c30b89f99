"""Hostile bench: a long fuzz of poison and malformed payloads against `floor run`.

One mosquitto configured as docs/mosquitto.conf (64 KiB packets), the real
orchestrator in a child process (console off, INFO logs to a file), the demo
center with its per-device limits lifted so that every payload reaches the
decoder. It sends `--payloads` messages from sim/hostile.py's seeded stream,
then a sentinel, and prints: payloads sent and answered, crashes (the process
gone), reconnects, log bytes and longest line, RSS before and after, the
orchestrator's throughput on refusals, and the latency of a valid ticket
request after the fuzz against the raw broker round trip measured in the same run.

    .venv/bin/python bench/hostile_bench.py [--payloads 40000] [--seed 20261130]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.hostile import stream  # noqa: E402
from tests.floorkit import CENTER  # noqa: E402
from tests.test_crash import wait_online  # noqa: E402
from tests.test_hostile import (  # noqa: E402
    Floor,
    Watcher,
    docs_broker,
    publisher,
    rss_kib,
    served_within,
    ticket_request,
    write_center,
)


def round_trip(port: int, n: int = 50) -> list[float]:
    """Return raw broker QoS 1 round trips (publish -> own subscription), in seconds."""
    watcher = Watcher(port, "bench-raw")
    pub = publisher(port)
    samples = []
    for i in range(n):
        start = time.monotonic()
        pub.publish("floor/v1/bench-raw/error/x", f'{{"ref":"r{i}"}}'.encode(), qos=1)
        watcher.until(lambda s, i=i: s.data.get("ref") == f"r{i}", 5)
        samples.append(time.monotonic() - start)
    pub.disconnect()
    watcher.close()
    return samples


def refusals(log: Path, expected: int, timeout: float = 45.0) -> int:
    """Return the refusals the orchestrator counted, once its summary line shows `expected`
    (or the last count seen when `timeout` passes first)."""
    deadline = time.monotonic() + timeout
    counted = 0
    while counted < expected and time.monotonic() < deadline:
        for line in log.read_text("utf-8", "replace").splitlines():
            counts = re.findall(r"(?:bad_input\.\w+|rejected\.\w+) (\d+)", line)
            if counts:
                counted = max(counted, sum(int(n) for n in counts))
        time.sleep(1.0)
    return counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    cid = "hostile-bench"
    tmp = Path(tempfile.mkdtemp(prefix="floor-hostile-"))
    path = write_center(tmp, CENTER, cid, lifted=True)
    config = CENTER.model_copy(update={"center": CENTER.center.model_copy(update={"id": cid})})
    with docs_broker(tmp) as port:
        raw = round_trip(port)
        with Floor(f"mqtt://127.0.0.1:{port}", path, tmp / "floor.db") as floor:
            wait_online(port, cid)
            assert floor.proc
            pid = floor.proc.pid
            rss_before = rss_kib(pid)
            watcher = Watcher(port, cid, errors="bench-sentinel")
            pub = publisher(port)
            start = time.monotonic()
            kinds: dict[str, int] = {}
            for i, h in enumerate(stream(config, args.seed, args.payloads)):
                kinds[h.kind] = kinds.get(h.kind, 0) + 1
                sent = pub.publish(h.topic, h.payload, qos=1, retain=h.retain)
                if i % 5000 == 4999:  # keep the publisher's own queue bounded
                    sent.wait_for_publish(600)
            topic, sentinel = ticket_request(cid, "bench-sentinel", "sentinel")
            pub.publish(topic, sentinel, qos=1).wait_for_publish(600)
            _, before = watcher.until(lambda s: s.data.get("ref") == "sentinel", 900)
            took = time.monotonic() - start
            valid = [served_within(watcher, pub, cid, f"after-{i}") for i in range(20)]
            refused = refusals(floor.log, args.payloads + 1)
            rss_after = rss_kib(pid)
            crashed = floor.proc.poll() is not None
            pub.disconnect()
            watcher.close()
            log = floor.stop()
    online = sum(1 for s in before if s.topic.endswith("orchestrator/status"))
    lines = log.splitlines()
    print(f"hostile bench: {args.payloads} payloads (seed {args.seed}), kinds: {kinds}")
    print(f"  refused: {refused}; crashes: {int(crashed)}; reconnects: {online - 1}")
    print(f"  handled in {took:.1f} s = {args.payloads / took:.0f} refusals/s")
    print(f"  log: {len(log.encode())} bytes, {len(lines)} lines, longest {max(map(len, lines))}")
    print(f"  RSS: {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after")
    print(
        f"  valid ticket after the fuzz: p50 {statistics.median(valid) * 1000:.1f} ms, "
        f"max {max(valid) * 1000:.1f} ms; raw broker round trip p50 "
        f"{statistics.median(raw) * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
