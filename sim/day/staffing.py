"""Staffing what-if: the fewest open counters, hour by hour and field by field, that meet a
wait target. Erlang C gives the first guess; the simulator confirms and adds counters where
the simulated waits still miss it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from floor.core.catalog import Catalog, CenterConfig
from sim.day.citizens import Citizen
from sim.day.engine import DaySim
from sim.day.kpi import percentile
from sim.day.scenario import Scenario, Staffing, seconds
from sim.day.theory import servers_for

BLOCK_S = 3600


@dataclass(frozen=True, slots=True)
class Target:
    """A wait target such as "p90<=15": the quantile's wait at most this many minutes."""

    quantile: float
    minutes: float

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read "pNN<=M"; raise ValueError with the expected form otherwise."""
        found = re.fullmatch(r"\s*p(\d{1,2})\s*<=\s*(\d+(?:\.\d+)?)\s*", text)
        if not found:
            raise ValueError(f"target {text!r}: expected a form like p90<=15 (minutes)")
        return cls(int(found.group(1)) / 100, float(found.group(2)))


@dataclass(slots=True)
class Plan:
    """Counters per field for each hour block, the counters chosen, and what was confirmed."""

    blocks: list[tuple[int, int]]
    fields: list[str]
    need: dict[tuple[int, str], int]
    counters: dict[int, list[int]] = field(default_factory=dict)
    short: dict[tuple[int, str], int] = field(default_factory=dict)
    p90: dict[tuple[int, str], float] = field(default_factory=dict)
    rounds: int = 0

    def staffing(self) -> list[Staffing]:
        """Return the plan as scenario staffing entries."""
        return [Staffing(at=_clock(a), open=self.counters[a]) for a, _ in self.blocks]


def blocks_of(scenario: Scenario) -> list[tuple[int, int]]:
    """Return the hour blocks of the opening hours (from each session's opening)."""
    out = []
    for session in scenario.sessions:
        t, end = seconds(session.open), seconds(session.close)
        while t < end:
            out.append((t, min(t + BLOCK_S, end)))
            t += BLOCK_S
    return out


def first_guess(catalog: Catalog, scenario: Scenario, target: Target) -> Plan:
    """Return the Erlang C counters each field needs in each hour block."""
    blocks = blocks_of(scenario)
    total = sum(p.share for p in scenario.procedures)
    by_field: dict[str, list[tuple[float, float]]] = {}
    for mix in scenario.procedures:
        proc = catalog.procedure(mix.id)
        assert proc is not None
        minutes = scenario.mean_minutes(catalog, mix.id)
        by_field.setdefault(proc.field, []).append((mix.share / total, minutes * 60.0))
    slots = scenario.slots()
    need: dict[tuple[int, str], int] = {}
    for start, end in blocks:
        expected = sum(n * _overlap(a, b, start, end) / (b - a) for a, b, n in slots)
        for fid, parts in by_field.items():
            share = sum(s for s, _ in parts)
            service = sum(s * m for s, m in parts) / share
            rate = expected * share / (end - start)
            need[(start, fid)] = servers_for(rate, service, target.quantile, target.minutes * 60)
    return Plan(blocks, sorted(by_field), need)


def choose_counters(plan: Plan, config: CenterConfig) -> None:
    """Pick counters for each block's needs: the fields with the fewest counters able to
    serve them choose first, each taking dedicated counters first; note shortfalls."""
    plan.counters, plan.short = {}, {}
    able = {f: sum(f in c.fields for c in config.counters) for f in plan.fields}
    for start, _ in plan.blocks:
        taken: set[int] = set()
        order = sorted(plan.fields, key=lambda f: (able[f], -plan.need[(start, f)], f))
        for fid in order:
            can = [c for c in config.counters if fid in c.fields and c.number not in taken]
            can.sort(key=lambda c: (len(c.fields), c.number))
            want = plan.need[(start, fid)]
            picked = [c.number for c in can[:want]]
            taken.update(picked)
            if len(picked) < want:
                plan.short[(start, fid)] = want - len(picked)
        plan.counters[start] = sorted(taken)


def confirm(
    catalog: Catalog,
    config: CenterConfig,
    scenario: Scenario,
    target: Target,
    days: int = 5,
    seed: int = 0,
    rounds: int = 8,
) -> Plan:
    """Start from Erlang C, then simulate and add a counter where the target is missed."""
    plan = first_guess(catalog, scenario, target)
    for done in range(1, rounds + 1):
        plan.rounds = done
        choose_counters(plan, config)
        trial = scenario.model_copy(update={"staffing": plan.staffing()})
        citizens = [c for r in DaySim(catalog, config, trial, seed).run(days) for c in r.citizens]
        plan.p90 = block_quantiles(plan, citizens, target.quantile)
        missed = [
            key for key, wait in plan.p90.items()
            if wait > target.minutes and key not in plan.short
        ]  # fmt: skip
        if not missed:
            break
        for key in missed:
            plan.need[key] += 1
    return plan


def block_quantiles(
    plan: Plan, citizens: list[Citizen], quantile: float
) -> dict[tuple[int, str], float]:
    """Return the simulated wait quantile (minutes) by arrival block and field."""
    waits: dict[tuple[int, str], list[float]] = {}
    for citizen in citizens:
        if citizen.wait_s is None:
            continue
        block = next((a for a, b in plan.blocks if a <= citizen.arrived < b), None)
        if block is not None:
            waits.setdefault((block, citizen.field), []).append(citizen.wait_s / 60.0)
    return {k: percentile(v, quantile * 100) for k, v in waits.items()}


def table(plan: Plan, names: dict[str, str]) -> str:
    """Return the plan as text: a row per hour block, counters per field, chosen counters."""
    heads = ["giờ", *(names.get(f, f) for f in plan.fields), "quầy mở"]
    rows = [heads]
    for start, end in plan.blocks:
        row = [f"{_clock(start)}–{_clock(end)}"]
        for fid in plan.fields:
            cell = str(plan.need[(start, fid)])
            if (start, fid) in plan.short:
                cell += f" (thiếu {plan.short[(start, fid)]})"
            p90 = plan.p90.get((start, fid))
            cell += f" [{p90:.0f}′]" if p90 is not None else ""
            row.append(cell)
        row.append(",".join(map(str, plan.counters.get(start, []))))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]


