"""City bench: synthetic centers through a three-node NATS cluster to the real city view.

Each synthetic center is one MQTT connection (as its mosquitto bridge would be), to the
nodes in turn, publishing what the bridge carries at a realistic peak: one summary a
minute (`CenterSummary`, QoS 1), a retained `state/queues` change for each step of a
visitor (issued, called, finished) and a city event when a ticket is issued and served
(300 visitors in an 8-hour day); then ten times that. The city view is the real one
(`floor city view`, a process of its own, history in SQLite) subscribed to the cluster. A
watcher in a child process signs in and follows the view's live stream (/api/live), and
takes center → view latency as the time a new summary shows in the stream minus the
time the center stamped it (same clock). The bench reads the view's and the cluster's
CPU and memory from /proc. The same load through one mosquitto is the same-run baseline.

Targets (issue 14): 168 centers with p99 ≤ 2 s and the view under 25% of a core; 3,139
reported. A benchmark, not a test: it prints PASS/MISS and exits 0. "summaries" are those
the watcher saw in the stream / those sent; "kept" those in the view's history (with the
warm-up's), "view cpu %" the view's process over the publishing, in % of one core.

    .venv/bin/python bench/city_bench.py [--centers 168 3139] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from devices import topics  # noqa: E402
from devices.mosquitto import Mosquitto  # noqa: E402
from devices.payloads import (  # noqa: E402
    CenterSummary,
    CityEvent,
    FieldSummary,
)

TARGET_P99_S = 2.0
TARGET_VIEW_CPU = 25.0
VISITORS_PER_DAY = 300
STEPS_PER_VISITOR = 3
DAY_S = 8 * 3600
TICK = os.sysconf("SC_CLK_TCK")
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def per_center_rate(factor: float) -> tuple[float, float]:
    """Return (summaries, state changes) a second for one center (an event goes with
    two of every three state changes)."""
    return factor / 60.0, factor * VISITORS_PER_DAY * STEPS_PER_VISITOR / DAY_S


def summary(center: int, seq: int) -> bytes:
    """Return a summary stamped with the time of sending."""
    now = datetime.now(ZONE)
    return (
        CenterSummary(
            id=f"c{center}-{seq}",
            ts=now,
            started_at=STARTED,
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


STARTED = datetime.now(UTC)


def queues(seq: int) -> bytes:
    """Return one center's waiting lines after a step of a visitor."""
    from tests.citykit import queues_state

    waiting = seq % 7
    return queues_state(f"q{seq}", waiting, waiting * 3).model_dump_json().encode()


def event(center: int, seq: int) -> bytes:
    """Return a ticket issued (even seq) or served (odd seq)."""
    now = datetime.now(UTC)
    kind = "ticket_issued" if seq % 2 == 0 else "ticket_served"
    wait = None if kind == "ticket_issued" else float(60 + seq % 1200)
    made = CityEvent(
        id=f"e{center}-{seq}", ts=now, kind=kind, at=now, procedure="chung_thuc", wait_s=wait
    )
    return made.model_dump_json().encode()


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


def watch(url: str, seconds: float) -> None:
    """Child: sign in to the view, follow /api/live; print each new summary's latency."""
    from tests.citykit import ViewClient

    client = ViewClient(url)
    latencies: list[float] = []
    since = time.time()
    seen: set[tuple[str, int]] = set()

    def follow() -> None:
        with client.http.stream("GET", "/api/live", timeout=None) as answer:
            for line in answer.iter_lines():
                if not line.startswith("data: "):
                    continue
                now = time.time()
                data = json.loads(line[6:])
                for key, row in data.items():
                    if not key.startswith("center:") or row["summary_at"] is None:
                        continue
                    if (row["center"], row["seq"]) in seen:
                        continue
                    seen.add((row["center"], row["seq"]))
                    made = datetime.fromisoformat(row["summary_at"]).timestamp()
                    if made > since:
                        latencies.append(now - made)

    threading.Thread(target=follow, daemon=True).start()
    print("ready", flush=True)
    time.sleep(seconds)
    print(json.dumps({"latencies": list(latencies)}), flush=True)


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
                name = f"b{center}"
                if (sent * share) % 1 < share:  # summaries and state changes interleaved
                    body = summary(center, sent)
                    client.publish(topics.CITY_SUMMARY.topic(center=name), body, 1)
                    told += 1
                else:
                    topic = topics.STATE.topic(center=name, name="queues")
                    client.publish(topic, queues(sent), 1, retain=True)
                    if sent % 3:  # issued and served, not called
                        client.publish(topics.CITY_EVENT.topic(center=name), event(center, sent), 1)
                        sent += 1
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
    """Run one load against a new city view on these brokers; return its figures."""
    from tests.citykit import CityViewProcess, city_accounts

    with tempfile.TemporaryDirectory(prefix="city-view-") as tmp:
        here = Path(tmp)
        users = city_accounts(here / "users.json")
        nodes = [f"mqtt://127.0.0.1:{port}" for port in reversed(ports)]
        db = str(here / "city.db")
        with CityViewProcess(here, nodes, db, users, f"city-view-bench-{name[:4]}") as view:
            assert view.proc
            child = subprocess.Popen(
                [sys.executable, __file__, "--watch", view.url, "--seconds", str(s + 4)],
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                assert child.stdout and child.stdout.readline().strip() == "ready"
                connect = time.monotonic()
                pool = Centers(ports, centers)
                connect = time.monotonic() - connect
                cpu0 = sum(cpu_seconds(p) for p in pids)
                view0 = cpu_seconds(view.proc.pid)
                t0 = time.monotonic()
                sent, told = pool.publish(factor, s)
                took = time.monotonic() - t0
                busy = (sum(cpu_seconds(p) for p in pids) - cpu0) / took
                view_busy = (cpu_seconds(view.proc.pid) - view0) / took
                rss = sum(rss_mib(p) for p in pids)
                view_rss = rss_mib(view.proc.pid)
                out, _ = child.communicate(timeout=s + 30)
                pool.close()
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()
        with sqlite3.connect(db) as history:  # the view wrote what waited as it stopped
            (kept,) = history.execute("SELECT COUNT(*) FROM summaries").fetchone()
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
        "kept": kept,
        "p50 ms": round(pct(0.5) * 1000, 1),
        "p99 ms": round(pct(0.99) * 1000, 1),
        "connect s": round(connect, 1),
        "broker cpu %": round(100 * busy, 1),
        "broker MiB": round(rss, 1),
        "view cpu %": round(100 * view_busy, 1),
        "view MiB": round(view_rss, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centers", type=int, nargs="+", default=[168, 3139])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--factors", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--watch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.watch:
        watch(args.watch, args.seconds)
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
            ok = row["p99 ms"] <= TARGET_P99_S * 1000 and row["view cpu %"] < TARGET_VIEW_CPU
            print(
                f"{'PASS' if ok else 'MISS'}: {row['centers']} centers at {row['load']}: "
                f"p99 {row['p99 ms']} ms (target ≤ {TARGET_P99_S * 1000:.0f} ms), "
                f"view {row['view cpu %']}% of a core (target < {TARGET_VIEW_CPU:.0f}%)"
            )


if __name__ == "__main__":
    main()
