"""The city view (`floor city view`): every center on one screen, live through a real
three-node NATS cluster, its drill-down and daily report, its history in SQLite or
PostgreSQL, and its accounts (the city role only)."""

from __future__ import annotations

import asyncio
import contextlib
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
from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.city.bridge import bridge_config
from floor.city.view.app import CityView, create_app
from floor.city.view.report import daily
from floor.city.view.store import Store
from floor.console.deps import acting_user
from floor.console.users import User, UserStore
from floor.core.catalog import CenterConfig
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


def _summary(center: str, seq: int, longest: int, pct: float | None, ratings: int, served: int):  # type: ignore[no-untyped-def]
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
        ("p3", _event("p3", 2, "ticket_issued", _at(8, day=DAY - timedelta(1)), procedure="ho_tich")),
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
