"""Dossier status by receipt: the port's HTTP adapter against a simulated city service,
the desk's cache during an outage, and the answers in three languages."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from devices import topics
from devices.client import DeviceClient, Refused
from devices.kiosk import Kiosk, terminal
from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig
from floor.dossiers.desk import DossierDesk, Health
from floor.dossiers.http import HttpDossiers
from floor.dossiers.port import BadCode, DossierStatus, dossier_code
from floor.dossiers.texts import say
from floor.service import Orchestrator
from sim.city_dossiers import CityDossiers, demo_dossiers
from speech.dialog import FloorView
from speech.intents import Understander
from speech.satellite import Satellite, SpeechLink
from tests.consolekit import PASSWORDS, RunningConsole, accounts
from tests.speechkit import CATALOG

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
READY, PROCESSING, RETURNED = (d.code for d in demo_dossiers(date(2026, 11, 30)))


@pytest.fixture
def city() -> Iterator[CityDossiers]:
    dossiers = demo_dossiers(date(2026, 11, 30))
    with CityDossiers(dossiers) as running:
        yield running


def desk_for(city: CityDossiers, deadline: float = 1.5) -> DossierDesk:
    source = HttpDossiers(city.url, timeout=0.5, retries=1)
    return DossierDesk(source, lambda: datetime.now(ZONE), deadline=deadline)


async def test_online_answers_come_from_the_city(city: CityDossiers) -> None:
    desk = desk_for(city)
    ready = await desk.ask(READY.lower() + " ")  # typed by hand: case and spaces do not matter
    assert ready.outcome == "live" and ready.status == DossierStatus(READY, "ready", None, 3, True)
    assert say(ready, "vi") == "Hồ sơ đã có kết quả, nhận tại quầy 3 hoặc ATM hồ sơ."
    assert "counter 3" in say(ready, "en") and "3번 창구" in say(ready, "ko")
    processing = await desk.ask(PROCESSING)
    assert processing.status is not None and processing.status.due == date(2026, 12, 5)
    assert say(processing, "vi") == "Hồ sơ đang xử lý, hẹn trả ngày 5/12."
    assert say(processing, "en").endswith("due back on 5 December.")
    assert "12월 5일" in say(processing, "ko")
    assert say(await desk.ask(RETURNED), "vi") == "Hồ sơ đã được trả kết quả."
    assert desk.health.up and desk.health.since is not None


async def test_an_unknown_code_is_said_so(city: CityDossiers) -> None:
    answer = await desk_for(city).ask("000.00.22.H29-231205-9999")
    assert answer.outcome == "unknown" and answer.status is None
    assert say(answer, "vi").startswith("Không tìm thấy hồ sơ này")


@pytest.mark.parametrize(
    "text", ["", "abc", "12 34 56", "../../etc/passwd", "A" * 41, "ABCDEFG", "079301004567"]
)
async def test_a_malformed_code_is_refused_before_the_city_is_asked(
    city: CityDossiers, text: str
) -> None:
    with pytest.raises(BadCode, match="dossier code"):
        await desk_for(city).ask(text)
    assert city.asked == 0


@pytest.mark.parametrize("outage", ["stopped", "hang", "error"])
async def test_during_an_outage_the_last_answer_comes_with_its_time(
    city: CityDossiers, outage: str
) -> None:
    desk = desk_for(city, deadline=1.5)
    first = await desk.ask(READY)
    assert first.outcome == "live" and first.as_of is not None
    if outage == "stopped":
        city.stop()
    else:
        city.set_mode(outage)  # type: ignore[arg-type]
    started = time.monotonic()
    cached = await desk.ask(READY)
    took = time.monotonic() - started
    assert took < 2.0, f"the question waited {took:.1f} s"
    assert cached.outcome == "cached" and cached.status == first.status
    assert cached.as_of == first.as_of
    text = say(cached, "vi")
    assert text.startswith("Hồ sơ đã có kết quả") and f"lúc {first.as_of:%H:%M}" in text
    assert "gián đoạn" in text
    never_seen = await desk.ask(PROCESSING)
    assert never_seen.outcome == "unavailable"
    assert say(never_seen, "vi").startswith("Hệ thống hồ sơ tạm thời chưa trả lời")
    down = desk.health
    assert not down.up and down.since is not None and down.error
    if outage == "stopped":
        city.start()
    else:
        city.set_mode("up")
    back = await desk.ask(PROCESSING)
    assert back.outcome == "live"
    assert desk.health == Health(True, back.as_of, down.error)


def test_codes_are_normalised_once() -> None:
    assert dossier_code(" 000.00.22.h29-231205-0001\n") == "000.00.22.H29-231205-0001"
    with pytest.raises(BadCode):
        dossier_code("000 00 22")


def test_the_adapter_refuses_a_url_that_is_no_http() -> None:
    with pytest.raises(ValueError, match="http"):
        HttpDossiers("mqtt://city:1883")


def link(floor: Any, city: CityDossiers, deadline: float = 1.5) -> None:
    """Link a running floor to the city service (on the floor's own loop)."""

    def attach(orchestrator: Orchestrator) -> None:
        orchestrator.dossiers = DossierDesk(
            HttpDossiers(city.url, timeout=0.5, retries=1), orchestrator.clock, deadline
        )

    floor.read(attach)


def test_kiosks_ask_over_mqtt_and_hear_on_their_reply_topic(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city)
    with floor.device("kiosk-1", as_device=True) as client:
        kiosk = Kiosk(client, b"center-secret")
        ready = kiosk.dossier(READY, "vi")
        assert ready.outcome == "live" and ready.state == "ready" and ready.counter == 3
        assert ready.text == "Hồ sơ đã có kết quả, nhận tại quầy 3 hoặc ATM hồ sơ."
        processing = kiosk.dossier(PROCESSING, "en")
        assert processing.due == date(2026, 12, 5) and "5 December" in processing.text
        unknown = kiosk.dossier("000.00.22.H29-231205-9999", "ko")
        assert unknown.outcome == "unknown" and unknown.state is None
        with pytest.raises(Refused) as refused:  # a device that does not check first
            client.exchange("dossier_query", reply="dossier", code="xin chào")
        assert refused.value.code == "bad_dossier_code" and "receipt" in refused.value.detail
        with pytest.raises(BadCode):  # an ID number at the receipt's prompt is sent nowhere
            kiosk.dossier("079301004567")
        city.stop()
        cached = kiosk.dossier(READY, "vi")
        assert cached.outcome == "cached" and cached.as_of == ready.as_of
        assert "gián đoạn" in cached.text
    assert floor.read(lambda o: o.metrics["dossier_query"]) == 5  # not the ID number


def test_a_slow_city_never_holds_the_floor_up(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city, deadline=1.5)
    city.set_mode("hang")
    with (
        floor.device("kiosk-1", as_device=True) as asking,
        floor.device("kiosk-2", as_device=True) as other,
    ):
        question = asking.send("dossier_query", code=READY, lang="vi")
        started = time.monotonic()
        ticket = Kiosk(other, b"center-secret").request("chung_thuc")
        took = time.monotonic() - started
        answered = asking.wait_for(lambda m: m.name == "dossier", timeout=5)
        waited = time.monotonic() - started
    assert ticket.number and took < 1.0, f"a ticket took {took:.2f} s behind the city"
    assert answered.data["ref"] == question.id and answered.data["outcome"] == "unavailable"
    assert took < waited < 3.0


def test_a_floor_with_no_dossier_system_says_so(mosquitto: Mosquitto, floor_on: Any) -> None:
    floor = floor_on(mosquitto.url)
    with floor.device("kiosk-1", as_device=True) as client, pytest.raises(Refused) as refused:
        Kiosk(client, b"center-secret").dossier(READY)
    assert refused.value.code == "no_dossier_system"


def test_the_phone_page_asks_by_receipt_and_the_console_sees_the_link(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city)
    console = RunningConsole(floor, accounts()).start()
    try:
        phone = httpx.Client(base_url=console.url, timeout=10)
        refused = phone.get(f"/p/dossier/{READY}")  # asked from the phone page, with its cookie
        assert refused.status_code == 403 and refused.json()["code"] == "reload"
        assert phone.get("/p/").status_code == 200
        got = phone.get(f"/p/dossier/{READY}", params={"lang": "en"})
        assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
        ready = got.json()
        assert ready["outcome"] == "live" and ready["counter"] == 3 and ready["locker"]
        assert ready["text"] == ready["texts"]["en"] and "counter 3" in ready["text"]
        assert ready["texts"]["vi"] == "Hồ sơ đã có kết quả, nhận tại quầy 3 hoặc ATM hồ sơ."
        unknown = phone.get("/p/dossier/000.00.22.H29-231205-9999").json()
        assert unknown["outcome"] == "unknown"
        bad = phone.get("/p/dossier/xin chào")
        assert bad.status_code == 422 and bad.json()["detail"]["code"] == "bad_dossier_code"

        manager = httpx.Client(base_url=console.url, timeout=10)
        login = {"username": "lan", "password": PASSWORDS["lan"]}
        assert manager.post("/api/auth/login", json=login).status_code == 200
        assert manager.get("/api/dossier/health").json()["up"] is True
        assert "dossier_link_down" not in manager.get("/api/alerts").text

        city.stop()
        started = time.monotonic()
        cached = phone.get(f"/p/dossier/{READY}").json()
        assert time.monotonic() - started < 2.5
        assert cached["outcome"] == "cached" and cached["as_of"] == ready["as_of"]
        health = manager.get("/api/dossier/health").json()
        assert health["up"] is False and health["since"] and health["error"]
        alerts = wait_for_alerts(manager, lambda a: "dossier_link_down" in a)
        [down] = [a for a in alerts if a["kind"] == "dossier_link_down"]
        assert down["severity"] == "warning" and down["params"]["error"] == health["error"]
        assert down["at"] == health["since"]

        city.start()
        assert phone.get(f"/p/dossier/{READY}").json()["outcome"] == "live"
        wait_for_alerts(manager, lambda a: "dossier_link_down" not in a)
    finally:
        console.stop()


def test_the_phone_page_of_an_unlinked_center_says_so(mosquitto: Mosquitto, floor_on: Any) -> None:
    console = RunningConsole(floor_on(mosquitto.url), accounts()).start()
    try:
        with httpx.Client(base_url=console.url, timeout=10) as phone:
            phone.get("/p/")
            got = phone.get(f"/p/dossier/{READY}")
        assert got.status_code == 503 and got.json()["detail"]["code"] == "no_dossier_system"
    finally:
        console.stop()


def test_one_phone_cannot_drain_the_citys_dossier_system(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers, center: CenterConfig
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city)
    console = RunningConsole(floor, accounts()).start()
    try:
        with httpx.Client(base_url=console.url, timeout=10) as phone:
            phone.get("/p/")
            answers = [phone.get(f"/p/dossier/{READY}", params={"lang": "ko"}) for _ in range(40)]
        codes = [a.status_code for a in answers]
        burst = center.limits.rate("kiosk").burst
        assert codes[: burst // 2] == [200] * (burst // 2) and 429 in codes, codes
        slow = next(a.json() for a in answers if a.status_code == 429)
        assert slow["code"] == "slow_down" and slow["message"]
        assert codes.count(200) < 40 - burst, codes  # about the bucket's burst, then its rate
    finally:
        console.stop()


def wait_for_alerts(client: httpx.Client, test: Callable[[str], bool]) -> list[dict[str, Any]]:
    """Return the console's alerts once their JSON text passes `test` (within 10 s)."""
    deadline = time.monotonic() + 10
    while not test(text := (answer := client.get("/api/alerts")).text):
        assert time.monotonic() < deadline, f"the alerts never changed: {text}"
        time.sleep(0.05)
    alerts: list[dict[str, Any]] = answer.json()
    return alerts


def test_a_guide_robot_says_the_status_of_a_scanned_receipt(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city)
    center, site = floor.config.center.id, "voice-guide-1"

    async def scan(codes: list[str]) -> None:
        async with SpeechLink(mosquitto.url, center, site) as speech:
            view = FloorView(CATALOG, floor.config)
            satellite = Satellite(speech, None, Understander(CATALOG), view, "vi")
            async with satellite.reading():
                for code in codes:
                    await satellite.receipt(code)

    with DeviceClient(mosquitto.url, center, f"{site}-voice") as voice:
        voice.listen(topics.SPEECH.filter(center=center, device_id=site))
        asyncio.run(scan([PROCESSING, "biên nhận"]))
        said = [voice.wait_for(lambda m: m.name == "say", 5).data["text"] for _ in range(2)]
    assert said == [
        "Hồ sơ đang xử lý, hẹn trả ngày 5/12.",
        "Không đọc được mã hồ sơ trên biên nhận, vui lòng quét lại.",
    ]


def test_the_reference_kiosk_shows_a_scanned_receipt(
    mosquitto: Mosquitto, floor_on: Any, city: CityDossiers, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = floor_on(mosquitto.url)
    link(floor, city)
    lines = iter([READY, "000.00.22.H29 231205", "079301004567", "q"])
    with floor.device("kiosk-1", as_device=True) as client:
        terminal(Kiosk(client, b"center-secret"), CATALOG, ask=lambda _prompt: next(lines))
    out = capsys.readouterr().out
    assert "Hồ sơ đã có kết quả, nhận tại quầy 3 hoặc ATM hồ sơ." in out
    assert out.count("Mã hồ sơ không hợp lệ, vui lòng quét lại biên nhận") == 2
    assert floor.read(lambda o: o.metrics["dossier_query"]) == 1  # the bad ones never left


async def test_a_link_that_is_down_is_watched_until_it_answers(city: CityDossiers) -> None:
    desk = desk_for(city)
    watching = asyncio.create_task(desk.watch(every=0.1))
    try:
        city.stop()
        assert (await desk.ask(READY)).outcome == "unavailable" and not desk.health.up
        asked = city.asked
        city.start()
        deadline = time.monotonic() + 10
        while not desk.health.up:  # nobody asks: the watch finds it back
            assert time.monotonic() < deadline, "the link never came back"
            await asyncio.sleep(0.05)
        assert city.asked > asked
    finally:
        watching.cancel()