def svg(plan: Plan, names: dict[str, str], title: str) -> str:
    """Return the plan as an SVG chart: a stacked bar of counters per field for each hour."""
    bar, gap, unit, top, left = 48, 16, 22, 50, 40
    most = max((base_total(plan, a) for a, _ in plan.blocks), default=1)
    height = top + most * unit + 60 + 18 * len(plan.fields)
    width = left + len(plan.blocks) * (bar + gap) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<text x="{left}" y="20" font-size="14">{escape(title)}</text>',
    ]
    base = top + most * unit
    for i, (start, _) in enumerate(plan.blocks):
        x = left + i * (bar + gap)
        y = base
        for j, fid in enumerate(plan.fields):
            n = plan.need[(start, fid)]
            if n:
                y -= n * unit
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{bar}" height="{n * unit}" '
                    f'fill="{COLOURS[j % len(COLOURS)]}" stroke="#fff"/>'
                )
                parts.append(f'<text x="{x + bar / 2}" y="{y + n * unit / 2 + 4}" '
                             f'text-anchor="middle" fill="#fff">{n}</text>')  # fmt: skip
        total = base_total(plan, start)
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle">{total}</text>')
        parts.append(f'<text x="{x}" y="{base + 16}">{_clock(start)}</text>')
    for j, fid in enumerate(plan.fields):
        y = base + 36 + 18 * j
        parts.append(f'<rect x="{left}" y="{y - 10}" width="12" height="12" '
                     f'fill="{COLOURS[j % len(COLOURS)]}"/>')  # fmt: skip
        parts.append(f'<text x="{left + 18}" y="{y}">{escape(names.get(fid, fid))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def base_total(plan: Plan, start: int) -> int:
    """Return how many counters the plan opens in a block."""
    return sum(plan.need[(start, f)] for f in plan.fields)


def _overlap(a: int, b: int, start: int, end: int) -> int:
    return max(0, min(b, end) - max(a, start))


def _clock(t: int) -> str:
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}"
