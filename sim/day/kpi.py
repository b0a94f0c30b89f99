"""KPIs of simulated days: per field and overall, with a 95% confidence interval over days."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable
from typing import Any

from sim.day.citizens import Citizen
from sim.day.engine import DayResult

# Student's t, two-sided 95%, by degrees of freedom (1..30); 1.96 beyond.
_T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]  # fmt: skip
OUTCOMES = ("served", "walked_away", "gave_up", "no_show")


def t95(df: int) -> float:
    """Return Student's t quantile for a two-sided 95% interval."""
    return _T95[df - 1] if 1 <= df <= len(_T95) else 1.96


def mean_ci(values: list[float]) -> tuple[float, float]:
    """Return the mean and the half-width of its 95% confidence interval (0 for one value)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, t95(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile `q` (0..100) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _scope(citizens: list[Citizen]) -> dict[str, float]:
    """Return the flow and wait figures of a group of citizens."""
    out: dict[str, float] = {"arrivals": len(citizens)}
    for outcome in OUTCOMES:
        out[outcome] = sum(1 for c in citizens if c.outcome == outcome)
    waits = [c.wait_s / 60.0 for c in citizens if c.wait_s is not None and c.outcome == "served"]
    if waits:
        out["wait_mean_min"] = statistics.fmean(waits)
        out["wait_p50_min"] = percentile(waits, 50)
        out["wait_p90_min"] = percentile(waits, 90)
        out["wait_max_min"] = max(waits)
        out["over_15_share"] = sum(w > 15 for w in waits) / len(waits)
        out["over_30_share"] = sum(w > 30 for w in waits) / len(waits)
    guessed = [
        (c.estimate_min, c.naive_min, c.wait_s / 60.0, c.ahead)
        for c in citizens
        if c.outcome == "served" and c.wait_s is not None and c.estimate_min is not None
    ]
    for suffix, group in (("", guessed), ("_ahead", [g for g in guessed if g[3]])):
        if not group:
            continue
        for name, pick in (("estimate", 0), ("naive", 1)):
            errors = [float(g[pick] or 0.0) - g[2] for g in group]
            out[f"{name}{suffix}_mae_min"] = statistics.fmean(abs(e) for e in errors)
            out[f"{name}{suffix}_bias_min"] = statistics.fmean(errors)
    return out


def day_kpis(
    result: DayResult, fields: Iterable[str], rating_levels: int, refresh_after_min: int
) -> dict[str, float]:
    """Return one day's KPIs as a flat mapping (`overall.x`, `field.F.x`, `counter.N.x`, …)."""
    cs = result.citizens
    out = {f"overall.{k}": v for k, v in _scope(cs).items()}
    out["overall.longest_queue"] = max(result.longest.values(), default=0)
    busy, opened = sum(result.busy_s.values()), sum(result.open_s.values())
    out["overall.utilisation"] = busy / opened if opened else 0.0
    out["overall.overtime_min"] = max(0, result.ends - result.closes) / 60.0
    for field in fields:
        mine = [c for c in cs if c.field == field]
        out.update({f"field.{field}.{k}": v for k, v in _scope(mine).items()})
        out[f"field.{field}.longest_queue"] = result.longest.get(field, 0)
    for number in sorted(result.busy_s):
        opened_s = result.open_s[number]
        out[f"counter.{number}.utilisation"] = result.busy_s[number] / opened_s if opened_s else 0.0
    priority = [c for c in cs if c.priority]
    out["priority.arrivals"] = len(priority)
    greeted = [c.greeted - c.arrived for c in priority if c.greeted is not None]
    out["priority.greeted_share"] = len(greeted) / len(priority) if priority else 0.0
    if greeted:
        out["priority.to_greeted_min"] = statistics.fmean(greeted) / 60.0
    at_counter = [c.at_counter - c.arrived for c in priority if c.at_counter is not None]
    if at_counter:
        out["priority.to_counter_min"] = statistics.fmean(at_counter) / 60.0
    out["priority.escorts"] = result.escorts
    out["priority.escorts_done"] = result.escorts_done
    long_waiters = [c for c in cs if _in_hall_s(c, result.ends) > refresh_after_min * 60]
    out["refresh.waited_over"] = len(long_waiters)
    out["refresh.served_of_those"] = sum(c.refreshed for c in long_waiters)
    span = max(result.ends - result.opens, 1)
    for robot, body in sorted(result.robots.items()):
        out[f"robot.{robot}.distance_m"] = body.distance_m
        out[f"robot.{robot}.busy_share"] = body.moving_s / span
        out[f"robot.{robot}.dock_visits"] = body.docks
    rated = [c.rating for c in cs if c.rating is not None]
    for level in range(1, rating_levels + 1):
        out[f"rating.{level}"] = sum(r == level for r in rated)
    if rated:
        out["rating.mean"] = statistics.fmean(rated)
    return out


