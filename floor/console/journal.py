"""Today's happenings the state does not keep: calls, rating times, incidents."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from floor.core import events as e
from floor.core.state import FloorState
from floor.eventlog import EventLog


@dataclass(frozen=True, slots=True)
class Call:
    """A ticket called (or called again) to a counter."""

    at: datetime
    number: str
    counter: int
    field: str
    recall: bool


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating with the ticket's number and procedure."""

    at: datetime
    number: str
    counter: int
    procedure: str
    level: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Incident:
    """Something that happened once and deserves an alert."""

    id: str
    kind: str
    at: datetime
    params: dict[str, object]


@dataclass(slots=True)
class Journal:
    """Fed with each batch's events on the owner task; read by the console."""

    calls: deque[Call] = field(default_factory=lambda: deque(maxlen=30))
    ratings: list[Rating] = field(default_factory=list)
    incidents: deque[Incident] = field(default_factory=lambda: deque(maxlen=100))
    acks: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    """Who acknowledged which alert, and when (today)."""
    changes: int = 0

    def load(self, log: EventLog, state: FloorState) -> None:
        """Read today's events from the log (since the last start of a day)."""
        start = log.last_seq("DayStarted")
        if start is None:
            return
        logged = log.query(after=start - 1, limit=None, newest_first=False)
        kinds = {
            "TicketCalled",
            "TicketRecalled",
            "RatingRecorded",
            "RobotTaskEnded",
            "StaffRequested",
            "DeviceAlerted",
            "AlertAcknowledged",
        }
        self.feed(state, [e.event_from_dict(x.kind, x.data) for x in logged if x.kind in kinds])

    def note(self, incident: Incident) -> None:
        """Keep an incident reported from outside the floor's events (speech)."""
        self.incidents.append(incident)
        self.changes += 1

    def feed(self, state: FloorState, events: list[e.Event]) -> None:
        """Take a batch of events (after the state folded them)."""
        for event in events:
            self.changes += 1
            if isinstance(event, e.DayStarted):
                self.calls.clear()
                self.ratings.clear()
                self.incidents.clear()
                self.acks.clear()
            elif isinstance(event, e.AlertAcknowledged):
                self.acks.setdefault(event.alert, (event.by, event.at))
            elif isinstance(event, e.TicketCalled | e.TicketRecalled):
                ticket = state.tickets.get(event.ticket)
                if ticket is not None:
                    recall = isinstance(event, e.TicketRecalled)
                    self.calls.append(
                        Call(event.at, ticket.number, event.counter, ticket.field, recall)
                    )
            elif isinstance(event, e.RatingRecorded):
                ticket = state.tickets.get(event.ticket)
                if ticket is None:
                    continue
                rating = Rating(
                    event.at,
                    ticket.number,
                    event.counter,
                    ticket.procedure,
                    event.level,
                    event.reasons,
                )
                self.ratings.append(rating)
                if unhappy(event.level, state.config.policy.rating_levels):
                    self.incidents.append(
                        Incident(
                            f"unhappy:{ticket.number}:{event.at.isoformat()}",
                            "unhappy_rating",
                            event.at,
                            {
                                "counter": event.counter,
                                "number": ticket.number,
                                "level": event.level,
                                "reasons": list(event.reasons),
                            },
                        )
                    )
            elif isinstance(event, e.StaffRequested):
                self.incidents.append(
                    Incident(
                        f"staff:{event.device}:{event.at.isoformat()}",
                        "ask_staff",
                        event.at,
                        {
                            "place": event.device,
                            "text": event.text,
                            "lang": event.lang,
                            "urgent": event.urgent,
                        },
                    )
                )
            elif isinstance(event, e.DeviceAlerted):
                self.incidents.append(
                    Incident(
                        f"device:{event.device}:{event.problem}:{event.at.isoformat()}",
                        "device_problem",
                        event.at,
                        {"device": event.device, "problem": event.problem, "detail": event.detail},
                    )
                )
            elif isinstance(event, e.RobotTaskEnded) and event.outcome == "failed":
                task = state.robots.tasks.get(event.task)
                self.incidents.append(
                    Incident(
                        f"task:{event.task}",
                        "robot_task_failed",
                        event.at,
                        {
                            "task": event.task,
                            "robot": task.robot if task else None,
                            "kind": task.kind if task else None,
                            "reason": event.reason,
                        },
                    )
                )


def satisfied(level: int, levels: int) -> bool:
    """Return whether a level is one of the happy ones (1 is the happiest)."""
    return level <= (2 if levels >= 4 else 1)


def unhappy(level: int, levels: int) -> bool:
    """Return whether a level says "not satisfied" (the last, or last two of five)."""
    return level >= (levels - 1 if levels == 5 else levels)
