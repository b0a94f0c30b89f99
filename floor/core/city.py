"""Catalog versions and notices from the city: what the floor accepts, holds and applies.

A catalog version is checked by the adapter (`floor catalog check` rules and the
center's counters); here the floor refuses a version that is not newer than the one it
runs or holds, and decides when it applies: at the next day start, or at once when
urgent, unless a ticket of today belongs to a field or procedure the version removes:
that version waits for the day start (when today's tickets leave the live state), so no
waiting citizen loses their place, and no ticket of today (waiting, at a counter, served
and still to be rated) refers to a procedure or field that no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from floor.core.catalog import Catalog
from floor.core.commands import OfferCatalog, PostNotice
from floor.core.errors import Rejected
from floor.core.events import CatalogApplied, CatalogReceived, Event, NoticePosted

if TYPE_CHECKING:
    from floor.core.state import FloorState

NOTICE_CHARS = 300
"""The longest notice text, in each language: a line on a board."""


@dataclass(frozen=True, slots=True)
class PendingCatalog:
    """A catalog version the floor accepted and applies at the next day start."""

    version: int
    catalog: Catalog
    urgent: bool


@dataclass(frozen=True, slots=True)
class Notice:
    """A short notice from the city (a holiday closure…), shown while it is valid."""

    id: str
    vi: str
    en: str
    ko: str
    valid_from: datetime
    valid_until: datetime

    def shown(self, now: datetime) -> bool:
        """Return whether the notice is to be shown at `now`."""
        return self.valid_from <= now < self.valid_until


def newest_version(state: FloorState) -> int:
    """Return the newest catalog version the floor runs or holds."""
    return state.pending.version if state.pending else state.catalog_version


def used_today(state: FloorState, catalog: Catalog) -> list[str]:
    """Return the fields and procedures `catalog` removes that a ticket of today uses."""
    held = set()
    for ticket in state.tickets.values():
        if catalog.field(ticket.field) is None:
            held.add(ticket.field)
        if catalog.procedure(ticket.procedure) is None:
            held.add(ticket.procedure)
    return sorted(held)


def decide_city(state: FloorState, cmd: OfferCatalog | PostNotice, now: datetime) -> list[Event]:
    """Return the events of a catalog version or a notice from the city; raise Rejected."""
    if isinstance(cmd, PostNotice):
        return [_notice(state, cmd, now)]
    if cmd.version <= newest_version(state):
        raise Rejected("catalog_not_newer", "the floor runs or holds this version or a newer one")
    try:
        catalog = Catalog.model_validate_json(cmd.catalog)
        state.config.check_against(catalog)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise Rejected(
            "catalog_invalid", f"{where}: {first['msg']}" if where else first["msg"]
        ) from None
    except ValueError as exc:
        raise Rejected("catalog_invalid", str(exc)) from None
    received = CatalogReceived(now, cmd.version, cmd.catalog, cmd.urgent)
    if not cmd.urgent or used_today(state, catalog):
        return [received]
    return [received, CatalogApplied(now, cmd.version)]


def _notice(state: FloorState, cmd: PostNotice, now: datetime) -> NoticePosted:
    """Return a notice to show, or to withdraw (a known one sent again, ending now)."""
    texts = (cmd.vi.strip(), cmd.en.strip(), cmd.ko.strip())
    if not all(texts) or max(map(len, texts)) > NOTICE_CHARS:
        raise Rejected("notice_invalid", f"a notice has vi, en and ko texts of 1..{NOTICE_CHARS}")
    if not cmd.id or len(cmd.id) > 64:
        raise Rejected("notice_invalid", "a notice needs an id of 1..64 characters")
    if cmd.valid_until <= cmd.valid_from:
        raise Rejected("notice_invalid", "the notice ends before it starts")
    if cmd.valid_until <= now and cmd.id not in state.notices:
        raise Rejected("notice_invalid", "the notice has ended")
    return NoticePosted(now, cmd.id, *texts, cmd.valid_from, cmd.valid_until)
