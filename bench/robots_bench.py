"""Robot bench: counter call -> robot goal latency, and the orchestrator's CPU with 20 robots.

    .venv/bin/python bench/robots_bench.py [--calls 200] [--robots 20] [--seconds 20]

1. A counter terminal calls a guided ticket over MQTT (mosquitto); we time until the
   simulated robot's rosbridge endpoint receives the `send_action_goal` of the escort
   (decide, durable write, listener, roslibpy, websocket). p50/p99 over `--calls`.
2. `--robots` simulated robots in another process (`floor sim robots`) publish
   `/amcl_pose` at 10 Hz; the orchestrator process (orchestrator, fleet adapter,
   coordinator) runs for `--seconds`; we report its CPU share of one core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.client import DeviceClient
from devices.mosquitto import Mosquitto
from floor.broker import free_port
from floor.config import load_catalog, load_center
from floor.core.catalog import CenterConfig, RobotSpec
from floor.core.commands import IssueTicket, NoShow
from floor.eventlog import EventLog
from floor.service import Orchestrator
from robots.coordinator import Coordinator
from robots.rosbridge import RosbridgeFleet
from sim.robots import SimFloor


class Running:
    """Orchestrator + fleet + coordinator on one loop in a thread (as in `floor run`)."""

    def __init__(self, config: CenterConfig, url: str, db: Path) -> None:
        self.config = config
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.orchestrator = Orchestrator(load_catalog(), config, EventLog(db, "NORMAL"), url)
        main = self.loop.run_until_complete
        threading.Thread(target=main, args=(self._main(),), daemon=True).start()
        assert self.ready.wait(15)

    async def _main(self) -> None:
        connected = asyncio.Event()
        run = asyncio.create_task(self.orchestrator.run(connected))
        await connected.wait()
        async with RosbridgeFleet(self.config) as fleet:
            self.fleet = fleet
            coordinator = asyncio.create_task(Coordinator(self.orchestrator, fleet).run())
            self.ready.set()
            await asyncio.gather(run, coordinator)

    def submit(self, cmd: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(
            self._submit(cmd), self.loop
        ).result(10)

    async def _submit(self, cmd: Any) -> Any:
        return await self.orchestrator.submit(cmd, "bench")


def wait(check: Any, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.01)
    raise TimeoutError


def with_robots(n: int, base: int) -> CenterConfig:
    config = load_center(catalog=load_catalog())
    docks = ["dock-1", "dock-2", "dock-3"]
    robots = [
        RobotSpec(id=f"guide-{i + 1}", kind="guide", url=f"ws://127.0.0.1:{base + i}",
                  dock=docks[i % 3])
        for i in range(n)
    ]
    info = config.center.model_copy(update={"id": f"bench-{base}"})  # one MQTT client id each
    return config.model_copy(update={"robots": robots, "center": info})


def call_latency(broker: Mosquitto, calls: int) -> list[float]:
    base = free_port()
    config = with_robots(2, base)
    sim = SimFloor.for_config(config, rate=4.0)
    got: dict[str, float] = {}

    def hook(message: dict[str, Any], at: float) -> None:
        if message.get("op") == "send_action_goal":
            got.setdefault("goal", at)

    for robot in sim.robots.values():
        assert robot.server is not None
        robot.server.on_receive.append(hook)
    sim_loop = asyncio.new_event_loop()
    started = threading.Event()

    async def serve() -> None:
        async with sim:
            started.set()
            await asyncio.Event().wait()

    threading.Thread(target=sim_loop.run_until_complete, args=(serve(),), daemon=True).start()
    assert started.wait(10)
    with tempfile.TemporaryDirectory() as tmp:
        floor = Running(config, broker.url, Path(tmp) / "bench.db")
        board = floor.orchestrator.state.robots
        wait(lambda: all(r.online for r in board.robots.values()))
        out: list[float] = []
        with DeviceClient(broker.url, config.center.id, "counter-1") as counter:
            for _ in range(calls):
                floor.submit(IssueTicket("chung_thuc", guidance=True))
                wait(lambda: all(r.task is None for r in board.robots.values()))
                got.clear()
                t0 = time.perf_counter()
                counter.send("call_next")
                wait(lambda: "goal" in got, 10)
                out.append(got["goal"] - t0)
                floor.submit(NoShow(1))  # ends the escort; the robot is free again
        return out


def cpu_share(broker: Mosquitto, robots: int, seconds: float) -> tuple[float, int]:
    base = free_port()
    config = with_robots(robots, base)
    ids = ",".join(r.id for r in config.robots)
    sim = subprocess.Popen(
        [sys.executable, "-m", "floor", "sim", "robots", "--port", str(base), "--robots", ids,
         "--pose-hz", "10"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.5)
        with tempfile.TemporaryDirectory() as tmp:
            floor = Running(config, broker.url, Path(tmp) / "bench.db")
            board = floor.orchestrator.state.robots
            wait(lambda: all(r.online for r in board.robots.values()), 30)
            frames = [0]
            def count(_msg: Any) -> None:
                frames[0] += 1

            for robot in floor.fleet._robots.values():  # count pose frames received
                robot.ros.on(robot.spec.model.pose_topic, count)
            c0, w0, f0 = time.process_time(), time.monotonic(), frames[0]
            time.sleep(seconds)
            share = (time.process_time() - c0) / (time.monotonic() - w0)
            rate = int((frames[0] - f0) / seconds)
            return share, rate
    finally:
        sim.terminate()
        sim.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--robots", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with Mosquitto() as broker:
        lat = sorted(call_latency(broker, args.calls))
        p50 = statistics.median(lat) * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        print(f"counter call -> robot goal sent: n={len(lat)} p50 {p50:.2f} ms p99 {p99:.2f} ms")
        share, rate = cpu_share(broker, args.robots, args.seconds)
        print(
            f"{args.robots} robots at 10 Hz pose ({rate} pose msgs/s received): orchestrator "
            f"process CPU {share * 100:.1f}% of one core (pid {os.getpid()})"
        )


if __name__ == "__main__":
    main()
