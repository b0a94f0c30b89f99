"""City bench: synthetic centers publishing through a three-node NATS cluster to a city subscriber.

Each synthetic center is one MQTT connection (as its mosquitto bridge would be), to the
nodes in turn, publishing what the bridge carries at a realistic peak: one summary a
minute (`CenterSummary`, QoS 1) and a retained `state/queues` change for each step of a
visitor (issued, called, finished: 300 visitors in an 8-hour day); then ten times that.
A city subscriber in a child process (on the third node, decoding every summary with the
contract's model, as a city view would) measures center → city latency (publish to
receive, same clock) and its own CPU; the bench reads the cluster's CPU and memory from
/proc. The same load through one mosquitto is the same-run baseline.

Targets (issue 14): 168 centers with p99 ≤ 2 s; 3,139 reported. A benchmark, not a test:
it prints PASS/MISS and exits 0.

    .venv/bin/python bench/city_bench.py [--centers 168 3139] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from devices import topics  # noqa: E402
from devices.mosquitto import Mosquitto  # noqa: E402
from devices.payloads import CenterSummary, FieldSummary  # noqa: E402

TARGET_P99_S = 2.0
VISITORS_PER_DAY = 300
STEPS_PER_VISITOR = 3
DAY_S = 8 * 3600
TICK = os.sysconf("SC_CLK_TCK")


def per_center_rate(factor: float) -> tuple[float, float]:
    """Return (summaries, state changes) a second for one center."""
    return factor / 60.0, factor * VISITORS_PER_DAY * STEPS_PER_VISITOR / DAY_S


def payload(center: int, seq: int) -> bytes:
    """Return a summary stamped with the time of sending."""
    now = datetime.now(UTC)
    return (
        CenterSummary(
            id=f"c{center}-{seq}",
            ts=now,
            started_at=now,
            seq=seq,
            day=now.date(),
            fields=[
                FieldSummary(field=f"f{i}", waiting=i, longest_wait_min=3 * i) for i in range(6)
            ],
            longest_wait_min=15,
            served=120,
            ratings=80,
            satisfied_pct=91.2,
            devices_online=30,
            devices=31,
            robots_online=2,
            robots=3,
            alerts=1,
            urgent_alerts=0,
        )
        .model_dump_json()
        .encode()
    )


def cpu_seconds(pid: int) -> float:
    """Return a process's user + system CPU seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mib(pid: int) -> float:
    """Return a process's resident memory in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def listen(port: int, seconds: float) -> None:
    """Child: subscribe, decode every summary, print latencies and own CPU as JSON."""
    latencies: list[float] = []
    state = [0]

    def on_message(_c: object, _u: object, m: mqtt.MQTTMessage) -> None:
        if m.topic.endswith("/city/summary"):
            summary = CenterSummary.model_validate_json(m.payload)
            latencies.append(time.time() - summary.ts.timestamp())
        else:
            state[0] += 1

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"city-bench-{os.getpid()}")
    client.on_message = on_message
    client.on_connect = lambda c, *_a: (
        c.subscribe(topics.CITY_SUMMARY.filter(), 1),
        c.subscribe(topics.STATE.filter(name="queues"), 1),
    )
    client.connect("127.0.0.1", port)
    client.loop_start()
    print("ready", flush=True)
    start = time.process_time()
    time.sleep(seconds)
    cpu = time.process_time() - start
    client.disconnect()
    client.loop_stop()
    print(json.dumps({"latencies": latencies, "state": state[0], "cpu": cpu}), flush=True)


class Centers:
    """Synthetic centers: one connection each, all driven from one thread with epoll
    (paho's own loop uses select(), which stops at file descriptor 1024)."""

    def __init__(self, ports: list[int], count: int) -> None:
        self.selector = selectors.DefaultSelector()
        self.clients: list[mqtt.Client] = []
        self.misc_at = time.monotonic()
        for first in range(0, count, 100):  # in batches: thousands of handshakes at once time out
            for i in range(first, min(count, first + 100)):
                client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"floor-bridge-b{i}")
                client.max_queued_messages_set(0)
                client.connect("127.0.0.1", ports[i % len(ports)], keepalive=60)
                self.selector.register(client.socket(), selectors.EVENT_READ, client)
                self.clients.append(client)
            deadline = time.monotonic() + 60
            while not all(c.is_connected() for c in self.clients):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"centers not connected within 60 s (of {first + 100})")
                self.pump(0.01)

    def pump(self, timeout: float) -> None:
        """Read what arrived, write what waits, ping now and then."""
        for key, _ in self.selector.select(timeout):
            key.data.loop_read()
        for client in self.clients:
            if client.want_write():
                client.loop_write()
        if time.monotonic() - self.misc_at > 1.0:
            self.misc_at = time.monotonic()
            for client in self.clients:
                client.loop_misc()

    def publish(self, factor: float, seconds: float) -> tuple[int, int]:
        """Publish at `factor` × the peak for `seconds`; return (messages, summaries) sent."""
        summaries, changes = per_center_rate(factor)
        per_s = (summaries + changes) * len(self.clients)
        share = summaries / (summaries + changes)
        sent, told, start = 0, 0, time.monotonic()
        while (elapsed := time.monotonic() - start) < seconds:
            due = int(elapsed * per_s)
            while sent < due:
                center = sent % len(self.clients)
                client = self.clients[center]
                body = payload(center, sent)
                if (sent * share) % 1 < share:  # summaries and state changes interleaved
                    client.publish(topics.CITY_SUMMARY.topic(center=f"b{center}"), body, 1)
                    told += 1
                else:
                    topic = topics.STATE.topic(center=f"b{center}", name="queues")
                    client.publish(topic, body, 1, retain=True)
                sent += 1
            self.pump(0.005)
        return sent, told

    def close(self) -> None:
        """Disconnect every center."""
        for client in self.clients:
            client.disconnect()
        self.selector.close()


