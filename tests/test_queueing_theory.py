"""The day simulator against queueing theory: Erlang C, an exact FCFS recursion and Ciw.

The model: one field, c counters, Poisson arrivals, first come first served, no
priority and nobody leaving. Each replication starts in steady state (a backlog
drawn from the M/M/c stationary law, `theory.stationary_count`), so every
customer counts and there is no warm-up bias; the mean wait is the ratio
estimator over replications with the share of customers who waited (known:
Erlang C's probability of waiting) as a control variate.
"""

from __future__ import annotations

import itertools
import math
import random
import statistics

import ciw
import pytest

from floor.core.catalog import CenterConfig
from floor.core.commands import IssueTicket, SetCounterStatus
from floor.core.queueing import estimate, seconds_per_person
from sim.day.citizens import Citizen
from sim.day.engine import DaySim
from sim.day.kpi import t95
from sim.day.scenario import Scenario
from sim.day.theory import erlang_c, fcfs_waits, mean_wait, stationary_count
from tests.floorkit import CATALOG, Floor

VISITORS = 900
MINUTES = 600


def center(c: int) -> CenterConfig:
    """A center with c counters for certifications only, no robots."""
    return CenterConfig.model_validate(
        {
            "center": {"id": "mmc", "name": "M/M/c"},
            "counters": [{"number": n + 1, "fields": ["chung_thuc"]} for n in range(c)],
        }
    )


def scenario(
    c: int, rho: float, backlog: int = 0, sigma: float | None = None, **more: object
) -> Scenario:
    """One long session of Poisson arrivals at load rho; exponential service unless sigma."""
    service_min = rho * c * MINUTES / VISITORS
    dist = {"dist": "exponential"} if sigma is None else {"sigma": sigma}
    data = {
        "version": 1,
        "name": f"M/M/{c} at {rho}",
        "sessions": [{"open": "07:00", "close": "17:00"}],
        "visitors": VISITORS,
        "backlog": backlog,
        "procedures": [{"id": "chung_thuc", "share": 1, "minutes": service_min, **dist}],
        "priority": {"share": 0},
        "behaviour": {"walk_away_min": None, "patience_min": None, "no_show": 0,
                      "guidance": 0, "walk_s": 0},
        "ratings": {"share": 0},
        "robots": {"enabled": False},
    }  # fmt: skip
    data.update(more)
    return Scenario.model_validate(data)


def day(c: int, sc: Scenario, seed: int) -> list[Citizen]:
    """Simulate one day; return its citizens, the backlog first."""
    return DaySim(CATALOG, center(c), sc, seed).run(1)[0].citizens


def estimate_mean_wait(c: int, rho: float, reps: int, seed: int) -> tuple[float, float, float]:
    """Return (simulated mean wait, 95% half-width, Erlang C), in service times."""
    rng = random.Random(seed)
    service_s = rho * c * MINUTES / VISITORS * 60
    sums, counts, waited = [], [], []
    for r in range(reps):
        backlog = stationary_count(rng, c, rho * c)
        citizens = day(c, scenario(c, rho, backlog), seed * 1000 + r)[backlog:]
        assert all(x.outcome == "served" and x.wait_s is not None for x in citizens)
        sums.append(sum(x.wait_s or 0.0 for x in citizens) / service_s)
        counts.append(len(citizens))
        waited.append(sum((x.wait_s or 0.0) > 0 for x in citizens))
    mean, share = sum(sums) / sum(counts), sum(waited) / sum(counts)
    resid_w = [s - mean * n for s, n in zip(sums, counts, strict=True)]
    resid_p = [w - share * n for w, n in zip(waited, counts, strict=True)]
    beta = sum(a * b for a, b in zip(resid_w, resid_p, strict=True)) / sum(b * b for b in resid_p)
    adjusted = mean - beta * (share - erlang_c(c, rho * c))
    resid = [a - beta * b for a, b in zip(resid_w, resid_p, strict=True)]
    half = t95(reps - 2) * statistics.stdev(resid) / math.sqrt(reps) / statistics.fmean(counts)
    return adjusted, half, mean_wait(rho / service_s * c, service_s, c) / service_s


