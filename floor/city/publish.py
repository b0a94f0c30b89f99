"""The city's side: `floor city keygen`, `publish-catalog` and `notice`, signed and sent
to every center through the cluster (retained, so a center that was away gets them)."""

from __future__ import annotations

import argparse
import threading
import time
from datetime import datetime
from pathlib import Path

import paho.mqtt.client as mqtt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from paho.mqtt.enums import CallbackAPIVersion
from pydantic import BaseModel, ValidationError

from devices import payloads as p
from devices import topics
from devices.gateway import new_id
from floor.city.bridge import address
from floor.city.signing import keygen, load_private, sign
from floor.config import ConfigError, load_catalog

DISCOVER_FOR = 2.0
"""Seconds to collect the centers the cluster knows (their retained orchestrator status)."""


def register(csub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `keygen`, `publish-catalog` and `notice` to `floor city`."""
    gen = csub.add_parser("keygen", help="make the city's signing key pair")
    gen.add_argument("--out", type=Path, default=Path("city.key"), help="private key file")
    gen.set_defaults(handler=_cmd_keygen)

    cat = csub.add_parser(
        "publish-catalog",
        help="sign a catalog version and send it to the centers",
        description="Each center checks it against its counters and applies it at its next "
        "day start (at once with --urgent); see docs/city.md.",
    )
    cat.add_argument("file", type=Path, help="catalog YAML (as `floor catalog check` reads it)")
    cat.add_argument("--version", type=int, help="version number (default: the time in seconds)")
    cat.add_argument("--urgent", action="store_true", help="apply at once, not at the day start")
    _common(cat)
    cat.set_defaults(handler=_cmd_publish_catalog)

    note = csub.add_parser("notice", help="sign a short notice and send it to the centers")
    note.add_argument(
        "--id", required=True, help="notice id (a new text with the same id replaces it)"
    )
    note.add_argument("--vi", required=True, help="Vietnamese text")
    note.add_argument("--en", required=True, help="English text")
    note.add_argument("--ko", required=True, help="Korean text")
    note.add_argument("--from", dest="start", type=_when, help="start (ISO time; default now)")
    note.add_argument("--until", required=True, type=_when, help="end (ISO time with its zone)")
    _common(note)
    note.set_defaults(handler=_cmd_notice)


def _common(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--key", type=Path, required=True, help="the city's private key")
    cmd.add_argument("--cluster", nargs="+", required=True, metavar="URL", help="mqtt://host:port")
    cmd.add_argument(
        "--center",
        nargs="+",
        metavar="ID",
        help="only these centers (default: all the cluster knows)",
    )


def _when(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO time") from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give the time zone, e.g. +07:00")
    return when


def _cmd_keygen(args: argparse.Namespace) -> int:
    try:
        public = keygen(args.out)
    except FileExistsError:
        raise ConfigError(
            f"{args.out}: exists; a new key would orphan every floor's copy"
        ) from None
    print(f"{args.out}: the city's private key (keep it); {public}: give it to every floor")
    return 0


def _cmd_publish_catalog(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.file)
    key = load_private(args.key)
    body = p.CatalogVersion(
        id=new_id(),
        ts=datetime.now().astimezone(),
        version=args.version or int(time.time()),
        urgent=args.urgent,
        catalog=catalog.model_dump(mode="json"),
    )
    sent = send(args.cluster, args.center, "catalog", body, key)
    print(f"catalog version {body.version} sent to {len(sent)} centers: {' '.join(sent)}")
    return 0


def _cmd_notice(args: argparse.Namespace) -> int:
    key = load_private(args.key)
    try:
        body = p.CityNotice(
            id=new_id(),
            ts=datetime.now().astimezone(),
            notice=args.id,
            vi=args.vi,
            en=args.en,
            ko=args.ko,
            valid_from=args.start or datetime.now().astimezone(),
            valid_until=args.until,
        )
    except ValidationError as exc:
        raise ConfigError(
            f"notice: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}"
        ) from None
    sent = send(args.cluster, args.center, topics.CITY_NOTICE_PREFIX + args.id, body, key)
    print(f"notice {args.id} sent to {len(sent)} centers: {' '.join(sent)}")
    return 0


def send(
    cluster: list[str],
    centers: list[str] | None,
    item: str,
    body: BaseModel,
    key: Ed25519PrivateKey,
) -> list[str]:
    """Sign `body` and publish it retained, QoS 1, to each center; return the centers."""
    client = _connect(cluster)
    try:
        targets = centers or _known_centers(client)
        if not targets:
            raise ConfigError("the cluster knows no center yet; name them with --center")
        payload = sign(body, key)
        sent = [
            client.publish(topics.CITY_IN.topic(center=c, item=item), payload, 1, retain=True)
            for c in targets
        ]
        for info in sent:
            info.wait_for_publish(10)
            if not info.is_published():
                raise ConfigError("the cluster did not take the message; try again")
        return targets
    finally:
        client.disconnect()
        client.loop_stop()


def _connect(cluster: list[str]) -> mqtt.Client:
    """Connect to the first node that answers."""
    for url in cluster:
        hostport, user, password = address(url)
        host, port = hostport.rsplit(":", 1)
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"city-publisher-{new_id()[:8]}"
        )
        if user:
            client.username_pw_set(user, password)
        try:
            client.connect(host, int(port), keepalive=30)
        except OSError:
            continue
        client.loop_start()
        return client
    raise ConfigError("no city node answers: " + " ".join(cluster))


def _known_centers(client: mqtt.Client) -> list[str]:
    """Return the centers whose orchestrator status the cluster keeps (retained)."""
    found: set[str] = set()
    granted = threading.Event()
    spec = topics.ORCHESTRATOR_STATUS

    def on_message(_c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        values = spec.match(msg.topic)
        if values:
            found.add(values["center"])

    client.on_message = on_message
    client.on_subscribe = lambda *_a: granted.set()
    client.subscribe(spec.filter(), 1)
    if not granted.wait(10):
        raise ConfigError("the cluster did not answer the subscription")
    time.sleep(DISCOVER_FOR)  # retained messages come right after the grant
    client.unsubscribe(spec.filter())
    return sorted(found)
