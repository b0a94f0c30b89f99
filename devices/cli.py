"""`floor device …` (run a reference device) and `floor devices provision`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from devices.client import DeviceClient
from floor.config import load_catalog, load_center

KINDS = ("kiosk", "display", "counter", "rating", "locker")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `device` and `devices` command groups to the `floor` command line."""
    device = commands.add_parser(
        "device",
        help="run a reference device (kiosk, display, counter, rating, locker) on a terminal",
    )
    device.add_argument("kind", choices=KINDS)
    device.add_argument("--id", required=True, help="the device id registered in the center file")
    device.add_argument("--broker", default="mqtt://127.0.0.1:1883", help="mqtt://host:port")
    device.add_argument("--center", type=Path, help="center YAML (built-in demo center if absent)")
    device.add_argument("--username", help="MQTT account (default: the device id)")
    device.add_argument(
        "--password",
        default=os.environ.get("FLOOR_DEVICE_PASSWORD"),
        help="MQTT password (or FLOOR_DEVICE_PASSWORD)",
    )
    device.add_argument(
        "--citizen-secret",
        default=os.environ.get("FLOOR_CITIZEN_SECRET", ""),
        help="kiosk: the center's key of citizen ID hashes, from `floor devices provision` "
        "(or FLOOR_CITIZEN_SECRET)",
    )
    device.add_argument(
        "--memory",
        type=Path,
        help="locker: the file that keeps its opens and unanswered reports across restarts "
        "(default var/ID-memory.json)",
    )
    device.set_defaults(handler=_cmd_device)

    devices = commands.add_parser("devices", help="the device registry")
    dsub = devices.add_subparsers(title="devices commands", metavar="ACTION")
    prov = dsub.add_parser(
        "provision", help="write MQTT credentials, a mosquitto password file and ACL file"
    )
    prov.add_argument("--center", type=Path, help="center YAML (built-in demo center if absent)")
    prov.add_argument("--out", type=Path, default=Path("var/mqtt"), help="output folder")
    prov.add_argument("--rotate", action="store_true", help="new passwords for every account")
    prov.set_defaults(handler=_cmd_provision)


def _cmd_device(args: argparse.Namespace) -> int:
    from devices import counter, display, kiosk, locker, rating

    catalog = load_catalog()
    config = load_center(args.center, catalog)
    spec = config.device(args.id)
    if spec is None or spec.kind != args.kind:
        print(f"floor: {args.id} is not a registered {args.kind} of center {config.center.id}")
        return 1
    if spec.kind == "kiosk" and not args.citizen_secret:
        print(f"floor: {kiosk.NO_SECRET}")
        return 2
    client = DeviceClient(
        args.broker,
        config.center.id,
        spec.id,
        kind=spec.kind,
        username=args.username or (spec.id if args.password else None),
        password=args.password,
    )
    with client:
        print(f"{spec.id} ({spec.kind}) online at {args.broker}")
        if spec.kind == "kiosk":
            secret, age = args.citizen_secret.encode(), config.policy.elderly_age
            kiosk.terminal(kiosk.Kiosk(client, secret, age), catalog)
        elif spec.kind == "display":
            display.terminal(display.Display(client, spec.counter))
        elif spec.kind == "counter":
            counter.terminal(counter.CounterTerminal(client))
        elif spec.kind == "locker":
            memory = args.memory or Path("var") / f"{spec.id}-memory.json"
            memory.parent.mkdir(parents=True, exist_ok=True)
            latch = lambda slot: print(f"[chốt ô {slot} mở]")  # noqa: E731 (the hardware's part)
            locker.terminal(locker.Locker(client, latch, memory=memory))
        else:
            rating.terminal(rating.RatingTerminal(client, config.policy.rating_levels))
    return 0


def _cmd_provision(args: argparse.Namespace) -> int:
    from devices.provision import provision

    config = load_center(args.center, load_catalog())
    done = provision(config, args.out, rotate=args.rotate)
    print(f"{done.accounts} accounts for center {config.center.id}:")
    for path in (done.credentials, done.password_file, done.acl_file):
        print(f"  {path}")
    print("give mosquitto password_file and acl_file; keep credentials.yaml secret (mode 600)")
    print("give its citizen_secret to kiosks and speech satellites (FLOOR_CITIZEN_SECRET)")
    return 0
