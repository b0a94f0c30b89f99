"""The reference device client never loses an answer: malformed input, a broker gone, a
floor that does not answer."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from devices import topics
from devices.client import DeviceClient, Received, ReplyUnknown
from devices.kiosk import Kiosk
from devices.mosquitto import Mosquitto

GARBAGE = [
    b"\xff\xfe not utf-8",
    b"{",
    b"[1, 2]",
    b'"a string"',
    b"null",
    b"[" * 5000 + b"]" * 5000,
    b"1" * 5000,
    b'{"request_id": ',
]


def test_client_survives_malformed_messages(
    mosquitto: Mosquitto, floor_on: Any, caplog: pytest.LogCaptureFixture
) -> None:
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    with floor.device("kiosk-1", as_device=True) as k, floor.device("prankster") as prankster:
        where = {"center": center, "device_id": "kiosk-1"}
        for payload in GARBAGE:
            prankster.publish_raw(topics.COMMAND.topic(**where, name="ticket"), payload)
            prankster.publish_raw(topics.ERROR.topic(**where), payload)
        prankster.publish_raw(topics.ORCHESTRATOR_STATUS.topic(center=center), b"[]")

        def dropped() -> int:
            return sum("dropped a malformed message" in r.getMessage() for r in caplog.records)

        deadline = time.monotonic() + 10
        while dropped() < 2 * len(GARBAGE) + 1:
            assert time.monotonic() < deadline, f"only {dropped()} malformed messages seen"
            time.sleep(0.02)
        assert Kiosk(k, b"secret").request("chung_thuc").number == "A001"


def test_a_request_sent_while_the_broker_is_down_says_reply_unknown(floor_on: Any) -> None:
    # mosquitto started as root writes its store as its own user: not under pytest's tmp
    store = Path(tempfile.mkdtemp(prefix="floor-mosquitto-store-"))
    store.chmod(0o777)
    broker = Mosquitto(extra=f"persistence true\npersistence_location {store}/\n").start()
    try:
        floor = floor_on(broker.url)  # a persistent session, kept by the broker's restart
        with floor.device("kiosk-1", as_device=True, keepalive=5) as kiosk:
            broker.stop()
            assert (store / "mosquitto.db").is_file(), "the broker kept no sessions"
            assert _wait(lambda: not kiosk.connected.is_set()), "the kiosk never saw the drop"
            with pytest.raises(ReplyUnknown, match="sent, reply unknown") as err:
                kiosk.exchange(
                    "ticket_request", "ticket", timeout=0.3, retries=1, procedure="chung_thuc"
                )
            assert "not yet acknowledged" in str(err.value)
            broker.start()
            # the request went out on reconnect: the floor issued the ticket and it comes
            late = kiosk.wait_for(lambda m: _replies(m, err.value.ref), timeout=20)
            assert late.data["number"] == "A001"
    finally:
        broker.stop()
        shutil.rmtree(store, ignore_errors=True)


def test_a_request_the_floor_never_answers_says_reply_unknown(mosquitto: Mosquitto) -> None:
    with (
        DeviceClient(mosquitto.url, "no-floor-here", "kiosk-1") as kiosk,
        pytest.raises(ReplyUnknown, match="sent, reply unknown") as err,
    ):
        kiosk.exchange("ticket_request", "ticket", timeout=0.2, procedure="chung_thuc")
    assert "the broker has it" in str(err.value) and err.value.ref


def _replies(got: Received, ref: str) -> bool:
    return got.name == "ticket" and got.data.get("request_id") == ref


def _wait(check: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
