"""The console under load never slows the floor: a counter's call over real mosquitto
is answered as fast while managers read reports of a long history and 200 browsers
sign in at once."""

from __future__ import annotations

import statistics
import time
from datetime import date

from devices.mosquitto import Mosquitto
from floor.core.commands import IssueTicket
from tests.consolekit import Load, RunningConsole, accounts, fill_history

CALLS = 20
TICKETS = 700
MAX_DELAY = 0.050
"""What the console's load may add to a call (the 90th percentile: on a shared test
machine the single worst call also measures the other processes)."""


def test_reports_and_sign_ins_do_not_delay_a_call(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    days = fill_history(floor.db, days=40, per_day=600, last=date.today())
    console = RunningConsole(floor, accounts()).start()
    try:
        for _ in range(TICKETS):
            floor.submit(IssueTicket("chung_thuc"), "test")
        with floor.device("counter-1") as counter, floor.device("display-1") as display:

            called: set[str] = set()

            def call() -> float:
                """Time call_next -> the display's call of a new number (after finishing)."""
                counter.send("finish")
                started = time.perf_counter()
                counter.send("call_next")
                got = display.wait_for(
                    lambda m: m.name == "call" and m.data["number"] not in called
                ).data
                assert got["counter"] == 1
                called.add(got["number"])
                return time.perf_counter() - started

            call()  # the first call warms up the path
            baseline = statistics.median(call() for _ in range(CALLS))
            figures = {}
            for kind in ("reports", "logins"):
                under = []
                with Load(console.url, kind, days) as load:
                    while load.running(pace=0.1):
                        under.append(call())
                assert len(under) >= CALLS, (kind, len(under))
                under.sort()
                figures[kind] = (under[int(0.9 * len(under))], under[-1], load.counts)
            print(f"\ncall latency: median alone {baseline * 1000:.1f} ms")
            for kind, (p90, worst, counts) in figures.items():
                print(
                    f"under {kind}: p90 {p90 * 1000:.1f} ms, worst {worst * 1000:.1f} ms; "
                    f"console answered {counts}"
                )
            reports = figures["reports"][2]
            assert reports == {"/api/report 200": len(days), "/api/events 200": len(days)}, reports
            logins = figures["logins"][2]
            assert logins.get("login 200", 0) >= 3 and sum(logins.values()) == 600, logins
            for kind, (p90, _worst, _counts) in figures.items():
                assert p90 - baseline <= MAX_DELAY, (kind, p90, baseline)
    finally:
        console.stop()
