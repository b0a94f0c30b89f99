"""Two real centers (mosquitto + `floor run`) and synthetic ones, bridged to a real
three-node NATS cluster: the city sees them, takes every summary and event of a link cut
for a minute once, sends them a signed catalog, and keeps going when a node dies."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from devices import topics
from devices.client import DeviceClient, Received
from devices.mosquitto import Mosquitto
from devices.payloads import CenterSummary, CityEvent, CityReply, CityState, FieldSummary
from floor.city.bridge import bridge_config
from floor.cli import main
from floor.core.catalog import CenterConfig
from tests.citykit import Link, Listener, NatsCluster, Seen
from tests.test_city_catalog import catalog_text
from tests.test_crash import FloorProcess, center_file, wait_online

SUMMARY_EVERY = 0.5
"""Seconds between summaries here (a minute in production): the cut below spans many."""
CUT = 60.0
"""Seconds a center's link stays cut while it serves on."""
SYNTHETIC = 3
"""Centers that publish through the contract as their bridges would, without a floor."""


def summaries(seen: list[Seen], center: str) -> list[CenterSummary]:
    topic = topics.CITY_SUMMARY.topic(center=center)
    return [CenterSummary.model_validate(s.data) for s in seen if s.topic == topic]


def events(seen: list[Seen], center: str) -> list[str]:
    topic = topics.CITY_EVENT.topic(center=center)
    return [str(CityEvent.model_validate(s.data).id) for s in seen if s.topic == topic]


def queues(seen: list[Seen], center: str) -> list[Seen]:
    topic = topics.STATE.topic(center=center, name="queues")
    return [s for s in seen if s.topic == topic]


def replies(seen: list[Seen], center: str) -> list[CityReply]:
    topic = topics.CITY_REPLY.topic(center=center)
    return [CityReply.model_validate(s.data) for s in seen if s.topic == topic]


def notices(seen: list[Seen], center: str) -> set[str]:
    """Return the notices a center said it shows (its state/city)."""
    topic = topics.STATE.topic(center=center, name="city")
    states = [CityState.model_validate(s.data) for s in seen if s.topic == topic]
    return {n.notice for s in states for n in s.notices}


def waiting(message: Seen) -> int:
    return sum(int(q["waiting"]) for q in message.data["queues"])


def serves(counter: int, number: str) -> Callable[[Received], bool]:
    """Return a test of a counters state update: does `counter` serve `number`?"""

    def test(message: Received) -> bool:
        if message.kind != "state" or message.name != "counters":
            return False
        return any(
            c["number"] == counter and c["serving"] == number for c in message.data["counters"]
        )

    return test


def last_seq(listener: Listener, center: str) -> int:
    return max((s.seq for s in summaries(listener.drain(), center)), default=-1)


class SyntheticCenter:
    """A center that is only its bridge: a summary and a city event every period, QoS 1,
    built with the contract's models, on one node of the cluster."""

    def __init__(self, center: str, url: str) -> None:
        self.center = center
        self.started_at = datetime.now(UTC)
        self.sent: list[mqtt.MQTTMessageInfo] = []
        self.summaries: set[int] = set()
        self.events: set[str] = set()
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"floor-bridge-{center}", clean_session=False
        )
        self.client.connect("127.0.0.1", int(url.rsplit(":", 1)[1]), keepalive=10)
        self.client.loop_start()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        seq = 0
        while not self.stopped.wait(SUMMARY_EVERY):  # the center's pace, not a test's wait
            now = datetime.now(UTC)
            summary = CenterSummary(
                id=f"{self.center}{seq:08d}",
                ts=now,
                started_at=self.started_at,
                seq=seq,
                day=now.date(),
                fields=[FieldSummary(field="chung_thuc", waiting=seq % 7, longest_wait_min=3)],
                longest_wait_min=3,
                served=seq,
                ratings=0,
                satisfied_pct=None,
                devices_online=4,
                devices=4,
                robots_online=0,
                robots=0,
                alerts=0,
                urgent_alerts=0,
            )
            event = CityEvent(
                id=f"{self.center}e{seq:08d}", ts=now, kind="ticket_issued", at=now, field="ho_tich"
            )
            for spec, message in ((topics.CITY_SUMMARY, summary), (topics.CITY_EVENT, event)):
                topic = spec.topic(center=self.center)
                self.sent.append(self.client.publish(topic, message.model_dump_json(), 1))
            self.summaries.add(seq)
            self.events.add(event.id)
            seq += 1

    def stop(self) -> None:
        """Stop publishing; return once the cluster took every message (QoS 1 acks)."""
        self.stopped.set()
        self.thread.join(10)
        for info in self.sent:
            info.wait_for_publish(20)
            assert info.is_published(), f"{self.center}: the cluster never took a message"

    def close(self) -> None:
        self.stopped.set()
        self.client.disconnect()
        self.client.loop_stop()


