"""Growth bench: start-up time and memory after 1 and 5 years of history, against an empty log.

Each history is written by `tests/historykit.py` through the real core (about 300 tickets
a working day, with calls, finishes, no-shows, ratings and robot work; real first and last
weeks, the weeks between copied forward inside SQLite). For each event log a fresh child
process (`python bench/growth_bench.py --child DB URL`) opens the log, restores the state
(latest snapshot and the events after it), loads a week of command keys, connects to a real
mosquitto started here and answers one ticket request: that is "ready to serve". It prints
the time to that point and its memory (VmRSS, and the peak VmHWM). One more row shows the
1-year log with its snapshots removed: a full replay, what start-up cost before snapshots.

Target: 5 years ready in under 5 s. A benchmark, not a test: it prints PASS/MISS, exits 0.

    .venv/bin/python bench/growth_bench.py [--years 1 5] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_S = 5.0


def memory() -> dict[str, float]:
    """Return this process's resident and peak resident memory in MiB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}


def child(db: Path, url: str) -> None:
    """Start the orchestrator on `db`, serve one ticket request, print the figures as JSON."""
    from floor.config import load_catalog, load_center
    from floor.core.commands import IssueTicket
    from floor.eventlog import EventLog
    from floor.service import Orchestrator

    catalog = load_catalog()
    config = load_center(catalog=catalog)

    async def main() -> dict[str, float]:
        started = time.perf_counter()
        eventlog = EventLog(db)
        history = eventlog.head
        orchestrator = Orchestrator(catalog, config, eventlog, url)
        restored = time.perf_counter()
        ready = asyncio.Event()
        task = asyncio.create_task(orchestrator.run(ready))
        await ready.wait()
        ask = IssueTicket("chung_thuc", request_id="bench-1", device="kiosk-1")
        await orchestrator.submit(ask, "kiosk-1")
        served = time.perf_counter()
        figures = {
            "restore_s": restored - started,
            "ready_s": served - started,
            "events": history,
            "snapshot_at": orchestrator.snapshot_seq,
            "keys": len(orchestrator.handled),
            "tickets": len(orchestrator.state.tickets),
            **memory(),
        }
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        eventlog.close()
        return figures

    print(json.dumps(asyncio.run(main())), flush=True)


def start(db: Path, url: str) -> dict[str, float]:
    """Run one start-up in a fresh interpreter; return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), url],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--dir", type=Path, help="where to write the logs (a temporary one)")
    parser.add_argument("--child", nargs=2, metavar=("DB", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return

    from devices.mosquitto import Mosquitto
    from tests.floorkit import CATALOG, CENTER
    from tests.historykit import write_history

    today = datetime.now(ZoneInfo(CENTER.center.timezone)).date()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp, Mosquitto() as broker:
        rows: list[tuple[str, float | None, dict[str, float]]] = []
        empty = Path(tmp) / "empty.db"
        rows.append(("empty log (baseline)", None, start(empty, broker.url)))
        for years in args.years:
            db = Path(tmp) / f"{years:g}y.db"
            began = time.perf_counter()
            write_history(db, CATALOG, CENTER, years, today)
            made = time.perf_counter() - began
            rows.append((f"{years:g} year{'s' * (years != 1)}", made, start(db, broker.url)))
            if years == args.years[0]:
                bare = Path(tmp) / f"{years:g}y-no-snapshot.db"
                shutil.copyfile(db, bare)
                with closing(sqlite3.connect(bare)) as sql, sql:
                    sql.execute("DELETE FROM snapshots")
                rows.append((f"{rows[-1][0]}, no snapshot", None, start(bare, broker.url)))
            db.unlink()

    print(f"{'history':<26}{'events':>10}{'made in':>9}{'restore':>9}{'ready':>8}"
          f"{'RSS':>9}{'peak':>9}{'keys':>7}")  # fmt: skip
    for name, took, f in rows:
        made_s = "-" if took is None else f"{took:.1f} s"
        print(
            f"{name:<26}{int(f['events']):>10}{made_s:>9}{f['restore_s']:>7.2f} s"
            f"{f['ready_s']:>6.2f} s{f['VmRSS']:>5.0f} MiB{f['VmHWM']:>5.0f} MiB{int(f['keys']):>7}"
        )
    base = rows[0][2]
    longest = max((r for r in rows if "no snapshot" not in r[0]), key=lambda r: r[2]["events"])
    ready = longest[2]["ready_s"]
    verdict = "PASS" if ready < TARGET_S else "MISS"
    print(
        f"{verdict}: {longest[0]} ready in {ready:.2f} s (target < {TARGET_S:g} s; empty log "
        f"{base['ready_s']:.2f} s), RSS {longest[2]['VmRSS']:.0f} MiB "
        f"(empty log {base['VmRSS']:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
