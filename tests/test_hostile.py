"""Hostile input: no message takes the floor down, no device starves the others.

The fuzz and poison tests run `floor run` as a child process against a real
mosquitto configured as docs/mosquitto.conf (64 KiB packets), the way a center runs.
"""

from __future__ import annotations

import json
import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import paho.mqtt.client as mqtt
import pytest
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from devices import topics
from devices.gateway import BadInput, Gateway
from devices.mosquitto import Mosquitto, mosquitto_binary
from floor.broker import free_port
from floor.core.catalog import CenterConfig, DeviceLimits
from floor.core.commands import IssueTicket
from floor.core.decide import decide, start_day
from floor.core.events import DeviceAlerted, TicketIssued
from floor.core.state import FloorState
from floor.quarantine import Quarantine, digest
from sim.hostile import poison, stream
from tests.floorkit import CATALOG, CENTER
from tests.test_crash import FloorProcess, wait_online

DOCS_CONF = Path(__file__).resolve().parents[1] / "docs" / "mosquitto.conf"
FUZZ = 5000
LOG_BOUND = 256 * 1024
"""Bytes of log a fuzz run of FUZZ payloads may write (it wrote 105 MB per 71 s before)."""


@contextmanager
def docs_broker(tmp: Path) -> Iterator[int]:
    """Run mosquitto with docs/mosquitto.conf on a free port and a store of its own."""
    port = free_port()
    store = tmp / "mosquitto-store"
    store.mkdir()
    store.chmod(0o777)  # mosquitto started as root writes as its own user
    text = DOCS_CONF.read_text().replace("listener 1883 127.0.0.1", f"listener {port} 127.0.0.1")
    conf = tmp / "mosquitto.conf"
    conf.write_text(text.replace("/var/lib/mosquitto/", f"{store}/"))
    proc = subprocess.Popen([mosquitto_binary(), "-c", str(conf)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            probe = mqtt.Client(CallbackAPIVersion.VERSION2)
            try:
                probe.connect("127.0.0.1", port)
                probe.disconnect()
                break
            except OSError:
                assert time.monotonic() < deadline, "mosquitto did not start"
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


@dataclass(frozen=True, slots=True)
class Seen:
    """One message a watcher received."""

    topic: str
    data: dict[str, object]


class Watcher:
    """A client that hears a center's error reports, device commands and status."""

    def __init__(self, port: int, center: str, errors: str = "#") -> None:
        """Hear `error/{errors}` (every device's by default)."""
        self.inbox: queue.Queue[Seen] = queue.Queue()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self.client.on_message = self._on_message
        subscribed = threading.Event()
        self.client.on_subscribe = lambda *_args: subscribed.set()
        self.client.connect("127.0.0.1", port)
        root = f"floor/v1/{center}"
        self.client.subscribe(
            [
                (f"{root}/error/{errors}", 1),
                (f"{root}/device/+/cmd/#", 1),
                (f"{root}/orchestrator/status", 1),
            ]
        )
        self.client.loop_start()
        assert subscribed.wait(5), "the watcher's subscription was not granted"

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        self.inbox.put(Seen(msg.topic, json.loads(msg.payload) if msg.payload else {}))

    def until(self, test: object, timeout: float) -> tuple[Seen, list[Seen]]:
        """Return the first message passing `test` and every message before it."""
        before: list[Seen] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"nothing matched within {timeout}s; {len(before)} messages came"
            try:
                seen = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if test(seen):  # type: ignore[operator]
                return seen, before
            before.append(seen)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Floor(FloorProcess):
    """`floor run` at INFO (every log line counts), without the console."""

    def __init__(self, url: str, center_file: Path, db: Path) -> None:
        super().__init__(url, center_file, db)
        self.cmd[self.cmd.index("--log-level") + 1] = "INFO"

    def start(self) -> None:
        """Start, logging to a file (a pipe nobody reads would block the process)."""
        env = {**os.environ, "FLOOR_HTTP_PORT": "0"}
        self.log = self.log if hasattr(self, "log") else self.cmd_log()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.cmd, stderr=out, env=env)

    def cmd_log(self) -> Path:
        return Path(self.cmd[self.cmd.index("--db") + 1]).with_suffix(".log")

    def stop(self) -> str:
        assert self.proc
        self.proc.terminate()
        self.proc.wait(10)
        return self.log.read_text("utf-8", "replace")


def publisher(port: int) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2)
    client.max_inflight_messages_set(50)
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def write_center(tmp: Path, config: CenterConfig, center_id: str, *, lifted: bool) -> Path:
    """Write the center under its own id, without robots (only devices speak here);
    `lifted` raises every rate limit (fuzz, not flood)."""
    update: dict[str, object] = {
        "center": config.center.model_copy(update={"id": center_id}),
        "robots": [],
    }
    if lifted:
        update["limits"] = DeviceLimits.lifted()
    path = tmp / f"{center_id}.yaml"
    cfg = config.model_copy(update=update)
    path.write_text(yaml.safe_dump(json.loads(cfg.model_dump_json())), encoding="utf-8")
    return path


