"""The mosquitto bridge section that joins one center to the city cluster."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from devices import topics
from devices.payloads import CITY_STATES
from floor.config import ConfigError

QUEUED_MESSAGES = 100_000
"""What mosquitto keeps for the city while the link is down: a day of summaries and state
changes of a busy center, many times over. Past it mosquitto drops messages silently."""


def address(url: str) -> tuple[str, str | None, str | None]:
    """Return `host:port` and the account of one mqtt:// URL of the cluster."""
    parts = urlsplit(url)
    if parts.scheme != "mqtt" or not parts.hostname:
        raise ConfigError(f"{url!r}: a city node is mqtt://host:port")
    try:
        port = parts.port or 1883
    except ValueError:
        raise ConfigError(f"{url!r}: the port is not a number from 1 to 65535") from None
    if parts.path not in ("", "/") or parts.query:
        raise ConfigError(f"{url!r}: a city node is mqtt://host:port, with no path")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return f"{parts.hostname}:{port}", user, password


def bridge_config(
    center: str,
    city: list[str],
    queued: int = QUEUED_MESSAGES,
    restart: tuple[int, int] = (5, 60),
) -> str:
    """Return the bridge section for a center's mosquitto (one `connection`).

    `city` lists the nodes of the cluster: mosquitto tries the next one when a node
    does not answer. Accounts in the URLs must be the same on every node.
    """
    if not city:
        raise ConfigError("name at least one city node (--city mqtt://host:port)")
    if queued < 1:
        raise ConfigError("the bridge queue must hold at least one message")
    nodes = [address(url) for url in city]
    if len({(user, password) for _, user, password in nodes}) > 1:
        raise ConfigError("every city node must take the same account")
    _, user, password = nodes[0]
    out = [
        f"# The city bridge of center {center} (written by `floor city bridge-config`).",
        "# Needs `persistence true` in the main file: the queue of a link that is down",
        "# then survives a restart of mosquitto too. See docs/city.md.",
        f"max_queued_messages {queued}",
        "max_queued_bytes 0",
        "",
        f"connection city-{center}",
        "address " + " ".join(address for address, _, _ in nodes),
        "round_robin false",
        f"remote_clientid floor-bridge-{center}",
        f"local_clientid floor-bridge-{center}-local",
        "# NATS refuses mosquitto's private bridge flag; the bridge then looks like a client.",
        "try_private false",
        "bridge_protocol_version mqttv311",
        "# A persistent session on both sides: QoS 1 messages wait for the link to come back.",
        "cleansession false",
        "notifications false",
        "start_type automatic",
        f"restart_timeout {restart[0]} {restart[1]}",
        "keepalive_interval 30",
    ]
    if user:
        out.append(f"remote_username {user}")
    if password:
        out.append(f"remote_password {password}")
    out += [
        "# Out: the retained floor state (not the catalog: the city sent it) and orchestrator",
        "# status, the summary and events, and the floor's answers to what the city sent.",
        *(f"topic {topics.STATE.topic(center=center, name=n)} out 1" for n in CITY_STATES),
        f"topic {topics.ORCHESTRATOR_STATUS.topic(center=center)} out 1",
        f"topic {topics.CITY_SUMMARY.topic(center=center)} out 1",
        f"topic {topics.CITY_EVENT.topic(center=center)} out 1",
        f"topic {topics.CITY_REPLY.topic(center=center)} out 1",
        "# In: what the city sends this center (catalog versions, notices).",
        f"topic {topics.city_inbound_filter(center)} in 1",
    ]
    return "\n".join(out) + "\n"
