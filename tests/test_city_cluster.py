"""Two real centers (mosquitto + `floor run`) bridged to a real three-node NATS cluster."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from pathlib import Path

import pytest

from devices import topics
from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from devices.payloads import CenterSummary
from floor.city.bridge import bridge_config
from floor.core.catalog import CenterConfig
from tests.citykit import Link, Listener, NatsCluster, Seen
from tests.test_crash import FloorProcess, center_file, wait_online

SUMMARY_EVERY = 0.25
"""Seconds between summaries here (a minute in production): the cut below spans many."""
GAP = 12
"""Summaries a center publishes while its link is cut."""


def summaries(seen: list[Seen], center: str) -> list[CenterSummary]:
    topic = topics.CITY_SUMMARY.topic(center=center)
    return [CenterSummary.model_validate(s.data) for s in seen if s.topic == topic]


def events(seen: list[Seen], center: str) -> list[str]:
    topic = topics.CITY_EVENT.topic(center=center)
    return [str(s.data["id"]) for s in seen if s.topic == topic]


def queues(seen: list[Seen], center: str) -> list[Seen]:
    topic = topics.STATE.topic(center=center, name="queues")
    return [s for s in seen if s.topic == topic]


def waiting(message: Seen) -> int:
    return sum(int(q["waiting"]) for q in message.data["queues"])


@pytest.mark.timeout(120)
def test_city_sees_centers_through_a_cut_link_and_a_killed_node(
    center: CenterConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOOR_CITY_SUMMARY_EVERY", str(SUMMARY_EVERY))
    monkeypatch.setenv("FLOOR_HTTP_PORT", "0")
    ids = [f"{center.center.id}a", f"{center.center.id}b"]
    with contextlib.ExitStack() as stack:
        cluster = NatsCluster(tmp_path).start()
        stack.callback(cluster.stop)
        city = Listener(
            cluster.url(2),
            "city-view",
            [
                topics.CITY_SUMMARY.filter(),
                topics.CITY_EVENT.filter(),
                topics.STATE.filter(name="queues"),
            ],
        )
        stack.callback(city.close)
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

        # The city sees both centers, and a change at one within a moment.
        city.wait(lambda seen: all(summaries(seen, c) for c in ids), 20, "both centers")
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

        # A's link is cut; A serves on; the city gets every summary of the gap, once.
        link.cut()
        cut_at = max(s.seq for s in summaries(locals_[a].drain(), a))
        with DeviceClient(brokers[a].url, a, "kiosk-1") as kiosk:
            for _ in range(3):
                kiosk.send("ticket_request", procedure="chung_thuc")
                kiosk.wait_for(lambda m: m.name == "ticket")
        locals_[a].wait(
            lambda seen: max(s.seq for s in summaries(seen, a)) >= cut_at + GAP, 20, "the gap"
        )
        during = len(summaries(city.drain(), a))
        link.restore()
        published = {(s.started_at, s.seq) for s in summaries(locals_[a].drain(), a)}
        happened = set(events(locals_[a].seen, a))
        assert len(happened) == 4  # four tickets issued
        city.wait(
            lambda seen: (
                published <= {(s.started_at, s.seq) for s in summaries(seen, a)}
                and happened <= set(events(seen, a))
            ),
            20,
            "the summaries and events of the gap",
        )
        got = Counter((s.started_at, s.seq) for s in summaries(city.seen, a))
        assert len(summaries(city.seen, a)) - during >= GAP - 2  # they came after the cut
        assert not [k for k, n in got.items() if n > 1], "a summary reached the city twice"
        assert len(events(city.seen, a)) == 4, "an event reached the city twice"
        assert max(waiting(q) for q in queues(city.seen, a)) == 4

        # A node dies; the others still hold the retained state and take new summaries.
        cluster.kill(0)
        killed_at = {c: max(s.seq for s in summaries(locals_[c].drain(), c)) for c in ids}
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
        assert waiting(retained[a][0]) == 4 and waiting(retained[b][0]) == 0