@pytest.mark.parametrize("c", [1, 3, 8])
@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_waits_are_those_of_an_exact_fcfs_queue(c: int, rho: float) -> None:
    """Every citizen's simulated wait equals the Kiefer–Wolfowitz recursion on the same
    arrivals and service times: the core's calls make an exact c-server FCFS queue."""
    backlog = stationary_count(random.Random(c), c, rho * c)
    citizens = day(c, scenario(c, rho, backlog), seed=c * 10 + int(rho * 10))
    waits = fcfs_waits([x.arrived for x in citizens], [x.service_s for x in citizens], c)
    assert len(citizens) > 800
    for citizen, expected in zip(citizens, waits, strict=True):
        assert citizen.wait_s == pytest.approx(expected, abs=1e-6), citizen


@pytest.mark.parametrize(
    ("c", "rho", "reps"),
    [(1, 0.5, 16), (3, 0.5, 16), (8, 0.5, 20), (1, 0.8, 30), (3, 0.8, 16), (8, 0.8, 16)],
)
def test_simulated_mean_wait_agrees_with_erlang_c(c: int, rho: float, reps: int) -> None:
    """The simulator's own mean wait, over independent steady-state replications: its
    95% confidence interval covers Erlang C (loads where a few seconds suffice)."""
    mean, half, theory = estimate_mean_wait(c, rho, reps, seed=c)
    assert abs(mean - theory) <= half, (mean, half, theory)
    assert half / theory < 0.3


@pytest.mark.parametrize("c", [1, 3, 8])
@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_long_run_mean_wait_within_5_percent_of_erlang_c(c: int, rho: float) -> None:
    """Over a horizon too long to replay through the core in seconds, the FCFS recursion
    that the simulated days match customer by customer (above), fed by the same arrival
    and service laws, is within 5% of Erlang C with its batch-means interval covering it."""
    rng = random.Random(100 + c)
    rate, batches = rho * c, 40
    per_batch = {0.5: 10_000, 0.8: 25_000, 0.9: 60_000}[rho]
    backlog = stationary_count(rng, c, rho * c)
    arrivals, services = [0.0] * backlog, [rng.expovariate(1.0) for _ in range(backlog)]
    t = 0.0
    for _ in range(batches * per_batch):
        t += rng.expovariate(rate)
        arrivals.append(t)
        services.append(rng.expovariate(1.0))
    waits = fcfs_waits(arrivals, services, c)[backlog:]
    means = [statistics.fmean(waits[b * per_batch : (b + 1) * per_batch]) for b in range(batches)]
    mean = statistics.fmean(means)
    half = t95(batches - 1) * statistics.stdev(means) / math.sqrt(batches)
    theory = mean_wait(rate, 1.0, c)
    assert abs(mean - theory) <= half, (mean, half, theory)
    assert abs(mean - theory) / theory <= 0.05, (mean, half, theory)


def test_lognormal_service_agrees_with_ciw_customer_by_customer() -> None:
    """Ciw, given the simulated day's own inter-arrival and service times, waits each
    customer exactly as long as the simulator did (3 counters, lognormal service)."""
    c = 3
    citizens = day(c, scenario(c, 0.85, sigma=0.8), seed=5)
    gaps = [b.arrived - a.arrived for a, b in itertools.pairwise(citizens)]
    first = citizens[0].arrived - 7 * 3600
    never = 1e12  # after the last citizen nobody else comes
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential([first, *gaps, never])],
        service_distributions=[ciw.dists.Sequential([x.service_s for x in citizens])],
        number_of_servers=[c],
    )
    run = ciw.Simulation(network)
    run.simulate_until_max_time(never / 2)
    records = sorted(run.get_all_records(), key=lambda r: r.id_number)
    assert len(records) == len(citizens)
    for record, citizen in zip(records, citizens, strict=True):
        assert record.waiting_time == pytest.approx(citizen.wait_s, abs=1e-6)


