"""Who is online: births, statuses, stale last wills, and doubt after the floor reconnects."""

from __future__ import annotations

from datetime import datetime, timedelta

from devices.gateway import Presence
from devices.presence import Roster
from tests.floorkit import CENTER

NOW = datetime(2026, 12, 1, 9, 0).astimezone()


def _seen(roster: Roster) -> dict[str, tuple[bool, int | None]]:
    return {v.id: (v.online, v.bd_seq) for v in roster.views() if v.bd_seq is not None}


def test_a_stale_last_will_is_ignored() -> None:
    roster = Roster(CENTER.devices)
    kiosk, display = CENTER.devices[0], CENTER.devices[1]
    assert roster.update(Presence(kiosk, True, 3, ()), NOW)
    assert not roster.update(Presence(kiosk, False, 2), NOW)  # the will of session 2
    assert roster.update(Presence(display, True, 0, ()), NOW)
    assert _seen(roster) == {kiosk.id: (True, 3), display.id: (True, 0)}


def test_after_a_reconnect_only_the_devices_that_show_themselves_stay_online() -> None:
    roster = Roster(CENTER.devices)
    kiosk, display, counter = CENTER.devices[0], CENTER.devices[1], CENTER.devices[2]
    for spec in (kiosk, display, counter):
        roster.update(Presence(spec, True, 0, ()), NOW)
    roster.doubt()
    later = NOW + timedelta(seconds=20)
    assert not roster.update(Presence(kiosk, True, 0), later)  # its retained status again
    roster.update(Presence(display, True, 1, ()), later)  # born again
    assert roster.expire(later)
    assert _seen(roster) == {kiosk.id: (True, 0), display.id: (True, 1), counter.id: (False, 0)}
    assert next(v for v in roster.views() if v.id == counter.id).since == later
    assert not roster.expire(later)  # nothing left in doubt


def test_an_offline_device_is_not_doubted() -> None:
    roster = Roster(CENTER.devices)
    kiosk = CENTER.devices[0]
    roster.update(Presence(kiosk, True, 0, ()), NOW)
    roster.update(Presence(kiosk, False, 0), NOW)
    roster.doubt()
    assert not roster.expire(NOW)
