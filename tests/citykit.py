"""The city side for tests: the shipped three-node NATS cluster on free loopback ports,
a link a test can cut (the network, not a part), and a city listener."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from floor.broker import free_port

SHIPPED = Path(__file__).parent.parent / "docs" / "city"
_ADDRESS = re.compile(r"127\.0\.0\.1:(\d+)")
_MQTT = re.compile(r"mqtt \{\s*listen: 127\.0\.0\.1:(\d+)")


def _free_ports(n: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < n:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


class NatsCluster:
    """The shipped configs (docs/city/nats-*.conf), each port moved to a free one."""

    def __init__(self, tmp: Path) -> None:
        texts = [(SHIPPED / f"nats-{i}.conf").read_text() for i in (1, 2, 3)]
        shipped = sorted({int(p) for text in texts for p in _ADDRESS.findall(text)})
        moved = dict(zip(shipped, _free_ports(len(shipped)), strict=True))
        self.configs: list[Path] = []
        self.mqtt_ports: list[int] = []
        for i, text in enumerate(texts, 1):
            text = _ADDRESS.sub(lambda m: f"127.0.0.1:{moved[int(m.group(1))]}", text)
            text = text.replace("/var/lib/nats/", f"{tmp}/nats-store/")
            match = _MQTT.search(text)
            assert match, "a node without an MQTT listener"
            self.mqtt_ports.append(int(match.group(1)))
            path = tmp / f"nats-{i}.conf"
            path.write_text(text)
            self.configs.append(path)
        self.logs = [tmp / f"nats-{i}.log" for i in (1, 2, 3)]
        self.procs: list[subprocess.Popen[bytes] | None] = [None, None, None]

    def url(self, node: int) -> str:
        """Return the MQTT URL of node 0, 1 or 2."""
        return f"mqtt://127.0.0.1:{self.mqtt_ports[node]}"

    def start(self, timeout: float = 40.0) -> NatsCluster:
        """Start the three nodes; return once each takes a retained QoS 1 message."""
        for i, config in enumerate(self.configs):
            with self.logs[i].open("wb") as out:
                self.procs[i] = subprocess.Popen(
                    ["nats-server", "-c", str(config)], stdout=out, stderr=subprocess.STDOUT
                )
        deadline = time.monotonic() + timeout
        for node in range(3):
            while not _accepts(self.mqtt_ports[node]):
                proc = self.procs[node]
                assert proc and proc.poll() is None, self.logs[node].read_text()[-2000:]
                assert time.monotonic() < deadline, f"node {node} not ready"
                time.sleep(0.2)
        return self

    def kill(self, node: int) -> None:
        """Kill one node at once (SIGKILL)."""
        proc = self.procs[node]
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)

    def stop(self) -> None:
        """Stop every node still running."""
        for proc in self.procs:
            if proc and proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            if proc:
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _accepts(port: int) -> bool:
    """Return whether a node takes a retained QoS 1 message (JetStream is up)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"probe-{port}")
    try:
        client.connect("127.0.0.1", port, keepalive=10)
    except OSError:
        return False
    client.loop_start()
    try:
        info = client.publish("city/probe", b"1", qos=1, retain=True)
        info.wait_for_publish(3)
        return info.is_published()
    except (RuntimeError, ValueError):
        return False
    finally:
        client.disconnect()
        client.loop_stop()


class Link:
    """A TCP path from a center's bridge to the city nodes (first that answers).

    `cut()` drops every connection and refuses new ones until `restore()`.
    """

    def __init__(self, upstreams: list[int]) -> None:
        self.upstreams = upstreams
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.is_cut = threading.Event()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        """Return the URL a bridge connects to."""
        return f"mqtt://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                down, _ = self.server.accept()
            except OSError:
                return
            up = None if self.is_cut.is_set() else self._connect()
            if up is None:
                down.close()
                continue
            with self._lock:
                self._open += [down, up]
            for a, b in ((down, up), (up, down)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    def _connect(self) -> socket.socket | None:
        for port in self.upstreams:
            try:
                return socket.create_connection(("127.0.0.1", port), timeout=1)
            except OSError:
                continue
        return None

    def cut(self) -> None:
        """Drop the link: every connection now and every new one until `restore()`."""
        self.is_cut.set()
        self._drop()

    def restore(self) -> None:
        """Let connections through again."""
        self.is_cut.clear()

    def _drop(self) -> None:
        with self._lock:
            held, self._open = self._open, []
        for sock in held:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        """Stop accepting and drop every connection."""
        self._closed = True
        self.server.close()
        self._drop()


def _pump(src: socket.socket, dst: socket.socket) -> None:
    src.settimeout(None)
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True)
class Seen:
    """A message the listener got."""

    topic: str
    data: dict[str, Any]
    retain: bool
    at: float