def run(
    name: str, ports: list[int], pids: list[int], centers: int, factor: float, s: float
) -> dict:
    """Run one load; return its figures."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--listen", str(ports[-1]), "--seconds", str(s + 6)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout and child.stdout.readline().strip() == "ready"
        connect = time.monotonic()
        pool = Centers(ports, centers)
        connect = time.monotonic() - connect
        cpu0 = sum(cpu_seconds(p) for p in pids)
        t0 = time.monotonic()
        sent, told = pool.publish(factor, s)
        busy = (sum(cpu_seconds(p) for p in pids) - cpu0) / (time.monotonic() - t0)
        rss = sum(rss_mib(p) for p in pids)
        out, _ = child.communicate(timeout=s + 30)
        pool.close()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    got = json.loads(out.strip().splitlines()[-1])
    lat = sorted(got["latencies"])

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    return {
        "broker": name,
        "centers": centers,
        "load": f"{factor:g}x",
        "msg/s": round(sent / s, 1),
        "summaries": f"{len(lat)}/{told}",
        "p50 ms": round(pct(0.5) * 1000, 1),
        "p99 ms": round(pct(0.99) * 1000, 1),
        "connect s": round(connect, 1),
        "broker cpu %": round(100 * busy, 1),
        "broker MiB": round(rss, 1),
        "city cpu %": round(100 * got["cpu"] / (s + 6), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centers", type=int, nargs="+", default=[168, 3139])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--factors", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--listen", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.listen:
        listen(args.listen, args.seconds)
        return
    from tests.citykit import NatsCluster

    rows = []
    with tempfile.TemporaryDirectory(prefix="city-bench-") as tmp:
        cluster = NatsCluster(Path(tmp))
        try:
            cluster.start()
            nats = [p.pid for p in cluster.procs if p]
            with Mosquitto(extra="log_dest none") as mosquitto:  # its log pipe is never read
                assert mosquitto._proc
                for centers in args.centers:
                    for factor in args.factors:
                        for name, ports, pids in (
                            ("mosquitto", [mosquitto.port], [mosquitto._proc.pid]),
                            ("nats x3", cluster.mqtt_ports, nats),
                        ):
                            row = run(name, ports, pids, centers, factor, args.seconds)
                            rows.append(row)
                            print(json.dumps(row, ensure_ascii=False), flush=True)
        finally:
            cluster.stop()
    print()
    head = list(rows[0])
    print(" | ".join(head))
    for row in rows:
        print(" | ".join(str(row[k]) for k in head))
    for row in rows:
        if row["broker"] == "nats x3" and row["centers"] <= 168:
            ok = row["p99 ms"] <= TARGET_P99_S * 1000
            print(
                f"{'PASS' if ok else 'MISS'}: {row['centers']} centers at {row['load']}: "
                f"p99 {row['p99 ms']} ms (target ≤ {TARGET_P99_S * 1000:.0f} ms)"
            )


if __name__ == "__main__":
    main()