def ticket_request(
    center: str, device: str, ident: str, procedure: str = "khai_sinh"
) -> tuple[str, bytes]:
    body = {
        "v": 1,
        "id": ident,
        "ts": "2026-11-30T08:00:00+07:00",
        "device": device,
        "seq": 1,
        "procedure": procedure,
    }
    topic = topics.EVENT.topic(center=center, device_id=device, name="ticket_request")
    return topic, json.dumps(body).encode()


def served_within(watcher: Watcher, pub: mqtt.Client, center: str, ident: str) -> float:
    """Ask for a ticket as kiosk-2; return the seconds until the ticket came."""
    topic, payload = ticket_request(center, "kiosk-2", ident)
    start = time.monotonic()
    pub.publish(topic, payload, qos=1)
    seen, _ = watcher.until(
        lambda s: s.topic.endswith("/cmd/ticket") and s.data.get("request_id") == ident, 10
    )
    assert seen.data["number"]
    return time.monotonic() - start


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def outcomes(db: Path) -> tuple[dict[str, int], list[str]]:
    """Return the count of command outcomes and the kinds of every event in a log."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        counts = dict(conn.execute("SELECT outcome, count(*) FROM commands GROUP BY outcome"))
        kinds = [k for (k,) in conn.execute("SELECT kind FROM events ORDER BY seq")]
    return counts, kinds


def test_fuzz_leaves_the_floor_up_answering_and_unchanged(
    center: CenterConfig, tmp_path: Path
) -> None:
    cid = center.center.id
    path = write_center(tmp_path, center, cid, lifted=True)
    db = tmp_path / "fuzz.db"
    hostile = list(stream(center, seed=20261130, count=FUZZ))
    assert {h.kind for h in hostile} >= {"deep_array", "lone_surrogate", "huge_int", "long_topic"}
    with docs_broker(tmp_path) as port:
        url = f"mqtt://127.0.0.1:{port}"
        with Floor(url, path, db) as floor:
            wait_online(port, cid)
            assert floor.proc
            rss_before = rss_kib(floor.proc.pid)
            watcher = Watcher(port, cid)
            pub = publisher(port)
            for h in hostile:
                pub.publish(h.topic, h.payload, qos=1, retain=h.retain)
            sentinel_topic, sentinel = ticket_request(cid, "kiosk-1", "sentinel", "no_such_thing")
            pub.publish(sentinel_topic, sentinel, qos=1).wait_for_publish(60)
            _, before = watcher.until(lambda s: s.data.get("ref") == "sentinel", 120)
            seconds = served_within(watcher, pub, cid, "after-fuzz")
            rss_after = rss_kib(floor.proc.pid)
            pub.disconnect()
            watcher.close()
            errors = floor.stop()
    reports = [s for s in before if "/error/" in s.topic]
    online = [s for s in before if s.topic.endswith("orchestrator/status") and s.data.get("online")]
    print(
        f"fuzz: {FUZZ} payloads, {len(reports)} error reports, "
        f"valid ticket in {seconds * 1000:.0f} ms, "
        f"log {len(errors.encode())} bytes, RSS {rss_before} → {rss_after} KiB"
    )
    assert seconds < 1.0
    assert len(reports) == FUZZ, "every refused message is answered, once"
    assert len(online) <= 1, "the orchestrator reconnected during the fuzz"
    assert "Traceback" not in errors
    assert len(errors.encode()) < LOG_BOUND
    assert max(len(line) for line in errors.splitlines()) < 1000
    counts, kinds = outcomes(db)
    assert counts.get("ok") == 1, "only the valid request changed the floor"
    assert set(kinds) <= {"DayStarted", "TicketIssued", "RobotTaskCreated", "RobotTaskAssigned"}
    assert kinds.count("TicketIssued") == 1


def test_retained_poison_survives_a_kill_and_the_floor_serves(
    center: CenterConfig, tmp_path: Path
) -> None:
    cid = center.center.id
    path = write_center(tmp_path, center, cid, lifted=False)
    db = tmp_path / "poison.db"
    with docs_broker(tmp_path) as port:
        url = f"mqtt://127.0.0.1:{port}"
        pub = publisher(port)
        for h in poison(cid, "kiosk-1"):  # retained ones wait for every future subscriber
            pub.publish(h.topic, h.payload, qos=1, retain=h.retain).wait_for_publish(10)
        retained = [h for h in poison(cid, "kiosk-1") if h.retain]
        with Floor(url, path, db) as floor:
            for run in ("first start", "after SIGKILL"):
                watcher = Watcher(port, cid)
                wait_online(port, cid)
                seconds = served_within(watcher, pub, cid, f"ask-{run[0]}")
                assert seconds < 1.0, run
                watcher.close()
                floor.kill()
                floor.start()
            wait_online(port, cid)
            watcher = Watcher(port, cid)
            assert served_within(watcher, pub, cid, "ask-third") < 1.0
            watcher.close()
            errors = floor.stop()
        pub.disconnect()
    assert "Traceback" not in errors
    assert retained, "the poison list holds retained messages"
    counts, kinds = outcomes(db)
    assert counts.get("ok") == 3
    assert kinds.count("TicketIssued") == 3


def test_a_message_that_killed_a_run_is_quarantined(
    mosquitto: Mosquitto,
    floor_on,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "floor.db"
    first = floor_on(mosquitto.url, db)
    center = first.config.center.id
    first.stop()
    topic, payload = ticket_request(center, "kiosk-1", "deadly")
    # The last run died (hard: nothing Python could catch) while it handled this message
    # alone as a suspect: what a second death looks like on disk.
    marker = db.with_name(db.name + ".inflight")
    marker.write_text(f"suspect\n{digest(topic, payload)}")
    floor = floor_on(mosquitto.url, db)
    with floor.device("kiosk-1") as kiosk:
        kiosk.publish_raw(topic, payload)
        refusal = kiosk.wait_for(lambda m: m.kind == "error" and m.data.get("ref") == "deadly")
        assert refusal.data["code"] == "quarantined"
        got = kiosk.exchange("ticket_request", "ticket", procedure="khai_sinh")
        assert got is not None and got.data["number"]
    assert digest(topic, payload) in Quarantine(db).quarantined


def test_suspects_of_a_killed_batch_are_handled_alone_and_not_lost(tmp_path: Path) -> None:
    db = tmp_path / "floor.db"
    first = Quarantine(db)
    first.begin(["a" * 64, "b" * 64])  # killed here: end() never ran
    second = Quarantine(db)
    assert second.suspects == {"a" * 64, "b" * 64}
    assert not second.quarantined
    second.begin(["a" * 64])  # handled alone, and the process died again
    third = Quarantine(db)
    assert third.quarantined == {"a" * 64}
    assert Quarantine(db).quarantined == {"a" * 64}, "the quarantine list is kept"
    third.begin(["b" * 64])
    third.end()
    assert not Quarantine(db).suspects


def test_one_flooding_kiosk_does_not_stop_another_kiosks_tickets(
    mosquitto: Mosquitto,
    floor_on,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    flood = publisher(mosquitto.port)
    sent = 0
    with floor.device("kiosk-2") as calm:
        numbers = []
        for i in range(5):
            for _ in range(400):
                topic, payload = ticket_request(center, "kiosk-1", f"flood-{sent}")
                flood.publish(topic, payload, qos=1)
                sent += 1
            got = calm.exchange("ticket_request", "ticket", timeout=5, procedure="khai_sinh")
            assert got is not None, f"kiosk-2's request {i} was not answered"
            numbers.append(got.data["number"])
        assert len(set(numbers)) == 5
        flood.disconnect()
    limit = floor.config.limits.rate("kiosk")
    with sqlite3.connect(f"file:{floor.db}?mode=ro", uri=True) as conn:
        flooded = conn.execute(
            "SELECT count(*) FROM commands WHERE source = 'kiosk-1' AND outcome = 'ok'"
        ).fetchone()[0]
    assert flooded <= limit.burst + limit.per_second * 60, "the flood was not limited"
    assert flooded < sent / 10


def test_a_flooding_device_raises_an_alert(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    flood = publisher(mosquitto.port)
    with floor.device("kiosk-1") as kiosk:
        for n in range(200):
            body = {
                "v": 1,
                "id": f"s{n}",
                "ts": "2026-11-30T08:00:00+07:00",
                "device": "kiosk-1",
                "seq": n + 1,
                "text": "xin giúp",
            }
            flood.publish(kiosk.event_topic("staff_request"), json.dumps(body).encode(), qos=1)
        refused = kiosk.wait_for(lambda m: m.kind == "error" and m.data["code"] == "rate_limited")
        assert refused.data["device"] == "kiosk-1"
    flood.disconnect()
    deadline = time.monotonic() + 10
    while True:
        with sqlite3.connect(f"file:{floor.db}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT data FROM events WHERE kind = 'DeviceAlerted'").fetchall()
        if rows:
            break
        assert time.monotonic() < deadline, "no flood alert"
        time.sleep(0.1)
    alert = json.loads(rows[0][0])
    assert alert["device"] == "kiosk-1" and alert["problem"] == "flooding"


def test_ticket_numbers_go_past_999_and_a_busy_kiosk_raises_one_alert() -> None:
    state = FloorState.initial(CATALOG, CENTER)
    now = datetime(2026, 11, 30, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for event in start_day(state, now):
        state.apply(event)
    numbers: list[str] = []
    alerts: list[DeviceAlerted] = []
    for i in range(1001):
        request = IssueTicket("khai_sinh", None, "vi", False, f"r{i}", "kiosk-1")
        for event in decide(state, request, now):
            state.apply(event)
            if isinstance(event, TicketIssued):
                numbers.append(event.number)
            elif isinstance(event, DeviceAlerted):
                alerts.append(event)
    prefix = numbers[0][0]
    assert numbers[997:] == [f"{prefix}998", f"{prefix}999", f"{prefix}1000", f"{prefix}1001"]
    cap = CENTER.limits.tickets_per_device_day
    assert [(a.device, a.problem) for a in alerts] == [("kiosk-1", "many_tickets")]
    assert str(cap) in alerts[0].detail


def test_wrong_broker_password_stops_floor_run_at_once(tmp_path: Path) -> None:
    with Mosquitto(anonymous=False) as broker:
        start = time.monotonic()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "floor",
                "run",
                "--broker",
                broker.url,
                "--db",
                str(tmp_path / "f.db"),
            ],
            env={
                **os.environ,
                "FLOOR_BROKER_USERNAME": "floor",
                "FLOOR_BROKER_PASSWORD": "wrong",
                "FLOOR_HTTP_PORT": "0",
            },
            capture_output=True,
            text=True,
            timeout=30,
        )
        took = time.monotonic() - start
    assert proc.returncode == 1
    assert "refused the login" in proc.stderr, proc.stderr
    assert took < 10


def test_a_second_orchestrator_for_one_center_refuses_to_start(
    mosquitto: Mosquitto, center: CenterConfig, tmp_path: Path
) -> None:
    cid = center.center.id
    path = write_center(tmp_path, center, cid, lifted=False)
    with Floor(mosquitto.url, path, tmp_path / "one.db") as first:
        wait_online(mosquitto.port, cid)
        for db, reason in (
            (tmp_path / "two.db", "another orchestrator"),
            (tmp_path / "one.db", "another `floor run`"),
        ):
            second = subprocess.run(
                [*first.cmd[: first.cmd.index("--db")], "--db", str(db)],
                env={**os.environ, "FLOOR_HTTP_PORT": "0"},
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert second.returncode == 1
            assert reason in second.stderr, second.stderr
        watcher = Watcher(mosquitto.port, cid)
        pub = publisher(mosquitto.port)
        assert served_within(watcher, pub, cid, "still-one") < 1.0
        pub.disconnect()
        watcher.close()
        first.stop()


@pytest.mark.parametrize("kind", sorted({h.kind for h in poison("c", "kiosk-1")}))
def test_each_poison_is_a_clear_and_small_refusal(kind: str) -> None:
    gateway = Gateway(CENTER)
    cases = [h for h in poison(gateway.center, "kiosk-1") if h.kind == kind]
    for h in cases:
        with pytest.raises(BadInput) as refused:
            gateway.decode(h.topic, h.payload)
        exc = refused.value
        report = gateway.error(exc, h.topic, exc.device, exc.ref, datetime.now(UTC))
        assert len(report.payload) < 2048 and len(report.topic) < 200


def test_an_id_number_in_a_topic_is_never_echoed_or_logged(
    mosquitto: Mosquitto,
    floor_on,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    planted = "079301004567"
    with floor.device("unknown") as listener:
        topic = f"floor/v1/{center}/device/{planted}/evt/staff_request"
        listener.publish_raw(topic, b'{"v":1,"id":"p1","text":"079301004567"}')
        got = listener.wait_for(lambda m: m.kind == "error" and m.data.get("ref") == "p1")
    assert got.topic.endswith("/error/unknown")
    assert got.data["code"] == "unknown_device"
    assert planted not in json.dumps(got.data)
    assert planted not in caplog.text


def test_an_error_report_quotes_the_center_as_it_is() -> None:
    gateway = Gateway(
        CENTER.model_copy(update={"center": CENTER.center.model_copy(update={"id": "t1234567890"})})
    )
    topic = "floor/v1/t1234567890/device/079301004567/evt/x"
    with pytest.raises(BadInput) as refused:
        gateway.decode(topic, b"{}")
    report = json.loads(
        gateway.error(refused.value, topic, "079301004567", None, datetime.now(UTC)).payload
    )
    assert report["topic"].startswith("floor/v1/t1234567890/device/")
    assert "079301004567" not in json.dumps(report)