def _in_hall_s(citizen: Citizen, end: float) -> float:
    """Return how long a citizen with a number waited in the hall before being called or leaving."""
    if not citizen.ticket:
        return 0.0
    until = citizen.called if citizen.called is not None else (citizen.left or end)
    return until - citizen.arrived


def summarise(days: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Return each KPI's mean and 95% half-width over the days that have it."""
    keys: dict[str, None] = {}
    for day in days:
        keys.update(dict.fromkeys(day))
    out: dict[str, dict[str, float]] = {}
    for key in keys:
        values = [float(d[key]) for d in days if key in d]
        mean, half = mean_ci(values)
        out[key] = {"mean": round(mean, 4), "ci95": round(half, 4), "n": len(values)}
    return out


def report(meta: dict[str, Any], days: list[dict[str, float]]) -> dict[str, Any]:
    """Return the KPI document (`--json`): the summary and every day's figures."""
    rounded = [{k: round(float(v), 4) for k, v in d.items()} for d in days]
    return {**meta, "kpis": summarise(days), "days": rounded}


def dumps(document: dict[str, Any]) -> str:
    """Return the KPI document as stable JSON text."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


ROWS = [
    ("arrivals", "Lượt đến", "{:.0f}"),
    ("served", "Đã phục vụ", "{:.0f}"),
    ("walked_away", "Bỏ về (thấy chờ lâu)", "{:.0f}"),
    ("gave_up", "Bỏ về (chờ quá lâu)", "{:.0f}"),
    ("no_show", "Vắng mặt khi gọi", "{:.0f}"),
    ("wait_mean_min", "Chờ TB (phút)", "{:.1f}"),
    ("wait_p50_min", "Chờ p50 (phút)", "{:.1f}"),
    ("wait_p90_min", "Chờ p90 (phút)", "{:.1f}"),
    ("wait_max_min", "Chờ lâu nhất (phút)", "{:.1f}"),
    ("over_15_share", "Chờ > 15 phút", "{:.0%}"),
    ("over_30_share", "Chờ > 30 phút", "{:.0%}"),
    ("longest_queue", "Hàng dài nhất", "{:.0f}"),
    ("estimate_mae_min", "Sai số ước tính (phút)", "{:.1f}"),
    ("estimate_bias_min", "Độ lệch ước tính", "{:+.1f}"),
    ("naive_mae_min", "Sai số cách đơn giản", "{:.1f}"),
    ("naive_bias_min", "Độ lệch cách đơn giản", "{:+.1f}"),
    ("estimate_ahead_mae_min", "  khi có người trước: ước tính", "{:.1f}"),
    ("naive_ahead_mae_min", "  khi có người trước: đơn giản", "{:.1f}"),
]


def table(summary: dict[str, dict[str, float]], fields: list[str]) -> str:
    """Return the KPIs as a text table: overall and per field, then counters, robots, ratings."""
    scopes = ["overall", *fields]
    heads = ["", "tổng", *fields]
    lines = []
    grid = [heads]
    for key, label, fmt in ROWS:
        row = [label]
        for scope in scopes:
            name = f"{scope}.{key}" if scope == "overall" else f"field.{scope}.{key}"
            row.append(_cell(summary.get(name), fmt))
        grid.append(row)
    widths = [max(len(r[i]) for r in grid) for i in range(len(heads))]
    for row in grid:
        lines.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                               for i, c in enumerate(row)))  # fmt: skip
    lines.append("")
    rest = [k for k in summary if not k.startswith(("overall.", "field."))]
    rest.insert(0, "overall.utilisation")
    rest.insert(1, "overall.overtime_min")
    for key in rest:
        fmt = "{:.0%}" if key.endswith(("utilisation", "share")) else "{:.1f}"
        lines.append(f"{key:<34} {_cell(summary.get(key), fmt)}")
    return "\n".join(lines)


def _cell(value: dict[str, float] | None, fmt: str) -> str:
    if value is None:
        return "–"
    text = fmt.format(value["mean"])
    if value["n"] > 1 and value["ci95"]:
        text += " ±" + fmt.format(value["ci95"]).lstrip("+")
    return text
