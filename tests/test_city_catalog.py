"""Catalog versions and notices from the city: the core's rules, replay and snapshots,
and the city's signature."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from paho.mqtt.enums import CallbackAPIVersion

from devices import payloads as p
from devices import topics
from devices.client import DeviceClient
from devices.display import Display
from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.city.signing import BadSignature, sign, verify
from floor.cli import main
from floor.core import snapshot
from floor.core.catalog import CenterConfig
from floor.core.commands import CallNext, Finish, IssueTicket, OfferCatalog, PostNotice
from floor.core.errors import Rejected
from floor.core.events import (
    CatalogApplied,
    CatalogReceived,
    DayStarted,
    event_from_dict,
    event_to_dict,
)
from floor.core.state import FloorState
from tests.citykit import Listener, Seen
from tests.floorkit import CATALOG, CENTER, Floor
from tests.test_crash import FloorProcess, center_file, wait_online


def catalog_text(drop: str = "", add_procedure: bool = False, fee: str = "") -> str:
    """Return the built-in catalog as JSON, with a procedure or field dropped or added."""
    data: dict[str, Any] = CATALOG.model_dump(mode="json")
    data["fields"] = [f for f in data["fields"] if f["id"] != drop]
    data["procedures"] = [x for x in data["procedures"] if drop not in (x["id"], x["field"])]
    if add_procedure:
        new = dict(data["procedures"][1], id="khai_sinh_lai", aliases=["đăng ký lại khai sinh"])
        data["procedures"].append(new)
    if fee:
        data["procedures"][0]["fee"] = {"vi": fee, "en": fee, "ko": fee}
    return json.dumps(data, ensure_ascii=False)


def from_log(floor: Floor) -> FloorState:
    """Fold the floor's events, through their logged form, from the center's own catalog."""
    state = FloorState.initial(CATALOG, CENTER)
    for event in floor.log:
        state.apply(event_from_dict(type(event).__name__, event_to_dict(event)))
    return state


def test_a_version_waits_for_the_day_start_then_runs() -> None:
    floor = Floor()
    floor.do(IssueTicket("chung_thuc"))
    events = floor.do(OfferCatalog(5, catalog_text(add_procedure=True)))
    assert [type(e) for e in events] == [CatalogReceived]
    assert floor.state.catalog_version == 0 and floor.state.pending is not None
    with pytest.raises(Rejected, match=r"unknown_procedure|no procedure"):
        floor.do(IssueTicket("khai_sinh_lai"))  # not before the day start
    floor.tick(24 * 60)
    floor.do(IssueTicket("khai_sinh_lai"))
    assert [type(e) for e in floor.log[-3:-1]] == [DayStarted, CatalogApplied]
    assert floor.state.catalog_version == 5 and floor.state.pending is None
    assert from_log(floor) == floor.state  # the event log alone gives it back


def test_an_urgent_version_runs_at_once_and_keeps_the_waiting() -> None:
    floor = Floor()
    waiting = floor.do(IssueTicket("chung_thuc"))[-1]
    events = floor.do(OfferCatalog(6, catalog_text(fee="Miễn phí"), urgent=True))
    assert [type(e) for e in events] == [CatalogReceived, CatalogApplied]
    assert floor.state.catalog_version == 6
    procedure = floor.state.catalog.procedure("chung_thuc")
    assert procedure is not None and procedure.fee.vi == "Miễn phí"
    call = floor.do(CallNext(1))[-1]
    assert call.ticket == waiting.ticket  # type: ignore[union-attr]


def test_an_urgent_version_removing_what_a_ticket_of_today_uses_waits_for_the_day() -> None:
    floor = Floor()
    served = floor.do(IssueTicket("ket_hon"))[-1]
    floor.do(CallNext(5))
    floor.do(Finish(5))
    events = floor.do(OfferCatalog(7, catalog_text(drop="ket_hon"), urgent=True))
    assert [type(e) for e in events] == [CatalogReceived]  # its rating may still come
    assert floor.state.tickets[served.ticket].status == "served"  # type: ignore[union-attr]
    floor.tick(24 * 60)
    floor.do(IssueTicket("khai_sinh"))
    assert floor.state.catalog_version == 7


def test_an_urgent_version_removing_what_a_waiting_ticket_uses_waits_for_the_day() -> None:
    floor = Floor()
    waiting = floor.do(IssueTicket("khai_tu"))[-1]
    events = floor.do(OfferCatalog(7, catalog_text(drop="khai_tu"), urgent=True))
    assert [type(e) for e in events] == [CatalogReceived]
    assert floor.state.catalog.procedure("khai_tu") is not None
    call = floor.do(CallNext(5))[-1]
    assert call.ticket == waiting.ticket  # type: ignore[union-attr]
    floor.tick(24 * 60)
    floor.do(IssueTicket("khai_sinh"))
    assert floor.state.catalog_version == 7
    assert floor.state.catalog.procedure("khai_tu") is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (catalog_text(drop="ho_tich"), "counters\\[3\\] \\(number 4\\).fields: unknown field"),
        ('{"version": 1, "fields": []}', "catalog_invalid"),
        ("not json", "catalog_invalid"),
    ],
)
def test_a_catalog_the_center_cannot_run_is_refused_with_the_reason(text: str, why: str) -> None:
    floor = Floor()
    floor.do(IssueTicket("chung_thuc"))
    with pytest.raises(Rejected, match=why) as refused:
        floor.do(OfferCatalog(8, text, urgent=True))
    assert refused.value.code == "catalog_invalid"
    assert floor.state.catalog_version == 0 and floor.state.pending is None


def test_a_version_not_newer_is_refused() -> None:
    floor = Floor()
    floor.do(OfferCatalog(9, catalog_text(), urgent=True))
    for version in (9, 3):
        with pytest.raises(Rejected) as refused:
            floor.do(OfferCatalog(version, catalog_text(fee="x")))
        assert refused.value.code == "catalog_not_newer"
    floor.do(OfferCatalog(10, catalog_text()))  # held
    with pytest.raises(Rejected):
        floor.do(OfferCatalog(10, catalog_text(fee="y")))


def test_notices_show_in_their_window_and_leave_at_the_day_start() -> None:
    floor = Floor()
    start, end = floor.now, floor.now + timedelta(hours=30)
    floor.do(PostNotice("tet", "Nghỉ Tết", "Tet holiday", "설날 휴무", start, end))
    notice = floor.state.notices["tet"]
    assert notice.shown(floor.now) and not notice.shown(end)
    floor.do(PostNotice("tet", "Nghỉ Tết từ 28", "Tet from 28th", "28일부터 설날", start, end))
    assert floor.state.notices["tet"].vi == "Nghỉ Tết từ 28"
    floor.tick(24 * 60)
    floor.do(IssueTicket("chung_thuc"))
    assert "tet" in floor.state.notices  # still valid
    floor.tick(24 * 60)
    floor.do(IssueTicket("chung_thuc"))
    assert floor.state.notices == {}
    with pytest.raises(Rejected, match="has ended"):
        floor.do(PostNotice("old", "a", "b", "c", start, start + timedelta(minutes=1)))
    floor.do(PostNotice("tet", "Nghỉ Tết", "Tet", "설날", start, end + timedelta(days=5)))
    assert floor.state.notices["tet"].shown(floor.now)
    floor.do(PostNotice("tet", "Nghỉ Tết", "Tet", "설날", start, floor.now))  # withdrawn
    assert not floor.state.notices["tet"].shown(floor.now)
    with pytest.raises(Rejected, match="notice_invalid"):
        floor.do(PostNotice("blank", " ", "b", "c", floor.now, end + timedelta(days=9)))


def test_a_snapshot_keeps_the_citys_catalog_and_the_base_of_the_center() -> None:
    floor = Floor()
    floor.do(OfferCatalog(11, catalog_text(add_procedure=True), urgent=True))
    floor.do(OfferCatalog(12, catalog_text(fee="Miễn phí")))
    later = floor.now + timedelta(days=2)
    floor.do(PostNotice("tet", "Nghỉ Tết", "Tet holiday", "설날 휴무", floor.now, later))
    data = json.loads(json.dumps(snapshot.dump(floor.state)))
    back = snapshot.load(CATALOG, CENTER, data)  # the center's own catalog file, as at start
    assert back == floor.state
    assert back.catalog_version == 11 and back.pending and back.pending.version == 12
    assert back.catalog.procedure("khai_sinh_lai") is not None
    assert back.notices == floor.state.notices


def test_the_city_signature_holds_and_anything_else_is_refused() -> None:
    city, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    body = p.CatalogVersion(id="a" * 32, ts=Floor().now, version=3, catalog={"x": 1})
    raw = sign(body, city)
    assert p.CatalogVersion.model_validate_json(verify(raw, city.public_key())) == body
    with pytest.raises(BadSignature, match="not the city's"):
        verify(sign(body, other), city.public_key())
    forged = json.loads(raw)
    forged["body"] = forged["body"].replace('"version":3', '"version":4')
    with pytest.raises(BadSignature, match="not the city's"):
        verify(json.dumps(forged).encode(), city.public_key())
    with pytest.raises(BadSignature, match="not a signed message"):
        verify(b'{"body": "{}"}', city.public_key())


def publish(key: Path, url: str, center: str, *args: str) -> None:
    """Run `floor city …` as the city does, against one broker, for one center."""
    assert main(["city", *args, "--key", str(key), "--cluster", url, "--center", center]) == 0


def replies(seen: list[Seen], center: str) -> list[p.CityReply]:
    topic = topics.CITY_REPLY.topic(center=center)
    return [p.CityReply.model_validate(s.data) for s in seen if s.topic == topic]


def city_states(seen: list[Seen], center: str) -> list[p.CityState]:
    topic = topics.STATE.topic(center=center, name="city")
    return [p.CityState.model_validate(s.data) for s in seen if s.topic == topic]


def answered(center: str, ref: str, outcome: str) -> Callable[[list[Seen]], bool]:
    return lambda seen: any(r.ref == ref and r.outcome == outcome for r in replies(seen, center))


@pytest.mark.timeout(90)
def test_a_floor_takes_signed_versions_and_notices_and_keeps_them_over_a_restart(
    mosquitto: Mosquitto,
    center: CenterConfig,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = tmp_path / "city.key"
    assert main(["city", "keygen", "--out", str(key)]) == 0
    assert key.stat().st_mode & 0o077 == 0  # the private key is the city's alone
    other = tmp_path / "other.key"
    assert main(["city", "keygen", "--out", str(other)]) == 0
    monkeypatch.setenv("FLOOR_CITY_KEY", f"{key}.pub")
    monkeypatch.setenv("FLOOR_HTTP_PORT", "0")
    cid = center.center.id
    path, _ = center_file(tmp_path, center, cid)
    good, broken = tmp_path / "good.yaml", tmp_path / "broken.yaml"
    good.write_text(yaml.safe_dump(json.loads(catalog_text(add_procedure=True))), "utf-8")
    broken.write_text(yaml.safe_dump(json.loads(catalog_text(drop="ho_tich"))), "utf-8")
    filters = [topics.CITY_REPLY.topic(center=cid), topics.STATE.topic(center=cid, name="city")]
    watch = Listener(mosquitto.url, f"watch-{cid}", filters, clean=True)
    db = tmp_path / "floor.db"
    try:
        with FloorProcess(mosquitto.url, path, db):
            wait_online(mosquitto.port, cid)
            publish(
                key, mosquitto.url, cid, "publish-catalog", str(good), "--version", "5", "--urgent"
            )
            watch.wait(answered(cid, "5", "applied"), 10, "version 5 applied")
            watch.wait(
                lambda seen: any(s.catalog_version == 5 for s in city_states(seen, cid)),
                10,
                "state/city saying version 5",
            )
            with DeviceClient(mosquitto.url, cid, "kiosk-1") as kiosk:
                kiosk.send("ticket_request", procedure="khai_sinh_lai")
                assert kiosk.wait_for(lambda m: m.name in ("ticket", "error")).name == "ticket"

            publish(key, mosquitto.url, cid, "publish-catalog", str(broken), "--version", "6")
            refused = watch.wait(answered(cid, "6", "refused"), 10, "version 6 refused")
            reason = next(r.reason for r in replies(refused, cid) if r.ref == "6")
            assert "counters[3] (number 4).fields: unknown field 'ho_tich'" in reason
            publish(other, mosquitto.url, cid, "publish-catalog", str(good), "--version", "7")
            refused = watch.wait(answered(cid, "catalog", "refused"), 10, "a forged version")
            assert any("not the city's" in r.reason for r in replies(refused, cid))
            publish(key, mosquitto.url, cid, "publish-catalog", str(good), "--version", "8")
            held = watch.wait(answered(cid, "8", "held"), 10, "version 8 held")
            (answer,) = [r for r in replies(held, cid) if r.ref == "8"]
            assert answer.reason == "applied at the next day start" and answer.running == 5

            until = (datetime.now().astimezone() + timedelta(days=2)).isoformat()
            texts = ["--vi", "Nghỉ lễ Quốc khánh 2/9", "--en", "Closed on 2 Sep", "--ko", "휴무"]
            with DeviceClient(mosquitto.url, cid, "board-hall") as board:
                display = Display(board)
                publish(
                    key,
                    mosquitto.url,
                    cid,
                    "notice",
                    "--id",
                    "quoc-khanh",
                    *texts,
                    "--until",
                    until,
                )
                board.wait_for(
                    lambda m: display._take(m) or bool(display.city and display.city.notices), 10
                )
                assert "THÔNG BÁO: Nghỉ lễ Quốc khánh 2/9" in display.board()
        capsys.readouterr()
        restarted = datetime.now().astimezone()
        watch.drain().clear()
        with FloorProcess(mosquitto.url, path, db):
            wait_online(mosquitto.port, cid)
            seen = watch.wait(
                lambda seen: any(s.ts >= restarted for s in city_states(seen, cid)),
                10,
                "state/city",
            )
            fresh = [s for s in city_states(seen, cid) if s.ts >= restarted][-1]
            assert fresh.catalog_version == 5 and fresh.held_version == 8
            assert [n.notice for n in fresh.notices] == ["quoc-khanh"]
    finally:
        watch.close()


def test_the_city_commands_refuse_what_they_cannot_do(
    mosquitto: Mosquitto, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "city.key"
    assert main(["city", "keygen", "--out", str(key)]) == 0
    assert main(["city", "keygen", "--out", str(key)]) == 1  # never over the city's key
    assert "exists" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    data = json.loads(catalog_text())
    data["procedures"][0]["field"] = "khong_co"
    bad.write_text(yaml.safe_dump(data), "utf-8")
    send = ["--key", str(key), "--cluster", mosquitto.url]
    assert main(["city", "publish-catalog", str(bad), *send]) == 1  # checked before it leaves
    assert "unknown field 'khong_co'" in capsys.readouterr().err
    assert main(["city", "publish-catalog", str(key) + ".pub", *send]) == 1
    assert "valid dictionary or instance of Catalog" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(json.loads(catalog_text())), "utf-8")
    assert main(["city", "publish-catalog", str(good), "--key", f"{key}.pub", *send[2:]]) == 1
    assert "not a PEM private key" in capsys.readouterr().err
    free = f"mqtt://127.0.0.1:{free_port()}"
    assert main(["city", "publish-catalog", str(good), "--key", str(key), "--cluster", free]) == 1
    assert "no city node answers" in capsys.readouterr().err


@pytest.mark.timeout(60)
def test_junk_on_the_citys_topics_costs_a_few_answers_and_nothing_else(
    mosquitto: Mosquitto, center: CenterConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "city.key"
    assert main(["city", "keygen", "--out", str(key)]) == 0
    monkeypatch.setenv("FLOOR_CITY_KEY", f"{key}.pub")
    monkeypatch.setenv("FLOOR_HTTP_PORT", "0")
    cid = center.center.id
    path, _ = center_file(tmp_path, center, cid)
    watch = Listener(mosquitto.url, f"watch-{cid}", [topics.CITY_REPLY.topic(center=cid)], True)
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(json.loads(catalog_text(add_procedure=True))), "utf-8")
    junk = [b"", b"{}", b"\xff" * 100, b'{"body": "x", "signature": "' + b"A" * 88 + b'"}']
    try:
        with FloorProcess(mosquitto.url, path, tmp_path / "floor.db"):
            wait_online(mosquitto.port, cid)
            sender = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"junk-{cid}")
            sender.connect("127.0.0.1", mosquitto.port)
            sender.loop_start()
            for i in range(50):
                item = ["catalog", "notice-x", "other", "a/b"][i % 4]
                topic = f"floor/v1/{cid}/city/in/{item}"
                sender.publish(topic, junk[i % len(junk)], qos=1).wait_for_publish(5)
            sender.disconnect()
            sender.loop_stop()
            publish(key, mosquitto.url, cid, "publish-catalog", str(good), "--version", "3")
            seen = watch.wait(answered(cid, "3", "held"), 20, "the city's version after junk")
            refused = [r for r in replies(seen, cid) if r.outcome == "refused"]
            assert 1 <= len(refused) <= 10
            with DeviceClient(mosquitto.url, cid, "kiosk-1") as kiosk:
                kiosk.send("ticket_request", procedure="chung_thuc")
                assert kiosk.wait_for(lambda m: m.name in ("ticket", "error")).name == "ticket"
    finally:
        watch.close()
