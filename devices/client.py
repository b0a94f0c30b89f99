"""A device's side of the contract: send events, receive commands and errors.

The base of every reference device client, the simulator and the tests.
"""

from __future__ import annotations

import json
import queue
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from devices import payloads as p
from devices import topics
from devices.bus import BrokerAddress, no_delay
from devices.codec import encode


@dataclass(frozen=True, slots=True)
class Received:
    """A message a device got: its topic, spec name and decoded JSON."""

    topic: str
    kind: str
    name: str
    data: dict[str, Any]


class DeviceClient:
    """One device (or a test speaking for several) connected to the broker."""

    def __init__(self, url: str, center: str, device: str, client_id: str | None = None) -> None:
        self.center = center
        self.device = device
        self.seq: dict[str, int] = {}
        self.inbox: queue.Queue[Received] = queue.Queue()
        address = BrokerAddress.from_url(url)
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id or f"{device}-{uuid.uuid4().hex[:8]}"
        )
        self.client.max_inflight_messages_set(100)
        self.client.on_message = self._on_message
        self.client.on_socket_open = lambda _c, _u, sock: no_delay(sock)
        self.client.on_subscribe = self._on_subscribe
        self._acks: set[int] = set()
        self._address = address

    def __enter__(self) -> DeviceClient:
        self.client.connect(self._address.host, self._address.port, 30)
        self.client.loop_start()
        self.listen(topics.COMMAND.filter(center=self.center, device_id=self.device))
        self.listen(topics.ERROR.topic(center=self.center, device_id=self.device))
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def listen(self, topic_filter: str) -> None:
        """Subscribe to more topics (state, other devices) and wait for the grant."""
        _rc, mid = self.client.subscribe(topic_filter, qos=1)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not self._granted(mid):
            time.sleep(0.01)

    def _granted(self, mid: int | None) -> bool:
        return mid in self._acks

    def _on_subscribe(self, _c: object, _u: object, mid: int, _rc: object, _p: object) -> None:
        self._acks.add(mid)

    def message(self, name: str, device: str | None = None, **fields: Any) -> p.DeviceMessage:
        """Build the payload of event `name` with envelope fields filled in."""
        model, _kind = p.EVENTS[name]
        device = device or self.device
        self.seq[device] = self.seq.get(device, 0) + 1
        envelope = {
            "id": uuid.uuid4().hex,
            "ts": datetime.now().astimezone(),
            "device": device,
            "seq": self.seq[device],
        }
        return model.model_validate({**envelope, **fields})

    def send(self, name: str, device: str | None = None, **fields: Any) -> p.DeviceMessage:
        """Publish event `name` as this device (or `device`), QoS 1; return the message."""
        message = self.message(name, device, **fields)
        self.publish_raw(self.event_topic(name, device), encode(message))
        return message

    def event_topic(self, name: str, device: str | None = None) -> str:
        """Return the topic of event `name` for this device (or `device`)."""
        return topics.EVENT.topic(center=self.center, device_id=device or self.device, name=name)

    def publish_raw(self, topic: str, payload: bytes, retain: bool = False) -> None:
        """Publish bytes as they are (for bad-input tests and replays)."""
        self.client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(10)

    def wait_for(self, test: Callable[[Received], bool], timeout: float = 5.0) -> Received:
        """Return the first received message passing `test`; raise TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.device}: no matching message within {timeout}s")
            try:
                got = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if test(got):
                return got

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        for spec in topics.ALL:
            values = spec.match(msg.topic)
            if values is not None:
                data = json.loads(msg.payload) if msg.payload else {}
                self.inbox.put(Received(msg.topic, spec.name, values.get("name", ""), data))
                return
