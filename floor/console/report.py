"""The report: a day or a range of days of the event log, folded into tickets, days,
counters, fields, procedures and the hours of the working day."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from floor.console.journal import satisfied
from floor.console.phone import DEVICE as PHONE
from floor.eventlog import LoggedEvent


@dataclass(slots=True)
class _Ticket:
    number: str
    procedure: str
    field: str
    priority: str | None
    issued_at: datetime
    called_at: datetime | None = None
    counter: int | None = None
    finished_at: datetime | None = None
    status: str = "waiting"
    rating: int | None = None


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class TicketRow(_Row):
    """One ticket of the day."""

    number: str
    procedure: str
    field: str
    priority: str | None
    issued_at: datetime
    called_at: datetime | None
    counter: int | None
    finished_at: datetime | None
    wait_min: float | None
    service_min: float | None
    status: str
    rating: int | None


class CounterRow(_Row):
    """One counter's day."""

    counter: int
    served: int
    no_shows: int
    mean_service_min: float | None
    ratings: int
    rating_mean: float | None
    satisfied_pct: float | None


class FieldRow(_Row):
    """One field's day."""

    field: str
    issued: int
    served: int
    mean_wait_min: float | None
    max_wait_min: float | None


class HourRow(_Row):
    """One hour of the day."""

    hour: int
    issued: int
    served: int
    ratings: int
    rating_mean: float | None


class DayRow(_Row):
    """One day of the range."""

    day: str
    issued: int
    served: int
    no_shows: int
    mean_wait_min: float | None
    satisfied_pct: float | None


class ProcedureRow(_Row):
    """One procedure's ratings."""

    procedure: str
    issued: int
    ratings: int
    rating_mean: float | None
    satisfied_pct: float | None


class ReportPublic(_Row):
    """The day (or the days from `day` to `last_day`) in figures."""

    day: str
    last_day: str
    center: str
    issued: int
    served: int
    no_shows: int
    mean_wait_min: float | None
    mean_service_min: float | None
    ratings: int
    satisfied_pct: float | None
    rating_levels: int
    manager_actions: int
    mobile_tickets: int
    """Numbers taken on the phone page."""
    chat_questions: int
    """Questions the phone page's chat answered."""
    chat_unsure: int
    """Of them, those it was unsure of (a person was offered)."""
    days: list[DayRow]
    counters: list[CounterRow]
    fields: list[FieldRow]
    procedures: list[ProcedureRow]
    hours: list[HourRow]
    tickets: list[TicketRow]


Table = Literal["tickets", "days", "counters", "fields", "procedures", "hours"]
WORKING_HOURS = (7, 17)
"""The hours the chart always shows (7:00 to 17:59), more if tickets came outside them."""


def _mean(values: list[float], digits: int = 1) -> float | None:
    return round(sum(values) / len(values), digits) if values else None


def _pct(levels: list[int], n: int) -> float | None:
    if not levels:
        return None
    return round(100 * sum(1 for v in levels if satisfied(v, n)) / len(levels), 1)


