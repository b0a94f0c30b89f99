"""A rosbridge v2 protocol server over real websockets, one per simulated robot.

It speaks what rosbridge_server speaks to its clients for ROS 2: `advertise`,
`unadvertise`, `publish`, `subscribe`, `unsubscribe`, `call_service` and
`service_response`, `send_action_goal`, `cancel_action_goal`, `action_feedback`
and `action_result` (with ROS 2 goal status codes). What is behind it (topics,
actions) is a `Node`; the simulated robot is one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

log = logging.getLogger("sim.rosbridge")

# action_msgs/msg/GoalStatus
STATUS_ACCEPTED, STATUS_EXECUTING, STATUS_SUCCEEDED, STATUS_CANCELED, STATUS_ABORTED = 1, 2, 4, 5, 6


@dataclass(eq=False)
class Goal:
    """An action goal a client sent; answer it through `feedback` and `finish`."""

    id: str
    action: str
    action_type: str
    args: dict[str, Any]
    client: Client
    done: bool = False

    async def feedback(self, values: dict[str, Any]) -> None:
        """Send action feedback (dropped once the goal is finished)."""
        if not self.done:
            await self.client.send(
                {"op": "action_feedback", "id": self.id, "action": self.action, "values": values}
            )

    async def finish(self, status: int, values: dict[str, Any]) -> None:
        """Send the action result with a ROS 2 goal status; only the first one counts."""
        if self.done:
            return
        self.done = True
        await self.client.send(
            {
                "op": "action_result",
                "id": self.id,
                "action": self.action,
                "values": values,
                "status": status,
                "result": True,
            }
        )


class Node(Protocol):
    """What one endpoint serves: a robot's topics, its action servers, its listeners."""

    published: dict[str, str]
    """Topic -> ROS 2 type this node publishes."""
    listened: dict[str, str]
    """Topic -> type this node subscribes to (clients advertise and publish on them)."""
    actions: dict[str, str]
    """Action name -> action type."""

    def on_message(self, topic: str, msg: dict[str, Any]) -> None:
        """Take a message a client published."""

    def on_goal(self, goal: Goal) -> None:
        """Start a goal (finish it at once to refuse it)."""

    def on_cancel(self, goal: Goal) -> None:
        """Cancel a running goal."""


@dataclass(eq=False)
class Client:
    """One websocket client and what it subscribed to."""

    ws: ServerConnection
    subscriptions: dict[str, set[str]] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)

    async def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionClosed):
            await self.ws.send(json.dumps(message, ensure_ascii=False))


class BridgeServer:
    """One rosbridge endpoint at ws://host:port serving one node."""

    def __init__(self, node: Node, host: str = "127.0.0.1", port: int = 9090) -> None:
        self.node = node
        self.host = host
        self.port = port
        self.clients: set[Client] = set()
        self._server: Server | None = None
        self.received: list[dict[str, Any]] = []
        """Every operation received, in order (for tests and the bench)."""
        self.on_receive: list[Any] = []

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        """Listen (again)."""
        if self._server is None:
            self._server = await serve(self._serve, self.host, self.port)

    async def stop(self) -> None:
        """Close every client and stop listening (a robot dropping off the network)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
        self.clients.clear()

    async def publish(self, topic: str, msg: dict[str, Any]) -> None:
        """Send a message of a published topic to every client subscribed to it."""
        frame: str | None = None
        for client in list(self.clients):
            if client.subscriptions.get(topic):
                frame = frame or json.dumps(
                    {"op": "publish", "topic": topic, "msg": msg}, ensure_ascii=False
                )
                with contextlib.suppress(ConnectionClosed):
                    await client.ws.send(frame)

    async def _serve(self, ws: ServerConnection) -> None:
        client = Client(ws)
        self.clients.add(client)
        try:
            async for raw in ws:
                try:
                    message = json.loads(raw)
                    op = message["op"]
                except (ValueError, KeyError, TypeError):
                    log.warning("%s: not a rosbridge message: %.80r", self.url, raw)
                    continue
                self.received.append(message)
                for hook in self.on_receive:
                    hook(message, time.perf_counter())
                await self._op(client, op, message)
        except ConnectionClosed:
            pass
        finally:
            self.clients.discard(client)
            for goal in list(client.goals.values()):
                if not goal.done:
                    self.node.on_cancel(goal)

    async def _op(self, client: Client, op: str, m: dict[str, Any]) -> None:
        node = self.node
        if op == "subscribe":
            topic = m["topic"]
            if topic not in node.published:
                await self._status(client, m, "warning", f"{topic} has no publisher yet")
            client.subscriptions.setdefault(topic, set()).add(m.get("id", ""))
        elif op == "unsubscribe":
            ids = client.subscriptions.get(m["topic"], set())
            ids.discard(m.get("id", ""))
            if not ids or "id" not in m:
                client.subscriptions.pop(m["topic"], None)
        elif op in ("advertise", "unadvertise"):
            pass
        elif op == "publish":
            if m["topic"] in node.listened:
                node.on_message(m["topic"], m.get("msg", {}))
        elif op == "call_service":
            await self._service(client, m)
        elif op == "send_action_goal":
            if m.get("action") not in node.actions:
                await client.send(
                    {
                        "op": "action_result",
                        "id": m.get("id"),
                        "action": m.get("action"),
                        "values": f"Action {m.get('action')} does not exist",
                        "result": False,
                    }
                )
                return
            goal = Goal(m["id"], m["action"], m.get("action_type", ""), m.get("args", {}), client)
            client.goals[goal.id] = goal
            node.on_goal(goal)
        elif op == "cancel_action_goal":
            found = client.goals.get(m.get("id", ""))
            if found is not None and not found.done:
                node.on_cancel(found)
        else:
            await self._status(client, m, "error", f"unknown op {op!r}")

    async def _service(self, client: Client, m: dict[str, Any]) -> None:
        name = m.get("service")
        values: Any
        if name == "/rosapi/topics":
            topics = {**self.node.published, **self.node.listened}
            values = {"topics": list(topics), "types": list(topics.values())}
            ok = True
        elif name == "/rosapi/get_time":
            now = time.time()
            values = {"time": {"sec": int(now), "nanosec": int(now % 1 * 1e9)}}
            ok = True
        else:
            values, ok = f"Service {name} does not exist", False
        await client.send(
            {
                "op": "service_response",
                "id": m.get("id"),
                "service": name,
                "values": values,
                "result": ok,
            }
        )

    async def _status(self, client: Client, m: dict[str, Any], level: str, text: str) -> None:
        """Note a problem; rosbridge would send an op `status`, which roslibpy cannot take."""
        log.info("%s: %s (%s)", self.url, text, m.get("id"))


async def wait_until_closed(server: BridgeServer) -> None:
    """Wait until nothing is connected (for tests)."""
    while server.clients:
        await asyncio.sleep(0.01)
