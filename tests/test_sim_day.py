"""The simulated center day: reproducible, complete, replayable, and its files checked."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from floor.cli import main
from floor.config import ConfigError
from floor.core.events import RobotLegReached, RobotTaskCreated, RobotTaskEnded, TicketFinished
from floor.core.state import FloorState
from floor.eventlog import EventLog
from sim.day import kpi
from sim.day.cli import log_lines, simulate
from sim.day.engine import events_of
from sim.day.scenario import default_scenario_path, load_scenario
from tests.floorkit import CATALOG, CENTER

SCENARIO = load_scenario(None, CATALOG, CENTER)


def test_a_seeded_day_reproduces_byte_for_byte(tmp_path: Path) -> None:
    for run in ("a", "b"):
        assert main(["sim", "day", "--seed", "7", "--json", str(tmp_path / f"{run}.json"),
                     "--events", str(tmp_path / f"{run}.jsonl")]) == 0  # fmt: skip
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    sim, _ = simulate(CATALOG, CENTER, SCENARIO, seed=8, days=1)
    assert log_lines(sim.records).encode() != (tmp_path / "a.jsonl").read_bytes()
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert document["kpis"]["overall.arrivals"]["mean"] > 200


def test_every_citizen_ends_and_the_log_replays_to_the_final_state(tmp_path: Path) -> None:
    sim, days = simulate(CATALOG, CENTER, SCENARIO, seed=3, days=2)
    outcomes = Counter(c.outcome for r in sim.results for c in r.citizens)
    assert set(outcomes) <= set(kpi.OUTCOMES) and outcomes["served"] > 400
    assert sum(outcomes.values()) == sum(d["overall.arrivals"] for d in days)
    finished = {e.ticket for e in events_of(sim.records) if isinstance(e, TicketFinished)}
    for result in sim.results:
        served = [c for c in result.citizens if c.outcome == "served"]
        assert all(c.finished is not None and c.ticket for c in served)
        assert {c.ticket for c in served} <= finished
    last_day = {c.ticket for c in sim.results[-1].citizens if c.outcome == "served"}
    in_state = {t.id for t in sim.state.tickets.values() if t.status == "served"}
    assert last_day == in_state, "the live state holds today's tickets, earlier days left it"
    replayed = FloorState.initial(CATALOG, CENTER)
    for event in events_of(sim.records):
        replayed.apply(event)
    assert replayed == sim.state
    log = EventLog(tmp_path / "day.db", "NORMAL")
    log.append(sim.records)
    from_file = FloorState.initial(CATALOG, CENTER)
    for event in log.events():
        from_file.apply(event)
    log.close()
    assert from_file == sim.state


def test_robots_move_along_planned_paths_and_work_the_day() -> None:
    sim, days = simulate(CATALOG, CENTER, SCENARIO, seed=2, days=1)
    events = list(events_of(sim.records))
    kinds = Counter(e.kind for e in events if isinstance(e, RobotTaskCreated))
    assert kinds["escort"] and kinds["greet"] and kinds["refresh"]
    done = Counter(e.outcome for e in events if isinstance(e, RobotTaskEnded))
    assert done["done"] > 100
    assert any(isinstance(e, RobotLegReached) for e in events)
    day = days[0]
    assert day["priority.escorts_done"] > 0 and day["robot.refresh-1.distance_m"] > 100
    assert day["refresh.served_of_those"] <= day["refresh.waited_over"]
    planner = sim.state.planner
    assert planner is not None
    body = sim.results[0].robots["guide-1"]
    assert body.distance_m > planner.distance((16.0, 0.9), (11.5, 1.0))


def test_without_robots_the_day_has_no_robot_events() -> None:
    off = SCENARIO.model_copy(
        update={"robots": SCENARIO.robots.model_copy(update={"enabled": False})}
    )
    sim, days = simulate(CATALOG, CENTER, off, seed=2, days=1)
    assert not any(type(e).__name__.startswith("Robot") for e in events_of(sim.records))
    assert days[0]["priority.greeted_share"] == 0.0


def test_the_default_scenario_is_a_tam_binh_day() -> None:
    _, days = simulate(CATALOG, CENTER, SCENARIO, seed=1, days=3)
    summary = kpi.summarise(days)
    assert 240 <= summary["overall.arrivals"]["mean"] <= 330
    share = summary["field.chung_thuc.arrivals"]["mean"] / summary["overall.arrivals"]["mean"]
    assert 0.75 <= share <= 0.87
    assert summary["overall.estimate_mae_min"]["mean"] < summary["overall.naive_mae_min"]["mean"]
    text = kpi.table(summary, [f.id for f in CATALOG.fields])
    assert "Chờ p90 (phút)" in text and "chung_thuc" in text


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ("procedures:\n  - {id: chung_thuc, share: 1}\n  - {id: sao_y, share: 1}\n",
         "procedures[1] (id=sao_y).id: unknown procedure 'sao_y'"),
        ("behaviour: {no_show: 2}\n", "behaviour.no_show: Input should be less than or equal to 1"),
        ("staffing:\n  - {at: \"07:30\", open: [1, 99]}\n",
         "staffing[0] (at=07:30).open: no counter 99"),
        ("sessions:\n  - {open: \"11:30\", close: \"07:30\"}\n",
         "sessions[0]: opens at 11:30, not before it closes at 07:30"),
        ("arrivals: {\"12:00\": 3}\n", "arrivals.12:00: outside the opening hours"),
    ],
)  # fmt: skip
def test_a_bad_scenario_file_fails_naming_file_entry_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], patch: str, expected: str
) -> None:
    base = default_scenario_path().read_text(encoding="utf-8")
    key = patch.split(":", 1)[0]
    kept = _without_section(base, key)
    bad = tmp_path / "bad.yaml"
    bad.write_text(kept + patch, encoding="utf-8")
    assert main(["sim", "scenario", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and expected in err, err
    with pytest.raises(ConfigError, match=r"bad\.yaml"):
        load_scenario(bad, CATALOG, CENTER)


def _without_section(text: str, key: str) -> str:
    """Return the YAML text without the top-level section `key`."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "#", "\n") and line.strip():
            skipping = line.startswith(f"{key}:")
        if not skipping:
            out.append(line)
    return "".join(out)


def test_the_default_scenario_checks_and_staffing_and_compare_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sim", "scenario", "check", str(default_scenario_path())]) == 0
    chart = tmp_path / "plan.svg"
    assert main(["sim", "staffing", "--days", "1", "--svg", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "staffing:" in out and "07:30" in out
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    more = tmp_path / "more.yaml"
    more.write_text(
        default_scenario_path()
        .read_text(encoding="utf-8")
        .replace("visitors: 290", "visitors: 400"),
        encoding="utf-8",
    )
    assert main(["sim", "compare", str(default_scenario_path()), str(more), "--days", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    arrivals = next(line for line in lines if line.startswith("overall.arrivals "))
    assert float(arrivals.split()[3]) > 50  # B − A: about 110 more visitors a day


def test_the_simulated_day_is_an_event_log_the_floor_can_open(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    assert main(["sim", "day", "--out", str(db)]) == 0
    log = EventLog(db)
    kinds = Counter(e.kind for e in log.query(limit=None))
    sources = {e.source for e in log.query(kinds=["TicketIssued"], limit=None)}
    log.close()
    assert kinds["TicketIssued"] > 200 and kinds["TicketFinished"] > 200
    assert sources <= {"kiosk-1", "kiosk-2"}
    assert main(["sim", "day", "--out", str(db)]) == 1  # never appends to a log that has days