class Listener:
    """An MQTT subscriber (a persistent session unless `clean`); messages go to a queue
    that the test thread drains into `seen`."""

    def __init__(self, url: str, client_id: str, filters: list[str], clean: bool = False) -> None:
        port = int(url.rsplit(":", 1)[1])
        self.inbox: queue.Queue[Seen] = queue.Queue()
        self.seen: list[Seen] = []
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=clean)
        self.filters = filters
        client.on_connect = self._on_connect
        client.on_subscribe = self._on_subscribe
        client.on_message = lambda _c, _u, m: self.inbox.put(
            Seen(m.topic, json.loads(m.payload), bool(m.retain), time.monotonic())
        )
        self.subscribed = threading.Event()
        client.connect("127.0.0.1", port, keepalive=10)
        client.loop_start()
        self.client = client
        # what is published from now on reaches it: a QoS 1 subscription on NATS is a stream
        # consumer, and a message published before it exists is not for this session
        assert self.subscribed.wait(30), f"{client_id}: the broker never granted {filters}"

    def _on_connect(self, client: mqtt.Client, *_args: object) -> None:
        client.subscribe([(topic_filter, 1) for topic_filter in self.filters])

    def _on_subscribe(
        self, client: mqtt.Client, _u: object, _mid: int, codes: list[Any], _p: object
    ) -> None:
        """Subscribe again if the broker refused (paho's thread)."""
        if any(code.is_failure for code in codes):  # a cluster without a leader yet
            client.subscribe([(topic_filter, 1) for topic_filter in self.filters])
        else:
            self.subscribed.set()

    def drain(self) -> list[Seen]:
        """Move what arrived into `seen` and return it all."""
        while True:
            try:
                self.seen.append(self.inbox.get_nowait())
            except queue.Empty:
                return self.seen

    def wait(
        self, test: Any, timeout: float, what: str | Callable[[list[Seen]], str]
    ) -> list[Seen]:
        """Wait until `test(seen)` is true; return `seen`. `what` names what is awaited, or
        says from `seen` what is still missing."""
        deadline = time.monotonic() + timeout
        while not test(self.drain()):
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"timed out waiting for {what(self.seen) if callable(what) else what}"
                )
            with contextlib.suppress(queue.Empty):
                self.seen.append(self.inbox.get(timeout=0.1))
        return self.seen

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()


# --- the city view (tests/test_city_view.py, bench/city_bench.py) ---------------------

CITY_PASSWORDS = {"city": "thanh-pho-xem-2026", "boss": "quan-ly-san-2026"}
"""A city account and a center's manager, in the view's accounts file."""


def city_accounts(path: Path) -> Path:
    """Write the accounts file: `city` with the city role, `boss` a manager only."""
    from floor.console.users import UserStore

    users = UserStore(path)
    users.add("city", CITY_PASSWORDS["city"], "city")
    users.add("boss", CITY_PASSWORDS["boss"], "manager")
    return path


