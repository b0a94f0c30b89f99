"""The MQTT bus: paho-mqtt 2.x driven by the asyncio loop itself."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

log = logging.getLogger(__name__)

MAX_PUBLISH = 60_000
"""The largest payload published: under the 64 KiB `max_packet_size` of docs/mosquitto.conf,
whose broker would drop the connection for a larger packet (and the orchestrator would
reconnect and send it again, for ever)."""
STABLE_AFTER = 30.0
"""Seconds a connection must hold before the reconnect backoff starts again from its first step."""
REFUSED_LOGIN = {134, 135, 4, 5}
"""CONNACK reason codes that a retry cannot fix: bad user name or password, not authorized."""


KEEPALIVE = 10
"""Seconds between pings; the broker gives up on a silent client after 1.5 times this."""


class BrokerRefused(RuntimeError):
    """The broker refused our login: a retry will not help, so starting stops with this."""


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


def no_delay(sock: object) -> None:
    """Turn Nagle off on an MQTT socket: a lone PUBACK must not wait 40 ms."""
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def backoff(attempt: int, first: float = 0.2, cap: float = 5.0) -> float:
    """Return the delay before reconnect attempt `attempt` (0, 1, …): doubling, capped, jittered."""
    grown: float = first * 2.0 ** min(attempt, 16)
    return min(cap, grown) * random.uniform(0.5, 1.0)


class Bus:
    """A persistent MQTT session whose messages arrive on an asyncio queue.

    paho-mqtt runs inside the event loop (its external-loop API: the loop
    watches the socket and calls paho to read and write), so every callback
    already runs on the loop and no thread is crossed. Inbound QoS 1 messages
    are acknowledged by `ack`, never before, so nothing the caller has not made
    durable is lost. A lost connection is retried with capped, jittered backoff.
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
        keepalive: int = KEEPALIVE,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.address = BrokerAddress.from_url(url)
        self.subscriptions = list(subscriptions)
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        """Received messages; the owner may queue its own work items here too."""
        self.connected = asyncio.Event()
        self.on_connect_callbacks: list[Callable[[], None]] = []
        self.reconnects = 0
        self.dropped = 0
        """Publications dropped for being larger than MAX_PUBLISH."""
        self.failures = 0
        """Connection attempts and short-lived connections in a row: the backoff step."""
        self._connected_at: float | None = None
        self._refused: BrokerRefused | None = None
        self._gave_up = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._closing = False
        self._keepalive = keepalive
        self._tasks: set[asyncio.Task[None]] = set()
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=clean_start,
            manual_ack=manual_ack,
        )
        client.max_inflight_messages_set(100)
        client.max_queued_messages_set(0)
        client.connect_timeout = 3.0
        if username is not None:
            client.username_pw_set(username, password)
        if will:
            client.will_set(will[0], will[1], qos=1, retain=True)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_socket_open = self._on_socket_open
        client.on_socket_close = self._on_socket_close
        client.on_socket_register_write = self._on_register_write
        client.on_socket_unregister_write = self._on_unregister_write
        self.client = client

    async def __aenter__(self) -> Bus:
        """Connect; raise BrokerRefused if the broker refuses the login."""
        self._spawn(self._connect(), "mqtt-connect")
        connected = asyncio.ensure_future(self.connected.wait())
        gave_up = asyncio.ensure_future(self._gave_up.wait())
        await asyncio.wait({connected, gave_up}, return_when=asyncio.FIRST_COMPLETED)
        connected.cancel()
        gave_up.cancel()
        if self._refused is not None and not self.connected.is_set():
            self._closing = True
            for task in list(self._tasks):
                task.cancel()
            raise self._refused
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._closing = True
        if self.client.is_connected():
            self.client.disconnect()  # clean: the broker does not send the last will
            for _ in range(50):
                if self.client.socket() is None:
                    break
                await asyncio.sleep(0.01)
        for task in list(self._tasks):
            task.cancel()

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        """Queue a message for the broker; paho keeps QoS 1 messages until acknowledged.

        A payload over MAX_PUBLISH is dropped with one log line: the broker would
        refuse it by dropping the connection, and a resend would do it again.
        """
        if len(payload) > MAX_PUBLISH:
            self.dropped += 1
            log.error(
                "not published: %d bytes on %.80s is over %d", len(payload), topic, MAX_PUBLISH
            )
            return
        self.client.publish(topic, payload, qos=qos, retain=retain)

    def ack(self, message: Inbound) -> None:
        """Acknowledge a QoS 1 message whose effects are durable."""
        if message.qos > 0:
            self.client.ack(message.mid, message.qos)

    def _spawn(self, coro: Coroutine[None, None, None], name: str) -> None:
        task = self._loop.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _connect(self) -> None:
        """Connect, retrying with capped, jittered backoff until it works.

        The TCP connection is tried first on the loop (asynchronously): paho's own
        connect blocks, which is harmless only once the broker is known to answer.
        """
        first = True
        while not self._closing:
            try:
                await self._reachable()
                if first and not self.reconnects:
                    self.client.connect(self.address.host, self.address.port, self._keepalive)
                else:
                    self.client.reconnect()
                return
            except OSError as exc:
                delay = backoff(self.failures)
                log.warning("broker %s unreachable (%s); retry in %.1fs", self.address, exc, delay)
                self.failures += 1
                first = False
                await asyncio.sleep(delay)

    async def _reachable(self, timeout: float = 3.0) -> None:
        """Raise OSError unless the broker accepts a TCP connection within `timeout`."""
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(self.address.host, self.address.port), timeout
            )
        except TimeoutError:
            raise OSError(f"no answer within {timeout:.0f}s") from None
        writer.close()

    async def _keep_alive(self) -> None:
        """Let paho send pings and notice a silent broker."""
        while self.client.loop_misc() == mqtt.MQTT_ERR_SUCCESS:
            await asyncio.sleep(1)

    def _on_socket_open(self, client: mqtt.Client, _u: object, sock: object) -> None:
        no_delay(sock)
        self._loop.add_reader(sock, client.loop_read)  # type: ignore[arg-type]
        self._spawn(self._keep_alive(), "mqtt-keepalive")

    def _on_socket_close(self, _c: object, _u: object, sock: object) -> None:
        self._loop.remove_reader(sock)  # type: ignore[arg-type]
        self._loop.remove_writer(sock)  # type: ignore[arg-type]

    def _on_register_write(self, client: mqtt.Client, _u: object, sock: object) -> None:
        self._loop.add_writer(sock, client.loop_write)  # type: ignore[arg-type]

    def _on_unregister_write(self, _c: object, _u: object, sock: object) -> None:
        self._loop.remove_writer(sock)  # type: ignore[arg-type]

    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, rc: object, _p: object
    ) -> None:
        if getattr(rc, "is_failure", False):
            log.error("broker refused the connection: %s", rc)
            if getattr(rc, "value", None) in REFUSED_LOGIN and self._connected_at is None:
                self._refused = BrokerRefused(
                    f"the broker at {self.address.host}:{self.address.port} refused the login "
                    f"({rc}); check FLOOR_BROKER_USERNAME and FLOOR_BROKER_PASSWORD"
                )
                self._closing = True
                self._gave_up.set()
            return
        self._connected_at = time.monotonic()
        for topic, qos in self.subscriptions:
            client.subscribe(topic, qos)
        self.connected.set()
        for callback in self.on_connect_callbacks:
            callback()

    def _on_disconnect(self, _c: object, _u: object, _f: object, rc: object, _p: object) -> None:
        self.connected.clear()
        held = time.monotonic() - self._connected_at if self._connected_at else 0.0
        self.failures = 0 if held >= STABLE_AFTER else self.failures + 1
        if not self._closing:
            self.reconnects += 1
            delay = backoff(self.failures)
            log.warning("disconnected from the broker (%s); reconnecting in %.1fs", rc, delay)
            self._spawn(self._reconnect_later(delay), "mqtt-reconnect")

    async def _reconnect_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._connect()

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        self.inbox.put_nowait(Inbound(msg.topic, bytes(msg.payload), msg.mid, msg.qos))
