"""Provisioning: per-device MQTT accounts, a mosquitto password file and ACL file."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from devices import topics
from devices.homeassistant import node_id
from floor.core.catalog import CenterConfig, DeviceKind

ORCHESTRATOR = "floor-orchestrator"
ITERATIONS = 20_000
STATE_NEEDED: dict[DeviceKind, tuple[str, ...]] = {
    "kiosk": ("queues", "catalog"),
    "display": ("counters", "queues", "city"),
    "counter": ("counters", "queues"),
    "rating": (),
    "speech": ("counters", "queues", "catalog"),
    "locker": (),
}
"""The retained floor state each kind of device may read."""
KIND_TOPICS: dict[DeviceKind, tuple[topics.TopicSpec, ...]] = {"speech": (topics.SPEECH,)}
"""Topics of the device's own beyond the common ones, by kind."""
KIND_READS: dict[DeviceKind, tuple[topics.TopicSpec, ...]] = {"locker": (topics.LOCKER_ROLL,)}
"""Topics of the device's own it may only read, by kind (a locker's roll of hashed codes)."""


def password_hash(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """Return a mosquitto 2 password hash ($7$: PBKDF2-SHA512)."""
    salt = salt or os.urandom(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations)
    b64 = base64.b64encode
    return f"$7${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def acl_rules(center: str, device: str, kind: DeviceKind) -> list[str]:
    """Return the ACL lines of one device: its own topics, and the state it needs."""
    own = {"center": center, "device_id": device}
    lines = [
        f"topic write {topics.EVENT.filter(**own)}",
        f"topic write {topics.BIRTH.topic(**own)}",
        f"topic write {topics.STATUS.topic(**own)}",
        f"topic read {topics.COMMAND.filter(**own)}",
        f"topic read {topics.ERROR.topic(**own)}",
        f"topic read {topics.ORCHESTRATOR_STATUS.topic(center=center)}",
    ]
    lines += [f"topic read {topics.STATE.topic(center=center, name=n)}" for n in STATE_NEEDED[kind]]
    # A speech satellite's voice sessions: it writes them, and its voice answers on them
    # (say_finished), so the whole of its own speech tree.
    lines += [f"topic readwrite {spec.filter(**own)}" for spec in KIND_TOPICS.get(kind, ())]
    lines += [f"topic read {spec.topic(**own)}" for spec in KIND_READS.get(kind, ())]
    return lines


@dataclass(frozen=True, slots=True)
class Provisioned:
    """Where the files went."""

    credentials: Path
    password_file: Path
    acl_file: Path
    accounts: int


def provision(config: CenterConfig, out: Path, rotate: bool = False) -> Provisioned:
    """Write credentials (kept, unless `rotate`), the password file and the ACL file.

    `credentials.yaml` holds the clear passwords for installers (mode 0600); the
    broker gets only hashes. It also holds the center's `citizen_secret`, the key
    of the citizen ID hashes kiosks send, made once and kept (even by `rotate`:
    a new one would make every hash new).
    """
    out.mkdir(parents=True, exist_ok=True)
    cred_path = out / "credentials.yaml"
    kept: dict[str, Any] = {}
    if cred_path.exists():
        kept = yaml.safe_load(cred_path.read_text(encoding="utf-8")) or {}
    known: dict[str, str] = {} if rotate else kept.get("accounts", {})
    secret = kept.get("citizen_secret") or secrets.token_urlsafe(32)
    center = config.center.id
    names = [ORCHESTRATOR, *(d.id for d in config.devices)]
    accounts = {name: known.get(name) or secrets.token_urlsafe(18) for name in names}
    creds = {"center": center, "citizen_secret": secret, "accounts": accounts}
    _write_private(cred_path, yaml.safe_dump(creds, sort_keys=False))
    password_file = out / "passwords"
    _write_private(
        password_file, "".join(f"{n}:{password_hash(pw)}\n" for n, pw in accounts.items())
    )
    acl = [
        f"# floor ACL for center {center}: written by `floor devices provision`",
        f"user {ORCHESTRATOR}",
        f"topic readwrite {topics.center_filter(center)}",
        f"topic write {topics.HA_DISCOVERY.filter(node_id=node_id(center))}",
    ]
    for device in config.devices:
        acl += ["", f"user {device.id}", *acl_rules(center, device.id, device.kind)]
    acl_file = out / "acl"
    _write_private(acl_file, "\n".join(acl) + "\n")
    return Provisioned(cred_path, password_file, acl_file, len(accounts))


def _write_private(path: Path, text: str) -> None:
    """Write a file that only its owner can read, from its first byte on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file that was there keeps its old mode otherwise
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
