"""`floor city …`: join a center to the city cluster."""

from __future__ import annotations

import argparse
from pathlib import Path

from floor.city.bridge import QUEUED_MESSAGES, bridge_config
from floor.city.publish import register as register_city_side
from floor.config import load_center


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `city` command group to the `floor` command line."""
    city = commands.add_parser("city", help="join centers to the city cluster")
    csub = city.add_subparsers(title="city commands", metavar="ACTION")
    bridge = csub.add_parser(
        "bridge-config",
        help="write the mosquitto bridge section of a center",
        description="Write the bridge section for the center's mosquitto "
        "(e.g. /etc/mosquitto/conf.d/city.conf); see docs/city.md.",
    )
    bridge.add_argument("--center", type=Path, help="center YAML (built-in demo center if absent)")
    bridge.add_argument(
        "--city", nargs="+", required=True, metavar="URL", help="mqtt://host:port of each node"
    )
    bridge.add_argument("--out", type=Path, help="file to write (standard output if absent)")
    bridge.add_argument(
        "--queued", type=int, default=QUEUED_MESSAGES, help="messages kept while the link is down"
    )
    bridge.add_argument(
        "--restart",
        type=int,
        nargs=2,
        default=(5, 60),
        metavar=("FIRST", "MAX"),
        help="seconds before trying the link again, doubling up to MAX",
    )
    bridge.set_defaults(handler=_cmd_bridge_config)
    register_city_side(csub)


def _cmd_bridge_config(args: argparse.Namespace) -> int:
    center = load_center(args.center).center.id
    text = bridge_config(center, args.city, args.queued, tuple(args.restart))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.out}: bridge of center {center} to {len(args.city)} city nodes")
    else:
        print(text, end="")
    return 0
