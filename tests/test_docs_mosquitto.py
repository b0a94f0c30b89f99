"""docs/mosquitto.conf starts a real mosquitto that keeps a persistent session's messages,
across a power cut too."""

from __future__ import annotations

import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from devices.mosquitto import mosquitto_binary
from floor.broker import free_port

CONF = Path(__file__).resolve().parents[1] / "docs" / "mosquitto.conf"


def _start(conf: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([mosquitto_binary(), "-c", str(conf)], stderr=subprocess.PIPE)
    for _ in range(100):
        client = mqtt.Client(CallbackAPIVersion.VERSION2)
        try:
            client.connect("127.0.0.1", port)
            client.disconnect()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "no start")


def _client(port: int, got: queue.Queue[bytes] | None = None) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="orchestrator", clean_session=False)
    if got is not None:
        client.on_message = lambda _c, _u, m: got.put(m.payload)
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def _saved_twice(store: Path, timeout: float = 10) -> bool:
    """Wait until the broker wrote its store twice from now on: the second save began
    after this call, so it holds everything acknowledged before it."""
    db = store / "mosquitto.db"

    def version() -> tuple[int, int] | None:
        try:
            stat = db.stat()
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    seen = [version()]
    deadline = time.monotonic() + timeout
    while len(seen) < 3:
        if time.monotonic() > deadline:
            return False
        now = version()
        if now != seen[-1]:
            seen.append(now)
        time.sleep(0.02)
    return True


def test_production_config_keeps_acknowledged_messages_across_a_power_cut(tmp_path: Path) -> None:
    port = free_port()
    text = CONF.read_text()
    assert "max_queued_messages 1000\n" not in text
    text = text.replace("listener 1883 127.0.0.1", f"listener {port} 127.0.0.1")
    store = Path(tempfile.mkdtemp(prefix="floor-mosquitto-store-"))
    store.chmod(0o777)  # mosquitto started as root drops to its own user to write it
    text = text.replace("/var/lib/mosquitto/", f"{store}/")
    conf = tmp_path / "floor.conf"
    conf.write_text(text)
    broker = _start(conf, port)
    try:
        sub = _client(port)
        subscribed = threading.Event()
        sub.on_subscribe = lambda *_a: subscribed.set()
        sub.subscribe("floor/v1/c/device/+/evt/+", qos=1)
        assert subscribed.wait(10), "no SUBACK"
        sub.disconnect()
        sub.loop_stop()
        pub = mqtt.Client(CallbackAPIVersion.VERSION2)
        pub.connect("127.0.0.1", port)
        pub.loop_start()
        for i in range(1500):  # more than mosquitto's default queue of 1000
            pub.publish(f"floor/v1/c/device/k/evt/e{i}", str(i).encode(), qos=1).wait_for_publish()
        pub.disconnect()
        pub.loop_stop()
        # the broker acknowledged them all; within its save window they are on disk
        assert _saved_twice(store), "the broker did not save its store within 10 s"
    finally:
        broker.kill()  # a power cut: no save on the way out
        broker.wait(10)
    broker = _start(conf, port)
    try:
        got: queue.Queue[bytes] = queue.Queue()
        sub = _client(port, got)
        numbers = []
        deadline = time.monotonic() + 10
        while len(numbers) < 1500:
            numbers.append(int(got.get(timeout=max(deadline - time.monotonic(), 0.01))))
        sub.disconnect()
        sub.loop_stop()
    finally:
        broker.terminate()
        broker.wait(10)
    shutil.rmtree(store, ignore_errors=True)
    assert sorted(numbers) == list(range(1500))
