"""Unit tests of the pure floor core."""

from __future__ import annotations

import pytest

from floor.core.commands import (
    CallNext,
    CallTicket,
    Finish,
    IssueTicket,
    NoShow,
    Rate,
    Recall,
    SetCounterFields,
    SetCounterStatus,
    Transfer,
)
from floor.core.errors import Rejected
from floor.core.events import DayStarted, TicketCalled, TicketFinished, TicketIssued
from floor.core.queueing import estimate
from tests.floorkit import Floor, center


def issue(floor: Floor, procedure: str = "chung_thuc", **kw: object) -> TicketIssued:
    events = floor.do(IssueTicket(procedure, **kw))  # type: ignore[arg-type]
    issued = events[-1]
    assert isinstance(issued, TicketIssued)
    return issued


def called(events: list[object]) -> str:
    call = events[-1]
    assert isinstance(call, TicketCalled)
    return call.ticket.split("/")[1]


def test_numbers_are_prefix_and_three_digits_per_prefix() -> None:
    floor = Floor()
    assert [issue(floor).number for _ in range(3)] == ["A001", "A002", "A003"]
    assert issue(floor, "khai_sinh").number == "B001"
    assert issue(floor, "ket_hon").number == "B002"


def test_numbering_restarts_each_day_and_old_tickets_leave_the_state() -> None:
    floor = Floor()
    first = issue(floor)
    issue(floor)  # the same day: no new day starts
    monday = floor.now.date()
    floor.tick(24 * 60)
    events = floor.do(IssueTicket("chung_thuc"))
    days = [e.day for e in floor.log if isinstance(e, DayStarted)]
    assert days == [monday, floor.now.date()]
    assert [type(e) for e in floor.log[-2:]] == [DayStarted, TicketIssued]  # the day comes first
    assert events[-1].number == "A001"  # type: ignore[union-attr]
    assert first.ticket not in floor.state.tickets
    assert list(floor.state.tickets) == [events[-1].ticket]  # type: ignore[union-attr]
    assert len(floor.state.lines["chung_thuc"]) == 1


def test_unknown_procedure_is_rejected() -> None:
    floor = Floor()
    with pytest.raises(Rejected) as err:
        floor.do(IssueTicket("lam_giay_phep_lai_xe"))
    assert err.value.code == "unknown_procedure"


def test_call_next_takes_oldest_across_fields_and_finishes_current() -> None:
    floor = Floor()
    b1 = issue(floor, "khai_sinh")  # counter 4 serves chung_thuc and ho_tich
    a1 = issue(floor, "chung_thuc")
    assert called(floor.do(CallNext(4))) == b1.number
    events = floor.do(CallNext(4))
    assert isinstance(events[0], TicketFinished) and events[0].ticket == b1.ticket
    assert called(events) == a1.number
    assert floor.state.counters[4].served_today == 1
    with pytest.raises(Rejected):
        floor.do(CallNext(5))  # ho_tich only: nothing waits


def test_counter_only_calls_its_fields() -> None:
    floor = Floor()
    issue(floor, "dat_dai")
    with pytest.raises(Rejected) as err:
        floor.do(CallNext(1))
    assert err.value.code == "queue_empty"
    b = issue(floor, "khai_tu")
    with pytest.raises(Rejected) as err:
        floor.do(CallTicket(1, b.number))
    assert err.value.code == "wrong_field"


def test_priority_interleave_bound() -> None:
    floor = Floor(center(priority_streak=2))
    normals = [issue(floor).number for _ in range(3)]
    prios = [issue(floor, priority="elderly").number for _ in range(4)]
    order = [called(floor.do(CallNext(1))) for _ in range(7)]
    assert order == [prios[0], prios[1], normals[0], prios[2], prios[3], normals[1], normals[2]]


def test_call_specific_number_and_recall() -> None:
    floor = Floor()
    issue(floor)
    second = issue(floor)
    assert called(floor.do(CallTicket(2, "a002"))) == second.number
    recall = floor.do(Recall(2))
    assert recall[0].ticket == second.ticket  # type: ignore[union-attr]
    with pytest.raises(Rejected) as err:
        floor.do(CallTicket(3, "A002"))
    assert err.value.code == "not_waiting"


def test_no_show_requeues_once_then_drops() -> None:
    floor = Floor(center(no_show_requeue=1))
    t = issue(floor)
    issue(floor)
    floor.do(CallNext(1))
    floor.do(NoShow(1))
    assert floor.state.tickets[t.ticket].status == "waiting"
    assert floor.state.lines["chung_thuc"].normal[-1][1] == t.ticket  # back of the line
    floor.do(CallTicket(1, t.number))
    floor.do(NoShow(1))
    assert floor.state.tickets[t.ticket].status == "no_show"


