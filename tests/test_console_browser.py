"""The console in a real browser: Debian's Chromium driven by Playwright (no download):
signing in, acting on counters, the floor at a glance, alerts that lead to action, a page
that never loses a tap during live updates, robots on the map.

Screenshots go to test-artifacts/console/ (git-ignored).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from devices.counter import CounterTerminal
from devices.kiosk import Kiosk
from devices.mosquitto import Mosquitto
from devices.rating import RatingTerminal
from floor.broker import free_port
from floor.core import commands as c
from floor.core.catalog import CenterConfig
from tests.consolekit import PASSWORDS, RunningConsole, accounts, fill_history

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "console"
TABLET = {"width": 1024, "height": 768}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def console(mosquitto: Mosquitto, floor_on) -> Iterator[RunningConsole]:  # type: ignore[no-untyped-def]
    running = RunningConsole(floor_on(mosquitto.url), accounts()).start()
    yield running
    running.stop()


@pytest.fixture
def page(browser, console: RunningConsole):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: _console_error(m, errors))
    yield page
    context.close()
    assert not errors, errors


def _console_error(message, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Keep script errors; a refused request (401 before sign-in) is not one."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, console: RunningConsole, name: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(console.url + "/")
    expect(page.get_by_text("Đăng nhập bảng điều hành")).to_be_visible()
    page.fill("#login-user", name)
    page.fill("#login-pass", PASSWORDS[name])
    page.click("#login-submit")
    landing = "desk" if name == "minh" else "floor-map"  # an officer lands on their counter
    expect(page.get_by_test_id(landing)).to_be_visible()


def test_manager_logs_in_opens_closes_a_counter_sees_a_call_and_a_rating(
    page, console: RunningConsole
) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(console.url + "/")
    shot(page, "01-login")
    sign_in(page, console, "lan")
    expect(page.locator("#who")).to_contain_text("lan · Lãnh đạo")
    shot(page, "02-floor")

    page.get_by_role("tab", name="Hàng đợi & quầy").click()
    expect(page.get_by_test_id("counter-4-status")).to_have_text("Đang mở")
    page.get_by_test_id("close-4").click()
    expect(page.get_by_test_id("counter-4-status")).to_have_text("Đã đóng")
    expect(page.get_by_test_id("map-counter-4")).to_have_class(re.compile("st-closed"))
    shot(page, "03-counter-4-closed")
    page.get_by_test_id("open-4").click()
    expect(page.get_by_test_id("counter-4-status")).to_have_text("Đang mở")
    assert console.on_loop(lambda state: state.counters[4].status) == "open"

    floor = console.floor
    with (
        floor.device("kiosk-1", as_device=True) as k,
        floor.device("counter-5", as_device=True) as c,
        floor.device("rating-5", as_device=True) as r,
    ):
        kiosk, counter, rating = Kiosk(k, b"salt"), CounterTerminal(c), RatingTerminal(r, 4)
        kiosk.request("khai_sinh")
        queue = page.get_by_test_id("queues")
        expect(queue.locator("tr", has_text="Hộ tịch")).to_contain_text("1")
        counter.call_next()
        expect(page.get_by_test_id("counter-5-serving")).to_have_text("B001")
        page.get_by_role("tab", name="Sơ đồ sảnh").click()
        board = page.get_by_test_id("call-board")
        expect(board.locator("li").first).to_contain_text("B001")
        expect(board.locator("li").first.locator(".ctr")).to_have_text("5")
        expect(page.get_by_test_id("map-counter-5")).to_contain_text("B001")
        shot(page, "04-call-on-board")

        counter.finish()
        rating.rate(1)
        page.get_by_role("tab", name="Hài lòng").click()
        expect(page.get_by_test_id("sat-total")).to_have_text("100% hài lòng · 1 đánh giá")
        expect(page.get_by_test_id("sat-recent")).to_contain_text("B001")
        expect(page.get_by_test_id("sat-recent")).to_contain_text("Rất hài lòng")
        shot(page, "05-rating")

    report = page.context.new_page()
    report.goto(console.url + "/report")
    expect(report.get_by_test_id("report")).to_contain_text("Báo cáo ngày")
    expect(report.locator(".kpi").first).to_contain_text("1")
    shot(report, "06-report")
    report.close()

    # the English switch
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_test_id("sat-total")).to_have_text("100% satisfied · 1 ratings")
    page.get_by_role("tab", name="Event log").click()
    page.get_by_test_id("log-source").fill("console:")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("log-rows").locator("tr")).to_have_count(2)
    expect(page.get_by_test_id("log-rows")).to_contain_text("Console (lan)")
    shot(page, "07-event-log-en")


def test_wrong_password_is_refused_in_the_page(page, console: RunningConsole) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(console.url + "/")
    page.fill("#login-user", "lan")
    page.fill("#login-pass", "not-the-password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
    expect(page.get_by_test_id("floor-map")).to_be_hidden()


def test_viewer_sees_the_floor_without_action_buttons(page, console: RunningConsole) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    sign_in(page, console, "hoa")
    page.get_by_role("tab", name="Hàng đợi & quầy").click()
    expect(page.get_by_test_id("counter-5")).to_be_visible()
    expect(page.get_by_test_id("close-5")).to_have_count(0)
    shot(page, "07-viewer-no-actions")


WIDTHS = {1366: 768, 1024: 768, 390: 844}


def fetch(page: Any, path: str) -> Any:
    """GET an API path with the page's session; return the JSON."""
    return page.evaluate("p => fetch(p).then(r => r.json())", path)


