"""Erlang C: waits in an M/M/c queue (Poisson arrivals, exponential service, c counters, FCFS)."""

from __future__ import annotations

import heapq
import math
import random


def erlang_c(c: int, load: float) -> float:
    """Return the probability an arrival waits, with c servers and offered load a = λ/μ."""
    if load <= 0:
        return 0.0
    if load >= c:
        return 1.0
    term, total = 1.0, 1.0  # a^k / k!, summed for k < c
    for k in range(1, c):
        term *= load / k
        total += term
    top = term * load / c * c / (c - load)  # a^c / c! · c / (c − a)
    return top / (total + top)


def mean_wait(arrival_rate: float, service_mean: float, c: int) -> float:
    """Return the mean wait in line (same unit as `service_mean`)."""
    load = arrival_rate * service_mean
    if load >= c:
        return math.inf
    return erlang_c(c, load) * service_mean / (c - load)


def wait_over(arrival_rate: float, service_mean: float, c: int, t: float) -> float:
    """Return the probability that the wait exceeds t."""
    load = arrival_rate * service_mean
    if load >= c:
        return 1.0
    return erlang_c(c, load) * math.exp(-(c - load) * t / service_mean)


def servers_for(
    arrival_rate: float, service_mean: float, quantile: float, limit: float, most: int = 200
) -> int:
    """Return the fewest servers whose `quantile` (0..1) wait is at most `limit`."""
    if arrival_rate <= 0:
        return 0
    c = max(1, math.floor(arrival_rate * service_mean) + 1)
    while c < most and wait_over(arrival_rate, service_mean, c, limit) > 1 - quantile:
        c += 1
    return c


def stationary_count(rng: random.Random, c: int, load: float) -> int:
    """Draw how many are in an M/M/c system in steady state (load a = λ/μ < c)."""
    terms = [1.0]  # a^k / k! for k < c
    for k in range(1, c):
        terms.append(terms[-1] * load / k)
    top = terms[-1] * load / c  # a^c / c!
    rho = load / c
    u = rng.random() * (sum(terms) + top / (1 - rho))
    for k, weight in enumerate(terms):
        if u < weight:
            return k
        u -= weight
    k, weight = c, top
    while u >= weight:
        u -= weight
        weight *= rho
        k += 1
    return k


def fcfs_waits(arrivals: list[float], services: list[float], c: int) -> list[float]:
    """Return each customer's wait in a FCFS queue with c servers (Kiefer–Wolfowitz):
    every arrival takes the server that frees first."""
    free = [0.0] * c
    waits = []
    for arrived, service in zip(arrivals, services, strict=True):
        start = max(arrived, heapq.heappop(free))
        waits.append(start - arrived)
        heapq.heappush(free, start + service)
    return waits
