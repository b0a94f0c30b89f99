"""docs/mosquitto.conf starts a real mosquitto that keeps a persistent session's messages."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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


def _client(port: int, got: list[bytes] | None = None) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="orchestrator", clean_session=False)
    if got is not None:
        client.on_message = lambda _c, _u, m: got.append(m.payload)
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def test_production_config_keeps_queued_messages_across_a_broker_restart(tmp_path: Path) -> None:
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
        sub.subscribe("floor/v1/c/device/+/evt/+", qos=1)
        time.sleep(0.2)
        sub.disconnect()
        sub.loop_stop()
        pub = mqtt.Client(CallbackAPIVersion.VERSION2)
        pub.connect("127.0.0.1", port)
        pub.loop_start()
        for i in range(1500):  # more than mosquitto's default queue of 1000
            pub.publish(f"floor/v1/c/device/k/evt/e{i}", str(i).encode(), qos=1).wait_for_publish()
        pub.disconnect()
        pub.loop_stop()
    finally:
        broker.terminate()
        broker.wait(10)
    broker = _start(conf, port)
    try:
        got: list[bytes] = []
        sub = _client(port, got)
        deadline = time.monotonic() + 10
        while len(got) < 1500 and time.monotonic() < deadline:
            time.sleep(0.05)
        sub.disconnect()
        sub.loop_stop()
    finally:
        broker.terminate()
        broker.wait(10)
    shutil.rmtree(store, ignore_errors=True)
    assert sorted(int(p) for p in got) == list(range(1500))
