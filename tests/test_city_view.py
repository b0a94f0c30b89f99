"""The city view (`floor city view`): every center on one screen, live through a real
three-node NATS cluster, its drill-down and daily report, its history in SQLite or
PostgreSQL, and its accounts (the city role only)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from devices import payloads as p
from devices import topics
from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.city.bridge import bridge_config
from floor.city.view.app import CityView, create_app
from floor.city.view.board import Board
from floor.city.view.report import daily
from floor.city.view.store import Store
from floor.cli import main
from floor.console.deps import acting_user
from floor.console.users import User, UserStore
from floor.core.catalog import CenterConfig
from tests import test_console_browser as console_browser
from tests.citykit import (
    CITY_PASSWORDS,
    CityViewProcess,
    NatsCluster,
    Postgres,
    Synthetic,
    ViewClient,
    city_accounts,
)
from tests.test_crash import FloorProcess, center_file, wait_online

browser = console_browser.browser
"""Debian's Chromium through Playwright, as the console's browser tests drive it."""
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 11, 30)


@pytest.fixture(params=["sqlite", "postgresql"])
def history(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty history store: an SQLite file, or a throwaway PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "city.db")
        return
    with Postgres() as postgres:
        yield postgres.url


def _at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def _summary(
    center: str, seq: int, longest: int, pct: float | None, ratings: int, served: int
) -> p.CenterSummary:
    at = _at(8, 30 + seq)
    return p.CenterSummary(
        id=f"{center}-{seq}",
        ts=at,
        started_at=_at(7),
        seq=seq,
        day=DAY,
        fields=[p.FieldSummary(field="tu_phap", waiting=2, longest_wait_min=longest)],
        longest_wait_min=longest,
        served=served,
        ratings=ratings,
        satisfied_pct=pct,
        devices_online=3,
        devices=3,
        robots_online=0,
        robots=0,
        alerts=0,
        urgent_alerts=0,
    )


def _event(center: str, n: int, kind: str, at: datetime, **more: Any) -> p.CityEvent:
    return p.CityEvent(id=f"{center}-{kind}-{n}", ts=at, kind=kind, at=at, **more)  # type: ignore[arg-type]


def test_report_ranks_centers_and_keeps_each_message_once(history: str) -> None:
    sent: list[tuple[str, p.Message]] = [
        ("p1", _summary("p1", 0, 10, 90.0, 5, 10)),
        ("p1", _summary("p1", 1, 25, 97.0, 10, 30)),
        ("p2", _summary("p2", 0, 5, 95.0, 20, 12)),
        ("p3", _summary("p3", 0, 40, None, 0, 0)),
        ("p1", _event("p1", 1, "ticket_served", _at(8, 10), wait_s=600.0)),
        ("p1", _event("p1", 2, "ticket_served", _at(9, 5), wait_s=1200.0)),
        ("p2", _event("p2", 1, "ticket_served", _at(9, 40), wait_s=120.0)),
        ("p1", _event("p1", 3, "ticket_issued", _at(8), procedure="chung_thuc")),
        ("p1", _event("p1", 4, "ticket_issued", _at(8), procedure="chung_thuc")),
        ("p2", _event("p2", 2, "ticket_issued", _at(9), procedure="chung_thuc")),
        ("p3", _event("p3", 1, "ticket_issued", _at(10), procedure="khai_sinh")),
        (
            "p3",
            _event("p3", 2, "ticket_issued", _at(8, day=DAY - timedelta(1)), procedure="ho_tich"),
        ),
    ]
    again = [sent[2], sent[4], sent[5], sent[7]]  # sent again after a link cut
    store = Store(history)
    store.start()
    for center, message in sent + again:
        store.put(center, message)
    store.stop()
    assert store.kept == len(sent) + len(again)

    report = daily(Store(history), DAY)  # a new process on the same history
    assert report.by_wait == ["p2", "p1", "p3"]  # 2 min, 15 min, nothing served
    assert report.by_satisfaction == ["p1", "p2", "p3"]  # 97 %, 95 %, no rating
    p1 = next(c for c in report.centers if c.center == "p1")
    assert (p1.served, p1.mean_wait_min, p1.longest_wait_min) == (30, 15.0, 25)
    assert [(h.key, h.count) for h in report.served_per_hour] == [("08", 1), ("09", 2)]
    assert [(m.key, m.count) for m in report.procedures] == [("chung_thuc", 3), ("khai_sinh", 1)]
    assert len(Store(history).summaries("p1", DAY)) == 2
    assert daily(Store(history), DAY + timedelta(1)).centers == []


def test_only_the_city_role_may_see_the_city(tmp_path: Path) -> None:
    users = UserStore(city_accounts(tmp_path / "users.json"))
    nobody = f"mqtt://127.0.0.1:{free_port()}"  # the view starts while the cluster is away
    view = CityView(users, Store(str(tmp_path / "city.db")), [nobody])
    paths = ["/api/centers", "/api/centers/p1", "/api/report", "/api/live"]
    with TestClient(create_app(view)) as http:
        assert http.get("/api/centers").status_code == 401
        assert http.get("/").headers["x-frame-options"] == "DENY"  # the console's guard
        elsewhere = {"Origin": "https://elsewhere.example"}
        assert http.post("/api/auth/logout", headers=elsewhere).status_code == 403
        login = {"username": "boss", "password": CITY_PASSWORDS["boss"]}
        assert http.post("/api/auth/login", json=login).status_code == 200
        for path in paths:
            answer = http.get(path)
            assert answer.status_code == 403, path
            assert "city role" in answer.json()["detail"]
        http.post("/api/auth/logout")
        login = {"username": "city", "password": CITY_PASSWORDS["city"]}
        assert http.post("/api/auth/login", json=login).status_code == 200
        assert http.get("/api/centers").json()["centers"] == []
        assert http.get("/api/centers/p1").status_code == 404
        assert http.get("/api/report", params={"day": "2026-11-30"}).json()["centers"] == []
        assert http.get("/api/report", params={"day": "hôm qua"}).status_code == 422
    # and a city account may only look at a center's console
    with pytest.raises(HTTPException) as refused:
        asyncio.run(acting_user(User("city", "city")))
    assert refused.value.status_code == 403


def _ticket(broker: Mosquitto, center: str) -> float:
    """Take a ticket at a center's kiosk; return when it was asked for."""
    with DeviceClient(broker.url, center, "kiosk-1") as kiosk:
        asked = time.monotonic()
        kiosk.send("ticket_request", procedure="chung_thuc")
        kiosk.wait_for(lambda m: m.name == "ticket")
    return asked


