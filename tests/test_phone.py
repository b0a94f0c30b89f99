"""The phone page in a real browser at a phone's size (Debian's Chromium, Playwright):
a number taken on the phone and its place falling as counters call, the three-away
and called notices; the chat in three languages; a phone refused more numbers. And
the page's cookie, QR and report counts over plain HTTP.

Screenshots go to docs/screenshots/phone-*.png (kept: docs/phone.md shows them).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import segno

from devices.mosquitto import Mosquitto
from floor.console.phone import COOKIE, PhoneKey
from floor.console.users import UserStore
from floor.core import commands as c
from floor.core.catalog import CenterConfig
from floor.core.redact import PHONE_MARK
from sim.city_dossiers import CityDossiers, demo_dossiers
from tests.consolekit import PASSWORDS, RunningConsole
from tests.test_console_browser import CHROMIUM, _console_error, browser, until
from tests.test_dossiers import link

__all__ = ["browser"]  # the module's Chromium, shared with the console's browser tests
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
RECORD = """
window.__vibrations = 0;
navigator.vibrate = () => { window.__vibrations += 1; return true; };
window.__beeps = 0;
const make = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__beeps += 1;
  return make.call(this);
};
"""
"""What a phone would do (vibrate, beep), counted where the test can read it."""

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")


@pytest.fixture
def center(center: CenterConfig) -> CenterConfig:
    """The demo center without robots: they play no part here."""
    return center.model_copy(update={"robots": []})


@pytest.fixture
def console(mosquitto: Mosquitto, floor_on, tmp_path: Path) -> Iterator[RunningConsole]:  # type: ignore[no-untyped-def]
    users = UserStore(tmp_path / "users.json")  # the phones' key lives beside it
    users.add("lan", PASSWORDS["lan"], "manager")
    running = RunningConsole(floor_on(mosquitto.url), users).start()
    yield running
    running.stop()


@pytest.fixture
def phone(browser, console: RunningConsole):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.add_init_script(RECORD)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: _console_error(m, errors))
    yield page
    context.close()
    assert not errors, errors


def shot(page: Any, name: str, full: bool = False) -> None:
    """Save what the phone's screen shows (`full`: the whole page)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=full)


def phone_tickets(console: RunningConsole) -> list[str]:
    return console.on_loop(
        lambda state: sorted(t.number for t in state.tickets.values() if t.device == "phone")
    )