def build(
    day: str, center: str, levels: int, logged: list[LoggedEvent], last_day: str | None = None
) -> ReportPublic:
    """Fold the events of a day (or of the days from `day` to `last_day`), oldest first,
    into the report."""
    tickets: dict[str, _Ticket] = {}
    no_shows: dict[int, int] = defaultdict(int)
    no_show_days: dict[str, int] = defaultdict(int)
    rated_hours: dict[int, list[int]] = defaultdict(list)
    actions = mobile = questions = unsure = 0
    for x in logged:
        d = x.data
        at = datetime.fromisoformat(x.at)
        if x.source and x.source.startswith("console:"):
            actions += 1
        if x.kind == "QuestionAsked":
            questions += 1
            unsure += not d["answered"]
            continue
        if x.kind == "TicketIssued":
            mobile += d["device"] == PHONE
            tickets[d["ticket"]] = _Ticket(
                d["number"], d["procedure"], d["field"], d["priority"], at
            )
            continue
        t = tickets.get(d.get("ticket", ""))
        if t is None:
            continue
        if x.kind == "TicketCalled":
            t.called_at = t.called_at or at
            t.counter = d["counter"]
            t.status = "called"
        elif x.kind == "TicketFinished":
            t.finished_at = at
            t.counter = d["counter"]
            t.status = "served"
        elif x.kind == "TicketNoShow":
            no_shows[d["counter"]] += 1
            no_show_days[x.at[:10]] += 1
            t.status = "waiting" if d["requeued"] else "no_show"
        elif x.kind == "TicketTransferred":
            t.field = d["to_field"]
            t.status = "waiting"
        elif x.kind == "RatingRecorded":
            t.rating = d["level"]
            rated_hours[at.hour].append(d["level"])

    rows: list[TicketRow] = []
    for t in tickets.values():
        wait = (t.called_at - t.issued_at).total_seconds() / 60 if t.called_at else None
        service = (
            (t.finished_at - t.called_at).total_seconds() / 60
            if t.finished_at and t.called_at
            else None
        )
        rows.append(
            TicketRow(
                number=t.number,
                procedure=t.procedure,
                field=t.field,
                priority=t.priority,
                issued_at=t.issued_at,
                called_at=t.called_at,
                counter=t.counter,
                finished_at=t.finished_at,
                wait_min=round(wait, 1) if wait is not None else None,
                service_min=round(service, 1) if service is not None else None,
                status=t.status,
                rating=t.rating,
            )
        )
    served = [r for r in rows if r.status == "served"]
    rated = [r.rating for r in rows if r.rating is not None]

    counters = []
    for number in sorted({r.counter for r in rows if r.counter} | set(no_shows)):
        mine = [r for r in served if r.counter == number]
        levels_here = [r.rating for r in mine if r.rating is not None]
        counters.append(
            CounterRow(
                counter=number,
                served=len(mine),
                no_shows=no_shows[number],
                mean_service_min=_mean([r.service_min for r in mine if r.service_min is not None]),
                ratings=len(levels_here),
                rating_mean=_mean([float(v) for v in levels_here], 2),
                satisfied_pct=_pct(levels_here, levels),
            )
        )
    fields = []
    for name in sorted({r.field for r in rows}):
        mine = [r for r in rows if r.field == name]
        waits = [r.wait_min for r in mine if r.wait_min is not None]
        fields.append(
            FieldRow(
                field=name,
                issued=len(mine),
                served=sum(1 for r in mine if r.status == "served"),
                mean_wait_min=_mean(waits),
                max_wait_min=max(waits, default=None),
            )
        )
    procedures = []
    for name in sorted({r.procedure for r in rows}):
        mine = [r for r in rows if r.procedure == name]
        levels_here = [r.rating for r in mine if r.rating is not None]
        procedures.append(
            ProcedureRow(
                procedure=name,
                issued=len(mine),
                ratings=len(levels_here),
                rating_mean=_mean([float(v) for v in levels_here], 2),
                satisfied_pct=_pct(levels_here, levels),
            )
        )
    hours_seen = {r.issued_at.hour for r in rows} | set(rated_hours) | set(WORKING_HOURS)
    hours = []
    if rows:
        for hour in range(min(hours_seen), max(hours_seen) + 1):
            here = rated_hours.get(hour, [])
            hours.append(
                HourRow(
                    hour=hour,
                    issued=sum(1 for r in rows if r.issued_at.hour == hour),
                    served=sum(1 for r in served if r.finished_at and r.finished_at.hour == hour),
                    ratings=len(here),
                    rating_mean=_mean([float(v) for v in here], 2),
                )
            )
    days = []
    for when in sorted({r.issued_at.date().isoformat() for r in rows}):
        mine = [r for r in rows if r.issued_at.date().isoformat() == when]
        levels_here = [r.rating for r in mine if r.rating is not None]
        days.append(
            DayRow(
                day=when,
                issued=len(mine),
                served=sum(1 for r in mine if r.status == "served"),
                no_shows=no_show_days[when],
                mean_wait_min=_mean([r.wait_min for r in mine if r.wait_min is not None]),
                satisfied_pct=_pct(levels_here, levels),
            )
        )
    return ReportPublic(
        day=day,
        last_day=last_day or day,
        center=center,
        issued=len(rows),
        served=len(served),
        no_shows=sum(no_shows.values()),  # every time a citizen did not come, as per counter
        mean_wait_min=_mean([r.wait_min for r in rows if r.wait_min is not None]),
        mean_service_min=_mean([r.service_min for r in served if r.service_min is not None]),
        ratings=len(rated),
        satisfied_pct=_pct(rated, levels),
        rating_levels=levels,
        manager_actions=actions,
        mobile_tickets=mobile,
        chat_questions=questions,
        chat_unsure=unsure,
        days=days,
        counters=counters,
        fields=fields,
        procedures=procedures,
        hours=hours,
        tickets=rows,
    )


