"""The console under load never slows the floor: a counter's call over real mosquitto
is answered as fast while managers read reports of a long history and 200 browsers
sign in at once."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig, DeviceLimits
from floor.core.commands import IssueTicket
from tests.consolekit import RunningConsole, accounts, call_delays, fill_history

CALLS = 20
TICKETS = 1 + CALLS + 2 * 250
MAX_DELAY = 0.050
"""What the console's load may add to a call (the 90th percentile: on a shared test
machine the single worst call also measures the other processes)."""


@pytest.fixture
def center(center: CenterConfig) -> CenterConfig:
    """The demo center with its per-device rate limits lifted: counter-1 presses twice
    every 0.05 s here, far past a counter terminal's limit, to time calls, not limits."""
    return center.model_copy(update={"limits": DeviceLimits.lifted()})


def p90(times: list[float]) -> float:
    """The 90th percentile of sorted times."""
    return times[int(0.9 * (len(times) - 1))]


def test_reports_and_sign_ins_do_not_delay_a_call(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    days = fill_history(floor.db, days=40, per_day=600, last=date.today())
    console = RunningConsole(floor, accounts()).start()
    try:
        for _ in range(TICKETS):
            floor.submit(IssueTicket("chung_thuc"), "test")
        baseline, under = call_delays(console, days, ("reports", "logins"), alone=CALLS)
        typical = statistics.median(baseline)
        print(f"\ncall latency: median alone {typical * 1000:.1f} ms")
        for kind, (times, counts) in under.items():
            print(
                f"under {kind}: p90 {p90(times) * 1000:.1f} ms, worst {times[-1] * 1000:.1f} ms;"
                f" console answered {counts}"
            )
        reports = under["reports"][1]
        assert reports == {
            "/api/report 200": len(days),
            "/api/report/csv 200": len(days),
            "/api/events 200": len(days),
        }, reports
        logins = under["logins"][1]
        assert logins.get("login 200", 0) >= 3 and sum(logins.values()) == 600, logins
        for kind, (times, _counts) in under.items():
            assert len(times) >= CALLS // 2, (kind, len(times))
            assert p90(times) - typical <= MAX_DELAY, (kind, p90(times), typical)
    finally:
        console.stop()
