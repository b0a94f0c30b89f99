"""SIGKILL in the middle of 1,000 QoS 1 commands loses nothing and duplicates nothing."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from devices import payloads as p
from devices import topics
from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig, DeviceLimits
from floor.core.state import FloorState
from floor.eventlog import EventLog
from tests.floorkit import CATALOG

TOTAL = 1000
COUNTER_ACTIONS = ["call_next"] * 6 + ["finish", "no_show", "recall", "pause", "resume"]


def script(seed: int = 7) -> list[tuple[str, str, dict[str, Any]]]:
    """Return a fixed mix of kiosk, counter and rating events: (device, event, fields)."""
    rng = random.Random(seed)
    procedures = [proc.id for proc in CATALOG.procedures]
    fields = [f.id for f in CATALOG.fields]
    out: list[tuple[str, str, dict[str, Any]]] = []
    for i in range(TOTAL):
        roll = rng.random()
        if roll < 0.45:
            prio = rng.choice([None, None, None, "elderly", "pregnant", "urgent"])
            out.append(
                (
                    rng.choice(["kiosk-1", "kiosk-2"]),
                    "ticket_request",
                    {"procedure": rng.choice(procedures), "priority": prio},
                )
            )
        elif roll < 0.9:
            n = rng.randint(1, 12)
            action = rng.choice([*COUNTER_ACTIONS, "transfer", "call"])
            extra: dict[str, Any] = {}
            if action == "transfer":
                extra = {"field": rng.choice(fields)}
            elif action == "call":
                extra = {"number": f"{rng.choice('ABCDEF')}{rng.randint(1, 40):03d}"}
            out.append((f"counter-{n}", action, extra))
        else:
            n = rng.randint(1, 12)
            out.append((f"rating-{n}", "rating", {"level": rng.randint(1, 4)}))
        out[-1][2]["id"] = f"m{i:04d}"
    return out


class FloorProcess:
    """`floor run` as a child process, the way a center runs it."""

    def __init__(self, url: str, center_file: Path, db: Path) -> None:
        self.cmd = [
            sys.executable,
            "-m",
            "floor",
            "run",
            "--broker",
            url,
            "--center",
            str(center_file),
            "--db",
            str(db),
            "--log-level",
            "WARNING",
        ]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, stderr=subprocess.PIPE)

    def kill(self) -> None:
        assert self.proc
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> str:
        assert self.proc
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=10)
        return err.decode()

    def __enter__(self) -> FloorProcess:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        """Leave no orchestrator behind, whatever happened."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=10)


SENTINEL = ("voice-kiosk-1", "ticket_request", {"procedure": "chung_thuc", "id": "sentinel"})
"""Sent after the script: once it is handled, everything queued before it was too."""


class Progress:
    """How many messages the publisher has sent, for the test thread to wait on."""

    def __init__(self) -> None:
        self._sent = 0
        self._changed = threading.Condition()

    def add(self) -> None:
        with self._changed:
            self._sent += 1
            self._changed.notify_all()

    def count(self) -> int:
        with self._changed:
            return self._sent

    def reach(self, sent: int, timeout: float = 30) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._sent >= sent, timeout)


def publish_all(
    url_port: int,
    center: str,
    progress: Progress,
    items: list[tuple[str, str, dict[str, Any]]] | None = None,
) -> None:
    """Publish the whole script (or `items`) in order from one client, QoS 1."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"crash-pub-{center}")
    client.max_inflight_messages_set(20)
    client.connect("127.0.0.1", url_port)
    client.loop_start()
    seq: dict[str, int] = {}
    for device, name, fields in script() if items is None else items:
        model, _ = p.EVENTS[name]
        seq[device] = seq.get(device, 0) + 1
        message = model(ts=datetime.now().astimezone(), device=device, seq=seq[device], **fields)
        topic = topics.EVENT.topic(center=center, device_id=device, name=name)
        client.publish(topic, message.model_dump_json().encode(), qos=1).wait_for_publish(10)
        progress.add()
        time.sleep(0.002)  # a steady stream, so the kill lands in the middle of it
    client.disconnect()
    client.loop_stop()


def handled(db: Path) -> int:
    """Return how many commands the log holds (0 while it does not exist yet)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM commands").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def wait_handled(db: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while handled(db) < count:
        assert time.monotonic() < deadline, f"only {handled(db)} of {count} commands handled"
        time.sleep(0.05)


