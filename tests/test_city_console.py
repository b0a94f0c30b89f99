"""The city's notices on the console, in a real browser (Debian's Chromium), and its API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from floor.core.commands import PostNotice
from tests.consolekit import RunningConsole
from tests.test_console_browser import (  # noqa: F401 (fixtures)
    CHROMIUM,
    browser,
    console,
    fetch,
    page,
    pytestmark,
    shot,
    sign_in,
)


def test_a_city_notice_shows_above_the_tabs_in_the_page_language(
    page: Any,  # noqa: F811 (the fixture)
    console: RunningConsole,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    assert httpx.get(console.url + "/api/city").status_code == 401  # signed in only
    now = console.floor.read(lambda o: o.clock())
    notice = PostNotice(
        "quoc-khanh",
        "Trung tâm nghỉ lễ Quốc khánh ngày 2/9",
        "The center is closed on 2 September",
        "9월 2일 휴무",
        now,
        now + timedelta(days=3),
    )
    console.floor.submit(notice, "city")
    sign_in(page, console, "hoa")
    box = page.locator("#city-notices")
    expect(box).to_have_text("Trung tâm nghỉ lễ Quốc khánh ngày 2/9")
    city = fetch(page, "/api/city")
    assert city["catalog_version"] == 0 and city["held_version"] is None
    assert [n["notice"] for n in city["notices"]] == ["quoc-khanh"]
    shot(page, "20-city-notice")
