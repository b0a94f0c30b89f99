"""Console API over HTTP against a running orchestrator and a real mosquitto."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devices.counter import CounterTerminal
from devices.kiosk import Kiosk
from devices.mosquitto import Mosquitto
from devices.rating import RatingTerminal
from floor.console.users import UserStore
from tests.consolekit import PASSWORDS, RunningConsole, accounts


@pytest.fixture
def console(mosquitto: Mosquitto, floor_on) -> Iterator[RunningConsole]:  # type: ignore[no-untyped-def]
    running = RunningConsole(floor_on(mosquitto.url), accounts()).start()
    yield running
    running.stop()


def signed_in(console: RunningConsole, name: str) -> httpx.Client:
    client = httpx.Client(base_url=console.url, timeout=10)
    answer = client.post("/api/auth/login", json={"username": name, "password": PASSWORDS[name]})
    assert answer.status_code == 200, answer.text
    return client


def wait_for(check, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_login_sets_a_safe_cookie_and_everything_else_needs_it(console: RunningConsole) -> None:
    with httpx.Client(base_url=console.url) as anon:
        for path in ("/api/floor", "/api/counters", "/api/queues", "/api/events", "/api/report"):
            assert anon.get(path).status_code == 401, path
        answer = anon.post(
            "/api/auth/login", json={"username": "lan", "password": PASSWORDS["lan"]}
        )
        assert answer.status_code == 200
        assert answer.json() == {"name": "lan", "role": "manager", "counter": None}
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert anon.get("/api/auth/me").json()["name"] == "lan"
        assert anon.post("/api/auth/logout").status_code == 204
        assert anon.get("/api/auth/me").status_code == 401
    page = httpx.get(console.url + "/")
    assert (
        page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    )


def test_wrong_password_is_refused_then_rate_limited(console: RunningConsole) -> None:
    right = {"username": "lan", "password": PASSWORDS["lan"]}
    with httpx.Client(base_url=console.url) as anon:
        for _ in range(5):
            answer = anon.post("/api/auth/login", json={"username": "lan", "password": "nope"})
            assert answer.status_code == 401
        answer = anon.post("/api/auth/login", json={"username": "lan", "password": "nope"})
        assert answer.status_code == 429 and int(answer.headers["retry-after"]) > 0
        # even the right password waits until the window has passed
        assert anon.post("/api/auth/login", json=right).status_code == 429
        # another name from this address is still checked (and wrong)
        unknown = anon.post("/api/auth/login", json={"username": "nobody", "password": "x"})
        assert unknown.status_code == 401
    # the manager signs in from another address: no one can lock her out from elsewhere
    elsewhere = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=console.url, transport=elsewhere) as office:
        assert office.post("/api/auth/login", json=right).status_code == 200


def test_parallel_wrong_passwords_count_and_too_many_are_refused_at_once(
    console: RunningConsole,
) -> None:
    async def burst(n: int) -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=console.url, timeout=60) as client:
            wrong = {"username": "lan", "password": "nope-nope"}
            return await asyncio.gather(
                *(client.post("/api/auth/login", json=wrong) for _ in range(n))
            )

    codes = Counter(a.status_code for a in asyncio.run(burst(40)))
    assert codes[401] <= 5, codes  # parallel tries count from the moment they start
    assert codes[401] + codes[429] + codes[503] == 40, codes


def test_bodies_and_numbers_out_of_bounds_are_refused(console: RunningConsole) -> None:
    manager = signed_in(console, "lan")
    for params in ({"before": 10**30}, {"before": -1}, {"limit": 10**30}):
        answer = manager.get("/api/events", params=params)
        assert answer.status_code == 422, (params, answer.text)
    assert manager.get("/api/events", params={"before": 2**63 - 1}).status_code == 200
    paused = {"status": "paused"}
    assert manager.post("/api/counters/" + "9" * 30 + "/status", json=paused).status_code == 422
    chunks = (b"x" * 65536 for _ in range(4))  # streamed with no declared length
    answer = manager.post(
        "/api/auth/login", content=chunks, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    # a 200 MB login body is refused from its declared length, without reading it
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", console.port), timeout=5) as raw:
        raw.sendall(
            b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200000000\r\n\r\n" + b"{" * 1000
        )
        head = raw.recv(4096)
    assert head.startswith(b"HTTP/1.1 413"), head
    assert time.monotonic() - started < 1.0
    assert manager.get("/api/auth/me").status_code == 200


def test_roles_viewer_cannot_act_staff_only_on_own_counter(console: RunningConsole) -> None:
    viewer, staff, manager = (signed_in(console, n) for n in ("hoa", "minh", "lan"))
    assert viewer.get("/api/counters").status_code == 200
    assert viewer.post("/api/counters/5/status", json={"status": "paused"}).status_code == 403
    assert viewer.put("/api/counters/5/fields", json={"fields": ["ho_tich"]}).status_code == 403
    assert staff.post("/api/counters/4/status", json={"status": "paused"}).status_code == 403
    assert staff.post("/api/counters/4/actions", json={"action": "call_next"}).status_code == 403
    own = staff.post("/api/counters/5/status", json={"status": "paused"})
    assert own.status_code == 200 and own.json()["status"] == "paused"
    assert staff.post("/api/robots/tasks/t-1/cancel").status_code == 403
    closed = manager.post("/api/counters/4/status", json={"status": "closed"})
    assert closed.json()["status"] == "closed"
    fields = manager.put("/api/counters/4/fields", json={"fields": ["ho_tich", "chung_thuc"]})
    assert fields.json()["fields"] == ["ho_tich", "chung_thuc"]
    bad = manager.put("/api/counters/4/fields", json={"fields": ["no_such_field"]})
    assert bad.status_code == 409 and bad.json()["detail"]["code"]
    assert manager.post("/api/counters/99/status", json={"status": "open"}).status_code == 404
    # every action is in the log with who did it
    mine = manager.get("/api/events", params={"source": "console:"}).json()
    assert {(e["kind"], e["source"]) for e in mine} == {
        ("CounterStatusChanged", "console:minh"),
        ("CounterStatusChanged", "console:lan"),
        ("CounterFieldsChanged", "console:lan"),
    }
    statuses = console.on_loop(lambda state: (state.counters[5].status, state.counters[4].status))
    assert statuses == ("paused", "closed")


def test_cross_site_writes_are_refused(console: RunningConsole) -> None:
    manager = signed_in(console, "lan")
    answer = manager.post(
        "/api/counters/5/status",
        json={"status": "closed"},
        headers={"Origin": "http://evil.example"},
    )
    assert answer.status_code == 403


def test_floor_view_follows_devices_tickets_calls_ratings(console: RunningConsole) -> None:
    floor = console.floor
    manager = signed_in(console, "lan")
    with (
        floor.device("kiosk-1", as_device=True) as k,
        floor.device("counter-5", as_device=True) as c,
        floor.device("rating-5", as_device=True) as r,
    ):
        kiosk, counter, rating = Kiosk(k, b"salt"), CounterTerminal(c), RatingTerminal(r, 4)
        kiosk.request("khai_sinh")
        kiosk.request("khai_sinh")
        queues = {q["field"]: q for q in manager.get("/api/queues").json()}
        assert queues["ho_tich"]["waiting"] == 2 and queues["ho_tich"]["numbers"] == [
            "B001",
            "B002",
        ]
        counter.call_next()
        view = wait_for(lambda: (v := manager.get("/api/floor").json())["calls"] and v)
        assert view["calls"][0]["number"] == "B001" and view["calls"][0]["counter"] == 5
        counter5 = next(k for k in view["counters"] if k["number"] == 5)
        assert counter5["serving"] == "B001"
        online = {d["id"] for d in view["devices"] if d["online"]}
        assert {"kiosk-1", "counter-5", "rating-5"} <= online
        counter.finish()
        rating.rate(4, ("wait_time",))
        got = manager.get("/api/ratings").json()
        assert got["total"]["count"] == 1 and got["recent"][0]["unhappy"] is True
        assert got["by_counter"][0] == {
            "key": "5",
            "count": 1,
            "mean": 4.0,
            "satisfied_pct": 0.0,
            "levels": [0, 0, 0, 1],
        }
        alerts = manager.get("/api/alerts").json()
        assert [a["kind"] for a in alerts] == ["unhappy_rating"]

    # the devices went away: their absence is an alert
    def offline() -> set[str]:
        alerts = manager.get("/api/alerts").json()
        return {a["params"]["device"] for a in alerts if a["kind"] == "device_offline"}

    wait_for(lambda: offline() >= {"kiosk-1", "counter-5", "rating-5"})
    report = manager.get("/api/report").json()
    assert (report["issued"], report["served"], report["ratings"]) == (2, 1, 1)
    assert report["counters"][0]["counter"] == 5
    csv = manager.get("/api/report/csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Số,Mã thủ tục,Tên thủ tục,Mã lĩnh vực,Tên lĩnh vực")
    assert "B001,khai_sinh,Đăng ký khai sinh,ho_tich,Tư pháp – Hộ tịch" in csv
    assert "Đã phục vụ" in csv and ".0000" not in csv and "T0" not in csv
    counters_csv = manager.get("/api/report/csv", params={"table": "counters"}).text
    assert counters_csv.splitlines()[1].startswith("5,1,0,")


def test_live_stream_sends_the_floor_then_only_what_changed_gzipped(
    console: RunningConsole,
) -> None:
    manager = signed_in(console, "lan")
    with manager.stream("GET", "/api/live") as stream:
        assert stream.headers["content-encoding"] == "gzip"
        lines = stream.iter_lines()
        first = next(line for line in lines if line.startswith("data:"))
        assert '"counters"' in first and '"ratings"' in first
        manager_too = signed_in(console, "lan")
        manager_too.post("/api/counters/3/status", json={"status": "paused"})
        event = ""
        for line in lines:
            if line.startswith("event:"):
                event = line.removeprefix("event: ")
            elif line.startswith("data:") and '"number":3,"status":"paused"' in line:
                assert event == "delta"
                changed = set(json.loads(line.removeprefix("data: ")))
                assert "counters" in changed and "ratings" not in changed, changed
                break
        else:
            pytest.fail("the stream ended without the paused counter")


def test_openapi_lists_every_resource(console: RunningConsole) -> None:
    spec = httpx.get(console.url + "/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/auth/login",
        "/api/counters",
        "/api/counters/{number}/status",
        "/api/counters/{number}/fields",
        "/api/queues",
        "/api/devices",
        "/api/ratings",
        "/api/robots",
        "/api/alerts",
        "/api/events",
        "/api/report",
        "/api/report/csv",
        "/api/floor",
        "/api/live",
        "/api/layout",
        "/api/center",
    ):
        assert path in paths, path


def test_managers_pause_dock_stop_robots_and_send_refreshments(console: RunningConsole) -> None:
    from floor.core.commands import ReportRobot

    viewer, staff, manager = (signed_in(console, n) for n in ("hoa", "minh", "lan"))
    writes = [
        ("/api/robots/guide-1/pause", None),
        ("/api/robots/guide-1/resume", None),
        ("/api/robots/guide-1/dock", None),
        ("/api/robots/stop-all", None),
        ("/api/robots/refreshments", {"place": "seats-c"}),
    ]
    for client in (viewer, staff):
        for path, body in writes:
            assert client.post(path, json=body).status_code == 403, path
    console.floor.submit(ReportRobot("guide-1", True, 0.9, 5.5, 4.6), "test")  # at seats-c
    paused = manager.post("/api/robots/guide-1/pause")
    assert paused.status_code == 200 and paused.json()["held"] == "paused"
    again = manager.post("/api/robots/guide-1/pause")
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_held"
    assert manager.post("/api/robots/guide-1/resume").json()["held"] == ""
    docked = manager.post("/api/robots/guide-1/dock").json()
    assert docked["task"]["kind"] == "dock" and docked["task"]["places"] == ["dock-1"]
    assert manager.post("/api/robots/guide-9/dock").status_code == 404
    offline = manager.post("/api/robots/guide-2/dock")
    assert offline.status_code == 409 and offline.json()["detail"]["code"] == "robot_offline"
    sent = manager.post("/api/robots/refreshments", json={"place": "seats-c", "note": "2 ly"})
    assert sent.status_code == 201
    assert sent.json()["kind"] == "refresh" and sent.json()["note"] == "2 ly"
    assert sent.json()["places"] == ["refresh-station", "seats-c"]
    bad = manager.post("/api/robots/refreshments", json={"place": "counter-1"})
    assert bad.status_code == 409 and bad.json()["detail"]["code"] == "unknown_area"
    stopped = manager.post("/api/robots/stop-all")
    assert stopped.status_code == 200
    assert {r["held"] for r in stopped.json()} == {"stop_all"}
    assert all(r["task"] is None for r in manager.get("/api/robots").json())
    mine = manager.get("/api/events", params={"source": "console:", "limit": 200}).json()
    seen = {(e["kind"], e["source"]) for e in mine}
    for kind in ("RobotHeld", "RobotResumed", "RobotTaskCreated", "RobotTaskEnded"):
        assert (kind, "console:lan") in seen, kind
    assert {e["source"] for e in mine} == {"console:lan"}


def test_an_account_added_while_the_floor_runs_signs_in_at_once(
    mosquitto: Mosquitto,
    floor_on,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "users.json"
    UserStore(path).add("lan", PASSWORDS["lan"], "manager")
    running = RunningConsole(floor_on(mosquitto.url), UserStore(path)).start()
    try:
        with httpx.Client(base_url=running.url) as client:
            new = {"username": "tuan", "password": "quay-2-tuan-2025"}
            assert client.post("/api/auth/login", json=new).status_code == 401
            UserStore(path).add("tuan", new["password"], "staff", counter=2)  # floor users add
            answer = client.post("/api/auth/login", json=new)
            assert answer.status_code == 200 and answer.json()["counter"] == 2
            lan = {"username": "lan", "password": PASSWORDS["lan"]}
            assert client.post("/api/auth/login", json=lan).status_code == 200
    finally:
        running.stop()


def test_a_session_survives_a_restart_and_follows_its_account(
    mosquitto: Mosquitto,
    floor_on,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "users.json"
    UserStore(path).add("lan", PASSWORDS["lan"], "manager")
    UserStore(path).add("minh", PASSWORDS["minh"], "staff", counter=5)
    floor = floor_on(mosquitto.url)
    first = RunningConsole(floor, UserStore(path)).start()
    lan, minh = signed_in(first, "lan"), signed_in(first, "minh")
    first.stop()
    stored = (tmp_path / "sessions.json").read_text()
    assert lan.cookies["floor_session"] not in stored  # only hashes of the tokens
    assert (tmp_path / "sessions.json").stat().st_mode & 0o777 == 0o600
    again = RunningConsole(floor, UserStore(path)).start()
    try:
        for client in (lan, minh):
            client.base_url = httpx.URL(again.url)
        assert lan.get("/api/auth/me").json()["name"] == "lan"
        UserStore(path).add("minh", PASSWORDS["minh"], "viewer")  # the role changed
        assert minh.get("/api/auth/me").json()["role"] == "viewer"
        token = lan.cookies["floor_session"]
        assert lan.post("/api/auth/logout").status_code == 204
        replay = httpx.get(again.url + "/api/auth/me", cookies={"floor_session": token})
        assert replay.status_code == 401  # closed on the server, not only in the browser
    finally:
        again.stop()


def test_a_managers_live_stream_ends_cleanly_when_the_console_stops(
    console: RunningConsole,
) -> None:
    client = signed_in(console, "lan")
    with client.stream("GET", "/api/live") as live:
        lines = live.iter_lines()
        assert next(lines) == "retry: 2000"
        assert any(line == "event: floor" for line in lines)  # the whole view came
        console.stop()  # a stream cut at the grace period logs a traceback (conftest fails it)
        for _ in lines:  # and raises here (RemoteProtocolError) instead of ending
            pass