def test_transfer_keeps_number_and_goes_to_new_field() -> None:
    floor = Floor()
    t = issue(floor)
    floor.do(CallNext(1))
    floor.do(Transfer(1, "ho_tich"))
    ticket = floor.state.tickets[t.ticket]
    assert (ticket.number, ticket.field, ticket.status) == ("A001", "ho_tich", "waiting")
    assert called(floor.do(CallNext(5))) == "A001"
    with pytest.raises(Rejected) as err:
        floor.do(Transfer(5, "khong_co"))
    assert err.value.code == "unknown_field"


def test_counter_status_rules() -> None:
    floor = Floor()
    issue(floor)
    floor.do(SetCounterStatus(1, "paused"))
    with pytest.raises(Rejected) as err:
        floor.do(CallNext(1))
    assert err.value.code == "counter_not_open"
    floor.do(SetCounterStatus(1, "open"))
    floor.do(CallNext(1))
    with pytest.raises(Rejected) as err:
        floor.do(SetCounterStatus(1, "closed"))
    assert err.value.code == "serving"
    floor.do(Finish(1))
    floor.do(SetCounterStatus(1, "closed"))
    assert floor.state.counters[1].status == "closed"
    with pytest.raises(Rejected):
        floor.do(SetCounterStatus(99, "open"))


def test_counter_fields_can_change() -> None:
    floor = Floor()
    floor.do(SetCounterFields(1, ("ho_tich",)))
    issue(floor, "khai_sinh")
    assert called(floor.do(CallNext(1))) == "B001"
    with pytest.raises(Rejected):
        floor.do(SetCounterFields(1, ("vu_tru",)))


def test_rating_links_to_last_served_ticket_once() -> None:
    floor = Floor()
    with pytest.raises(Rejected) as err:
        floor.do(Rate(3, 1))
    assert err.value.code == "nothing_to_rate"
    t = issue(floor)
    floor.do(CallNext(3))
    floor.do(Finish(3))
    with pytest.raises(Rejected) as err:
        floor.do(Rate(3, 5))
    assert err.value.code == "out_of_range"
    floor.do(Rate(3, 2))
    assert floor.state.tickets[t.ticket].rating == 2
    with pytest.raises(Rejected) as err:
        floor.do(Rate(3, 1))
    assert err.value.code == "already_rated"


def test_wait_estimate_follows_live_service_times() -> None:
    floor = Floor()
    tickets = [issue(floor) for _ in range(7)]
    last = floor.state.tickets[tickets[-1].ticket]
    before = estimate(floor.state, last)
    assert before.people_ahead == 6 and before.counters_open == 4
    for _ in range(3):  # counters 1..4 serve chung_thuc; service takes 20 minutes each
        floor.do(CallNext(1))
        floor.tick(20)
        floor.do(Finish(1))
    after = estimate(floor.state, last)
    assert after.people_ahead == 3
    assert after.minutes == 15  # 3 ahead x 20 min / 4 open counters
    floor.do(SetCounterStatus(2, "paused"))
    assert estimate(floor.state, last).minutes == 20


def test_replay_equals_live() -> None:
    floor = Floor()
    for _ in range(5):
        issue(floor, priority="pregnant")
        issue(floor, "khai_sinh")
    floor.do(CallNext(4))
    floor.do(NoShow(4))
    floor.do(CallNext(4))
    floor.do(Transfer(4, "cong_an"))
    floor.do(CallNext(11))
    floor.do(Finish(11))
    floor.do(Rate(11, 1))
    replayed = floor.replayed()
    assert replayed.tickets == floor.state.tickets
    assert replayed.counters == floor.state.counters
    assert replayed.lines == floor.state.lines


def test_reasons_only_go_with_the_unhappiest_level() -> None:
    floor = Floor()
    issue(floor)
    floor.do(CallNext(3))
    floor.do(Finish(3))
    with pytest.raises(Rejected) as err:
        floor.do(Rate(3, 2, reasons=("wait_time",)))
    assert err.value.code == "reasons_not_unhappy"
    floor.do(Rate(3, 4, reasons=("wait_time", "unclear_guidance")))
    replayed = floor.replayed()
    assert next(iter(replayed.tickets.values())).rating == 4
    assert floor.log[-1].reasons == ("wait_time", "unclear_guidance")  # type: ignore[union-attr]
