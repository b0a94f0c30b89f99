"""Property tests of the queue invariants over random command sequences."""

from __future__ import annotations

from collections import Counter as Tally

from hypothesis import given, settings
from hypothesis import strategies as st

from floor.core.commands import (
    PRIORITY_CLASSES,
    CallNext,
    CallTicket,
    Command,
    Finish,
    IssueTicket,
    NoShow,
    Rate,
    Recall,
    SetCounterStatus,
    Transfer,
)
from floor.core.errors import Rejected
from floor.core.events import TicketCalled
from floor.core.state import FloorState
from tests.floorkit import CATALOG, Floor, center

PROCEDURES = [p.id for p in CATALOG.procedures]
FIELDS = [f.id for f in CATALOG.fields]
COUNTERS = list(range(1, 13))
NUMBERS = [f"{prefix}{n:03d}" for prefix in "ABCDEF" for n in range(1, 15)]

counter = st.sampled_from(COUNTERS)
command: st.SearchStrategy[Command] = st.one_of(
    st.builds(
        IssueTicket,
        st.sampled_from(PROCEDURES),
        st.one_of(st.none(), st.none(), st.sampled_from(PRIORITY_CLASSES)),
    ),
    st.builds(CallNext, counter),
    st.builds(CallNext, counter),
    st.builds(CallTicket, counter, st.sampled_from(NUMBERS)),
    st.builds(Recall, counter),
    st.builds(NoShow, counter),
    st.builds(Transfer, counter, st.sampled_from(FIELDS)),
    st.builds(Finish, counter),
    st.builds(SetCounterStatus, counter, st.sampled_from(["open", "paused", "closed"])),
    st.builds(Rate, counter, st.integers(0, 5)),
)
steps = st.lists(st.tuples(command, st.floats(0, 3)), max_size=120)


def check_invariants(state: FloorState) -> None:
    """Each ticket is in exactly one place, consistent with its status."""
    in_lines = Tally(t for line in state.lines.values() for _, t in line.priority + line.normal)
    held = Tally(c.current for c in state.counters.values() if c.current)
    assert all(n == 1 for n in in_lines.values()), "a ticket waits twice"
    assert all(n == 1 for n in held.values()), "a ticket is held by two counters"
    for ticket in state.tickets.values():
        assert ticket.status in ("waiting", "called", "served", "no_show")
        assert (ticket.status == "waiting") == (ticket.id in in_lines)
        assert (ticket.status == "called") == (ticket.id in held)
        if ticket.id in in_lines:
            line = state.lines[ticket.field]
            assert (ticket.order, ticket.id) in line.side(ticket)
    for c in state.counters.values():
        if c.current:
            assert state.tickets[c.current].counter == c.number


def eligible(state: FloorState, number: int) -> tuple[bool, bool]:
    """Return whether a priority and a normal ticket wait for a counter."""
    fields = state.counters[number].fields
    lines = [state.lines[f] for f in fields]
    return any(line.priority for line in lines), any(line.normal for line in lines)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_queue_invariants_hold(sequence: list[tuple[Command, float]]) -> None:
    limit = 2
    floor = Floor(center(priority_streak=limit))
    streak = dict.fromkeys(COUNTERS, 0)  # priority calls in a row while a normal waited
    issued = 0
    for cmd, minutes in sequence:
        floor.tick(minutes)
        before = eligible(floor.state, cmd.counter) if isinstance(cmd, CallNext) else None
        try:
            events = floor.do(cmd)
        except Rejected:
            continue
        issued += isinstance(cmd, IssueTicket)
        if before is not None and isinstance(events[-1], TicketCalled):
            prio_waiting, normal_waiting = before
            ticket = floor.state.tickets[floor.state.counters[cmd.counter].current or ""]
            if ticket.priority:
                streak[cmd.counter] = streak[cmd.counter] + 1 if normal_waiting else 0
                assert streak[cmd.counter] <= limit, "normal tickets starved"
            else:
                assert not prio_waiting or streak[cmd.counter] >= limit, "priority skipped"
                streak[cmd.counter] = 0
        check_invariants(floor.state)
    statuses = Tally(t.status for t in floor.state.tickets.values())
    assert sum(statuses.values()) == issued
    replayed = floor.replayed()
    assert replayed.tickets == floor.state.tickets
    assert replayed.counters == floor.state.counters
    assert replayed.lines == floor.state.lines
    assert replayed.next_number == floor.state.next_number


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(1, 5))
def test_priority_bound_for_any_ratio(kinds: list[bool], limit: int) -> None:
    """With both kinds waiting, a counter never calls more than `limit` priority in a row
    nor skips priority twice in a row."""
    floor = Floor(center(priority_streak=limit))
    for is_priority in kinds:
        floor.do(IssueTicket("chung_thuc", "elderly" if is_priority else None))
    run_priority = run_normal = 0
    for _ in kinds:
        prio_waiting, normal_waiting = eligible(floor.state, 1)
        floor.do(CallNext(1))
        ticket = floor.state.tickets[floor.state.counters[1].current or ""]
        if ticket.priority:
            run_priority = run_priority + 1 if normal_waiting else 0
            run_normal = 0
        else:
            run_normal = run_normal + 1 if prio_waiting else 0
            run_priority = 0
        assert run_priority <= limit
        assert run_normal <= 1