def until(check: Any, timeout: float = 5.0) -> Any:
    """Return check()'s first true value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (got := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return got


def test_the_landing_page_shows_the_api_numbers_at_three_widths(
    page: Any, console: RunningConsole
) -> None:
    for procedure, priority in (
        ("chung_thuc", None),
        ("chung_thuc", "elderly"),
        ("khai_sinh", None),
        ("dat_dai", None),
        ("chung_thuc", None),
    ):
        console.floor.submit(c.IssueTicket(procedure, priority), "test")
    console.floor.submit(c.SetCounterStatus(7, "paused"), "test")
    sign_in(page, console, "lan")

    def shown_equals_api() -> bool:
        lines = fetch(page, "/api/queues")
        for line in lines:
            cells = {
                "waiting": str(line["waiting"]),
                "priority": str(line["priority_waiting"]),
                "longest": f"{line['longest_wait_min']} phút",
                "estimate": f"{line['estimated_wait_min']} phút",
                "open": str(line["counters_open"]),
            }
            for name, text in cells.items():
                if page.get_by_test_id(f"glance-{line['field']}-{name}").inner_text() != text:
                    return False
        total = sum(line["waiting"] for line in lines)
        return total == 5 and page.get_by_test_id("glance-hall").inner_text() == str(total)

    until(shown_equals_api)
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert page.get_by_test_id("glance").is_visible()
        shot(page, f"glance-{width}")


def test_an_urgent_alert_tops_the_list_within_2_s_and_is_acknowledged(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    sign_in(page, console, "lan")
    console.floor.submit(c.RequestStaff("kiosk-1", "Cho tôi hỏi thủ tục"), "test")
    top = page.get_by_test_id("alerts-top").locator("li")
    expect(top.first).to_contain_text("Cho tôi hỏi thủ tục")
    asked = time.monotonic()
    console.floor.submit(c.RequestStaff("kiosk-2", "Có người ngất xỉu", urgent=True), "test")
    expect(top.first).to_contain_text("KHẨN CẤP", timeout=2000)
    assert time.monotonic() - asked < 2.0
    expect(top.first).to_contain_text("Có người ngất xỉu")
    expect(top.first).to_have_class("alert sev-urgent kind-ask_staff")
    expect(top.nth(1)).to_contain_text("Cho tôi hỏi thủ tục")
    shot(page, "alert-urgent")

    top.first.get_by_role("button", name="Đã xem").click()
    expect(top.first).to_contain_text("Cho tôi hỏi thủ tục")  # the urgent one is resolved
    acks = fetch(page, "/api/events?kind=AlertAcknowledged")
    assert [(e["source"], e["data"]["by"]) for e in acks] == [("console:lan", "lan")]
    assert acks[0]["data"]["alert"].startswith("staff:kiosk-2:")
    left = fetch(page, "/api/alerts")
    assert [a["params"]["text"] for a in left if a["kind"] == "ask_staff"] == [
        "Cho tôi hỏi thủ tục"
    ]


def test_the_imbalance_suggestion_applies_with_one_press(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    floor = console.floor
    for number in (1, 2, 3):
        floor.submit(c.SetCounterStatus(number, "paused"), "test")
    floor.submit(c.SetCounterStatus(4, "closed"), "test")
    for _ in range(4):
        floor.submit(c.IssueTicket("chung_thuc"), "test")
    sign_in(page, console, "lan")
    alert = page.locator(".alert.kind-imbalance")
    expect(alert).to_contain_text(
        "Quầy 1, 2, 3 đang tạm dừng; 4 người chờ Chứng thực; Tư pháp – Hộ tịch không ai chờ"
        " — chuyển Quầy 5 sang Chứng thực?"
    )
    shot(page, "alert-imbalance")
    alert.get_by_role("button", name="Áp dụng").click()
    until(lambda: console.on_loop(lambda state: state.counters[5].fields) == ("chung_thuc",))
    expect(page.locator(".alert.kind-imbalance")).to_have_count(0)


def test_100_presses_of_120_ms_during_live_updates_are_all_taken(
    page: Any, console: RunningConsole
) -> None:
    floor = console.floor
    floor.submit(c.IssueTicket("khai_sinh"), "test")
    floor.submit(c.CallNext(5), "test")
    sign_in(page, console, "lan")
    page.get_by_role("tab", name="Hàng đợi & quầy").click()
    recall = page.get_by_test_id("recall-5")
    recall.scroll_into_view_if_needed()
    stop = threading.Event()

    def traffic() -> None:  # new tickets keep the view changing (about 4 updates a second)
        while not stop.wait(0.25):
            floor.submit(c.IssueTicket("dat_dai"), "test")

    busy = threading.Thread(target=traffic, daemon=True)
    busy.start()
    try:
        for _ in range(100):
            box = recall.bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.wait_for_timeout(120)  # the press itself: a finger held 120 ms
            page.mouse.up()
    finally:
        stop.set()
        busy.join(5)

    def recalls() -> int:
        return len(fetch(page, "/api/events?kind=TicketRecalled&limit=1000"))

    until(lambda: recalls() >= 100, timeout=15)
    assert recalls() == 100


def test_an_officer_works_the_counter_from_the_workstation(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    for _ in range(3):
        console.floor.submit(c.IssueTicket("khai_sinh"), "test")
    sign_in(page, console, "minh")  # staff of counter 5 (Tư pháp – Hộ tịch)
    expect(page.get_by_role("tab", name="Quầy của tôi")).to_have_attribute("aria-selected", "true")
    number = page.get_by_test_id("desk-number")
    expect(number).to_have_text("—")
    expect(page.get_by_test_id("desk-waiting")).to_have_text("3")

    page.keyboard.press("n")  # call next from the keyboard
    expect(number).to_have_text("B001")
    expect(page.get_by_test_id("desk-procedure")).to_have_text("Đăng ký khai sinh")
    expect(page.locator(".papers li").first).to_be_visible()
    shot(page, "desk-serving")
    page.get_by_role("button", name="Gọi lại").click()
    page.get_by_role("button", name="Vắng mặt").click()
    expect(number).to_have_text("—")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(number).not_to_have_text("—")
    transferred = number.inner_text()
    page.get_by_test_id("desk-transfer-field").select_option(label="Chứng thực")
    page.get_by_role("button", name="Chuyển lĩnh vực").click()
    expect(number).to_have_text("—")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(number).not_to_have_text("—")
    finished = number.inner_text()
    page.keyboard.press("h")
    expect(number).to_have_text("—")
    page.get_by_test_id("desk-reason").select_option(label="Họp")
    page.get_by_role("button", name="Tạm dừng").click()
    expect(page.get_by_test_id("desk-status")).to_have_text("Tạm dừng")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "desk-paused-390")

    mine = fetch(page, "/api/events?source=console:minh")
    kinds = [e["kind"] for e in reversed(mine)]
    assert kinds == [
        "TicketCalled",
        "TicketRecalled",
        "TicketNoShow",
        "TicketCalled",
        "TicketTransferred",
        "TicketCalled",
        "TicketFinished",
        "CounterStatusChanged",
    ]
    data = {e["kind"]: e["data"] for e in mine}
    assert data["TicketTransferred"]["to_field"] == "chung_thuc"
    assert data["CounterStatusChanged"]["reason"] == "Họp"
    numbers = console.on_loop(lambda state: {t.number: t.field for t in state.tickets.values()})
    assert numbers[transferred] == "chung_thuc" and finished != transferred


def test_the_report_for_a_week_in_vietnamese_formats_prints_without_the_toolbar(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    days = fill_history(console.floor.db, days=7, per_day=20, last=date.today())
    first, last = (date.fromisoformat(d) for d in (days[0], days[-1]))
    sign_in(page, console, "lan")
    page.goto(f"{console.url}/report?day={days[0]}&to={days[-1]}")
    report = page.get_by_test_id("report")
    vi_date = "{0.day}/{0.month}/{0.year}".format
    expect(report.locator("h1")).to_have_text(f"Báo cáo · {vi_date(first)} – {vi_date(last)}")
    kpis = report.locator(".kpi")
    expect(kpis.nth(0)).to_contain_text("140")
    expect(kpis.nth(4)).to_contain_text("6,3 phút")  # mean service: a decimal comma, "phút"
    expect(page.get_by_test_id("report-days").locator("tbody tr")).to_have_count(7)
    expect(page.get_by_test_id("report-days")).to_contain_text(vi_date(first))
    labels = page.get_by_test_id("report-hours").locator(".chart-label")
    expect(labels).to_have_count(11)  # the working day, 7 to 17 o'clock
    expect(labels.first).to_have_text("7 giờ")
    text = report.inner_text()
    assert " min" not in text and not re.search(r"\d\.\d", text), text
    shot(page, "report-week")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("report-toolbar")).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "report-week.pdf"), format="A4")


def test_the_robot_order_queue_shows_waiting_orders_and_cancels_one(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    sign_in(page, console, "lan")
    page.get_by_role("tab", name="Robot").click()
    queue = page.get_by_test_id("robots-queue")
    expect(queue).to_contain_text("Không có việc nào đang chờ.")
    for area in ("c", "a"):  # no robot is online: both orders wait, the first on top
        page.get_by_test_id("refresh-area").select_option(f"seats-{area}")
        page.get_by_test_id("refresh-send").click()
    items = queue.locator("li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Phục vụ nước → Quầy nước")
    items.first.get_by_role("button", name="Huỷ nhiệm vụ").click()
    expect(items).to_have_count(1)
    shot(page, "robot-queue")


ENGLISH = [
    *("counter", "entrance", "dock", "station", "refresh", "guide", "kiosk", "display"),
    *("rating", "board", "ticket", "tickets", "waiting", "serves", "serving", "finish"),
    *("paused", "closed", "open", "min", "escort", "greet", "failed", "done", "cancelled"),
    *("offline", "online", "battery", "task", "null", "undefined", "NaN", "true", "false"),
    *("console", "seats", "field", "level", "issued", "called", "recalled", "transferred"),
    *("requested", "acknowledged"),
]
"""English UI words (and leaked values) that must not appear on a Vietnamese page."""


def test_vietnamese_pages_show_no_english_word_and_no_raw_id(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    from tests.floorkit import CATALOG

    floor = console.floor
    config = floor.config
    for procedure in ("khai_sinh", "chung_thuc", "dat_dai"):
        floor.submit(c.IssueTicket(procedure), "kiosk-1")
    floor.submit(c.CallNext(5), "counter-5")
    floor.submit(c.Finish(5), "counter-5")
    floor.submit(c.Rate(5, 4, "rating-5", "r-1", reasons=("wait_time",)), "rating-5")
    floor.submit(c.RequestStaff("kiosk-2", "Tôi cần giúp điền tờ khai"), "kiosk-2")
    ids = {f.id for f in CATALOG.fields} | {p.id for p in CATALOG.procedures}
    ids |= {d.id for d in config.devices} | {r.id for r in config.robots}
    assert config.layout is not None
    ids |= {p.name for p in config.layout.places}
    forbidden = [re.compile(rf"(?<![\w-]){re.escape(i)}(?![\w-])") for i in sorted(ids)]
    forbidden += [re.compile(rf"(?<![\w-]){w}(?![\w-])", re.IGNORECASE) for w in ENGLISH]

    def check(where: str) -> None:
        text = (
            page.locator("body").inner_text()
            + " "
            + page.locator("svg").all_text_contents().__str__()
        )
        found = sorted({m.group(0) for f in forbidden for m in f.finditer(text)})
        assert not found, (where, found)

    sign_in(page, console, "lan")
    expect(page.get_by_test_id("alerts-top")).to_contain_text("Tôi cần giúp")
    check("floor")
    page.get_by_role("tab", name="Hàng đợi & quầy").click()
    page.get_by_test_id("pause-7").click()
    expect(page.get_by_test_id("counter-7-status")).to_have_text("Tạm dừng")
    for tab in ("Hàng đợi & quầy", "Hài lòng", "Robot", "Cảnh báo", "Nhật ký", "Báo cáo"):
        page.get_by_role("tab", name=tab).click()
        if tab == "Nhật ký":
            expect(page.get_by_test_id("log-rows").locator("tr").first).to_be_visible()
        check(tab)
    page.goto(console.url + "/report")
    expect(page.get_by_test_id("report").locator("h1")).to_be_visible()
    check("report")


@pytest.fixture
def center(center: CenterConfig) -> CenterConfig:
    """The demo center with its robots on free loopback ports (served by the simulator)."""
    robots = [r.model_copy(update={"url": f"ws://127.0.0.1:{free_port()}"}) for r in center.robots]
    return center.model_copy(update={"robots": robots})


@pytest.fixture
def robot_console(mosquitto: Mosquitto, floor_on, center) -> Iterator[RunningConsole]:  # type: ignore[no-untyped-def]
    """Orchestrator, simulated robots behind rosbridge, the fleet coordinator and the console."""
    import asyncio

    from robots.coordinator import Coordinator
    from robots.rosbridge import RosbridgeFleet
    from tests.test_robots_fleet import SimThread

    config = center
    sim = SimThread(config)
    floor = floor_on(mosquitto.url)
    loop = floor._loop
    holder: dict[str, object] = {}

    async def start() -> None:
        fleet = RosbridgeFleet(config)
        await fleet.__aenter__()
        holder["fleet"] = fleet
        holder["task"] = asyncio.create_task(Coordinator(floor.orchestrator, fleet).run())

    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    running = RunningConsole(floor, accounts()).start()
    yield running
    running.stop()

    async def stop() -> None:
        task = holder["task"]
        task.cancel()  # type: ignore[attr-defined]
        await asyncio.gather(task, return_exceptions=True)  # type: ignore[arg-type]
        await holder["fleet"].__aexit__(None, None, None)  # type: ignore[attr-defined]

    asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
    sim.stop()


def test_a_robot_moves_on_the_map_while_the_simulator_runs(browser, robot_console) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    console = robot_console
    context = browser.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    try:
        sign_in(page, console, "lan")
        robots = page.locator("[data-testid^=map-robot-]")
        expect(robots).to_have_count(3)

        def positions() -> dict[str, tuple[float, float]]:
            got = {}
            for i in range(robots.count()):
                node = robots.nth(i)
                x, y = node.get_attribute("data-x"), node.get_attribute("data-y")
                got[node.get_attribute("data-testid")] = (float(x or 0), float(y or 0))
            return got

        start = positions()
        shot(page, "08-robots-docked")
        # an elderly citizen is called: a guide robot escorts them to the counter
        floor = console.floor
        with floor.device("kiosk-1", as_device=True) as k, floor.device("counter-3") as c:
            Kiosk(k, b"salt").request("chung_thuc", "elderly")
            c.send("call_next")
            deadline = time.monotonic() + 30
            moved: dict[str, float] = {}
            while not moved:
                assert time.monotonic() < deadline, "no robot moved on the map"
                page.wait_for_timeout(250)
                now = positions()
                moved = {
                    k: abs(now[k][0] - start[k][0]) + abs(now[k][1] - start[k][1])
                    for k in now
                    if abs(now[k][0] - start[k][0]) + abs(now[k][1] - start[k][1]) > 1.0
                }
            page.wait_for_timeout(1500)
            shot(page, "09-robot-moving")
            page.get_by_role("tab", name="Robot").click()
            expect(page.locator("[data-testid^=robot-guide]").first).to_be_visible()
            expect(page.locator("[data-testid^=robot-]").first).to_contain_text("Pin")
            shot(page, "10-robots-panel")
            # the manager sends the escorting guide back to its dock
            guide, dock = console.on_loop(
                lambda state: next(
                    (t.robot, state.robots.robots[t.robot].dock)
                    for t in state.robots.tasks.values()
                    if t.kind == "escort" and t.robot is not None
                )
            )
            page.get_by_test_id(f"robot-{guide}-dock").click()
            expect(page.get_by_test_id(f"robot-{guide}-task")).to_contain_text("Về sạc")
            dock_name = "Trạm sạc " + dock.removeprefix("dock-")  # dock-1: its Vietnamese name
            expect(page.get_by_test_id(f"robot-{guide}-task")).to_contain_text(dock_name)
            expect(page.get_by_test_id(f"robot-{guide}-dock")).to_have_count(0)
            shot(page, "11-robot-sent-to-dock")
            # pausing it says what happens to the dock order, and asks
            asked: list[str] = []
            page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
            page.get_by_test_id(f"robot-{guide}-pause").click()
            expect(page.get_by_test_id(f"robot-{guide}-held")).to_have_text("Tạm dừng")
            assert asked and "sẽ bị huỷ" in asked[0] and dock_name in asked[0], asked
            history = page.get_by_test_id(f"robot-{guide}-history")
            history.locator("summary").click()
            expect(history).to_contain_text(f"Về sạc → {dock_name}: đã huỷ")
    finally:
        context.close()
