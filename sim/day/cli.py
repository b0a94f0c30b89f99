"""`floor sim day | staffing | compare | scenario check`: the simulated center day."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from floor.config import ConfigError, load_catalog, load_center
from floor.core.catalog import Catalog, CenterConfig
from floor.core.events import event_to_dict
from floor.eventlog import CommandRecord, EventLog
from sim.day import kpi
from sim.day.engine import DaySim, Record, events_of
from sim.day.scenario import Scenario, load_scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the day simulator's commands to `floor sim`."""
    day = sub.add_parser("day", help="simulate center days in virtual time through the real core")
    _common(day)
    day.add_argument("--days", type=_days, default=1, help="working days to simulate (1)")
    day.add_argument("--out", type=Path, help="event log file to write (a new file)")
    day.add_argument("--json", type=Path, help="write the KPIs as JSON here")
    day.add_argument("--events", type=Path, help="write the event log as JSON lines here")
    day.set_defaults(handler=_cmd_day)

    staffing = sub.add_parser(
        "staffing", help="the fewest open counters per hour and field that meet a wait target"
    )
    _common(staffing)
    staffing.add_argument("--target", default="p90<=15", help='wait target ("p90<=15" minutes)')
    staffing.add_argument("--days", type=_days, default=5, help="days simulated per check (5)")
    staffing.add_argument("--svg", type=Path, default=Path("staffing.svg"), help="chart file")
    staffing.set_defaults(handler=_cmd_staffing)

    compare = sub.add_parser("compare", help="KPIs of two scenarios side by side, same seeds")
    compare.add_argument("a", type=Path, help="scenario A")
    compare.add_argument("b", type=Path, help="scenario B")
    compare.add_argument("--days", type=_days, default=5, help="days per scenario (5)")
    _center_options(compare)
    compare.set_defaults(handler=_cmd_compare)

    scenario = sub.add_parser("scenario", help="scenario files")
    ssub = scenario.add_subparsers(title="scenario commands", metavar="ACTION")
    check = ssub.add_parser("check", help="validate a scenario file against the catalog and center")
    check.add_argument("file", type=Path, help="scenario YAML file")
    _center_options(check)
    check.set_defaults(handler=_cmd_check)


def _days(text: str) -> int:
    """Read a count of days: a whole number from 1 to 1000."""
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number of days from 1 to 1000")
    return int(text)


def _center_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--center", type=Path, help="center YAML (the built-in demo center)")
    p.add_argument("--catalog", type=Path, help="catalog YAML (the built-in catalog)")
    p.add_argument("--seed", type=int, default=1, help="random seed (1)")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", type=Path, help="scenario YAML (the built-in Tam Bình day)")
    _center_options(p)


def _load(args: argparse.Namespace, path: Path | None) -> tuple[Catalog, CenterConfig, Scenario]:
    catalog = load_catalog(args.catalog)
    config = load_center(args.center, catalog)
    return catalog, config, load_scenario(path, catalog, config)


def simulate(
    catalog: Catalog, config: CenterConfig, scenario: Scenario, seed: int, days: int
) -> tuple[DaySim, list[dict[str, float]]]:
    """Run the days and return the simulator and each day's KPIs."""
    sim = DaySim(catalog, config, scenario, seed)
    fields = [f.id for f in catalog.fields]
    levels = config.policy.rating_levels
    refresh = config.robot_policy.refresh_after_min
    return sim, [kpi.day_kpis(r, fields, levels, refresh) for r in sim.run(days)]


def log_lines(records: list[Record]) -> str:
    """Return the records as JSON lines: command key, source, outcome and events."""
    out = []
    for record in records:
        if isinstance(record, CommandRecord):
            events = [[type(e).__name__, event_to_dict(e)] for e in record.events]
            item: dict[str, Any] = {"key": record.key, "source": record.source,
                                    "at": record.received_at, "outcome": record.outcome,
                                    "events": events}  # fmt: skip
        else:
            item = {"events": [[type(record).__name__, event_to_dict(record)]]}
        out.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(out) + "\n"


