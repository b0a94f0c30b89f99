"""Day simulator bench: how fast a simulated center day runs through the real core.

    .venv/bin/python bench/simday_bench.py [--seed 1]

1. The default day (Tam Bình: ~290 citizens, 12 counters, 3 robots); target ≤ 2 s.
2. A big center's day (~3,000 citizens, 78 counters, 3 robots); target ≤ 20 s.
Each prints wall time, citizens and events per second and how many times faster than
real time the day ran. Same-run baselines: the default day without robots, and the
core's fold alone (replaying the default day's events into a fresh state).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from floor.config import load_catalog, load_center
from floor.core.catalog import Catalog, CenterConfig, CounterSpec
from floor.core.state import FloorState
from sim.day.engine import DaySim, events_of
from sim.day.scenario import Scenario, load_scenario

BIG_COUNTERS = {"chung_thuc": 14, "ho_tich": 16, "cong_an": 13, "dat_dai_xay_dung": 16,
                "kinh_te": 10, "van_hoa_xa_hoi": 9}  # fmt: skip
BIG_MIX = [("chung_thuc", 0.3, 5), ("khai_sinh", 0.1, 10), ("ket_hon", 0.1, 10),
           ("can_cuoc", 0.2, 8), ("dat_dai", 0.1, 20), ("ho_kinh_doanh", 0.1, 12),
           ("tro_cap_xa_hoi", 0.1, 10)]  # fmt: skip


def big_center(config: CenterConfig) -> CenterConfig:
    """Return a district-sized center: the demo center's map and robots, 78 counters."""
    counters, number = [], 1
    for field, count in BIG_COUNTERS.items():
        for _ in range(count):
            counters.append(CounterSpec(number=number, fields=[field]))
            number += 1
    return config.model_copy(update={"counters": counters, "devices": []})


def big_scenario(scenario: Scenario) -> Scenario:
    """Return the default day scaled to 3,000 visitors with a wider mix, faster counters."""
    procedures = [
        {"id": pid, "share": share, "minutes": minutes, "sigma": 0.5}
        for pid, share, minutes in BIG_MIX
    ]
    data = scenario.model_dump()
    data.update(name="Trung tâm lớn – 3.000 lượt", visitors=3000, staffing=[],
                procedures=procedures)  # fmt: skip
    return Scenario.model_validate(data)


def run(label: str, catalog: Catalog, config: CenterConfig, scenario: Scenario, seed: int,
        target: float | None) -> DaySim:  # fmt: skip
    """Simulate one day and print its figures."""
    started = time.perf_counter()
    sim = DaySim(catalog, config, scenario, seed)
    result = sim.run(1)[0]
    wall = time.perf_counter() - started
    citizens = len(result.citizens)
    events = sum(1 for _ in events_of(sim.records))
    span = result.ends - result.opens
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:g} s: {'ok' if wall <= target else 'MISSED'}"
    rates = f"{citizens / wall:8.0f}/s  {events:7d} events {events / wall:8.0f}/s"
    print(f"{label:<34} {wall:7.2f} s  {citizens:6d} citizens {rates}  "
          f"{span / wall:8.0f}× real time{verdict}")  # fmt: skip
    return sim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    catalog = load_catalog()
    config = load_center(catalog=catalog)
    scenario = load_scenario(None, catalog, config)
    print(f"day simulator bench (seed {args.seed})")
    sim = run("default day (12 counters, 3 robots)", catalog, config, scenario, args.seed, 2.0)
    no_robots = scenario.model_copy(
        update={"robots": scenario.robots.model_copy(update={"enabled": False})}
    )
    run("baseline: default day, robots off", catalog, config, no_robots, args.seed, None)
    events = list(events_of(sim.records))
    started = time.perf_counter()
    state = FloorState.initial(catalog, config)
    for event in events:
        state.apply(event)
    fold = time.perf_counter() - started
    print(f"{'baseline: core fold of that day':<34} {fold:7.2f} s  "
          f"{len(events):7d} events {len(events) / fold:8.0f}/s")  # fmt: skip
    big = big_center(config)
    run("big center day (78 counters)", catalog, big, big_scenario(scenario), args.seed, 20.0)


if __name__ == "__main__":
    main()
