"""The view's one subscription to the city cluster, moving to another node when one fails."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

from devices.bus import BrokerAddress, no_delay

log = logging.getLogger(__name__)


class ClusterLink:
    """An MQTT client of the cluster on a thread of its own, with a persistent session
    (`client_id`) so QoS 1 messages wait for it while it moves. When its node fails it
    connects to the next URL in turn. `filters` are (filter, QoS) pairs; each message
    goes to `on_message(topic, payload)` on that thread."""

    def __init__(
        self,
        urls: list[str],
        client_id: str,
        filters: tuple[tuple[str, int], ...],
        on_message: Callable[[str, bytes], None],
    ) -> None:
        self.nodes = [BrokerAddress.from_url(url) for url in urls]
        self.filters = filters
        self.node: BrokerAddress | None = None
        """The node it follows (connected, subscriptions granted), None between two."""
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False)
        client.on_connect = self._on_connect
        client.on_subscribe = self._on_subscribe
        client.on_message = lambda _c, _u, m: on_message(m.topic, bytes(m.payload))
        self.client = client
        self._trying: BrokerAddress | None = None
        self._asked: dict[int, list[tuple[str, int]]] = {}
        self._refused: list[tuple[str, int]] = []
        self._retry_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="city-link", daemon=True)

    def start(self) -> None:
        """Connect and follow the cluster until `stop()`."""
        self._thread.start()

    def stop(self) -> None:
        """Disconnect and end the thread."""
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        turn = 0
        while not self._stop.is_set():
            node = self.nodes[turn % len(self.nodes)]
            turn += 1
            try:
                self.client.connect(node.host, node.port, keepalive=10)
            except OSError as exc:
                log.info("city node %s:%s does not answer: %s", node.host, node.port, exc)
                self._stop.wait(0.5 if turn % len(self.nodes) else 2.0)
                continue
            no_delay(self.client.socket())
            self._trying = node
            while not self._stop.is_set():
                if self.client.loop(0.5) != MQTTErrorCode.MQTT_ERR_SUCCESS:
                    log.warning("lost city node %s:%s, trying the next", node.host, node.port)
                    break
                if self._refused and time.monotonic() >= self._retry_at:
                    self._subscribe(self._refused)
            self.node = None
        self.client.disconnect()

    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, code: Any, _p: object
    ) -> None:
        if code.is_failure:
            log.warning("city node refused the view: %s", code)
            return
        self._asked.clear()
        self._subscribe(list(self.filters))

    def _subscribe(self, filters: list[tuple[str, int]]) -> None:
        self._refused = []
        _, mid = self.client.subscribe(filters)
        if mid is not None:  # None: the connection is gone, and `_on_connect` asks again
            self._asked[mid] = filters

    def _on_subscribe(
        self, _c: mqtt.Client, _u: object, mid: int, codes: list[Any], _p: object
    ) -> None:
        """Follow the node once every filter is granted; ask again half a second later
        for those it refused (a cluster whose streams have no leader yet)."""
        asked = self._asked.pop(mid, [])
        self._refused += [f for f, code in zip(asked, codes, strict=False) if code.is_failure]
        if self._refused:
            log.info("city node refused %d subscriptions, asking again", len(self._refused))
            self._retry_at = time.monotonic() + 0.5
        elif not self._asked:
            self.node = self._trying
