"""The MQTT bus: paho-mqtt 2.x on its own thread, bridged into asyncio."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Inbound:
    """One received message; ack it once what it caused is durable."""

    topic: str
    payload: bytes
    mid: int
    qos: int


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where the broker is, from an `mqtt://host:port` URL."""

    host: str
    port: int

    @classmethod
    def from_url(cls, url: str) -> BrokerAddress:
        """Parse `mqtt://host[:port]`."""
        parts = urlparse(url)
        if parts.scheme != "mqtt" or not parts.hostname:
            raise ValueError(f"broker URL must look like mqtt://host:port, not {url!r}")
        return cls(parts.hostname, parts.port or 1883)


def no_delay(client: mqtt.Client) -> None:
    """Turn Nagle off on the client's socket: a lone PUBACK must not wait 40 ms."""

    def on_socket_open(_c: object, _u: object, sock: object) -> None:
        if isinstance(sock, socket.socket):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    client.on_socket_open = on_socket_open


class Bus:
    """A persistent MQTT session whose messages arrive on an asyncio queue.

    paho runs on a thread of its own; its callbacks only hand over to the loop
    with `call_soon_threadsafe`. Inbound QoS 1 messages are acknowledged by
    `ack`, never before, so nothing the caller has not made durable is lost.
    """

    def __init__(
        self,
        url: str,
        client_id: str,
        *,
        subscriptions: Sequence[tuple[str, int]] = (),
        will: tuple[str, bytes] | None = None,
        clean_start: bool = False,
        manual_ack: bool = True,
        keepalive: int = 10,
    ) -> None:
        self.address = BrokerAddress.from_url(url)
        self.subscriptions = list(subscriptions)
        self.inbox: asyncio.Queue[Inbound] = asyncio.Queue()
        self.connected = asyncio.Event()
        self.on_connect_callbacks: list[Callable[[], None]] = []
        self._loop = asyncio.get_running_loop()
        self._closing = False
        self._keepalive = keepalive
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=clean_start,
            manual_ack=manual_ack,
        )
        client.max_inflight_messages_set(100)
        client.max_queued_messages_set(0)
        if will:
            client.will_set(will[0], will[1], qos=1, retain=True)
        no_delay(client)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        self.client = client
        self.reconnects = 0

    async def __aenter__(self) -> Bus:
        self._jitter_reconnect()
        self.client.connect_async(self.address.host, self.address.port, self._keepalive)
        self.client.loop_start()
        await self.connected.wait()
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.close)

    def close(self) -> None:
        """Disconnect cleanly (no last will) and stop the network thread."""
        self._closing = True
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        """Queue a message for the broker (thread-safe; paho keeps it until sent)."""
        self.client.publish(topic, payload, qos=qos, retain=retain)

    def ack(self, message: Inbound) -> None:
        """Acknowledge a QoS 1 message whose effects are durable."""
        if message.qos > 0:
            self.client.ack(message.mid, message.qos)

    def _jitter_reconnect(self) -> None:
        """Give paho's doubling reconnect delay (capped) a random start: no herds."""
        start = random.uniform(0.1, 0.3)  # paho takes seconds as any number, though typed int
        self.client.reconnect_delay_set(min_delay=start, max_delay=5)  # type: ignore[arg-type]

    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, rc: object, _p: object
    ) -> None:
        if getattr(rc, "is_failure", False):
            log.error("broker refused the connection: %s", rc)
            return
        for topic, qos in self.subscriptions:
            client.subscribe(topic, qos)
        self._loop.call_soon_threadsafe(self._connected)

    def _connected(self) -> None:
        self.connected.set()
        for callback in self.on_connect_callbacks:
            callback()

    def _on_disconnect(self, _c: object, _u: object, _f: object, rc: object, _p: object) -> None:
        self._loop.call_soon_threadsafe(self.connected.clear)
        if not self._closing:
            self.reconnects += 1
            self._jitter_reconnect()
            log.warning("disconnected from the broker (%s); reconnecting", rc)

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        inbound = Inbound(msg.topic, bytes(msg.payload), msg.mid, msg.qos)
        self._loop.call_soon_threadsafe(self.inbox.put_nowait, inbound)
