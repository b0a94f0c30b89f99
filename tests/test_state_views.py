"""Retained state as devices read it agrees with the core's own estimates."""

from __future__ import annotations

from devices import payloads as p
from devices.gateway import Gateway
from floor.core.commands import CallNext, Finish, IssueTicket
from floor.core.queueing import estimate
from tests.floorkit import Floor


def test_queue_state_gives_each_ticket_its_place_and_wait() -> None:
    floor = Floor()
    for i in range(12):
        floor.do(IssueTicket("khai_sinh", "elderly" if i % 4 == 0 else None))
    for _ in range(2):
        floor.do(CallNext(5))
        floor.tick(17)
        floor.do(Finish(5))
    pubs = Gateway(floor.state.config).state(floor.state, floor.now)
    queues = p.QueuesState.model_validate_json(pubs[1].payload)
    line = next(q for q in queues.queues if q.field == "ho_tich")
    waiting = [t for t in floor.state.tickets.values() if t.status == "waiting"]
    assert line.waiting == len(waiting) == 10
    for ticket in waiting:
        guess = estimate(floor.state, ticket)
        assert line.place(ticket.number) == (guess.people_ahead, guess.minutes)
    assert line.numbers[: line.priority_waiting] == ["B009"]  # B001, B005 were called first
    assert line.place("B001") is None
    assert line.estimated_wait_min == max(estimate(floor.state, t).minutes for t in waiting)
