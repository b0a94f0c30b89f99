"""The embedded broker: rumqttd (from the `iotcore` package) in a child process."""

from __future__ import annotations

import socket
from types import TracebackType

from iotcore import Broker


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class EmbeddedBroker:
    """An MQTT broker on loopback for a center with no broker of its own.

    It keeps sessions and retained messages in memory only: use mosquitto with
    persistence for production (docs/mosquitto.conf).
    """

    def __init__(self, port: int = 1883, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self._broker = Broker(port=port, listen=host, max_payload_size=65536)

    @property
    def url(self) -> str:
        """Return the broker's mqtt:// URL."""
        return f"mqtt://{self.host}:{self.port}"

    def __enter__(self) -> EmbeddedBroker:
        self._broker.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._broker.stop()