@pytest.mark.timeout(360)
def test_city_sees_centers_through_a_cut_link_a_catalog_and_a_killed_node(
    center: CenterConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "city.key"
    assert main(["city", "keygen", "--out", str(key)]) == 0
    monkeypatch.setenv("FLOOR_CITY_KEY", f"{key}.pub")
    monkeypatch.setenv("FLOOR_CITY_SUMMARY_EVERY", str(SUMMARY_EVERY))
    monkeypatch.setenv("FLOOR_HTTP_PORT", "0")
    ids = [f"{center.center.id}a", f"{center.center.id}b"]
    fakes = [f"{center.center.id}s{i}" for i in range(SYNTHETIC)]
    with contextlib.ExitStack() as stack:
        cluster = NatsCluster(tmp_path).start()
        stack.callback(cluster.stop)
        city = Listener(
            cluster.url(2),
            "city-view",
            [
                topics.CITY_SUMMARY.filter(),
                topics.CITY_EVENT.filter(),
                topics.CITY_REPLY.filter(),
                topics.STATE.filter(name="queues"),
                topics.STATE.filter(name="city"),
            ],
        )
        stack.callback(city.close)
        synthetic = [SyntheticCenter(c, cluster.url(i % 3)) for i, c in enumerate(fakes)]
        for fake in synthetic:
            stack.callback(fake.close)
        # A reaches the city through a link the test cuts; B names the three nodes itself,
        # and mosquitto tries the next one when a node does not answer.
        link = Link(cluster.mqtt_ports)
        stack.callback(link.close)
        city_urls = {ids[0]: [link.url], ids[1]: [cluster.url(n) for n in range(3)]}
        brokers, locals_ = {}, {}
        for cid in ids:
            section = bridge_config(cid, city_urls[cid], restart=(1, 1))
            brokers[cid] = broker = stack.enter_context(Mosquitto(extra=section))
            locals_[cid] = mine = Listener(
                broker.url,
                f"local-{cid}",
                [topics.CITY_SUMMARY.topic(center=cid), topics.CITY_EVENT.topic(center=cid)],
            )
            stack.callback(mine.close)
            path, _ = center_file(tmp_path, center, cid)
            stack.enter_context(FloorProcess(broker.url, path, tmp_path / f"{cid}.db"))
            wait_online(broker.port, cid)

        # The city sees both real centers and the synthetic ones, and a change within 2 s.
        everyone = ids + fakes
        city.wait(lambda seen: all(summaries(seen, c) for c in everyone), 30, "every center")
        a, b = ids
        with DeviceClient(brokers[a].url, a, "kiosk-1") as kiosk:
            asked = time.monotonic()
            kiosk.send("ticket_request", procedure="chung_thuc")
            kiosk.wait_for(lambda m: m.name == "ticket")
            seen = city.wait(
                lambda seen: any(waiting(q) == 1 for q in queues(seen, a)), 5, "the new ticket"
            )
        reached = next(q.at for q in queues(seen, a) if waiting(q) == 1) - asked
        assert reached < 2.0

        # The city sends a catalog version: both centers run it and say so; a broken one
        # (it drops a field the centers' counters serve) is refused with the reason.
        good, broken = tmp_path / "good.yaml", tmp_path / "broken.yaml"
        good.write_text(yaml.safe_dump(json.loads(catalog_text(add_procedure=True))), "utf-8")
        broken.write_text(yaml.safe_dump(json.loads(catalog_text(drop="ho_tich"))), "utf-8")
        send = ["--key", str(key), "--cluster", cluster.url(1)]  # to every center it knows
        assert (
            main(["city", "publish-catalog", str(good), "--version", "5", "--urgent", *send]) == 0
        )
        city.wait(
            lambda seen: all(
                any(r.ref == "5" and r.outcome == "applied" for r in replies(seen, c))
                and any(s.catalog_version == 5 for s in summaries(seen, c))
                for c in ids
            ),
            20,
            "both centers running version 5",
        )
        assert main(["city", "publish-catalog", str(broken), "--version", "6", *send]) == 0
        seen = city.wait(
            lambda seen: all(any(r.ref == "6" for r in replies(seen, c)) for c in ids),
            20,
            "both centers answering version 6",
        )
        for c in ids:
            (answer,) = [r for r in replies(seen, c) if r.ref == "6"]
            assert answer.outcome == "refused" and answer.running == 5
            assert "counters[3] (number 4).fields: unknown field 'ho_tich'" in answer.reason
        until = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        texts = [
            "--vi",
            "Chiều nay mất điện từ 14 giờ",
            "--en",
            "Power cut at 2 pm",
            "--ko",
            "정전",
        ]
        assert main(["city", "notice", "--id", "mat-dien", *texts, "--until", until, *send]) == 0
        city.wait(
            lambda seen: all("mat-dien" in notices(seen, c) for c in ids),
            20,
            "the notice at both centers",
        )

        # A's link is cut for a minute; A serves on (tickets and calls); once it is back the
        # city has every summary and event of the gap, none twice.
        issued = called = 0
        with (
            DeviceClient(brokers[a].url, a, "kiosk-1") as kiosk,
            DeviceClient(brokers[a].url, a, "counter-5") as desk,
        ):
            desk.listen(topics.STATE.topic(center=a, name="counters"))
            link.cut()
            cut_at = time.monotonic()
            before = last_seq(locals_[a], a)
            while time.monotonic() < cut_at + CUT:
                # one ticket and one call for each summary A publishes meanwhile
                seq = last_seq(locals_[a], a)
                locals_[a].wait(lambda seen, s=seq: last_seq(locals_[a], a) > s, 10, "a summary")
                kiosk.send("ticket_request", procedure="khai_sinh_lai")  # of version 5
                ticket = kiosk.wait_for(lambda m: m.name in ("ticket", "error"))
                assert ticket.name == "ticket"
                issued += 1
                desk.send("call_next")  # finishes the one before
                desk.wait_for(serves(5, str(ticket.data["number"])))
                called += 1
            held = time.monotonic() - cut_at
            # (one summary sent just before the cut may reach the local listener late)
            during = [s for s in summaries(city.drain(), a) if s.seq > before + 1]
        assert held >= CUT
        assert not during, "the city heard A while its link was cut"
        link.restore()
        restored = time.monotonic()
        published = {(s.started_at, s.seq) for s in summaries(locals_[a].drain(), a)}
        happened = set(events(locals_[a].seen, a))
        gap = {(s.started_at, s.seq) for s in summaries(locals_[a].seen, a) if s.seq > before}
        assert len(gap) >= CUT / SUMMARY_EVERY * 0.8  # it kept publishing all along
        assert issued >= len(gap) - 2 and called == issued
        seen = city.wait(
            lambda seen: (
                published <= {(s.started_at, s.seq) for s in summaries(seen, a)}
                and happened <= set(events(seen, a))
            ),
            60,
            "the summaries and events of the gap",
        )
        caught_up = time.monotonic() - restored
        got = Counter((s.started_at, s.seq) for s in summaries(seen, a))
        assert not [k for k, n in got.items() if n > 1], "a summary reached the city twice"
        twice = [k for k, n in Counter(events(seen, a)).items() if n > 1]
        assert not twice, "an event reached the city twice"
        print(
            f"cut {held:.1f} s: {len(gap)} summaries, {issued} tickets issued and called, "
            f"{len(happened)} events at A; the city had them all {caught_up:.1f} s after"
        )

        # The synthetic centers published all along: the city has each of their messages once.
        for fake in synthetic:
            fake.stop()

        def missing(seen: list[Seen]) -> dict[str, tuple[list[int], list[str]]]:
            """What each synthetic center published and the city has not heard yet."""
            gaps = {
                f.center: (
                    sorted(f.summaries - {s.seq for s in summaries(seen, f.center)}),
                    sorted(f.events - set(events(seen, f.center))),
                )
                for f in synthetic
            }
            return {center: gap for center, gap in gaps.items() if gap[0] or gap[1]}

        seen = city.wait(
            lambda seen: not missing(seen),
            30,
            lambda seen: f"every synthetic summary and event: missing {missing(seen)}",
        )
        for fake in synthetic:
            assert len(summaries(seen, fake.center)) == len(fake.summaries)
            assert len(events(seen, fake.center)) == len(fake.events)

        # A node dies; the others still hold the retained state and take new summaries.
        cluster.kill(0)
        killed_at = {c: last_seq(locals_[c], c) for c in ids}
        city.wait(
            lambda seen: all(max(s.seq for s in summaries(seen, c)) > killed_at[c] for c in ids),
            30,  # a new leader for each stream: seconds, more on a loaded machine
            "summaries after a node died",
        )
        late = Listener(cluster.url(1), "city-late", [topics.STATE.filter(name="queues")], True)
        stack.callback(late.close)
        kept = late.wait(
            lambda seen: all(any(q.retain for q in queues(seen, c)) for c in ids),
            30,
            "the retained state on another node",
        )
        retained = {c: [q for q in queues(kept, c) if q.retain] for c in ids}
        assert waiting(retained[a][0]) == 1 and waiting(retained[b][0]) == 0
