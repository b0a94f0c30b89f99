"""`floor sim …` commands: simulated robots behind rosbridge, and the floor as a Gazebo world."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

log = logging.getLogger("sim")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sim` command group to the `floor` command line."""
    sim = commands.add_parser("sim", help="the simulated floor (stands in for Gazebo)")
    sub = sim.add_subparsers(title="sim commands", metavar="ACTION")

    robots = sub.add_parser(
        "robots",
        help="serve simulated robots, each its own rosbridge endpoint (P, P+1, …)",
    )
    robots.add_argument("--port", type=int, default=9090, help="port of the first robot (9090)")
    robots.add_argument("--host", default="127.0.0.1", help="address to listen on")
    robots.add_argument(
        "--robots",
        default="guide-1,guide-2,refresh-1",
        help="robot ids, comma separated; refresh-… robots carry trays, the others guide",
    )
    robots.add_argument("--layout", type=Path, help="layout YAML (the built-in floor map)")
    robots.add_argument("--rate", type=float, default=1.0, help="sim seconds per wall second")
    robots.add_argument("--pose-hz", type=float, default=10.0, help="telemetry ticks per second")
    robots.add_argument(
        "--goals-in-new-thread",
        action="store_true",
        help="as rosbridge_server with send_action_goals_in_new_thread:=true (default: false)",
    )
    robots.set_defaults(handler=_cmd_robots)

    world = sub.add_parser(
        "export-world",
        help="write the layout as a Gazebo SDF world and a Nav2 map (.pgm + .yaml) beside it",
    )
    world.add_argument("file", type=Path, help="output .sdf file (the map takes its stem)")
    world.add_argument("--layout", type=Path, help="layout YAML (the built-in floor map)")
    world.add_argument(
        "--gazebo", choices=["harmonic", "fortress"], default="harmonic",
        help="plugin names for Gazebo Harmonic (gz-sim) or Fortress (ignition-gazebo)",
    )
    world.set_defaults(handler=_cmd_export_world)

    from sim.day.cli import register as register_day

    register_day(sub)


def _cmd_robots(args: argparse.Namespace) -> int:
    from floor.config import load_layout
    from sim.robots import SimFloor, robot_kind

    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    layout = load_layout(args.layout)
    ids = [r.strip() for r in args.robots.split(",") if r.strip()]
    sim = SimFloor(
        layout,
        [(r, robot_kind(r)) for r in ids],
        host=args.host,
        port=args.port,
        rate=args.rate,
        pose_hz=args.pose_hz,
        goals_in_new_thread=args.goals_in_new_thread,
    )
    for robot in ids:
        log.info("%s (%s) at %s", robot, robot_kind(robot), sim.url(robot))
    asyncio.run(sim.run())
    return 0


def _cmd_export_world(args: argparse.Namespace) -> int:
    from floor.config import load_layout
    from sim.world import export

    layout = load_layout(args.layout)
    files = export(layout, args.file, args.gazebo)
    print(f"wrote {', '.join(map(str, files))}: {len(layout.blocks)} blocks of {layout.name}")
    return 0