def final_state(db: Path, config: CenterConfig) -> dict[str, Any]:
    """Replay a log and return what must match between runs (no clock values)."""
    log = EventLog(db)
    state = FloorState.initial(CATALOG, config)
    for event in log.events():
        state.apply(event)
    outcomes = log.outcomes()
    log.close()
    return {
        "tickets": sorted(
            (t.number, t.procedure, t.field, t.priority, t.status, t.counter, t.requeues, t.rating)
            for t in state.tickets.values()
        ),
        "counters": [
            (
                c.number,
                c.status,
                c.fields,
                c.current and state.tickets[c.current].number,
                c.served_today,
                c.priority_streak,
                c.last_served,
            )
            for c in state.counters.values()
        ],
        "lines": {
            f: [state.tickets[t].number for _, t in line.priority + line.normal]
            for f, line in state.lines.items()
        },
        "outcomes": outcomes,
    }


def center_file(tmp: Path, config: CenterConfig, center_id: str) -> tuple[Path, CenterConfig]:
    """Write the center under a new id. The script plays a day's traffic in seconds, so the
    per-device rate limits are lifted: this test is about durability, not flooding."""
    info = config.center.model_copy(update={"id": center_id})
    update = {"center": info, "limits": DeviceLimits.lifted(), "robots": []}
    cfg = config.model_copy(update=update)
    path = tmp / f"{center_id}.yaml"
    path.write_text(yaml.safe_dump(json.loads(cfg.model_dump_json())), encoding="utf-8")
    return path, cfg


def test_sigkill_mid_stream_loses_and_duplicates_nothing(
    mosquitto: Mosquitto, center: CenterConfig, tmp_path: Path
) -> None:
    runs: dict[str, dict[str, Any]] = {}
    for run in ("steady", "killed"):
        cid = f"{center.center.id}{run[0]}"
        path, cfg = center_file(tmp_path, center, cid)
        db = tmp_path / f"{run}.db"
        with FloorProcess(mosquitto.url, path, db) as floor:
            wait_online(mosquitto.port, cid)
            progress = Progress()
            sender = threading.Thread(target=publish_all, args=(mosquitto.port, cid, progress))
            sender.start()
            if run == "killed":
                wait_handled(db, 300)
                floor.kill()
                killed_at = handled(db)
                assert killed_at < TOTAL, "the kill came too late to test anything"
                # the broker keeps what comes while the orchestrator is down
                assert progress.reach(min(progress.count() + 50, TOTAL)), "the sender stalled"
                floor.start()
            sender.join(60)
            wait_handled(db, TOTAL)
            # anything still queued (a duplicate to apply twice) is handled before this
            publish_all(mosquitto.port, cid, Progress(), [SENTINEL])
            wait_handled(db, TOTAL + 1)
            errors = floor.stop()
        assert "Traceback" not in errors, errors
        runs[run] = final_state(db, cfg)
        assert handled(db) == TOTAL + 1
    steady, killed = runs["steady"], runs["killed"]
    assert len(steady["tickets"]) > 300
    assert sum(1 for o in steady["outcomes"].values() if o == "ok") > 500
    assert killed["outcomes"] == steady["outcomes"]
    assert killed["tickets"] == steady["tickets"]
    assert killed["counters"] == steady["counters"]
    assert killed["lines"] == steady["lines"]


def wait_online(port: int, center: str, timeout: float = 20) -> None:
    """Wait for the orchestrator's retained status to say online."""
    got = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2)

    def on_message(_c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        if json.loads(msg.payload).get("online"):
            got.set()

    client.on_message = on_message
    client.connect("127.0.0.1", port)
    client.subscribe(topics.ORCHESTRATOR_STATUS.topic(center=center), qos=1)
    client.loop_start()
    try:
        assert got.wait(timeout), "orchestrator never came online"
    finally:
        client.disconnect()
        client.loop_stop()