def _cmd_day(args: argparse.Namespace) -> int:
    catalog, config, scenario = _load(args, args.scenario)
    if args.out is not None and args.out.exists() and args.out.stat().st_size:
        raise ConfigError(f"{args.out}: already exists; the simulated days go to a new file")
    started = time.perf_counter()
    sim, days = simulate(catalog, config, scenario, args.seed, args.days)
    wall = time.perf_counter() - started
    fields = [f.id for f in catalog.fields]
    print(f"{scenario.name}: {args.days} ngày, seed {args.seed}")
    print(kpi.table(kpi.summarise(days), fields))
    citizens = sum(len(r.citizens) for r in sim.results)
    events = sum(1 for _ in events_of(sim.records))
    span = sum(r.ends - r.opens for r in sim.results)
    print(f"\n{citizens} citizens, {events} events in {wall:.2f} s "
          f"({citizens / wall:.0f} citizens/s, {events / wall:.0f} events/s, "
          f"{span / wall:.0f}× real time)")  # fmt: skip
    meta = {"scenario": scenario.name, "seed": args.seed, "days_simulated": args.days}
    if args.json:
        args.json.write_text(kpi.dumps(kpi.report(meta, days)), encoding="utf-8")
        print(f"wrote {args.json}")
    if args.events:
        args.events.write_text(log_lines(sim.records), encoding="utf-8")
        print(f"wrote {args.events}")
    if args.out:
        log = EventLog(args.out, "NORMAL")
        try:
            log.append(sim.records)
        finally:
            log.close()
        print(f"wrote {args.out}: floor run --db {args.out} shows these days")
    return 0


def _cmd_staffing(args: argparse.Namespace) -> int:
    from sim.day.staffing import Target, confirm, svg, table

    catalog, config, scenario = _load(args, args.scenario)
    try:
        target = Target.parse(args.target)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    plan = confirm(catalog, config, scenario, target, days=args.days, seed=args.seed)
    names = {f.id: f.name.vi for f in catalog.fields}
    print(f"{scenario.name}: p{target.quantile * 100:.0f} ≤ {target.minutes:g} phút "
          f"({plan.rounds} vòng mô phỏng × {args.days} ngày)")  # fmt: skip
    print("số quầy mỗi lĩnh vực [p90 mô phỏng, phút]:")
    print(table(plan, {f: f for f in plan.fields}))
    print("\nstaffing:")
    for entry in plan.staffing():
        print(f'  - {{at: "{entry.at}", open: [{", ".join(map(str, entry.open))}]}}')
    title = (
        f"{scenario.name}: quầy mở theo giờ (p{target.quantile * 100:.0f} ≤ {target.minutes:g}′)"
    )
    args.svg.write_text(svg(plan, names, title), encoding="utf-8")
    print(f"wrote {args.svg}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    catalog, config, a = _load(args, args.a)
    b = load_scenario(args.b, catalog, config)
    _, days_a = simulate(catalog, config, a, args.seed, args.days)
    _, days_b = simulate(catalog, config, b, args.seed, args.days)
    print(f"A: {args.a} ({a.name})\nB: {args.b} ({b.name})\n{args.days} ngày, seed {args.seed}")
    print(f"{'':34} {'A':>10} {'B':>10} {'B − A':>18}")
    for key in days_a[0]:
        if not key.startswith(("overall.", "priority.", "refresh.", "rating.mean")):
            continue
        pairs = [
            (da[key], db[key])
            for da, db in zip(days_a, days_b, strict=True)
            if key in da and key in db
        ]
        if not pairs:
            continue
        ma = sum(p[0] for p in pairs) / len(pairs)
        mb = sum(p[1] for p in pairs) / len(pairs)
        diff, half = kpi.mean_ci([p[1] - p[0] for p in pairs])
        print(f"{key:34} {ma:10.2f} {mb:10.2f} {diff:+10.2f} ±{half:.2f}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    _, _, scenario = _load(args, args.file)
    counts = f"{len(scenario.procedures)} procedures, {len(scenario.staffing)} staffing entries"
    print(f"{args.file}: {scenario.name}: {scenario.visitors:g} visitors, {counts}: ok")
    return 0
