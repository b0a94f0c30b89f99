"""Bad input never changes the floor, is answered on the error topic, counted and logged once."""

from __future__ import annotations

import json
import logging

import pytest

from devices import topics
from devices.codec import MAX_PAYLOAD
from devices.mosquitto import Mosquitto


def _valid(kiosk, **override: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        **json.loads(kiosk.message("ticket_request", procedure="chung_thuc").model_dump_json()),
        **override,
    }


CASES = {
    "not_json": lambda k: (k.event_topic("ticket_request"), b"{not json"),
    "not_utf8": lambda k: (k.event_topic("ticket_request"), b"\xff\xfe\x00garbage"),
    "not_object": lambda k: (k.event_topic("ticket_request"), b"[1, 2, 3]"),
    "wrong_schema": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps(_valid(k, seq="first")).encode(),
    ),
    "missing_field": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps({**_valid(k), "procedure": None}).encode(),
    ),
    "wrong_version": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps(_valid(k, v=2)).encode(),
    ),
    "unknown_field": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps(_valid(k, cccd="079123456789")).encode(),
    ),
    "oversize": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps(_valid(k, pad="x" * MAX_PAYLOAD)).encode(),
    ),
    "unknown_device": lambda k: (
        k.event_topic("ticket_request", device="kiosk-99"),
        json.dumps(_valid(k, device="kiosk-99")).encode(),
    ),
    "claims_other_device": lambda k: (
        k.event_topic("ticket_request"),
        json.dumps(_valid(k, device="kiosk-2")).encode(),
    ),
    "kind_not_allowed": lambda k: (
        k.event_topic("call_next", device="rating-3"),
        json.dumps({**_valid(k), "device": "rating-3"}).encode(),
    ),
    "unknown_event": lambda k: (k.event_topic("self_destruct"), json.dumps(_valid(k)).encode()),
}
NO_ID = {"not_json", "not_object", "oversize"}
EXPECTED_CODE = {
    "not_json": "not_json",
    "not_utf8": "not_json",
    "not_object": "not_object",
    "wrong_schema": "schema",
    "missing_field": "schema",
    "wrong_version": "schema",
    "unknown_field": "schema",
    "oversize": "oversize",
    "unknown_device": "unknown_device",
    "claims_other_device": "wrong_device",
    "kind_not_allowed": "not_allowed",
    "unknown_event": "unknown_event",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_and_changes_nothing(
    case: str,
    mosquitto: Mosquitto,
    floor_on,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    with floor.device("kiosk-1") as kiosk:
        kiosk.send("ticket_request", procedure="chung_thuc")
        kiosk.wait_for(lambda m: m.name == "ticket")
        before = floor.orchestrator.eventlog.count("events")
        topic, payload = CASES[case](kiosk)
        device = topics.EVENT.match(topic)["device_id"]  # type: ignore[index]
        kiosk.listen(topics.ERROR.topic(center=center, device_id=device))
        with caplog.at_level(logging.WARNING, logger="floor.service"):
            kiosk.publish_raw(topic, payload)
            error = kiosk.wait_for(lambda m: m.kind == "error").data
        assert error["code"] == EXPECTED_CODE[case]
        assert error["topic"] == topic and error["device"] == device and error["detail"]
        sent = json.loads(payload) if EXPECTED_CODE[case] not in NO_ID else {}
        assert error["ref"] == (sent.get("id") if isinstance(sent, dict) else None)
        # the loop goes on: the next good request is served, with the next number
        kiosk.send("ticket_request", procedure="chung_thuc")
        assert kiosk.wait_for(lambda m: m.name == "ticket").data["number"] == "A002"
    orch = floor.orchestrator
    assert orch.eventlog.count("events") == before + 1
    assert orch.metrics[f"bad_input.{EXPECTED_CODE[case]}"] == 1
    lines = [r for r in caplog.records if r.name == "floor.service" and "refused" in r.message]
    assert len(lines) == 1
    assert "079123456789" not in caplog.text


def test_refused_commands_are_answered_and_change_nothing(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    with (
        floor.device("kiosk-1") as kiosk,
        floor.device("counter-1") as counter,
        floor.device("rating-1") as rating,
    ):
        kiosk.send("ticket_request", procedure="giay_phep_lai_xe")
        assert kiosk.wait_for(lambda m: m.kind == "error").data["code"] == "unknown_procedure"
        counter.send("call_next")
        assert counter.wait_for(lambda m: m.kind == "error").data["code"] == "queue_empty"
        counter.send("transfer", field="khong_ton_tai")
        assert counter.wait_for(lambda m: m.kind == "error").data["code"] == "not_serving"
        kiosk.send("ticket_request", procedure="chung_thuc")
        kiosk.wait_for(lambda m: m.name == "ticket")
        counter.send("call_next")
        counter.send("transfer", field="khong_ton_tai")
        assert counter.wait_for(lambda m: m.kind == "error").data["code"] == "unknown_field"
        counter.send("finish")
        rating.send("rating", level=5)  # the demo center rates on four levels
        error = rating.wait_for(lambda m: m.kind == "error").data
        assert error["code"] == "out_of_range"
    state = floor.orchestrator.state
    assert [t.number for t in state.tickets.values()] == ["A001"]
    assert all(t.rating is None for t in state.tickets.values())