@needs_chromium
def test_a_number_taken_on_the_phone_falls_in_place_and_the_phone_is_told(
    phone: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    floor = console.floor
    for n in range(5):  # five people ahead, from the kiosk
        floor.submit(c.IssueTicket("khai_sinh", request_id=f"k{n}", device="kiosk-1"), "test")
    phone.goto(console.url + "/p/")
    expect(phone.locator("#center")).to_have_text(re.compile("Tam Bình"))
    phone.get_by_test_id("proc-khai_sinh").check()
    expect(phone.locator("#procs")).to_contain_text("Tờ khai đăng ký khai sinh")
    shot(phone, "take", full=True)
    phone.get_by_test_id("take").click()
    status = phone.get_by_test_id("status-B006")
    expect(status).to_have_text(re.compile(r"^Còn 5 người trước bạn, khoảng \d+ phút$"))
    assert phone_tickets(console) == ["B006"]
    notice = phone.get_by_test_id("notice")
    expect(notice).to_be_hidden()

    floor.submit(c.CallNext(5), "test")
    expect(status).to_contain_text("Còn 4 người trước bạn")
    expect(phone.get_by_test_id("ticket-B006")).to_contain_text("Đang phục vụ: B001 (quầy 5)")
    expect(notice).to_be_hidden()
    floor.submit(c.CallNext(6), "test")
    expect(status).to_contain_text("Còn 3 người trước bạn")
    expect(notice).to_have_text("Sắp đến lượt số B006: còn 3 người trước bạn")
    until(lambda: phone.evaluate("window.__vibrations") == 1)
    until(lambda: phone.evaluate("window.__beeps") == 1)
    shot(phone, "three-away")

    for counter, ahead in ((5, "Còn 2"), (6, "Còn 1"), (5, "Bạn là người tiếp theo")):
        floor.submit(c.CallNext(counter), "test")
        expect(status).to_contain_text(ahead)
    floor.submit(c.CallNext(6), "test")
    expect(status).to_have_text("Mời bạn đến quầy 6")
    expect(notice).to_have_text("Mời số B006 đến quầy 6")
    until(lambda: phone.evaluate("window.__vibrations") == 2)
    until(lambda: phone.evaluate("window.__beeps") == 2)
    shot(phone, "called")


@needs_chromium
def test_the_place_catches_up_after_the_link_drops(phone: Any, console: RunningConsole) -> None:
    from playwright.sync_api import expect

    floor = console.floor
    for n in range(3):
        floor.submit(c.IssueTicket("khai_sinh", request_id=f"k{n}", device="kiosk-1"), "test")
    phone.goto(console.url + "/p/")
    phone.get_by_test_id("proc-khai_sinh").check()
    phone.get_by_test_id("take").click()
    status = phone.get_by_test_id("status-B004")
    expect(status).to_contain_text("Còn 3 người")
    console.stop()  # the link drops: every stream is cut
    floor.submit(c.CallNext(5), "test")
    floor.submit(c.CallNext(6), "test")
    expect(status).to_contain_text("Còn 3 người")  # nothing reaches the phone meanwhile
    again = _serve_again(console)
    try:
        expect(status).to_contain_text("Còn 1 người", timeout=15_000)  # EventSource retries
    finally:
        again.stop()


@needs_chromium
def test_the_chat_answers_in_the_language_asked_with_the_other_two_beside(
    phone: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    phone.goto(console.url + "/p/")
    log = phone.get_by_test_id("chat-log")
    asked = [
        ("vi", "Làm khai sinh cần giấy tờ gì?", "Đăng ký khai sinh: bạn cần mang"),
        (
            "en",
            "What papers do I need for a birth registration?",
            "Birth registration: please bring",
        ),
        ("ko", "출생 신고에 필요한 서류가 뭐예요?", "출생 신고:"),
    ]
    for i, (lang, question, start) in enumerate(asked):
        phone.get_by_test_id("question").fill(question)
        phone.get_by_test_id("question").press("Enter")
        answer = log.locator(".a").nth(i)
        expect(answer.get_by_test_id("answer")).to_contain_text(start)
        expect(answer.get_by_test_id("answer")).to_have_attribute("lang", lang)
        others = {"vi": "Đăng ký khai sinh: bạn cần mang", "en": "Birth registration: please bring"}
        others["ko"] = "출생 신고:"
        for other in {"vi", "en", "ko"} - {lang}:
            expect(answer.get_by_test_id(f"answer-{other}")).to_contain_text(others[other])
        expect(answer.get_by_test_id(f"answer-{lang}")).to_have_count(0)
        expect(answer.get_by_test_id("human")).to_have_count(0)
    shot(phone, "chat", full=True)

    # unsure: it says so and offers a person, who gets the question without the number in it
    phone.get_by_test_id("question").fill("Tối nay đội tuyển đá với ai vậy? 0912 345 678")
    phone.get_by_test_id("question").press("Enter")
    unsure = log.locator(".a").nth(3)
    expect(unsure.get_by_test_id("answer")).to_contain_text("Tôi chưa chắc đã hiểu đúng câu hỏi")
    expect(unsure.get_by_test_id("answer-en")).to_contain_text("I am not sure I understood")
    unsure.get_by_test_id("human").click()
    expect(unsure).to_contain_text("Dạ, tôi đã báo cán bộ của Trung tâm.")
    requests = until(lambda: _logged(console, "StaffRequested"))
    assert requests[0]["device"] == "phone"
    assert "Tối nay đội tuyển" in requests[0]["text"] and PHONE_MARK in requests[0]["text"]
    assert "345" not in requests[0]["text"]
    shot(phone, "chat-unsure")
    questions = until(
        lambda: (found := _logged(console, "QuestionAsked")) and len(found) == 4 and found
    )
    assert [q["answered"] for q in questions] == [True, True, True, False]
    assert [q["lang"] for q in questions] == ["vi", "en", "ko", "vi"]

    # a receipt's code asked where no dossier system answers: a polite word, no error
    phone.get_by_test_id("dossier-code").fill("HS-2025-000123")
    phone.get_by_test_id("dossier-code").press("Enter")
    expect(phone.get_by_test_id("dossier-answer")).to_have_text(
        re.compile("^Chưa tra cứu được hồ sơ này")
    )


@needs_chromium
def test_a_phone_taking_fifty_numbers_is_refused_politely(
    phone: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    phone.goto(console.url + "/p/")
    phone.get_by_role("button", name="한국어").click()
    expect(phone.get_by_test_id("take")).to_have_text("번호표 받기")
    phone.get_by_test_id("proc-chung_thuc").check()
    for taken in ("A001", "A002", "A003"):
        phone.get_by_test_id("take").click()
        expect(phone.get_by_test_id(f"ticket-{taken}")).to_be_visible()
    answers = phone.evaluate(
        """() => Promise.all(Array.from({length: 47}, (_, i) => fetch('/p/ticket', {
            method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({procedure: 'chung_thuc', lang: 'ko', nonce: 'many-nonce-' + i}),
          }).then(r => r.json().then(j => [r.status, j.code, j.message]))))"""
    )
    assert {(status, code) for status, code, _ in answers} == {(429, "too_many")}
    assert "하루에 3개의 번호표만" in answers[0][2]
    phone.get_by_test_id("take").click()
    refusal = phone.get_by_test_id("take-msg")
    expect(refusal).to_have_text(re.compile("^죄송합니다. 휴대폰 한 대로 하루에 3개의 번호표만"))
    shot(phone, "refused")
    assert phone_tickets(console) == ["A001", "A002", "A003"]


def test_the_cookie_is_signed_the_qr_opens_the_page_and_the_report_counts(
    console: RunningConsole,
) -> None:
    with httpx.Client(base_url=console.url) as client:
        page = client.get("/p/", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
        policy = page.headers["content-security-policy"]
        assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
        value = client.cookies[COOKIE]
        phone_id, mac = value.split(".")
        assert len(phone_id) == 16 and len(mac) == 22  # a random id and its MAC, nothing more
        take = {"procedure": "khai_sinh", "lang": "en", "nonce": "retry-0001"}
        first = client.post("/p/ticket", json=take).json()
        again = client.post("/p/ticket", json=take).json()  # a retry: the same ticket
        assert first["taken"] == again["taken"] == "B001"
        assert [t["number"] for t in client.get("/p/place").json()["tickets"]] == ["B001"]
        # the page in Korean, the question in Vietnamese: the answer in Vietnamese
        hours = client.post("/p/chat", json={"text": "mấy giờ mở cửa", "lang": "ko"}).json()
        assert hours["text"].startswith("Trung tâm làm việc từ thứ Hai") and not hours["human"]
        assert hours["lang"] == "vi" and set(hours["others"]) == {"en", "ko"}

        with contextlib.ExitStack() as streams:  # three live streams a phone, no more
            for _ in range(3):
                live = streams.enter_context(client.stream("GET", "/p/live"))
                assert live.status_code == 200
            assert client.get("/p/live").status_code == 429
            streams.close()
            until(lambda: _opened(client))

        forged = httpx.Client(base_url=console.url, cookies={COOKIE: f"{phone_id}.{'A' * 22}"})
        with forged:
            refused = forged.post("/p/ticket", json=take | {"nonce": "forged-001"})
            assert refused.status_code == 403 and refused.json()["code"] == "reload"
            assert forged.get("/p/place").status_code == 403
        bad = client.post("/p/ticket", json=take | {"procedure": "nope", "nonce": "bad-00001"})
        assert bad.status_code == 422 and bad.json()["code"] == "no_procedure"

        svg = client.get("/p/qr.svg")
        assert svg.headers["content-type"] == "image/svg+xml"
        printed = io.BytesIO()
        segno.make(console.url + "/p/", error="m").save(printed, kind="svg", scale=8, border=4)
        assert svg.content == printed.getvalue()  # the page's own address

        staff = httpx.Client(base_url=console.url)
        with staff:
            login = {"username": "lan", "password": PASSWORDS["lan"]}
            assert staff.post("/api/auth/login", json=login).status_code == 200
            report = staff.get("/api/report").json()
    desk = console.console.phone if console.console else None
    assert desk is not None  # a console started again indexes the phone's numbers anew
    reloaded = console.on_loop(lambda _state: (desk.load(), desk.tickets(phone_id))[1])
    assert [t.number for t in reloaded] == ["B001"]
    assert report["issued"] == 1 and report["mobile_tickets"] == 1
    assert report["chat_questions"] == 1 and report["chat_unsure"] == 0
    assert phone_tickets(console) == ["B001"]


def test_the_phone_key_is_kept_private_and_signs_what_it_checks(tmp_path: Path) -> None:
    path = tmp_path / "var" / "phone.key"
    key = PhoneKey.load(path)
    assert path.stat().st_mode & 0o777 == 0o600
    phone, cookie = key.issue()
    assert PhoneKey.load(path).phone(cookie) == phone  # the same key after a restart
    assert PhoneKey.load(tmp_path / "other.key").phone(cookie) is None
    for bad in (
        None,
        "",
        phone,
        f"{phone}.",
        f"x{cookie}",
        cookie[:-1] + ("B" if cookie.endswith("A") else "A"),
        "...",
    ):
        assert key.phone(bad) is None, bad


def _serve_again(console: RunningConsole) -> RunningConsole:
    """Start a console again on the same floor and port, with the same accounts file
    (so the same phones' key): a floor restarted behind the same address."""
    again = RunningConsole(console.floor, console.users)
    again.port, again.url = console.port, console.url
    return again.start()


def _opened(client: httpx.Client) -> bool:
    """Return whether a live stream opens (then close it)."""
    with client.stream("GET", "/p/live") as live:
        return live.status_code == 200


def _logged(console: RunningConsole, kind: str) -> list[dict[str, Any]]:
    found = console.floor.read(lambda o: o.eventlog.query(kinds=[kind], newest_first=False))
    return [x.data for x in found]


SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
"""Chrome DevTools' "Slow 3G" profile: 2 s round trips, 400 kbit/s each way."""


@needs_chromium
def test_the_page_is_light_and_usable_soon_on_a_slow_link(browser, console: RunningConsole) -> None:  # type: ignore[no-untyped-def]
    figures = {
        "local": _load(browser, console.url, None),
        "slow_3g": _load(browser, console.url, SLOW_3G),
    }
    with httpx.Client(base_url=console.url) as client:
        with client.stream("GET", "/p/", headers={"Accept-Encoding": "gzip"}) as answer:
            gzipped = sum(len(chunk) for chunk in answer.iter_raw())
        raw = len(client.get("/p/", headers={"Accept-Encoding": "identity"}).content)
    print(f"\nphone page: {gzipped} bytes gzipped ({raw} raw); {figures}")
    assert gzipped < 16_000  # one small page: script, style and procedures inline
    assert figures["slow_3g"]["interactive_ms"] < 8_000
    assert figures["local"]["interactive_ms"] < 1_000


def _load(browser: Any, url: str, network: dict[str, Any] | None) -> dict[str, Any]:
    """Open the page as a phone on `network` (None: as fast as it goes); return when it
    was interactive (its script had run) and the bytes its document took on the wire."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    wire: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.update({e["requestId"]: e["request"]["url"]})
    )
    cdp.on(
        "Network.loadingFinished", lambda e: wire.update({e["requestId"]: e["encodedDataLength"]})
    )
    page.goto(url + "/p/", wait_until="domcontentloaded", timeout=60_000)
    expect(page.get_by_test_id("proc-khai_sinh")).to_be_visible()
    timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
    until(lambda: wire, timeout=30)  # the document has finished loading
    context.close()
    return {
        "interactive_ms": round(timing["domContentLoadedEventEnd"]),
        "document_wire_bytes": sum(v for k, v in wire.items() if urls[k].endswith("/p/")),
        "requests": sorted({urls[k].split("/", 3)[-1] for k in urls}),
    }


def test_a_noted_question_is_an_event_with_no_text_and_changes_no_ticket() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from floor.core.decide import decide, start_day
    from floor.core.events import QuestionAsked
    from floor.core.state import FloorState
    from tests.floorkit import CATALOG, CENTER

    state = FloorState.initial(CATALOG, CENTER)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for event in start_day(state, now):
        state.apply(event)
    events = decide(state, c.NoteQuestion("phone", "ask_procedure" * 5, "ko", False), now)
    assert events == [QuestionAsked(now, "phone", ("ask_procedure" * 5)[:40], "ko", False)]
    for event in events:
        state.apply(event)
    assert not state.tickets and not any(state.lines[f.id] for f in CATALOG.fields)


@needs_chromium
def test_a_receipt_code_typed_on_the_phone_gets_its_status_in_the_page_language(
    phone: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    with CityDossiers(demo_dossiers(date.today())) as city:
        link(console.floor, city)
        phone.goto(f"{console.url}/p/")
        phone.get_by_test_id("dossier-code").fill("000.00.22.H29-231205-0001")
        phone.get_by_test_id("dossier-code").press("Enter")
        expect(phone.get_by_test_id("dossier-answer")).to_have_text(
            "Hồ sơ đã có kết quả, nhận tại quầy 3 hoặc ATM hồ sơ."
        )
        phone.get_by_test_id("dossier-code").fill("000.00.22.H29-231205-9999")
        phone.get_by_test_id("dossier-code").press("Enter")
        expect(phone.get_by_test_id("dossier-answer")).to_have_text(
            re.compile("^Không tìm thấy hồ sơ này")
        )