HEADERS = {
    "number": "Số",
    "procedure": "Mã thủ tục",
    "field": "Mã lĩnh vực",
    "priority": "Ưu tiên",
    "issued_at": "Giờ cấp số",
    "called_at": "Giờ gọi",
    "counter": "Quầy",
    "finished_at": "Giờ hoàn thành",
    "wait_min": "Chờ (phút)",
    "service_min": "Phục vụ (phút)",
    "status": "Trạng thái",
    "rating": "Đánh giá",
    "day": "Ngày",
    "hour": "Giờ",
    "issued": "Số đã cấp",
    "served": "Đã phục vụ",
    "no_shows": "Vắng mặt",
    "mean_wait_min": "TB chờ (phút)",
    "max_wait_min": "Chờ lâu nhất (phút)",
    "mean_service_min": "TB phục vụ (phút)",
    "ratings": "Số đánh giá",
    "rating_mean": "Mức TB",
    "satisfied_pct": "Hài lòng (%)",
}
"""Vietnamese column headers of the CSV tables."""
NAMED = {"procedure": "Tên thủ tục", "field": "Tên lĩnh vực"}
"""Code columns followed by a column of names."""
WORDS = {
    "waiting": "Đang chờ",
    "called": "Đang phục vụ",
    "served": "Đã phục vụ",
    "no_show": "Vắng mặt",
    "elderly": "Người cao tuổi",
    "disability": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "small_child": "Có con nhỏ",
    "urgent": "Khẩn cấp",
}
"""Statuses and priority classes in words."""


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.day}/{value.month}/{value.year} {value:%H:%M:%S}"
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            year, month, day = value.split("-")
            return f"{int(day)}/{int(month)}/{year}"
        return WORDS.get(value, value)
    return value


def to_csv(report: ReportPublic, table: Table, names: dict[str, str]) -> str:
    """Return one table of the report as CSV (UTF-8, header row first): Vietnamese
    headers, a column of names beside each code column (`names`: procedure and field
    ids to names), local times as 1/12/2026 08:05:00, statuses in words."""
    rows: list[_Row] = list(getattr(report, table))
    model = {
        "tickets": TicketRow,
        "days": DayRow,
        "counters": CounterRow,
        "fields": FieldRow,
        "procedures": ProcedureRow,
        "hours": HourRow,
    }[table]
    out = io.StringIO()
    writer = csv.writer(out)
    columns = list(model.model_fields)  # type: ignore[attr-defined]  # a class, not an instance
    writer.writerow([h for n in columns for h in (HEADERS[n], NAMED.get(n)) if h is not None])
    for row in rows:
        line: list[object] = []
        for n in columns:
            value = getattr(row, n)
            line.append(_cell(value) if n not in NAMED else value)
            if n in NAMED:
                line.append(names.get(value, value))
        writer.writerow(line)
    return out.getvalue()
