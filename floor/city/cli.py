"""`floor city …`: join a center to the city cluster."""

from __future__ import annotations

import argparse
import sys
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
    view = csub.add_parser(
        "view",
        help="serve the city view of every center",
        description="Follow the city cluster and serve every center on one page, with the "
        "daily report and the summary history; see docs/city.md.",
    )
    view.add_argument(
        "--cluster", nargs="+", required=True, metavar="URL", help="mqtt://host:port of each node"
    )
    view.add_argument("--users", type=Path, help="accounts file (FLOOR_USERS, var/users.json)")
    view.add_argument(
        "--db", default="var/city.db", help="SQLite file, or postgresql://… (var/city.db)"
    )
    view.add_argument("--host", default="127.0.0.1", help="where to listen (127.0.0.1)")
    view.add_argument("--port", type=int, default=8090, help="port (8090)")
    view.add_argument("--target", type=int, default=20, help="target wait in minutes (20)")
    view.add_argument("--client-id", default="floor-city-view", help="MQTT client id (session)")
    view.add_argument("--timezone", default="Asia/Ho_Chi_Minh", help="the city's time zone")
    view.set_defaults(handler=_cmd_view)
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


def _cmd_view(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from floor.city.view.app import CityView, serve
    from floor.city.view.store import Store
    from floor.console.users import UserStore
    from floor.settings import Settings

    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    users = UserStore(args.users or settings.users)
    if not len(users):
        print("no accounts yet: floor users add NAME --role city", flush=True)
    try:
        view = CityView(
            users,
            Store(args.db, args.timezone),
            args.cluster,
            client_id=args.client_id,
            target_min=args.target,
            secure_cookie=settings.secure_cookies,
        )
    except (ValueError, KeyError) as exc:  # a bad URL, history or time zone
        print(f"floor city view: {exc}", file=sys.stderr)
        return 2
    print(f"city view: http://{args.host}:{args.port}", flush=True)
    asyncio.run(serve(view, args.host, args.port))
    return 0
