"""Growth: after five years of history the floor starts, from its latest snapshot, in
under five seconds, keeps only today's tickets and a week of command keys in memory."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from devices.mosquitto import Mosquitto
from floor.core.catalog import CenterConfig
from floor.core.commands import IssueTicket
from floor.core.events import TicketIssued
from floor.eventlog import EventLog
from tests.conftest import RunningFloor
from tests.floorkit import CATALOG, CENTER
from tests.historykit import write_history

YEARS = 5
START_LIMIT_S = 5.0


@pytest.fixture(scope="module")
def five_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five years of a busy center's history, up to yesterday (made once per session)."""
    db = tmp_path_factory.mktemp("growth") / "floor.db"
    today = datetime.now(ZoneInfo(CENTER.center.timezone)).date()
    write_history(db, CATALOG, CENTER, YEARS, today)
    return db


def test_five_years_of_history_start_in_under_five_seconds(
    five_years: Path,
    mosquitto: Mosquitto,
    center: CenterConfig,
    floor_on: Callable[[str, Path], RunningFloor],
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = EventLog(five_years)
    events, days = log.head, len({e.at[:10] for e in log.query(kinds=["DayStarted"], limit=None)})
    log.close()
    assert events > YEARS * 250 * 1500 and days > YEARS * 250

    with caplog.at_level(logging.INFO, "floor.snapshots"):
        started = time.perf_counter()
        floor = floor_on(mosquitto.url, five_years)  # open, restore, connect
        ask = IssueTicket("chung_thuc", request_id="r-1", device="kiosk-1")
        answer = floor.submit(ask, "kiosk-1")
        elapsed = time.perf_counter() - started
    floor.stop()

    assert elapsed < START_LIMIT_S, f"started and served in {elapsed:.2f} s"
    assert isinstance(answer[-1], TicketIssued)
    assert answer[-1].number == "A001"
    restored = re.search(r"snapshot at event (\d+), (\d+) events replayed", caplog.text)
    assert restored, caplog.text
    since, tail = int(restored[1]), int(restored[2])
    assert since > 0.99 * events and since + tail == events  # a day's tail, not five years
    orchestrator = floor.orchestrator  # stopped: its state is ours to read
    assert orchestrator is not None
    assert list(orchestrator.state.tickets) == [answer[-1].ticket]
    assert 5 * 1000 < len(orchestrator.handled) < 8 * 2500  # a week of keys, not five years
