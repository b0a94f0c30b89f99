"""Queue displays: the hall board and a counter's own display, with spoken calls."""

from __future__ import annotations

import queue
from datetime import datetime

from devices import payloads as p
from devices import topics
from devices.client import DeviceClient, Received


class Display:
    """A display's work: follow the retained floor state and announce calls."""

    def __init__(self, client: DeviceClient, counter: int | None = None) -> None:
        self.client = client
        self.counter = counter
        self.counters: p.CountersState | None = None
        self.queues: p.QueuesState | None = None
        self.city: p.CityState | None = None
        """The city's notices (and catalog version), when the center takes them."""
        for name in ("counters", "queues", "city"):
            client.listen(topics.STATE.topic(center=client.center, name=name))

    def next_call(self, timeout: float = 5.0) -> p.DisplayCall:
        """Return the next call to show and speak, following state updates meanwhile."""
        got = self.client.wait_for(lambda m: self._take(m) or m.name == "call", timeout)
        return p.DisplayCall.model_validate(got.data)

    def refresh(self) -> None:
        """Take every state update received so far."""
        while True:
            try:
                self._take(self.client.inbox.get_nowait())
            except queue.Empty:
                return

    def _take(self, got: Received) -> bool:
        """Keep a state update; return False so waiting goes on."""
        if got.kind == "state" and got.name == "counters":
            self.counters = p.CountersState.model_validate(got.data)
        elif got.kind == "state" and got.name == "queues":
            self.queues = p.QueuesState.model_validate(got.data)
        elif got.kind == "state" and got.name == "city":
            self.city = p.CityState.model_validate(got.data)
        return False

    def board(self) -> str:
        """Return the board as text: who is served where, and the lines."""
        lines = ["QUẦY  ĐANG PHỤC VỤ"]
        for c in self.counters.counters if self.counters else []:
            if self.counter is None or c.number == self.counter:
                shown = c.serving or {"open": "—", "paused": "Tạm dừng", "closed": "Đóng"}[c.status]
                lines.append(f"{c.number:>4}  {shown}")
        for q in self.queues.queues if self.queues and self.counter is None else []:
            if q.waiting:
                lines.append(
                    f"{q.field}: {q.waiting} người chờ, khoảng {q.estimated_wait_min} phút"
                )
        now = datetime.now().astimezone()
        for notice in self.city.notices if self.city else []:
            if notice.valid_until > now:
                lines += [f"THÔNG BÁO: {notice.vi}", f"Notice: {notice.en}"]
        return "\n".join(lines)


def announcement_lines(call: p.DisplayCall) -> list[str]:
    """Return what to show and speak for a call (Vietnamese, then the citizen's language)."""
    lines = [("Mời lại: " if call.recall else "") + call.announcement]
    if call.announcement_local:
        lines.append(call.announcement_local)
    return lines


def terminal(display: Display) -> None:
    """Run the display on a terminal until interrupted."""
    while True:
        try:
            call = display.next_call(timeout=3600)
        except TimeoutError:
            continue
        display.refresh()
        print("\n".join(f"🔔 {line}" for line in announcement_lines(call)))
        print(display.board())
