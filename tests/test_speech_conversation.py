"""The clarifying dialog end to end over MQTT: text → satellite → question → answer →
ticket issued by the real orchestrator; an emergency → urgent staff request → robot."""

from __future__ import annotations

import time

from devices import topics
from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from floor.core.commands import ReportRobot
from floor.core.events import RobotTaskCreated, StaffRequested
from tests.speechkit import converse


def test_a_ticket_asked_for_without_a_procedure_is_completed_after_a_question(
    mosquitto: Mosquitto, floor_on
) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    said = converse(mosquitto.url, center, "voice-kiosk-1", ["cho tôi lấy số", "khai sinh"])
    question, issued = said
    assert question.startswith("Bạn cần làm thủ tục gì ạ?")
    assert issued.startswith("Số của bạn là B001. Mời bạn đến quầy")
    tickets = floor.read(lambda o: [t.procedure for t in o.state.tickets.values()])
    assert tickets == ["khai_sinh"]


def test_a_need_without_a_name_is_asked_back_then_ticketed(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    lines = ["cho em bốc số", "vợ em mới sinh em bé tuần rồi"]
    question, issued = converse(mosquitto.url, center, "voice-kiosk-1", lines)
    assert question.startswith("Bạn cần làm thủ tục gì ạ?")
    assert issued.startswith("Số của bạn là B001.")


def test_the_satellite_answers_from_the_city_catalog_the_floor_runs(  # type: ignore[no-untyped-def]
    mosquitto: Mosquitto, floor_on
) -> None:
    from floor.core.commands import OfferCatalog
    from tests.test_city_catalog import catalog_text

    floor = floor_on(mosquitto.url)
    floor.submit(OfferCatalog(7, catalog_text(fee="Miễn phí từ tháng này"), urgent=True), "city")
    first = floor.read(lambda o: o.state.catalog.procedures[0])
    (fee,) = converse(
        mosquitto.url,
        floor.config.center.id,
        "voice-kiosk-1",
        [f"{first.name.vi} lệ phí bao nhiêu"],
        until=lambda satellite: "Miễn phí" in satellite.view.catalog.procedures[0].fee.vi,
    )
    assert "Miễn phí từ tháng này" in fee


def test_an_emergency_raises_an_urgent_alert_and_sends_a_guide(
    mosquitto: Mosquitto, floor_on
) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    floor.submit(ReportRobot("guide-1", True, 0.9, 10.0, 5.0), "test")
    [reply] = converse(
        mosquitto.url, center, "voice-kiosk-1", ["cứu với, ông cụ ngất xỉu rồi, số 079203001234"]
    )
    assert reply.startswith("Dạ, tôi đã báo khẩn cho cán bộ")
    deadline = time.monotonic() + 5
    while True:
        events = floor.read(lambda o: list(o.eventlog.events()))
        alerts = [e for e in events if isinstance(e, StaffRequested)]
        tasks = [e for e in events if isinstance(e, RobotTaskCreated)]
        if alerts and tasks:
            break
        assert time.monotonic() < deadline, events
        time.sleep(0.05)
    [alert] = alerts
    assert alert.urgent and "079203001234" not in alert.text and "ngất xỉu" in alert.text
    assert tasks[0].kind == "greet" and tasks[0].note == "urgent"


def test_the_satellite_survives_malformed_messages_and_goes_on(
    mosquitto: Mosquitto, floor_on, caplog
) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center, site = floor.config.center.id, "voice-kiosk-1"

    def garbage(_voice: DeviceClient) -> None:
        with floor.device("mischief") as mischief:
            bad = (
                (topics.COMMAND.topic(center=center, device_id=site, name="ticket"), b"\xff\xfe"),
                (topics.ERROR.topic(center=center, device_id=site), b"not json"),
                (topics.ERROR.topic(center=center, device_id=site), b'{"code": 1}'),
                (topics.SPEECH.topic(center=center, device_id=site, name="say_finished"), b"[]"),
            )
            for topic, payload in bad:
                mischief.publish_raw(topic, payload)

    said = converse(mosquitto.url, center, site, ["cho tôi lấy số", "kết hôn"], first=garbage)
    assert said[1].startswith("Số của bạn là B001.")
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 4, refused
