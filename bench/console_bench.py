"""Console bench: does the console's load slow the floor's calls? And what does one open
console cost on the wire?

One run: a real mosquitto, the orchestrator and its console on one loop (as `floor run`),
a history of DAYS closed days of PER_DAY tickets. A counter's `call_next` -> the display's
`cmd/call` is timed alone (the same-run baseline), then while 5 clients read every closed
day's report and event log, then while 3 bursts of 200 sign-ins come from 600 addresses.
Target: the 90th percentile under load within 50 ms of the median alone. A benchmark,
not a test: it prints the figures and PASS/MISS, and exits 0 either way.

Then one console follows /api/live for --stream seconds while the floor is busy: bytes on
the wire per minute (deltas, gzip) against the same run's whole view, uncompressed, per
update (what the stream sent before); and the page weight, gzipped and raw.

    .venv/bin/python bench/console_bench.py [--days 40] [--per-day 600] [--stream 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.mosquitto import Mosquitto  # noqa: E402
from floor.core.catalog import DeviceLimits  # noqa: E402
from floor.core.commands import IssueTicket  # noqa: E402
from tests.conftest import RunningFloor  # noqa: E402
from tests.consolekit import (  # noqa: E402
    RunningConsole,
    accounts,
    call_delays,
    fill_history,
    page_weight,
    stream_figures,
)
from tests.floorkit import CENTER  # noqa: E402

TARGET_MS = 50.0


def _ms(times: list[float], q: float) -> float:
    return 1000 * times[int(q * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--per-day", type=int, default=600)
    parser.add_argument("--stream", type=float, default=60.0, help="seconds to follow /api/live")
    args = parser.parse_args()
    center = CENTER.model_copy(  # limits lifted: the bench presses far faster than a terminal
        update={
            "center": CENTER.center.model_copy(update={"id": f"b{uuid.uuid4().hex[:8]}"}),
            "limits": DeviceLimits.lifted(),
        }
    )
    with Mosquitto() as broker, tempfile.TemporaryDirectory() as tmp:
        floor = RunningFloor(broker.url, center, Path(tmp) / "floor.db").start()
        days = fill_history(floor.db, args.days, args.per_day, date.today())
        console = RunningConsole(floor, accounts()).start()
        try:
            for _ in range(900):
                floor.submit(IssueTicket("chung_thuc"), "bench")
            baseline, under = call_delays(console, days, ("reports", "logins"), alone=100)
            stream = stream_figures(console, args.stream)
            sent, raw = page_weight(console.url)
        finally:
            console.stop()
            floor.stop()
    typical = statistics.median(baseline)
    events = args.days * args.per_day * 4
    print(f"history: {args.days} days x {args.per_day} tickets ({events} events)")
    print(
        f"alone:   n={len(baseline)} p50 {_ms(baseline, 0.5):.1f} p90 {_ms(baseline, 0.9):.1f} "
        f"p99 {_ms(baseline, 0.99):.1f} max {_ms(baseline, 1):.1f} ms"
    )
    for kind, (times, counts) in under.items():
        added = _ms(times, 0.9) - 1000 * typical
        verdict = "PASS" if added <= TARGET_MS else "MISS"
        print(
            f"{kind}: n={len(times)} p50 {_ms(times, 0.5):.1f} p90 {_ms(times, 0.9):.1f} "
            f"p99 {_ms(times, 0.99):.1f} max {_ms(times, 1):.1f} ms; "
            f"p90 adds {added:.1f} ms (target <= {TARGET_MS:.0f}) {verdict}; answers {counts}"
        )

    print(
        f"live stream: {stream['updates_per_min']:.0f} updates/min; on the wire "
        f"{stream['wire_bytes_per_min'] / 1000:.1f} kB/min (deltas, gzip) vs the whole view "
        f"per update {stream['whole_view_bytes_per_min'] / 1000:.1f} kB/min "
        f"(view {stream['view_bytes'] / 1000:.1f} kB)"
    )
    print(f"page weight: {sent / 1000:.1f} kB gzipped, {raw / 1000:.1f} kB raw")


if __name__ == "__main__":
    main()
