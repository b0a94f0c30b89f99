"""The city link of one center: its bridge section and its summary."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from devices import topics
from devices.mosquitto import Mosquitto
from devices.payloads import CenterSummary
from devices.presence import Roster
from floor.city.bridge import bridge_config
from floor.city.events import city_event, follow
from floor.city.summary import publish_summaries, summary
from floor.cli import main
from floor.config import ConfigError
from floor.core.commands import CallNext, Finish, IssueTicket, Rate, RequestStaff
from floor.core.events import TicketIssued
from tests.floorkit import CENTER, Floor

CITY = ["mqtt://127.0.0.1:1884", "mqtt://127.0.0.1:1885", "mqtt://127.0.0.1:1886"]


def test_bridge_section_has_what_nats_needs_and_mosquitto_takes_it() -> None:
    text = bridge_config("phuong-1", CITY)
    lines = text.splitlines()
    for line in (
        "connection city-phuong-1",
        "address 127.0.0.1:1884 127.0.0.1:1885 127.0.0.1:1886",
        "remote_clientid floor-bridge-phuong-1",
        "try_private false",
        "cleansession false",
        "max_queued_messages 100000",
        "topic floor/v1/phuong-1/state/counters out 1",
        "topic floor/v1/phuong-1/state/queues out 1",
        "topic floor/v1/phuong-1/state/devices out 1",
        "topic floor/v1/phuong-1/state/robots out 1",
        "topic floor/v1/phuong-1/state/city out 1",
        "topic floor/v1/phuong-1/orchestrator/status out 1",
        "topic floor/v1/phuong-1/city/summary out 1",
        "topic floor/v1/phuong-1/city/event out 1",
        "topic floor/v1/phuong-1/city/reply out 1",
        "topic floor/v1/phuong-1/city/in/# in 1",
    ):
        assert line in lines
    assert not any(line.startswith("topic") and " both " in line for line in lines)
    assert not any("state/catalog" in line or "state/+" in line for line in lines)
    with Mosquitto(extra=text) as broker:  # mosquitto refuses a section it cannot parse
        assert broker.port


@pytest.mark.parametrize(
    ("urls", "why"),
    [
        ([], "at least one city node"),
        (["http://city:1883"], "mqtt://host:port"),
        (["mqtt://city:99999"], "port"),
        (["mqtt://city:1883/x"], "no path"),
        (["mqtt://a:x@city:1883", "mqtt://b:y@city2:1883"], "same account"),
    ],
)
def test_bridge_section_refuses_bad_city_urls(urls: list[str], why: str) -> None:
    with pytest.raises(ConfigError, match=why):
        bridge_config("phuong-1", urls)


def test_bridge_section_carries_the_city_account() -> None:
    text = bridge_config("p1", ["mqtt://bridge-p1:s%40cret@city:1883"])
    assert "remote_username bridge-p1" in text.splitlines()
    assert "remote_password s@cret" in text.splitlines()


def test_cli_writes_the_bridge_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "city.conf"
    assert main(["city", "bridge-config", "--city", *CITY, "--out", str(out)]) == 0
    assert out.read_text() == bridge_config(CENTER.center.id, CITY)
    assert main(["city", "bridge-config", "--city", "tcp://x"]) == 1
    assert "mqtt://host:port" in capsys.readouterr().err


def test_summary_counts_the_floor_and_carries_no_citizen_data() -> None:
    floor = Floor()
    started = floor.now
    issued = [floor.do(IssueTicket("chung_thuc", device="kiosk-1")) for _ in range(3)]
    floor.do(IssueTicket("khai_sinh", device="kiosk-1"))
    floor.tick(25)
    floor.do(CallNext(1))
    floor.tick(5)
    floor.do(Finish(1))
    floor.do(Rate(1, 1, device="rating-1"))
    floor.do(CallNext(2))
    floor.do(Finish(2))
    floor.do(Rate(2, 4, device="rating-2"))
    made = summary(floor.state, Roster(CENTER.devices), floor.now, started, 7, wait_alert_min=20)
    assert made.seq == 7 and made.started_at == started and made.day == floor.now.date()
    lines = {f.field: f for f in made.fields}
    assert lines["chung_thuc"].waiting == 1 and lines["chung_thuc"].longest_wait_min == 30
    assert lines["ho_tich"].waiting == 1
    assert made.longest_wait_min == 30
    assert (made.served, made.ratings, made.satisfied_pct) == (2, 2, 50.0)
    assert made.devices == len(CENTER.devices) and made.devices_online == 0
    assert made.robots == len(CENTER.robots) and made.robots_online == 0
    # two long waits (30 ≥ 20 min), and for each an idle counter the console suggests moving
    assert made.alerts == 4 and made.urgent_alerts == 0
    text = made.model_dump_json()
    numbers = [e.number for events in issued for e in events if isinstance(e, TicketIssued)]
    assert len(numbers) == 3 and not [n for n in numbers if n in text]
    assert "kiosk" not in text and "rating-" not in text


def test_running_floor_publishes_numbered_summaries(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    topic = topics.CITY_SUMMARY.topic(center=center)
    with floor.device("kiosk-1") as kiosk:
        kiosk.listen(topic)
        task = asyncio.run_coroutine_threadsafe(
            publish_summaries(floor.orchestrator, every=0.1), floor._loop
        )
        try:
            kiosk.send("ticket_request", procedure="chung_thuc")
            seen: list[CenterSummary] = []
            while len(seen) < 5 or seen[-1].fields[0].waiting == 0:
                got = kiosk.wait_for(lambda m: m.topic == topic)
                seen.append(CenterSummary.model_validate(got.data))
        finally:
            task.cancel()
    seqs = [s.seq for s in seen]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert seen[-1].fields[0].field == "chung_thuc" and seen[-1].fields[0].waiting == 1
    assert seen[-1].started_at == floor.orchestrator.started_at
    assert seen[-1].ts - seen[0].ts < timedelta(seconds=30)


def test_city_events_keep_what_the_city_needs_and_no_citizen_data() -> None:
    floor = Floor()
    issued = floor.do(IssueTicket("khai_sinh", priority="elderly", device="kiosk-1"))
    floor.tick(12)
    floor.do(CallNext(5))
    floor.tick(4)
    floor.do(Finish(5))
    floor.do(Rate(5, 4, device="rating-5", reasons=("slow",)))
    floor.do(RequestStaff("kiosk-1", "tôi tên Nguyễn Văn A, CCCD 079123456789", urgent=True))
    kept = [k for ev in floor.log if (k := city_event(floor.state, ev)) is not None]
    assert [k.kind for k in kept] == ["ticket_issued", "ticket_served", "rated", "staff_requested"]
    issued_, served, rated, staff = kept
    assert (issued_.field, issued_.procedure, issued_.priority) == ("ho_tich", "khai_sinh", True)
    assert (served.counter, served.wait_s, served.service_s) == (5, 720.0, 240.0)
    assert rated.level == 4 and staff.urgent and staff.device == "kiosk-1"
    again = [city_event(floor.state, ev) for ev in floor.log]
    assert [k.id for k in kept] == [k.id for k in again if k is not None]  # same happening, same id
    text = " ".join(k.model_dump_json() for k in kept)
    number = next(ev.number for ev in issued if isinstance(ev, TicketIssued))
    assert number not in text and "Nguyễn" not in text and "079123456789" not in text
    assert "slow" not in text


def test_running_floor_publishes_city_events(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    topic = topics.CITY_EVENT.topic(center=floor.config.center.id)
    floor._loop.call_soon_threadsafe(follow, floor.orchestrator)
    with floor.device("kiosk-1") as kiosk:
        kiosk.listen(topic)
        kiosk.send("ticket_request", procedure="chung_thuc")
        got = kiosk.wait_for(lambda m: m.topic == topic)
    assert got.data["kind"] == "ticket_issued" and got.data["field"] == "chung_thuc"