class CityViewProcess:
    """`floor city view` as a child process, its log in a file."""

    def __init__(
        self, tmp: Path, cluster: list[str], db: str, users: Path, client_id: str | None = None
    ) -> None:
        import sys

        self.port = free_port()
        self.log = tmp / f"city-view-{self.port}.log"
        self.cmd = [
            sys.executable,
            "-m",
            "floor",
            "city",
            "view",
            "--cluster",
            *cluster,
            "--db",
            db,
            "--users",
            str(users),
            "--port",
            str(self.port),
            "--client-id",
            client_id or f"city-view-{self.port}",
        ]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the view's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> CityViewProcess:
        """Start the view; return once it answers and follows a node of the cluster."""
        import httpx

        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, self.log.read_text()[-2000:]
            assert time.monotonic() < deadline, "the city view never followed the cluster"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/auth/me", timeout=1).status_code == 401:
                    with contextlib.closing(ViewClient(self.url)) as client:
                        if client.now()["node"]:
                            return self
            time.sleep(0.1)

    def __exit__(self, *_exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class ViewClient:
    """A signed-in client of the city view's JSON API."""

    def __init__(self, url: str, name: str = "city") -> None:
        import httpx

        self.http = httpx.Client(base_url=url, timeout=10)
        answer = self.http.post(
            "/api/auth/login", json={"username": name, "password": CITY_PASSWORDS[name]}
        )
        assert answer.status_code == 200, answer.text

    def now(self) -> dict[str, Any]:
        """Return GET /api/centers."""
        answer = self.http.get("/api/centers")
        assert answer.status_code == 200, answer.text
        data: dict[str, Any] = answer.json()
        return data

    def centers(self) -> dict[str, dict[str, Any]]:
        """Return every center's line by id."""
        return {row["center"]: row for row in self.now()["centers"]}

    def wait(self, test: Any, timeout: float, what: str) -> dict[str, dict[str, Any]]:
        """Ask again until `test(centers)` is true; return the centers."""
        deadline = time.monotonic() + timeout
        while not test(centers := self.centers()):
            assert time.monotonic() < deadline, f"timed out waiting for {what}: {centers}"
            time.sleep(0.05)
        return centers

    def close(self) -> None:
        """Close the connection."""
        self.http.close()


class Synthetic:
    """Made-up centers publishing through the contract to one node, as their bridges would."""

    def __init__(self, url: str, client_id: str) -> None:
        port = int(url.rsplit(":", 1)[1])
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id)
        self.client.connect("127.0.0.1", port, keepalive=10)
        self.client.loop_start()
        self.seq: dict[str, int] = {}
        self.started_at = time.time()

    def send(self, topic: str, payload: bytes, retain: bool = False) -> None:
        """Publish one message (QoS 1) and wait until the node has it."""
        info = self.client.publish(topic, payload, 1, retain)
        info.wait_for_publish(10)
        assert info.is_published(), f"the node did not take {topic}"

    def center(self, center: str, waiting: int, **summary: Any) -> None:
        """Publish a center's status, its queues and a summary with `waiting` people."""
        from datetime import UTC, datetime
        from zoneinfo import ZoneInfo

        from devices import payloads as p
        from devices import topics

        now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        started = datetime.fromtimestamp(self.started_at, UTC)
        seq = self.seq[center] = self.seq.get(center, -1) + 1
        status = p.OrchestratorStatus(online=True, version="synthetic", started_at=started)
        self.send(topics.ORCHESTRATOR_STATUS.topic(center=center), _json(status), True)
        queues = queues_state(f"q{center}{seq}", waiting, summary.get("longest_wait_min", 0))
        self.send(topics.STATE.topic(center=center, name="queues"), _json(queues), True)
        made = {
            "id": f"s{center}{seq}",
            "ts": now,
            "started_at": started,
            "seq": seq,
            "day": now.date(),
            "fields": [p.FieldSummary(field="tu_phap", waiting=waiting, longest_wait_min=0)],
            "longest_wait_min": 0,
            "served": 0,
            "ratings": 0,
            "satisfied_pct": None,
            "devices_online": 1,
            "devices": 1,
            "robots_online": 0,
            "robots": 0,
            "alerts": 0,
            "urgent_alerts": 0,
        }
        kept = p.CenterSummary.model_validate(made | summary)
        self.send(topics.CITY_SUMMARY.topic(center=center), _json(kept))

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()


def queues_state(message_id: str, waiting: int, longest_wait_min: int) -> Any:
    """Return a center's `state/queues`: one field with `waiting` people, now."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from devices import payloads as p

    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    line = p.FieldQueue(
        field="tu_phap",
        waiting=waiting,
        priority_waiting=0,
        numbers=[f"A{i:03d}" for i in range(1, waiting + 1)],
        seconds_per_person=300.0,
        counters_open=1,
        longest_wait_min=longest_wait_min,
        estimated_wait_min=5 * waiting,
    )
    return p.QueuesState(id=message_id, ts=now, day=now.date(), queues=[line])


def _json(message: Any) -> bytes:
    return str(message.model_dump_json()).encode()


class Postgres:
    """A throwaway PostgreSQL cluster (Debian's `postgresql`) on a free port.

    PostgreSQL refuses to run as root: as root, it runs as the `postgres` user, in a
    directory of its own under /tmp (it cannot enter pytest's)."""

    def __init__(self) -> None:
        import os
        import pwd
        import shutil
        import tempfile

        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        assert bins, "Debian's postgresql is not installed"
        self.bin = bins[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="floor-pg-"))
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            owner = pwd.getpwnam("postgres")
            shutil.chown(self.dir, owner.pw_uid, owner.pw_gid)

    @property
    def url(self) -> str:
        """Return the URL of its database (trusting loopback, user `floor`)."""
        return f"postgresql://floor@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def __enter__(self) -> Postgres:
        data = str(self.dir / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-U", "floor", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "log")
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-o", options, "-l", log, "-w", "start")
        return self

    def __exit__(self, *_exc: object) -> None:
        import shutil

        try:
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"
            )
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
