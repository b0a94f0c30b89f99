"""Reference devices end to end over a real mosquitto: kiosk, displays, counter, rating."""

from __future__ import annotations

import json
import queue
import time

import pytest

from devices import topics
from devices.client import DeviceClient, Received, Refused
from devices.counter import CounterTerminal
from devices.display import Display, announcement_lines
from devices.kiosk import Kiosk, citizen_hash, slip
from devices.mosquitto import Mosquitto
from devices.rating import RatingTerminal

SALT = b"salt-of-kiosk-1"


def sniff(client: DeviceClient) -> list[bytes]:
    """Return every payload seen so far by a client listening to the whole center."""
    seen: list[bytes] = []
    while True:
        try:
            got = client.inbox.get_nowait()
        except queue.Empty:
            return seen
        seen.append(json.dumps(got.data, ensure_ascii=False).encode())


def test_every_device_kind_end_to_end(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    center = floor.config.center.id
    with (
        floor.device("sniffer") as sniffer,
        floor.device("kiosk-1", as_device=True) as k,
        floor.device("counter-5", as_device=True) as c,
        floor.device("display-5", as_device=True) as d5,
        floor.device("board-hall", as_device=True) as hall,
        floor.device("rating-5", as_device=True) as r,
    ):
        sniffer.listen(topics.center_filter(center))
        kiosk, counter, rating = Kiosk(k, SALT), CounterTerminal(c), RatingTerminal(r, 4)
        own, board = Display(d5, counter=5), Display(hall)

        notice = kiosk.request("khai_sinh", "pregnant", citizen_id="079 301 004 567")
        printed = slip(notice)
        assert notice.number == "B001" and "SỐ THỨ TỰ B001" in printed
        assert "Thủ tục: Đăng ký khai sinh" in printed and "quầy 4, 5, 6" in printed

        counter.call_next()
        for screen in (own, board):
            call = screen.next_call()
            assert announcement_lines(call) == ["Mời số B001 đến quầy số 5"]
        counter.recall()
        assert announcement_lines(own.next_call())[0] == "Mời lại: Mời số B001 đến quầy số 5"

        deadline = time.monotonic() + 5
        while ["5", "B001"] not in [line.split() for line in board.board().splitlines()]:
            assert time.monotonic() < deadline, board.board()
            board.refresh()
            time.sleep(0.05)

        counter.finish()
        thanks = rating.rate(4, ("wait_time",))
        assert (thanks.number, thanks.level) == ("B001", 4)
        assert thanks.text == "Cảm ơn quý khách đã đánh giá!"
        traffic = b"".join(sniff(sniffer))
    ticket = next(iter(floor.orchestrator.state.tickets.values()))
    assert (ticket.number, ticket.rating, ticket.counter) == ("B001", 4, 5)
    # the citizen ID never left the kiosk: only its salted hash did
    assert b"079301004567" not in traffic and b"079 301 004 567" not in traffic
    assert citizen_hash(SALT, "079301004567").encode() in traffic


def test_bad_input_from_each_device_kind_changes_nothing(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url)
    with (
        floor.device("kiosk-1", as_device=True) as k,
        floor.device("counter-1", as_device=True) as c,
        floor.device("rating-1", as_device=True) as r,
        floor.device("display-1", as_device=True) as d,
    ):
        kiosk, counter, rating = Kiosk(k, SALT), CounterTerminal(c), RatingTerminal(r, 4)
        with pytest.raises(Refused) as err:
            kiosk.request("cap_ho_chieu")
        assert err.value.code == "unknown_procedure" and "cap_ho_chieu" in err.value.detail
        kiosk.request("chung_thuc")
        counter.call_next()
        with pytest.raises(Refused) as err:
            counter.transfer("hai_quan")
        assert err.value.code == "unknown_field"
        counter.finish()
        with pytest.raises(Refused) as err:
            rating.rate(5)
        assert err.value.code == "out_of_range"
        with pytest.raises(Refused) as err:
            rating.rate(2, ("staff_attitude",))
        assert err.value.code == "reasons_not_unhappy"
        for client, name in ((k, "ticket_request"), (c, "call_next"), (r, "rating")):
            client.publish_raw(client.event_topic(name), b'{"v": 1, "id": "x1"}')
            assert client.wait_for(lambda m: m.kind == "error").data["code"] == "schema"
        d.publish_raw(
            d.event_topic("call_next"),
            json.dumps(d.message("call_next").model_dump(mode="json")).encode(),
        )
        assert d.wait_for(lambda m: m.kind == "error").data["code"] == "not_allowed"
    state = floor.orchestrator.state
    [ticket] = state.tickets.values()
    assert (ticket.field, ticket.status, ticket.rating) == ("chung_thuc", "served", None)


def wait_devices(watcher: DeviceClient, test, timeout: float) -> Received:  # type: ignore[no-untyped-def]
    """Wait for a retained devices state passing `test` (a dict id -> device view)."""
    return watcher.wait_for(
        lambda m: (
            m.kind == "state"
            and m.name == "devices"
            and test({d["id"]: d for d in m.data["devices"]})
        ),
        timeout,
    )


def test_device_death_rebirth_and_orchestrator_return(
    mosquitto: Mosquitto, floor_on, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url, tmp_path / "floor.db")
    center = floor.config.center.id
    with floor.device("board-hall") as watcher:
        watcher.listen(topics.STATE.topic(center=center, name="devices"))
        display = floor.device("display-3", as_device=True, keepalive=2)
        display.__enter__()
        wait_devices(watcher, lambda d: d["display-3"]["online"], 5)
        display.kill()  # power lost: no goodbye; the broker sends its last will
        started = time.monotonic()
        offline = wait_devices(watcher, lambda d: not d["display-3"]["online"], 10)
        assert time.monotonic() - started <= 2 * 1.5 + 1  # within the keepalive bound
        assert offline.data["devices"][0]["id"] == "kiosk-1"
        with floor.device("display-3", as_device=True, keepalive=2) as back:
            seen = wait_devices(watcher, lambda d: d["display-3"]["online"], 5)
            assert {d["id"]: d for d in seen.data["devices"]}["display-3"]["bd_seq"] == 0
            births = back.births
            floor.stop()
            floor = floor_on(mosquitto.url, tmp_path / "floor.db")
            deadline = time.monotonic() + 5
            while back.births == births:  # the orchestrator came back: the device rebirths
                assert time.monotonic() < deadline, "no rebirth after the orchestrator returned"
                time.sleep(0.05)
            wait_devices(watcher, lambda d: d["display-3"]["online"], 5)


def replies(*lines: str):  # type: ignore[no-untyped-def]
    """Return an `input` stand-in that answers each prompt with the next line."""
    answers = iter(lines)
    return lambda _prompt: next(answers)


def test_a_kiosk_offers_the_city_catalog_the_floor_runs(  # type: ignore[no-untyped-def]
    mosquitto: Mosquitto, floor_on, capsys: pytest.CaptureFixture[str]
) -> None:
    from devices.kiosk import FloorCatalog, terminal
    from floor.core.commands import OfferCatalog
    from tests.floorkit import CATALOG
    from tests.test_city_catalog import catalog_text

    floor = floor_on(mosquitto.url)
    floor.submit(OfferCatalog(7, catalog_text(add_procedure=True), urgent=True), "city")
    new = len(CATALOG.procedures) + 1  # the city's version adds one at the end
    with floor.device("kiosk-1", as_device=True) as k:
        mine = FloorCatalog(k, CATALOG)  # the kiosk's own file lacks it
        answers = iter(["0", str(new), "", "", "q"])

        def ask(_prompt: str) -> str:
            deadline = time.monotonic() + 5  # the floor's catalog is here before any answer
            while mine.now().procedure("khai_sinh_lai") is None:
                assert time.monotonic() < deadline, "the floor's catalog never came"
                time.sleep(0.02)
            return next(answers)

        terminal(Kiosk(k, SALT), CATALOG, ask=ask)
    menus = capsys.readouterr().out.split("CHỌN THỦ TỤC")
    assert len(menus) == 4  # before the first answer, after "0", after the ticket
    assert f"{new:2d}. Đăng ký khai sinh" in menus[2]
    [ticket] = floor.orchestrator.state.tickets.values()
    assert ticket.procedure == "khai_sinh_lai"


def test_terminal_uis(mosquitto: Mosquitto, floor_on, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from devices import counter, kiosk, rating
    from tests.floorkit import CATALOG

    floor = floor_on(mosquitto.url)
    with (
        floor.device("kiosk-2", as_device=True) as k,
        floor.device("counter-7", as_device=True) as c,
        floor.device("rating-7", as_device=True) as r,
    ):
        kiosk.terminal(Kiosk(k, SALT), CATALOG, ask=replies("8", "1", "en", "99", "q"))
        out = capsys.readouterr().out
        assert "Cấp giấy chứng nhận quyền sử dụng đất" in out  # the menu, in Vietnamese
        assert "QUEUE NUMBER C001" in out and "Vui lòng chọn một số" in out
        counter.terminal(CounterTerminal(c), ask=replies("n", "t vu_tru", "f", "q"))
        out = capsys.readouterr().out
        assert out.count("ok") == 2 and "không được: no field 'vu_tru'" in out
        rating.terminal(RatingTerminal(r, 4), ask=replies("4", "1 3", "q"))
        out = capsys.readouterr().out
        assert "[4] Không hài lòng" in out and "[1] Chờ lâu" in out
        assert "Thank you for your rating!" in out
    [ticket] = floor.orchestrator.state.tickets.values()
    assert (ticket.priority, ticket.lang, ticket.rating) == ("elderly", "en", 4)