def following(client: ViewClient, nodes: set[str]) -> None:
    """Wait until the view follows one of `nodes`: connected, every subscription granted."""
    deadline = time.monotonic() + 15
    while (node := client.now()["node"]) not in nodes:
        assert time.monotonic() < deadline, f"the view follows {node}, not one of {nodes}"
        time.sleep(0.05)


@pytest.mark.timeout(150)
def test_view_shows_real_centers_live_and_stays_current_when_a_node_dies(
    center: CenterConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOOR_CITY_SUMMARY_EVERY", "0.25")
    monkeypatch.setenv("FLOOR_HTTP_PORT", "0")
    ids = [f"{center.center.id}a", f"{center.center.id}b"]
    with contextlib.ExitStack() as stack:
        cluster = NatsCluster(tmp_path).start()
        stack.callback(cluster.stop)
        nodes = [cluster.url(n) for n in range(3)]
        brokers = {}
        for cid in ids:
            section = bridge_config(cid, nodes, restart=(1, 1))
            brokers[cid] = broker = stack.enter_context(Mosquitto(extra=section))
            path, _ = center_file(tmp_path, center, cid)
            stack.enter_context(FloorProcess(broker.url, path, tmp_path / f"{cid}.db"))
            wait_online(broker.port, cid)
        users = city_accounts(tmp_path / "users.json")
        view = stack.enter_context(CityViewProcess(tmp_path, nodes, str(tmp_path / "c.db"), users))
        client = ViewClient(view.url)
        stack.callback(client.close)
        client.wait(lambda cs: all(cs.get(c, {}).get("online") for c in ids), 30, "both centers")
        following(client, {nodes[0].removeprefix("mqtt://")})  # events from now on are kept

        # A change at each center reaches the view's API within 2 s.
        for cid in ids:
            asked = _ticket(brokers[cid], cid)
            client.wait(lambda cs, cid=cid: cs[cid]["waiting"] == 1, 5, f"the ticket at {cid}")
            assert time.monotonic() - asked < 2.0
        floor = client.http.get(f"/api/centers/{ids[0]}").json()
        assert sum(q["waiting"] for q in floor["state"]["queues"]["queues"]) == 1
        assert floor["state"]["counters"]["counters"] and floor["version"]

        # The node the view reads from dies: it moves to another and stays current.
        cluster.kill(0)
        for cid in ids:
            _ticket(brokers[cid], cid)
        client.wait(
            lambda cs: all(cs[c]["waiting"] == 2 and cs[c]["online"] for c in ids),
            45,  # each stream elects a new leader: seconds, more on a loaded machine
            "both centers' second ticket through the other nodes",
        )
        following(client, {n.removeprefix("mqtt://") for n in nodes[1:]})
        asked = _ticket(brokers[ids[1]], ids[1])
        client.wait(lambda cs: cs[ids[1]]["waiting"] == 3, 5, "a change after the move")
        assert time.monotonic() - asked < 2.0

        # The history kept every ticket of both centers, each once.
        def issued() -> int:
            report = client.http.get("/api/report").json()
            return sum(m["count"] for m in report["procedures"] if m["key"] == "chung_thuc")

        deadline = time.monotonic() + 20
        while issued() < 5:
            assert time.monotonic() < deadline, f"the history has {issued()} tickets of 5"
            time.sleep(0.1)
        assert issued() == 5


@pytest.mark.timeout(120)
@pytest.mark.skipif(not console_browser.CHROMIUM.exists(), reason="no Debian chromium")
def test_synthetic_centers_on_the_page_sorted_with_a_drill_down_and_a_report(
    tmp_path: Path, browser: Any, history: str
) -> None:
    from playwright.sync_api import expect

    with contextlib.ExitStack() as stack:
        cluster = NatsCluster(tmp_path).start()
        stack.callback(cluster.stop)
        nodes = [cluster.url(n) for n in range(3)]
        users = city_accounts(tmp_path / "users.json")
        view = stack.enter_context(CityViewProcess(tmp_path, nodes, history, users))
        synthetic = Synthetic(cluster.url(1), "synthetic-centers")
        stack.callback(synthetic.close)
        made = {"phuong-ben-nghe": 4, "xa-binh-chanh": 9, "phuong-tan-dinh": 1}
        synthetic.center("phuong-ben-nghe", 4, longest_wait_min=12, satisfied_pct=88.5, ratings=8)
        synthetic.center("xa-binh-chanh", 9, longest_wait_min=35, urgent_alerts=1, alerts=2)
        synthetic.center("phuong-tan-dinh", 1, longest_wait_min=3, satisfied_pct=100.0, ratings=3)
        for n in range(2):
            at = datetime.now(UTC)
            issued = p.CityEvent(
                id=f"ben-nghe-{n}", ts=at, kind="ticket_issued", at=at, procedure="chung_thuc"
            )
            synthetic.send(topics.CITY_EVENT.topic(center="phuong-ben-nghe"), _bytes(issued))
        # a payload that breaks the contract is refused; the others go on
        synthetic.send(topics.CITY_SUMMARY.topic(center="phuong-hong"), b'{"v": 1}')
        client = ViewClient(view.url)
        stack.callback(client.close)
        seen = client.wait(
            lambda cs: all(cs.get(c, {}).get("waiting") == n for c, n in made.items()),
            20,
            "the synthetic centers",
        )
        assert "phuong-hong" not in seen and client.now()["refused"] == 1
        assert "refused a message on floor/v1/phuong-hong/city/summary" in view.log.read_text()
        assert seen["xa-binh-chanh"]["over_target"] and not seen["phuong-ben-nghe"]["over_target"]

        context = browser.new_context(viewport=console_browser.TABLET, locale="vi-VN")
        stack.callback(context.close)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(view.url + "/")
        for name in ("boss", "city"):  # a center's manager is refused, the city role let in
            page.fill("#login-user", name)
            page.fill("#login-pass", CITY_PASSWORDS[name])
            page.click("#login-submit")
            if name == "boss":
                expect(page.locator("#login-error")).to_contain_text("không có quyền")
        rows = page.locator("#centers tbody tr")
        expect(rows).to_have_count(3)
        page.click("th[data-sort=waiting]")
        expect(rows.locator("td:nth-child(3)")).to_have_text(["1", "4", "9"])
        page.click("th[data-sort=waiting]")
        expect(rows.locator("td:nth-child(3)")).to_have_text(["9", "4", "1"])
        expect(rows.first.locator("td.over")).to_have_text("35 / 20 phút")
        expect(rows.first.locator("td.urgent")).to_have_text("1")

        # A change shows on the page within 2 s; the drill-down shows that center's floor.
        changed = time.monotonic()
        synthetic.center("phuong-tan-dinh", 12, longest_wait_min=3, satisfied_pct=100.0, ratings=3)
        expect(rows.first.locator("td").first).to_have_text("phuong-tan-dinh", timeout=2000)
        assert time.monotonic() - changed < 2.0
        rows.first.click()
        expect(page.locator("#floor-center")).to_have_text("phuong-tan-dinh")
        expect(page.locator("#floor-queues tbody tr td:nth-child(2)")).to_have_text("12")
        synthetic.center("phuong-tan-dinh", 13, longest_wait_min=3, satisfied_pct=100.0, ratings=3)
        expect(page.locator("#floor-queues tbody tr td:nth-child(2)")).to_have_text("13")

        page.get_by_role("tab", name="Báo cáo ngày").click()
        expect(page.locator("#procedures tbody tr")).to_have_text(["chung_thuc2"])
        expect(page.locator("#by-satisfaction li")).to_have_text(
            [re.compile(f"^{c}:") for c in ("phuong-tan-dinh", "phuong-ben-nghe", "xa-binh-chanh")]
        )
        console_browser.shot(page, "city-view")
        assert not errors, errors


def _bytes(message: p.Message) -> bytes:
    return message.model_dump_json().encode()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--cluster", "http://city-1:1883"], "mqtt://host:port"),
        (["--cluster", "mqtt://127.0.0.1:1883", "--db", "/proc/none/city.db"], "city history"),
        (["--cluster", "mqtt://127.0.0.1:1883", "--timezone", "Sao_Hoa/Can_Cu"], "time zone"),
    ],
)
def test_view_refuses_bad_options_clearly(
    args: list[str], why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = ["--users", str(tmp_path / "users.json"), "--db", str(tmp_path / "city.db")]
    assert main(["city", "view", *users, *args]) == 2
    assert why in capsys.readouterr().err


def test_board_keeps_the_newest_summary_and_marks_a_silent_center_offline() -> None:
    board = Board(target_min=20, stale_s=180)
    status = p.OrchestratorStatus(online=True, version="1", started_at=_at(7))
    board.take("p1", status, _at(8))
    board.take("p1", _summary("p1", 1, 25, 97.0, 10, 30), _at(8, 31))
    board.take("p1", _summary("p1", 0, 10, 90.0, 5, 10), _at(8, 32))  # late, after a cut
    (line,) = board.rows(_at(8, 33))
    assert (line.seq, line.longest_wait_min, line.over_target, line.online) == (1, 25, True, True)
    assert line.catalog_version == 0  # still its own catalog file
    assert json.loads(board.lines(_at(8, 33))["p1"])["online"]
    assert not board.rows(_at(8, 35))[0].online  # three minutes without a summary
    assert not json.loads(board.lines(_at(8, 35))["p1"])["online"]
    board.take(
        "p1",
        _summary("p1", 2, 5, 97.0, 10, 31).model_copy(update={"catalog_version": 6}),
        _at(8, 36),
    )
    assert board.rows(_at(8, 36))[0].catalog_version == 6  # a city version it now runs
