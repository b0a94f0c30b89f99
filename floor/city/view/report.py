"""The city's daily report: centers ranked by wait and satisfaction, served per hour,
procedure mix, from the history."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from floor.city.view.store import Store


class CenterDay(BaseModel):
    """One center's day."""

    center: str
    served: int
    """Tickets served (the last summary of the day)."""
    mean_wait_min: float | None
    """Mean wait of the tickets served (issued to called), from the city events."""
    longest_wait_min: int
    """The longest wait any summary of the day showed."""
    satisfied_pct: float | None
    ratings: int


class Count(BaseModel):
    """How many of one kind."""

    key: str
    count: int


class CityReport(BaseModel):
    """One day of the city."""

    day: date
    centers: list[CenterDay]
    """By center id."""
    by_wait: list[str]
    """Center ids, shortest mean wait first (centers with no served ticket last)."""
    by_satisfaction: list[str]
    """Center ids, most satisfied first (centers with no rating last)."""
    served_per_hour: list[Count]
    """Tickets served in each local hour ("08", "09", …), city-wide."""
    procedures: list[Count]
    """Tickets issued per procedure, most asked first."""


_LAST = """SELECT s.center, s.served, s.satisfied_pct, s.ratings FROM summaries s
    JOIN (SELECT center, MAX(ts) AS ts FROM summaries WHERE day = ? GROUP BY center) m
    ON s.center = m.center AND s.ts = m.ts WHERE s.day = ?"""
_LONGEST = "SELECT center, MAX(longest_wait_min) FROM summaries WHERE day = ? GROUP BY center"
_WAIT = """SELECT center, AVG(wait_s) FROM events
    WHERE day = ? AND kind = 'ticket_served' AND wait_s IS NOT NULL GROUP BY center"""
_HOURS = """SELECT hour, COUNT(*) FROM events WHERE day = ? AND kind = 'ticket_served'
    GROUP BY hour ORDER BY hour"""
_PROCEDURES = """SELECT procedure, COUNT(*) AS n FROM events
    WHERE day = ? AND kind = 'ticket_issued' AND procedure IS NOT NULL
    GROUP BY procedure ORDER BY n DESC, procedure"""


def daily(store: Store, day: date) -> CityReport:
    """Return the report of one day (reads the database: call it off the loop)."""
    d = day.isoformat()
    longest = dict(store.query(_LONGEST, (d,)))
    waits = {c: float(w) / 60 for c, w in store.query(_WAIT, (d,))}
    centers = sorted(
        (
            CenterDay(
                center=c,
                served=served,
                mean_wait_min=round(waits[c], 1) if c in waits else None,
                longest_wait_min=longest.get(c, 0),
                satisfied_pct=pct,
                ratings=ratings,
            )
            for c, served, pct, ratings in store.query(_LAST, (d, d))
        ),
        key=lambda c: c.center,
    )
    by_wait = sorted(
        centers, key=lambda c: (c.mean_wait_min is None, c.mean_wait_min or 0, c.longest_wait_min)
    )
    by_satisfaction = sorted(
        centers, key=lambda c: (c.satisfied_pct is None, -(c.satisfied_pct or 0), -c.ratings)
    )
    return CityReport(
        day=day,
        centers=centers,
        by_wait=[c.center for c in by_wait],
        by_satisfaction=[c.center for c in by_satisfaction],
        served_per_hour=[Count(key=f"{h:02d}", count=n) for h, n in store.query(_HOURS, (d,))],
        procedures=[Count(key=k, count=n) for k, n in store.query(_PROCEDURES, (d,))],
    )
