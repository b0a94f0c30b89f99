"""Citizen data stays private: numbers redacted from free text, ID hashes keyed per center."""

from __future__ import annotations

import hashlib
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import paho.mqtt.client as mqtt
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from paho.mqtt.enums import CallbackAPIVersion

from devices import topics
from devices.kiosk import NO_SECRET, Kiosk, citizen_hash
from devices.mosquitto import Mosquitto
from devices.provision import provision
from floor.core.catalog import CenterConfig
from floor.core.commands import RequestStaff, SendRefreshments
from floor.core.errors import Rejected
from floor.core.events import RobotTaskCreated, StaffRequested
from floor.core.redact import ID_MARK, NUMBER_MARK, PHONE_MARK, redact
from floor.eventlog import EventLog
from tests.consolekit import PASSWORDS, RunningConsole, accounts
from tests.floorkit import Floor

ID = "079301004567"
PHONE = "0912345678"
SAID = "không bảy chín ba không một không không bốn năm sáu bảy"
NEEDLES = [ID, ID[-7:], "079 301 004 567", PHONE, PHONE[-7:], "912 345 678", "không bảy chín ba"]
"""What must never show after the floor: the numbers, in part, spaced, or said."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"CCCD {ID} nhé", f"CCCD {ID_MARK} nhé"),
        ("079 301 004 567", ID_MARK),
        ("079.301.004.567", ID_MARK),
        ("079-301-004-567", ID_MARK),
        ("CMND 123456789", f"CMND {ID_MARK}"),
        (f"SĐT {PHONE}", f"SĐT {PHONE_MARK}"),
        ("gọi 0912 345 678 giúp", f"gọi {PHONE_MARK} giúp"),
        ("+84 912 345 678", PHONE_MARK),
        ("(+84)912345678", PHONE_MARK),
        ("(028) 3812 3456", PHONE_MARK),
        ("mã 1234567", f"mã {NUMBER_MARK}"),
        ("a 1234567 b 7654321 c", f"a {NUMBER_MARK} b {NUMBER_MARK} c"),
        (SAID, ID_MARK),
        ("khong bay chin ba khong mot khong khong bon nam sau bay", ID_MARK),
        ("Không Bảy Chín Ba Không Một Không Không Bốn Năm Sáu Bảy", ID_MARK),
        ("số 079 301 không không bốn năm sáu bảy xong", f"số {ID_MARK} xong"),
        ("zero nine one two three four five six seven eight", PHONE_MARK),
        ("공 칠 구 삼 공 일 공 공 사 오 육 칠", ID_MARK),
        ("０７９３０１００４５６７", ID_MARK),
    ],
)
def test_numbers_are_hidden(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tôi cần gặp cán bộ ở quầy 5",
        "số A023, quầy 12, 3 người, 123456",
        "tôi năm nay bảy mươi tuổi, ba đứa con, hai cháu",
        "hẹn ngày 30/11/2026 lúc 8:30",
        "R-00012 failed",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert redact(text) == text


LONG_RUN = re.compile(r"\d(?:[\s.,\-–()]{0,3}\d){6}")


@given(
    st.text(max_size=60),
    st.from_regex(r"\+?[0-9]{1,4}([ .-][0-9]{1,4}){2,5}", fullmatch=True),
    st.text(max_size=60),
)
def test_no_long_number_survives(before: str, number: str, after: str) -> None:
    hidden = redact(before + number + after)
    assert LONG_RUN.search(hidden) is None
    assert redact(hidden) == hidden  # markers hold no digits: redacting again changes nothing


def test_decide_redacts_free_text_and_refusals() -> None:
    floor = Floor()
    [asked] = floor.do(RequestStaff("kiosk-1", f"CCCD {ID}, gọi {PHONE}", "vi"))
    assert isinstance(asked, StaffRequested)
    assert asked.text == f"CCCD {ID_MARK}, gọi {PHONE_MARK}"
    created = floor.do(SendRefreshments("seats-b", f"cho bà, SĐT {PHONE}", "kiosk-1"))
    [task] = [e for e in created if isinstance(e, RobotTaskCreated)]
    assert task.note == f"cho bà, SĐT {PHONE_MARK}"
    with pytest.raises(Rejected) as err:
        floor.do(SendRefreshments(f"ghế {ID}", "", "kiosk-1"))
    assert err.value.code == "unknown_area" and ID not in str(err.value)
    assert ID_MARK in err.value.detail


def test_citizen_hash_is_keyed_with_the_center_secret() -> None:
    mine, other = citizen_hash(b"secret-a", ID), citizen_hash(b"secret-b", ID)
    assert re.fullmatch(r"[0-9a-f]{64}", mine) and mine != other
    assert mine == citizen_hash(b"secret-a", "079 301 004 567")
    assert mine != hashlib.sha256(ID.encode()).hexdigest()
    assert mine != hashlib.sha256(b"secret-a" + ID.encode()).hexdigest()
    with pytest.raises(ValueError, match="citizen secret"):
        citizen_hash(b"", ID)
    with pytest.raises(ValueError, match="citizen secret"):
        Kiosk(None, b"")  # type: ignore[arg-type]


def test_provision_makes_one_secret_and_keeps_it(center: CenterConfig, tmp_path: Path) -> None:
    done = provision(center, tmp_path)
    first = yaml.safe_load(done.credentials.read_text(encoding="utf-8"))
    assert len(first["citizen_secret"]) >= 40
    assert stat.S_IMODE(done.credentials.stat().st_mode) == 0o600
    provision(center, tmp_path, rotate=True)
    again = yaml.safe_load(done.credentials.read_text(encoding="utf-8"))
    assert again["citizen_secret"] == first["citizen_secret"]
    assert again["accounts"]["kiosk-1"] != first["accounts"]["kiosk-1"]
    other = provision(center, tmp_path / "other").credentials.read_text(encoding="utf-8")
    assert yaml.safe_load(other)["citizen_secret"] != first["citizen_secret"]


def test_reference_kiosk_refuses_to_run_without_a_secret() -> None:
    # an unreachable broker: the kiosk must stop before it tries to connect
    cmd = [sys.executable, "-m", "floor", "device", "kiosk", "--id", "kiosk-1"]
    cmd += ["--broker", "mqtt://127.0.0.1:9"]
    env = {"PATH": "/usr/bin:/bin", "FLOOR_CITIZEN_SECRET": ""}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2, done.stderr
    assert NO_SECRET in done.stdout


class Sniffer:
    """Every message on the broker (`#`), as raw topic and payload bytes."""

    def __init__(self, port: int) -> None:
        self.seen: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()
        subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *_a: subscribed.set()
        self.client.connect("127.0.0.1", port)
        self.client.subscribe("#", qos=1)
        self.client.loop_start()
        assert subscribed.wait(10), "the sniffer was not subscribed"

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        with self.lock:
            self.seen.append((msg.topic, bytes(msg.payload)))

    def traffic(self) -> list[tuple[str, bytes]]:
        with self.lock:
            return list(self.seen)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def sniffer(mosquitto: Mosquitto) -> Iterator[Sniffer]:
    running = Sniffer(mosquitto.port)
    yield running
    running.close()


def _leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [needle for needle in NEEDLES if needle in text]


def test_planted_numbers_reach_no_log_message_or_console_response(
    mosquitto: Mosquitto, floor_on: Any, sniffer: Sniffer
) -> None:
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    console = RunningConsole(floor, accounts()).start()
    try:
        with (
            floor.device("kiosk-1", as_device=True) as k1,
            floor.device("kiosk-2", as_device=True) as k2,
            floor.device("voice-guide-1", as_device=True) as voice,
        ):
            # the reference kiosk hides the numbers before they leave it...
            kiosk = Kiosk(k1, b"center-secret")
            kiosk.ask_staff(f"Tôi cần hỗ trợ, CCCD {ID}, gọi 0912 345 678")
            kiosk.refreshments(f"mang nước cho bà, SĐT +84 912 345 678, CCCD {ID}", "seats-c")
            # ...a device that sends them in clear (a speech satellite, an old kiosk) has
            # them hidden by the floor
            raw = [
                k2.send("staff_request", text=f"CCCD 079 301 004 567, SĐT {PHONE}").id,
                k2.send("refreshment_request", note=f"CCCD {ID}", area="seats-d").id,
                voice.send("staff_request", text=f"căn cước của tôi là {SAID}").id,
                voice.send("staff_request", text=f"số của tôi {ID} gọi {PHONE}").id,
                voice.send("refreshment_request", note=f"gọi {PHONE}", area=f"ghế {ID}").id,
            ]
            refused = voice.wait_for(lambda m: m.kind == "error")
            assert refused.data["code"] == "unknown_area" and refused.data["ref"] == raw[-1]

        manager = httpx.Client(base_url=console.url, timeout=10)
        login = {"username": "lan", "password": PASSWORDS["lan"]}
        assert manager.post("/api/auth/login", json=login).status_code == 200
        deadline = time.monotonic() + 10
        while (got := manager.get("/api/alerts").text).count('"ask_staff"') < 4:
            assert time.monotonic() < deadline, f"the staff requests never showed: {got}"
            time.sleep(0.05)
        assert got.count(ID_MARK) == 4 and PHONE_MARK in got
        responses = _console_responses(console, manager)
        assert {path: _leaks(body) for path, body in responses.items() if _leaks(body)} == {}
    finally:
        console.stop()
    floor.stop()

    # what the floor kept: every byte of its event log
    files = sorted(floor.db.parent.glob(f"{floor.db.name}*"))
    leaks = {f.name: _leaks(f.read_bytes()) for f in files}
    assert files and not any(leaks.values()), leaks
    log = EventLog(floor.db)
    tasks = [e for e in log.events() if isinstance(e, RobotTaskCreated)]
    log.close()
    assert sorted(t.places[-1] for t in tasks) == ["seats-c", "seats-d"]
    assert all(ID_MARK in t.note for t in tasks)

    # what went over MQTT: the reference kiosk sent nothing in clear, and the floor
    # published nothing in clear; only the raw devices' own messages hold the numbers
    theirs = {
        topics.EVENT.topic(center=center, device_id=d, name=n)
        for d in ("kiosk-2", "voice-guide-1")
        for n in ("staff_request", "refreshment_request")
    }
    traffic = sniffer.traffic()
    assert len([t for t, _ in traffic if t in theirs]) == len(raw)
    assert [t for t, body in traffic if t not in theirs and _leaks(body)] == []
    assert any(ID_MARK.encode() in body for t, body in traffic if "/evt/" in t)


def _console_responses(console: RunningConsole, client: httpx.Client) -> dict[str, bytes]:
    """GET every console API route without a path parameter (the phone page's with a
    phone's cookie), and the first message of each live stream."""
    assert console._server is not None
    app: Any = console._server.config.app
    api = app.openapi()["paths"]
    paths = sorted(
        path
        for path, ops in api.items()
        if "get" in ops and "{" not in path and path not in ("/api/live", "/p/live")
    )
    assert {"/api/alerts", "/api/events", "/api/floor", "/api/report", "/p/place"} <= set(paths)
    assert client.get("/p/").status_code == 200  # the phone's cookie
    bodies: dict[str, bytes] = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        bodies[path] = answer.content
    for stream in ("/api/live", "/p/live"):
        with client.stream("GET", stream) as live:
            for line in live.iter_lines():
                if line.startswith("data:"):
                    bodies[stream] = line.encode()
                    break
    return bodies
