"""Start-up from the latest snapshot, and taking snapshots, so start-up stays short as the
log grows: the state is read from the last snapshot and only the events after it are
replayed. A snapshot this code cannot use is skipped with a warning and the whole log
is replayed instead.
"""

from __future__ import annotations

import logging
import time

from floor.core import snapshot
from floor.core.catalog import Catalog, CenterConfig
from floor.core.state import FloorState
from floor.eventlog import EventLog

log = logging.getLogger(__name__)

SNAPSHOT_EVERY = 1000
"""Events between snapshots: start-up replays at most about this many, and what came since."""


def restore(catalog: Catalog, config: CenterConfig, eventlog: EventLog) -> tuple[FloorState, int]:
    """Return the state folded from the whole log, and the last event of the snapshot used
    (0 when none was: then every event was replayed)."""
    started = time.perf_counter()
    state, since = _from_snapshot(catalog, config, eventlog)
    replayed = 0
    for event in eventlog.events(after=since):
        state.apply(event)
        replayed += 1
    log.info(
        "state restored in %.2f s: snapshot at event %d, %d events replayed after it",
        time.perf_counter() - started,
        since,
        replayed,
    )
    return state, since


def _from_snapshot(
    catalog: Catalog, config: CenterConfig, eventlog: EventLog
) -> tuple[FloorState, int]:
    try:
        found = eventlog.latest_snapshot()
        if found is not None:
            seq, data = found
            return snapshot.load(catalog, config, data), seq
    except ValueError as exc:
        log.warning("snapshot not used (%s): replaying the whole event log", exc)
    return FloorState.initial(catalog, config), 0


def take_snapshot(eventlog: EventLog, state: FloorState) -> int:
    """Save a snapshot of `state`, which must hold every event written; return its event."""
    seq = eventlog.head
    eventlog.save_snapshot(seq, snapshot.dump(state))
    return seq
