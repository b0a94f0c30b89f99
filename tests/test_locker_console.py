"""The result locker in the console: slots on the floor map, deposits, and the lock alert."""

from __future__ import annotations

import json
from contextlib import closing
from typing import Any

from floor.core import lockers as k
from tests.consolekit import RunningConsole
from tests.test_console_api import signed_in
from tests.test_console_browser import browser, console, page, shot, sign_in

__all__ = ["browser", "console", "page"]  # the fixtures, shared with the console tests

PHONE = "0912 345 678"


def test_officers_deposit_and_withdraw_through_the_api(console: RunningConsole) -> None:
    with (
        closing(signed_in(console, "minh")) as officer,
        closing(signed_in(console, "hoa")) as viewer,
    ):
        body = {"slot": 4, "dossier": "h29.241205-0001", "phone": PHONE}
        placed = officer.post("/api/lockers/deposit", json=body)
        assert placed.status_code == 200, placed.text
        assert placed.json()["phone_masked"] == "091*****78"
        assert placed.json()["dossier"] == "H29.241205-0001"
        assert viewer.post("/api/lockers/deposit", json={**body, "slot": 5}).status_code == 403
        taken = officer.post("/api/lockers/deposit", json={**body, "dossier": "H29.241205-0002"})
        assert taken.status_code == 409 and taken.json()["detail"]["code"] == "slot_taken"
        bad = officer.post("/api/lockers/deposit", json={**body, "slot": 5, "phone": "0012345678"})
        assert bad.status_code == 409 and "0012345678" not in bad.text
        (locker,) = viewer.get("/api/lockers").json()
        slots = {s["slot"]: s for s in locker["slots"]}
        assert (slots[4]["status"], slots[4]["dossier"]) == ("waiting", "H29.241205-0001")
        assert slots[5]["status"] == "empty"
        logged = officer.get("/api/events?kind=DossierDeposited").json()
        assert "0912345678" not in json.dumps(logged) and "345 678" not in json.dumps(logged)
        done = officer.post("/api/lockers/withdraw", json={"slot": 4})
        assert done.status_code == 200, done.text
        (locker,) = viewer.get("/api/lockers").json()
        assert locker["slots"][3]["status"] == "empty"


def test_the_map_shows_the_slots_and_a_locked_dossier_alerts(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    from devices.locker_wire import deposit_command

    sign_in(page, console, "lan")
    floor = console.floor
    command = deposit_command("", 4, "H29.241205-0001", PHONE)
    floor.submit(command, "counter-1")
    slot = page.get_by_test_id("map-slot-locker-1-4")
    expect(slot).to_have_attribute("data-status", "waiting")
    expect(page.get_by_test_id("map-slot-locker-1-5")).to_have_attribute("data-status", "empty")
    wrong = f"{(int(command.otp) + 1) % 10**6:06d}"
    for _ in range(5):
        floor.submit(k.OpenLocker("locker-1", "H29.241205-0001", wrong), "locker-1")
    expect(slot).to_have_attribute("data-status", "locked")
    top = page.get_by_test_id("alerts-top").locator("li")
    expect(top.first).to_contain_text("ATM hồ sơ 1")
    expect(top.first).to_contain_text("bị khóa sau nhiều lần nhập sai mã; mời cán bộ kiểm tra")
    shot(page, "locker-locked")


def test_an_officer_places_a_dossier_from_the_console_page(
    page: Any, console: RunningConsole
) -> None:
    from playwright.sync_api import expect

    sign_in(page, console, "lan")
    form = page.get_by_test_id("locker-form")
    form.get_by_label("Ô số").fill("6")
    form.get_by_label("Mã hồ sơ").fill("h29.241205-0003")
    form.get_by_label("Số điện thoại người nhận").fill("+84 912 345 678")
    form.get_by_role("button", name="Gửi vào tủ và nhắn mã").click()
    expect(page.get_by_test_id("locker-result")).to_contain_text(
        "Đã gửi hồ sơ H29.241205-0003 vào ô số 6; đã nhắn mã OTP tới 091*****78."
    )
    expect(page.get_by_test_id("map-slot-locker-1-6")).to_have_attribute("data-status", "waiting")
    form.get_by_label("Ô số").fill("6")
    form.get_by_label("Mã hồ sơ").fill("H29.241205-0004")
    form.get_by_label("Số điện thoại người nhận").fill("0912345678")
    form.get_by_role("button", name="Gửi vào tủ và nhắn mã").click()
    expect(page.get_by_test_id("locker-result")).to_contain_text("ô 6 đang có hồ sơ")
    shot(page, "locker-deposit")
