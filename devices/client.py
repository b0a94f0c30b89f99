"""A device's side of the contract: send events, receive commands and errors.

The base of every reference device client, the simulator and the tests.
"""

from __future__ import annotations

import json
import logging
import queue
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from devices import payloads as p
from devices import topics
from devices.bus import BrokerAddress, no_delay
from devices.codec import encode
from floor.core.catalog import DeviceKind

log = logging.getLogger("devices.client")


class Refused(Exception):
    """The floor refused a device's message; `code` and `detail` come from its error report."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class ReplyUnknown(TimeoutError):
    """A request went to the broker (or waits in paho's queue for the next connection)
    but neither its reply nor a refusal came back: the floor may well have taken it, and
    a late reply names `ref`. The same message again takes effect once and is answered."""

    def __init__(self, message: str, ref: str) -> None:
        super().__init__(message)
        self.ref = ref


@dataclass(frozen=True, slots=True)
class Received:
    """A message a device got: its topic, spec name and decoded JSON."""

    topic: str
    kind: str
    name: str
    data: dict[str, Any]


class DeviceClient:
    """One device connected to the broker, or a test speaking for several.

    Given its `kind`, it behaves as a device of the floor: its last will marks
    it offline; on every connect it publishes its birth (with a birth/death
    sequence number, bd_seq) and goes online; when the orchestrator comes back
    it announces itself again (rebirth). paho reconnects it by itself, with a
    capped delay that starts at a random point so devices do not return in a herd.
    """

    def __init__(
        self,
        url: str,
        center: str,
        device: str,
        *,
        kind: DeviceKind | None = None,
        capabilities: tuple[str, ...] = (),
        keepalive: int = 30,
        username: str | None = None,
        password: str | None = None,
        client_id: str | None = None,
    ) -> None:
        self.center = center
        self.device = device
        self.kind = kind
        self.capabilities = list(capabilities)
        self.keepalive = keepalive
        self.seq: dict[str, int] = {}
        self.bd_seq = 0
        self.births = 0
        self.inbox: queue.Queue[Received] = queue.Queue()
        self.watchers: list[Callable[[Received], None]] = []
        """Called on paho's thread with every message before it is queued (never block)."""
        self.connected = threading.Event()
        self._answered = threading.Event()
        self.refused: ReasonCode | None = None
        self._filters: list[str] = []
        self._granted: dict[int, list[int]] = {}
        self._orchestrator_started: str | None = None
        self._address = BrokerAddress.from_url(url)
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id or f"{device}-{uuid.uuid4().hex[:8]}"
        )
        client.max_inflight_messages_set(100)
        client.reconnect_delay_set(min_delay=random.uniform(0.2, 1.0), max_delay=5)  # type: ignore[arg-type]
        if username is not None:
            client.username_pw_set(username, password)
        client.on_message = self._on_message
        client.on_socket_open = lambda _c, _u, sock: no_delay(sock)
        client.on_subscribe = self._on_subscribe
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        self.client = client
        self._set_will()

    def __enter__(self) -> DeviceClient:
        self.client.connect(self._address.host, self._address.port, self.keepalive)
        self.client.loop_start()
        self._answered.wait(10)
        if not self.connected.is_set():
            self.client.loop_stop()
            raise ConnectionError(f"{self.device}: not connected ({self.refused or 'timeout'})")
        self.listen(topics.COMMAND.filter(center=self.center, device_id=self.device))
        self.listen(topics.ERROR.topic(center=self.center, device_id=self.device))
        if self.kind:
            self.listen(topics.ORCHESTRATOR_STATUS.topic(center=self.center))
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.kind and self.connected.is_set():
            self._publish_status(online=False)  # a clean goodbye: no last will follows
        self.client.disconnect()
        self.client.loop_stop()

    def listen(self, topic_filter: str) -> list[int]:
        """Subscribe (again after every reconnect) and return the granted QoS (128: refused)."""
        if topic_filter not in self._filters:
            self._filters.append(topic_filter)
        _rc, mid = self.client.subscribe(topic_filter, qos=1)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and mid not in self._granted:
            time.sleep(0.01)
        return self._granted.get(mid or 0, [])

    def kill(self) -> None:
        """Drop the connection without a goodbye, as a device losing power would."""
        self.client.loop_stop()
        sock = self.client.socket()
        if isinstance(sock, socket.socket):
            sock.close()

    def _set_will(self) -> None:
        if self.kind:
            status = p.Status(device=self.device, online=False, bd_seq=self.bd_seq)
            topic = topics.STATUS.topic(center=self.center, device_id=self.device)
            self.client.will_set(topic, encode(status), qos=1, retain=True)

    def _publish_status(self, online: bool) -> None:
        status = p.Status(device=self.device, online=online, bd_seq=self.bd_seq)
        topic = topics.STATUS.topic(center=self.center, device_id=self.device)
        self.client.publish(topic, encode(status), qos=1, retain=True)

    def announce(self) -> None:
        """Publish this device's birth and go online (on connect and on rebirth)."""
        assert self.kind, "only a device with a kind is born"
        self.seq[self.device] = self.seq.get(self.device, 0) + 1
        birth = p.Birth(
            id=uuid.uuid4().hex,
            ts=datetime.now().astimezone(),
            device=self.device,
            seq=self.seq[self.device],
            kind=self.kind,
            bd_seq=self.bd_seq,
            capabilities=self.capabilities,
        )
        topic = topics.BIRTH.topic(center=self.center, device_id=self.device)
        self.client.publish(topic, encode(birth), qos=1, retain=True)
        self._publish_status(online=True)
        self.births += 1

    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, rc: ReasonCode, _p: object
    ) -> None:
        if rc.is_failure:
            self.refused = rc
            client.disconnect()  # wrong credentials: do not retry forever
            self._answered.set()
            return
        for topic_filter in self._filters:
            client.subscribe(topic_filter, qos=1)
        if self.kind:
            self.announce()
        self.connected.set()
        self._answered.set()

    def _on_disconnect(self, _c: object, _u: object, _f: object, _rc: object, _p: object) -> None:
        self.connected.clear()
        if self.kind:  # the next session gets the next birth/death number
            self.bd_seq += 1
            self._set_will()

    def _on_subscribe(
        self, _c: object, _u: object, mid: int, codes: list[ReasonCode], _p: object
    ) -> None:
        self._granted[mid] = [code.value for code in codes]

    def _watch_orchestrator(self, data: dict[str, Any]) -> None:
        """Rebirth when the orchestrator comes back (a new start after we were born)."""
        started = data.get("started_at")
        if data.get("online") and self.kind:
            if self._orchestrator_started is not None and started != self._orchestrator_started:
                self.announce()
            self._orchestrator_started = started

    def message(self, name: str, device: str | None = None, **fields: Any) -> p.DeviceMessage:
        """Build the payload of event `name` with envelope fields filled in."""
        model, _kind = p.EVENTS[name]
        device = device or self.device
        self.seq[device] = self.seq.get(device, 0) + 1
        return model.model_validate({**p.envelope(device, self.seq[device]), **fields})

    def send(self, name: str, device: str | None = None, **fields: Any) -> p.DeviceMessage:
        """Publish event `name` as this device (or `device`), QoS 1; return the message."""
        message = self.message(name, device, **fields)
        self.publish_raw(self.event_topic(name, device), encode(message))
        return message

    def event_topic(self, name: str, device: str | None = None) -> str:
        """Return the topic of event `name` for this device (or `device`)."""
        return topics.EVENT.topic(center=self.center, device_id=device or self.device, name=name)

    def exchange(
        self,
        name: str,
        reply: str | None = None,
        timeout: float = 5.0,
        retries: int = 2,
        **fields: Any,
    ) -> Received | None:
        """Send event `name` and wait for the command `reply` answering it (matched by
        `request_id`/`ref`), re-sending the same message (same id: it takes effect
        once) if nothing comes. Raise Refused on an error report for it. With no
        `reply`, wait `timeout` for a refusal and return None when none came.
        """
        message = self.message(name, **fields)
        payload = encode(message)
        topic = self.event_topic(name)
        acked = False
        for _attempt in range(retries + 1 if reply else 1):
            info = self._hand_over(topic, payload)
            try:
                got = self.wait_for(lambda m: _answers(m, message.id, reply), timeout)
            except TimeoutError:
                acked = acked or info.is_published()
                continue
            if got.kind == "error":
                raise Refused(str(got.data.get("code", "refused")), str(got.data.get("detail", "")))
            return got
        if reply:
            where = "the broker has it" if acked else "not yet acknowledged by the broker"
            text = f"{self.device}: {name} {message.id} sent, reply unknown ({where})"
            raise ReplyUnknown(text, message.id)
        return None

    def publish_raw(self, topic: str, payload: bytes, retain: bool = False) -> bool:
        """Publish bytes as they are (for bad-input tests and replays); return whether the
        broker acknowledged them within 10 s (if not, paho sends them on reconnect)."""
        info = self._hand_over(topic, payload, retain)
        info.wait_for_publish(10)
        return info.is_published()

    def _hand_over(self, topic: str, payload: bytes, retain: bool = False) -> mqtt.MQTTMessageInfo:
        """Give paho a QoS 1 message. With the connection down paho keeps it and sends it
        on reconnect, yet marks it "not connected": mark it queued, which is the truth."""
        info = self.client.publish(topic, payload, qos=1, retain=retain)
        if info.rc == mqtt.MQTT_ERR_NO_CONN:
            info.rc = mqtt.MQTT_ERR_SUCCESS
        return info

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
        """Queue a message; drop one that is not a JSON object (paho's thread must live)."""
        for spec in topics.ALL:
            values = spec.match(msg.topic)
            if values is not None:
                try:
                    data = json.loads(msg.payload) if msg.payload else {}
                except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
                    data = None
                if not isinstance(data, dict):
                    log.warning("%s: dropped a malformed message on %s", self.device, spec.name)
                    return
                if spec is topics.ORCHESTRATOR_STATUS:
                    self._watch_orchestrator(data)
                got = Received(msg.topic, spec.name, values.get("name", ""), data)
                for watch in self.watchers:
                    watch(got)
                self.inbox.put(got)
                return


def _answers(got: Received, ref: str, reply: str | None) -> bool:
    """Whether a received message answers the message `ref`: a refusal or the reply."""
    if got.kind == "error":
        return bool(got.data.get("ref") == ref)
    data = got.data
    return got.name == reply and ref in (data.get("request_id"), data.get("ref"))
