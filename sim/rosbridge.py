"""A rosbridge v2 protocol server over real websockets, one per simulated robot.

It behaves as rosbridge_server 2.x does for ROS 2 clients, unkind parts included:

- each connection's incoming operations run in order on one queue; with
  `goals_in_new_thread` False (rosbridge's `send_action_goals_in_new_thread`
  default) a goal holds that queue until it ends, so a cancel, a service call or
  a new goal sent during a leg waits for the leg's end;
- a goal for an action nobody serves, or a goal the server rejects, gets no
  reply at all (and in the blocking mode holds the connection's queue for good);
- goals go on after their client disconnects (their result is dropped), and a
  cancel from any connection reaches a goal by its id;
- feedback is sent only to goals sent with `"feedback": true`; every
  `action_result` carries `status`;
- `subscribe` honours `type` and `throttle_rate`; a latched (transient local)
  topic sends its last message to a new subscriber;
- a malformed operation is answered with an `op: status` error and the
  connection stays open.

What is behind it (topics, actions) is a `Node`; the simulated robot is one.
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
STATUS_UNKNOWN, STATUS_ACCEPTED, STATUS_EXECUTING = 0, 1, 2
STATUS_SUCCEEDED, STATUS_CANCELED, STATUS_ABORTED = 4, 5, 6


@dataclass(eq=False)
class Goal:
    """An action goal a client sent; answer it through `feedback` and `finish`."""

    id: str
    action: str
    action_type: str
    args: dict[str, Any]
    client: Client
    wants_feedback: bool = False
    done: bool = False
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    async def feedback(self, values: dict[str, Any]) -> None:
        """Send action feedback if the client asked for it (none once finished)."""
        if self.wants_feedback and not self.done:
            await self.client.send(
                {"op": "action_feedback", "id": self.id, "action": self.action, "values": values}
            )

    async def finish(self, status: int, values: dict[str, Any]) -> None:
        """Send the action result with a ROS 2 goal status; only the first one counts."""
        if self.done:
            return
        self.done = True
        self.ended.set()
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

    @property
    def published(self) -> dict[str, str]:
        """Topic -> ROS 2 type this node publishes."""

    @property
    def listened(self) -> dict[str, str]:
        """Topic -> type this node subscribes to (clients advertise and publish on them)."""

    @property
    def actions(self) -> dict[str, str]:
        """Action name -> action type."""

    def on_message(self, topic: str, msg: dict[str, Any]) -> None:
        """Take a message a client published."""

    def on_goal(self, goal: Goal) -> bool:
        """Start a goal; return False to reject it (rosbridge then never answers)."""

    def on_cancel(self, goal: Goal) -> None:
        """Cancel a running goal."""


@dataclass(eq=False)
class Subscription:
    """One `subscribe` of a client: its options and when it last got a message."""

    throttle_s: float = 0.0
    sent_at: float = -1e9


@dataclass(eq=False)
class Client:
    """One websocket client and what it subscribed to."""

    ws: ServerConnection
    subscriptions: dict[str, dict[str, Subscription]] = field(default_factory=dict)

    async def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionClosed):
            await self.ws.send(json.dumps(message, ensure_ascii=False))

    def wants(self, topic: str, now: float) -> bool:
        """Return whether a message on `topic` goes out now (and note it as sent)."""
        due = False
        for sub in self.subscriptions.get(topic, {}).values():
            if now - sub.sent_at >= sub.throttle_s:
                sub.sent_at = now
                due = True
        return due


class BridgeServer:
    """One rosbridge endpoint at ws://host:port serving one node."""

    def __init__(
        self,
        node: Node,
        host: str = "127.0.0.1",
        port: int = 9090,
        goals_in_new_thread: bool = False,
    ) -> None:
        self.node = node
        self.host = host
        self.port = port
        self.goals_in_new_thread = goals_in_new_thread
        self.clients: set[Client] = set()
        self.goals: dict[str, Goal] = {}
        """Running goals by id, whichever connection sent them (rosbridge keeps them so)."""
        self.latched: dict[str, dict[str, Any]] = {}
        """Last message of each transient-local topic, sent to a new subscriber."""
        self.awake = asyncio.Event()
        self.awake.set()
        self._server: Server | None = None
        self.received: list[dict[str, Any]] = []
        """Every operation handled, in order (for tests and the bench)."""
        self.on_receive: list[Any] = []

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def frozen(self) -> bool:
        return not self.awake.is_set()

    async def start(self) -> None:
        """Listen (again)."""
        if self._server is None:
            self._server = await serve(self._serve, self.host, self.port)

    async def stop(self) -> None:
        """Close every client and stop listening (a robot dropping off the network).

        Running goals go on: rosbridge does not cancel them.
        """
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
        self.clients.clear()

    async def publish(self, topic: str, msg: dict[str, Any], latch: bool = False) -> None:
        """Send a message of a published topic to every client subscribed to it."""
        if latch:
            self.latched[topic] = msg
        if self.frozen:
            return
        frame: str | None = None
        now = time.monotonic()
        for client in list(self.clients):
            if client.wants(topic, now):
                frame = frame or json.dumps(
                    {"op": "publish", "topic": topic, "msg": msg}, ensure_ascii=False
                )
                with contextlib.suppress(ConnectionClosed):
                    await client.ws.send(frame)

    async def _serve(self, ws: ServerConnection) -> None:
        client = Client(ws)
        self.clients.add(client)
        queue: asyncio.Queue[str | bytes] = asyncio.Queue()
        worker = asyncio.create_task(self._incoming(client, queue))
        try:
            async for raw in ws:
                queue.put_nowait(raw)
        except ConnectionClosed:
            pass
        finally:
            self.clients.discard(client)
            worker.cancel()  # what the queue still held is dropped; goals go on

    async def _incoming(self, client: Client, queue: asyncio.Queue[str | bytes]) -> None:
        """Handle one connection's operations in order (rosbridge's IncomingQueue)."""
        while True:
            raw = await queue.get()
            await self.awake.wait()
            try:
                message = json.loads(raw)
                op = message["op"]
            except (ValueError, KeyError, TypeError):
                await self._status(client, {}, "error", f"not a rosbridge message: {raw!r:.80}")
                continue
            self.received.append(message)
            for hook in self.on_receive:
                hook(message, time.perf_counter())
            try:
                await self._op(client, op, message)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                await self._status(client, message, "error", f"{op}: {type(exc).__name__} {exc}")

    async def _op(self, client: Client, op: str, m: dict[str, Any]) -> None:
        node = self.node
        if op == "subscribe":
            await self._subscribe(client, m)
        elif op == "unsubscribe":
            subs = client.subscriptions.get(m["topic"], {})
            subs.pop(m.get("id", ""), None)
            if not subs or "id" not in m:
                client.subscriptions.pop(m["topic"], None)
        elif op in ("advertise", "unadvertise"):
            pass
        elif op == "publish":
            if m["topic"] in node.listened:
                node.on_message(m["topic"], m.get("msg", {}))
        elif op == "call_service":
            await self._service(client, m)
        elif op == "send_action_goal":
            await self._goal(client, m)
        elif op == "cancel_action_goal":
            found = self.goals.get(m["id"])
            if found is not None and not found.done:
                node.on_cancel(found)
        else:
            await self._status(client, m, "error", f"unknown op {op!r}")

    async def _subscribe(self, client: Client, m: dict[str, Any]) -> None:
        topic = m["topic"]
        known = {**self.node.published, **self.node.listened}.get(topic)
        wanted = m.get("type")
        if wanted and known and _short(wanted) != _short(known):
            await self._status(client, m, "error", f"{topic} is {known}, not {wanted}")
            return
        throttle = float(m.get("throttle_rate", 0) or 0) / 1000
        client.subscriptions.setdefault(topic, {})[m.get("id", "")] = Subscription(throttle)
        last = self.latched.get(topic)
        if last is not None:
            await client.send({"op": "publish", "topic": topic, "msg": last})

    async def _goal(self, client: Client, m: dict[str, Any]) -> None:
        """Start a goal; in the blocking mode hold this connection until it ends."""
        goal = Goal(
            str(m["id"]),
            str(m["action"]),
            str(m.get("action_type", "")),
            dict(m.get("args") or {}),
            client,
            bool(m.get("feedback", False)),
        )
        self.goals = {k: g for k, g in self.goals.items() if not g.done}
        if goal.action in self.node.actions:
            self.goals[goal.id] = goal
            if self.node.on_goal(goal):
                if not self.goals_in_new_thread:
                    await goal.ended.wait()
                return
            del self.goals[goal.id]
        log.info("%s: %s: no server answers, no reply (%s)", self.url, goal.action, goal.id)
        if not self.goals_in_new_thread:
            await asyncio.Event().wait()  # rosbridge waits for that result for ever

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
        """Tell the client of a problem with an `op: status` message; keep the connection."""
        log.info("%s: %s", self.url, text)
        message = {"op": "status", "level": level, "msg": text}
        if "id" in m:
            message["id"] = m["id"]
        await client.send(message)


def _short(msg_type: str) -> str:
    """Return `pkg/Name` for `pkg/msg/Name` or `pkg/Name`."""
    parts = msg_type.split("/")
    return f"{parts[0]}/{parts[-1]}"

