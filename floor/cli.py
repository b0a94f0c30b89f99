"""The `floor` command: the composition root, the one place that knows every package."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from floor import __version__
from floor.config import ConfigError, load_catalog, load_center
from floor.settings import Settings

if TYPE_CHECKING:
    from floor.core.catalog import CenterConfig
    from floor.dossiers.desk import DossierDesk
    from floor.service import Orchestrator

log = logging.getLogger("floor")


def main(argv: list[str] | None = None) -> int:
    """Run the `floor` command line."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except ConfigError as exc:
        print(f"floor: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="floor",
        description="Orchestrate the floor of a public administrative service center "
        "(Trung tâm Phục vụ hành chính công) over MQTT.",
        epilog="Settings also come from FLOOR_* environment variables (FLOOR_BROKER, FLOOR_DB, …).",
    )
    parser.add_argument("--version", action="version", version=f"floor {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = sub.add_parser("run", help="run the orchestrator (embedded broker unless --broker)")
    _run_options(run)
    run.set_defaults(handler=_cmd_run)

    demo = sub.add_parser(
        "demo", help="run the orchestrator and play a simulated day through real MQTT devices"
    )
    _run_options(demo)
    demo.add_argument(
        "--speed", type=float, default=60.0,
        help="virtual seconds per second (60: a morning in 4 minutes)",
    )  # fmt: skip
    demo.add_argument("--scenario", type=Path, help="scenario YAML (the built-in Tam Bình day)")
    demo.add_argument("--seed", type=int, default=1, help="random seed of the day (1)")
    demo.set_defaults(handler=_cmd_demo)

    contract = sub.add_parser("contract", help="the MQTT wire contract")
    csub = contract.add_subparsers(title="contract commands", metavar="ACTION")
    export = csub.add_parser("export", help="write JSON Schemas, AsyncAPI 3 and protocol.md")
    export.add_argument("dir", type=Path, help="output folder")
    export.add_argument("--center", default="{center}", help="center id in the examples")
    export.set_defaults(handler=_cmd_contract_export)

    catalog = sub.add_parser("catalog", help="the service catalog")
    catsub = catalog.add_subparsers(title="catalog commands", metavar="ACTION")
    check = catsub.add_parser("check", help="validate a catalog (and a center file)")
    check.add_argument("file", type=Path, help="catalog YAML file")
    check.add_argument("--center", type=Path, help="center YAML file to check against it")
    check.set_defaults(handler=_cmd_catalog_check)

    users = sub.add_parser("users", help="console accounts")
    usub = users.add_subparsers(title="users commands", metavar="ACTION")
    add = usub.add_parser(
        "add",
        help="add or replace a console account",
        description="The password comes from FLOOR_USER_PASSWORD, else stdin, else a prompt.",
    )
    add.add_argument("name", help="user name (a-z 0-9 _ . -)")
    add.add_argument("--role", required=True, choices=["manager", "staff", "viewer", "city"])
    add.add_argument("--counter", type=int, help="the staff member's counter")
    add.add_argument("--users", type=Path, help="accounts file (var/users.json)")
    add.set_defaults(handler=_cmd_users_add)

    from devices.cli import register as register_devices
    from floor.city.cli import register as register_city
    from sim.cli import register as register_sim
    from speech.cli import register as register_speech

    register_devices(sub)
    register_city(sub)
    register_speech(sub)
    register_sim(sub)
    return parser


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--broker", help="mqtt://host:port of an external broker")
    p.add_argument("--broker-port", type=int, help="port of the embedded broker (1883)")
    p.add_argument("--catalog", type=Path, help="catalog YAML (built-in if absent)")
    p.add_argument("--center", type=Path, help="center YAML (built-in demo center if absent)")
    p.add_argument("--db", type=Path, help="event log file (var/floor.db)")
    p.add_argument("--sync", choices=["FULL", "NORMAL"], help="fsync each batch (FULL)")
    p.add_argument("--log-level", help="DEBUG, INFO, WARNING")


def _settings(args: argparse.Namespace) -> Settings:
    given = {
        k: getattr(args, k)
        for k in ("broker", "broker_port", "catalog", "center", "db", "sync", "log_level")
        if getattr(args, k, None) is not None
    }
    settings = Settings(**given)
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return settings


def _cmd_run(args: argparse.Namespace) -> int:
    return _serve_or_explain(_settings(args), demo=None)


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.speed <= 0:
        raise ConfigError("--speed: must be above 0")
    return _serve_or_explain(_settings(args), demo=args)


def _serve_or_explain(settings: Settings, demo: argparse.Namespace | None) -> int:
    """Serve until stopped; a start that cannot succeed ends at once with the reason."""
    from devices.bus import BrokerRefused
    from floor.lock import AlreadyRunning

    reasons: list[BaseException] = []
    try:
        asyncio.run(_serve(settings, demo))
    except* (BrokerRefused, AlreadyRunning) as group:
        reasons.extend(group.exceptions)
    for reason in reasons:
        print(f"floor: cannot start: {reason}", file=sys.stderr)
    return 1 if reasons else 0


async def _serve(settings: Settings, demo: argparse.Namespace | None = None) -> None:
    from floor.broker import EmbeddedBroker
    from floor.eventlog import EventLog
    from floor.lock import db_lock
    from floor.service import Orchestrator

    catalog = load_catalog(settings.catalog)
    config = load_center(settings.center, catalog)
    from floor.city.signing import load_public  # the city's key, if it sends this floor anything

    city_key = load_public(settings.city_key) if settings.city_key else None
    if demo is not None:
        from sim.day.scenario import load_scenario

        scenario = load_scenario(demo.scenario, catalog, config)
    with contextlib.ExitStack() as stack:
        url = settings.broker
        if url is None:
            broker = stack.enter_context(EmbeddedBroker(settings.broker_port))
            url = broker.url
            log.info("embedded broker on %s", url)
        stack.enter_context(db_lock(settings.db))
        eventlog = EventLog(settings.db, settings.sync)
        stack.callback(eventlog.close)
        account = settings.broker_username
        credentials = (account, settings.broker_password) if account else None
        orchestrator = Orchestrator(
            catalog, config, eventlog, url,
            credentials=credentials, ha_discovery=settings.ha_discovery,
            idempotency=timedelta(days=settings.idempotency_days),
        )  # fmt: skip
        orchestrator.dossiers = _dossiers(settings, stack, demo is not None, orchestrator)
        log.info(
            "center %s: state of %d events restored from %s",
            config.center.id,
            orchestrator.state.applied,
            settings.db,
        )
        _freeze_startup_heap(console=bool(settings.http_port), fleet=bool(config.robots))
        async with asyncio.TaskGroup() as tasks:
            ready = asyncio.Event()
            tasks.create_task(orchestrator.run(ready), name="orchestrator")
            from floor.city.events import follow
            from floor.city.summary import publish_summaries

            follow(orchestrator)
            from floor.lockerdesk import LockerDesk
            from floor.sms import sms_port

            sms = settings.sms_url, settings.sms_timeout, settings.sms_retries, settings.sms_token
            texts = LockerDesk(sms_port(*sms))
            texts.attach(orchestrator)
            tasks.create_task(texts.report_unsent(ready), name="unsent-texts")
            every, alert_min = settings.city_summary_every, settings.wait_alert_min
            tasks.create_task(publish_summaries(orchestrator, every, alert_min), name="summary")
            if orchestrator.dossiers is not None:
                tasks.create_task(orchestrator.dossiers.watch(), name="dossier-link")
            if city_key is not None:
                from floor.city.catalog import CityInbox

                city_in = CityInbox(orchestrator, city_key).run(ready)
                tasks.create_task(city_in, name="city-in")
            if settings.http_port:
                await ready.wait()
                console = _console(orchestrator, settings, demo=demo is not None)
                tasks.create_task(console, name="console")
            if demo is not None:
                from sim.day.live import LiveDay

                await ready.wait()
                day = LiveDay(catalog, config, scenario, url, demo.speed, demo.seed)
                tasks.create_task(day.run(), name="sim-day")
            if config.robots:
                await ready.wait()
                rate = demo.speed if demo is not None else None
                tasks.create_task(_robots(orchestrator, config, rate), name="robots")


def _dossiers(
    settings: Settings, stack: contextlib.ExitStack, demo: bool, orchestrator: Orchestrator
) -> DossierDesk | None:
    """Link the city's dossier system (the demo runs a simulated one), or none."""
    from floor.dossiers.desk import DossierDesk
    from floor.dossiers.http import HttpDossiers

    url = settings.dossier_url
    if url is None and demo:
        from sim.city_dossiers import CityDossiers, demo_dossiers

        dossiers = demo_dossiers(orchestrator.clock().date())
        url = stack.enter_context(CityDossiers(dossiers)).url
        log.info(
            "simulated city dossier system on %s: %s", url, ", ".join(d.code for d in dossiers)
        )
    if url is None:
        return None
    source = HttpDossiers(url, settings.dossier_timeout, settings.dossier_retries)
    return DossierDesk(source, orchestrator.clock, deadline=source.longest())


def _freeze_startup_heap(console: bool, fleet: bool) -> None:
    """Import what will run, then move every object made so far (modules, the replayed
    history) out of the garbage collector's scans: its full passes would otherwise
    stall the loop for tens of milliseconds on a long day."""
    modules = ["floor.console.app"] if console else []
    modules += ["robots.coordinator", "robots.rosbridge"] if fleet else []
    for name in modules:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()


async def _robots(orchestrator: Orchestrator, config: CenterConfig, sim_rate: float | None) -> None:
    """Drive the center's robots over rosbridge; `floor demo` simulates the loopback ones
    (at `sim_rate` times real time)."""
    from robots.coordinator import Coordinator
    from robots.rosbridge import RosbridgeFleet

    async with contextlib.AsyncExitStack() as stack:
        if sim_rate is not None:
            from sim.robots import SimFloor

            await stack.enter_async_context(SimFloor.for_config(config, rate=sim_rate))
        fleet = await stack.enter_async_context(RosbridgeFleet(config))
        await Coordinator(orchestrator, fleet).run()


async def _console(orchestrator: Orchestrator, settings: Settings, demo: bool) -> None:
    """Serve the console on this loop, so its handlers read the state and submit directly."""
    import secrets

    from floor.console.app import Console, create_app, server
    from floor.console.users import UserStore

    users = UserStore(settings.users)
    url = f"http://{settings.http_host}:{settings.http_port}"
    if demo:
        password = secrets.token_urlsafe(12)
        users.add("demo", password, "manager", save=False)
        print(f"console: {url}  user: demo  password: {password}", flush=True)
    elif not len(users):
        log.warning("no console accounts yet: floor users add NAME --role manager")
    console = Console(
        orchestrator,
        users,
        wait_alert_min=settings.wait_alert_min,
        secure_cookie=settings.secure_cookies,
    )
    log.info("console on %s, the phone page on %s/p/ (its QR: %s/p/qr.svg)", url, url, url)
    try:
        await server(create_app(console), settings.http_host, settings.http_port).serve()
    except SystemExit:  # uvicorn's answer to a port in use: the floor goes on without it
        log.error("console not started: cannot listen on %s", url)


def _cmd_users_add(args: argparse.Namespace) -> int:
    import getpass
    import os

    from floor.console.users import UserError, UserStore

    path = args.users or Settings().users
    password = os.environ.get("FLOOR_USER_PASSWORD")
    if password is None and not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    if password is None:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("floor: the passwords differ", file=sys.stderr)
            return 1
    try:
        user = UserStore(path).add(args.name, password, args.role, args.counter)
    except UserError as exc:
        print(f"floor: {exc}", file=sys.stderr)
        return 1
    where = f" (counter {user.counter})" if user.counter else ""
    print(f"{path}: {user.name} is a {user.role}{where}")
    return 0


def _cmd_contract_export(args: argparse.Namespace) -> int:
    from devices.contract import export

    written = export(args.dir, args.center)
    print(f"wrote {len(written)} files to {args.dir}")
    return 0


def _cmd_catalog_check(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.file)
    print(f"{args.file}: {len(catalog.fields)} fields, {len(catalog.procedures)} procedures: ok")
    if args.center:
        config = load_center(args.center, catalog)
        print(f"{args.center}: {len(config.counters)} counters, {len(config.devices)} devices: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