def test_lognormal_mean_wait_agrees_with_ciw() -> None:
    """Independent runs: the simulator's and Ciw's mean waits (lognormal service, sigma
    0.8, 3 counters, load 0.7) differ by less than 5% and their intervals overlap."""
    c, rho, sigma, reps = 3, 0.7, 0.8, 24
    service_min = rho * c * MINUTES / VISITORS
    sims = []
    for r in range(reps):
        citizens = day(c, scenario(c, rho, sigma=sigma), seed=r)
        warm = [x for x in citizens if x.arrived >= 7 * 3600 + 3600]
        sims.append(statistics.fmean((x.wait_s or 0.0) for x in warm) / 60)
    mu = math.log(service_min) - sigma**2 / 2
    ciws = []
    for r in range(reps):
        network = ciw.create_network(
            arrival_distributions=[ciw.dists.Exponential(VISITORS / MINUTES)],
            service_distributions=[ciw.dists.Lognormal(mu, sigma)],
            number_of_servers=[c],
        )
        ciw.seed(r)
        run = ciw.Simulation(network)
        run.simulate_until_max_time(MINUTES)
        records = [x for x in run.get_all_records() if x.arrival_date >= 60]
        ciws.append(statistics.fmean(x.waiting_time for x in records))
    ours, theirs = statistics.fmean(sims), statistics.fmean(ciws)
    half = t95(reps - 1) * math.sqrt((statistics.variance(sims) + statistics.variance(ciws)) / reps)
    assert abs(ours - theirs) <= half, (ours, theirs, half)
    assert half / theirs < 0.25


def test_priority_interleave_is_what_makes_the_floor_differ_from_fcfs() -> None:
    """With priority citizens the floor is not FCFS on purpose: priority tickets wait less
    than the FCFS recursion would give them, normal tickets more (on the same draws)."""
    c = 3
    sc = scenario(c, 0.9, priority={"share": 0.3, "kinds": {"elderly": 1.0}})
    citizens = day(c, sc, seed=9)
    fcfs = fcfs_waits([x.arrived for x in citizens], [x.service_s for x in citizens], c)
    prio = [(x.wait_s or 0.0) - f for x, f in zip(citizens, fcfs, strict=True) if x.priority]
    normal = [(x.wait_s or 0.0) - f for x, f in zip(citizens, fcfs, strict=True) if not x.priority]
    service_s = 0.9 * c * MINUTES / VISITORS * 60
    assert statistics.fmean(prio) < -0.2 * service_s, statistics.fmean(prio)
    assert statistics.fmean(normal) > 0.05 * service_s, statistics.fmean(normal)


def test_no_show_requeue_takes_counter_time() -> None:
    """No-shows cost the counter two announcements each; with them the same arrivals wait
    longer than the FCFS recursion of the service times alone gives."""
    c = 3
    base = scenario(c, 0.8)
    sc = base.model_copy(
        update={"behaviour": base.behaviour.model_copy(update={"no_show": 0.1, "come_back": 0.0})}
    )
    citizens = day(c, sc, seed=4)
    fcfs = fcfs_waits([x.arrived for x in citizens], [x.service_s for x in citizens], c)
    served = [
        (x.wait_s or 0.0) - f for x, f in zip(citizens, fcfs, strict=True) if x.outcome == "served"
    ]
    assert sum(x.outcome == "no_show" for x in citizens) > 50
    assert statistics.fmean(served) > 10


def test_a_field_sharing_its_only_counter_is_not_estimated_as_if_it_had_it_alone() -> None:
    """Counter 9 serves kinh_te and van_hoa_xa_hoi; with counter 10 paused and many waiting
    for van_hoa_xa_hoi, a kinh_te ticket is estimated over its share of counter 9."""
    floor = Floor()
    floor.do(SetCounterStatus(10, "paused"))
    for _ in range(12):
        floor.do(IssueTicket("ho_ngheo"))
    events = floor.do(IssueTicket("ho_kinh_doanh"))
    ticket = floor.state.tickets[events[0].ticket]  # type: ignore[union-attr]
    alone = 20 * 60  # kinh_te's catalog minutes on one counter of its own
    per_person = seconds_per_person(floor.state, "kinh_te")
    assert per_person > 5 * alone
    assert estimate(floor.state, ticket).people_ahead == 0
    floor.do(IssueTicket("ho_kinh_doanh"))
    last = max(floor.state.tickets.values(), key=lambda t: t.order)
    assert estimate(floor.state, last).minutes > 5 * 20
