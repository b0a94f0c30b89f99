"""Robot bench: counter call -> robot goal latency, robot loss -> reassignment, manager stop ->
robot stopped, and the orchestrator's CPU with 20 robots.

    .venv/bin/python bench/robots_bench.py [--calls 200] [--losses 50] [--stops 20]
                                           [--robots 20] [--seconds 20]

1. A counter terminal calls a guided ticket over MQTT (mosquitto); we time until the
   simulated robot's rosbridge endpoint receives the `send_action_goal` of the escort
   (decide, durable write, listener, roslibpy, websocket). p50/p99 over `--calls`.
2. A guide escorting a called ticket drops off the network (its rosbridge endpoint closes);
   we time until the orchestrator assigns the escort to the other guide. p50/p99 over
   `--losses`.
3. A manager pauses a guide mid-escort; we time until its rosbridge endpoint handles the
   cancel (the simulated Nav2 stops the robot there): with rosbridge's
   `send_action_goals_in_new_thread` on, against the default (off) as the baseline.
4. `--robots` simulated robots in another process (`floor sim robots`), standing (AMCL
   silent, so the adapter probes them); the orchestrator process (orchestrator, fleet adapter,
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
from floor.core.catalog import CenterConfig, RobotModel, RobotSpec
from floor.core.commands import IssueTicket, NoShow, PauseRobot, ResumeRobot
from floor.core.events import RobotTaskAssigned
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

    def read(self, fn: Any) -> Any:
        """Run `fn` on the orchestrator's loop (the owner of its state)."""

        async def get() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(get(), self.loop).result(10)

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


def with_robots(n: int, base: int, new_thread: bool = True) -> CenterConfig:
    config = load_center(catalog=load_catalog())
    docks = ["dock-1", "dock-2", "dock-3"]
    model = RobotModel(goals_in_new_thread=new_thread)
    robots = [
        RobotSpec(id=f"guide-{i + 1}", kind="guide", url=f"ws://127.0.0.1:{base + i}",
                  dock=docks[i % 3], model=model)
        for i in range(n)
    ]
    info = config.center.model_copy(update={"id": f"bench-{base}"})  # one MQTT client id each
    return config.model_copy(update={"robots": robots, "center": info})


class SimRunning:
    """Simulated robots for a config on their own thread and loop."""

    def __init__(self, config: CenterConfig) -> None:
        self.sim = SimFloor.for_config(config, rate=4.0)
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        async def serve() -> None:
            async with self.sim:
                started.set()
                await asyncio.Event().wait()

        threading.Thread(target=self.loop.run_until_complete, args=(serve(),), daemon=True).start()
        assert started.wait(10)

    def hook(self, op: str, got: dict[str, float]) -> None:
        """Record in `got[robot]` when each robot's rosbridge handles an operation `op`."""
        for robot_id, robot in self.sim.robots.items():
            assert robot.server is not None

            def seen(message: dict[str, Any], at: float, robot_id: str = robot_id) -> None:
                if message.get("op") == op:
                    got.setdefault(robot_id, at)

            robot.server.on_receive.append(seen)

    def call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)


def escort(floor: Running, counter: DeviceClient, goals: dict[str, float]) -> str:
    """Call a guided ticket; return the guide once its escort goal reached it."""
    board = floor.orchestrator.state.robots
    floor.submit(IssueTicket("chung_thuc", guidance=True))
    goals.clear()
    counter.send("call_next")
    wait(lambda: len(goals) == 1, 10)
    (robot,) = goals
    wait(lambda: floor.read(lambda: board.robots[robot].task is not None), 10)
    return robot


def free(floor: Running) -> None:
    """End the escort (a no-show) and wait until every robot is online and free."""
    board = floor.orchestrator.state.robots
    floor.submit(NoShow(1))
    wait(lambda: floor.read(lambda: all(r.online and r.task is None
                                        for r in board.robots.values())), 30)


def call_latency(broker: Mosquitto, calls: int) -> list[float]:
    config = with_robots(2, free_port())
    sim = SimRunning(config)
    got: dict[str, float] = {}
    sim.hook("send_action_goal", got)
    with tempfile.TemporaryDirectory() as tmp:
        floor = Running(config, broker.url, Path(tmp) / "bench.db")
        board = floor.orchestrator.state.robots
        wait(lambda: floor.read(lambda: all(r.online for r in board.robots.values())))
        out: list[float] = []
        with DeviceClient(broker.url, config.center.id, "counter-1") as counter:
            for _ in range(calls):
                floor.submit(IssueTicket("chung_thuc", guidance=True))
                wait(lambda: floor.read(lambda: all(r.task is None for r in board.robots.values())))
                got.clear()
                t0 = time.perf_counter()
                counter.send("call_next")
                wait(lambda: bool(got), 10)
                out.append(min(got.values()) - t0)
                floor.submit(NoShow(1))  # ends the escort; the robot is free again
        return out


def loss_to_reassignment(broker: Mosquitto, losses: int) -> list[float]:
    """Seconds from a guide's rosbridge closing mid-escort to its escort's new assignment."""
    config = with_robots(2, free_port())
    sim = SimRunning(config)
    goals: dict[str, float] = {}
    sim.hook("send_action_goal", goals)
    with tempfile.TemporaryDirectory() as tmp:
        floor = Running(config, broker.url, Path(tmp) / "bench.db")
        board = floor.orchestrator.state.robots
        wait(lambda: floor.read(lambda: all(r.online for r in board.robots.values())))
        handed: list[float] = []

        def listen(events: list[Any]) -> None:
            if any(isinstance(e, RobotTaskAssigned) for e in events):
                handed.append(time.perf_counter())

        floor.read(lambda: floor.orchestrator.listeners.append(listen))
        out: list[float] = []
        with DeviceClient(broker.url, config.center.id, "counter-1") as counter:
            for _ in range(losses):
                robot = escort(floor, counter, goals)
                server = sim.sim.server(robot)
                handed.clear()

                t0 = sim.call(_drop(server))
                wait(lambda: bool(handed), 10)
                out.append(handed[0] - t0)
                sim.call(server.start())
                free(floor)
        return out


async def _drop(server: Any) -> float:
    """Close a robot's rosbridge endpoint; return when it started closing."""
    t0 = time.perf_counter()
    await server.stop()
    return t0


def stop_to_stopped(broker: Mosquitto, stops: int, new_thread: bool) -> list[float]:
    """Seconds from a manager's pause mid-escort to the cancel handled on the robot."""
    config = with_robots(2, free_port(), new_thread)
    sim = SimRunning(config)
    goals: dict[str, float] = {}
    cancels: dict[str, float] = {}
    sim.hook("send_action_goal", goals)
    sim.hook("cancel_action_goal", cancels)
    with tempfile.TemporaryDirectory() as tmp:
        floor = Running(config, broker.url, Path(tmp) / "bench.db")
        board = floor.orchestrator.state.robots
        wait(lambda: floor.read(lambda: all(r.online for r in board.robots.values())))
        out: list[float] = []
        with DeviceClient(broker.url, config.center.id, "counter-1") as counter:
            for _ in range(stops):
                robot = escort(floor, counter, goals)
                cancels.clear()
                t0 = time.perf_counter()
                floor.submit(PauseRobot(robot))
                wait(lambda r=robot: r in cancels, 60)
                out.append(cancels[robot] - t0)
                floor.submit(ResumeRobot(robot))
                free(floor)
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


def figures(name: str, values: list[float]) -> None:
    lat = sorted(values)
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
    print(f"{name}: n={len(lat)} p50 {p50:.2f} ms p99 {p99:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--losses", type=int, default=50)
    parser.add_argument("--stops", type=int, default=20)
    parser.add_argument("--robots", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with Mosquitto() as broker:
        figures("counter call -> robot goal sent", call_latency(broker, args.calls))
        lost = loss_to_reassignment(broker, args.losses)
        figures("robot lost mid-escort -> escort reassigned", lost)
        figures(
            "manager pause -> robot stopped (goals in new thread)",
            stop_to_stopped(broker, args.stops, True),
        )
        figures(
            "baseline: manager pause -> robot stopped (rosbridge default, goal blocks)",
            stop_to_stopped(broker, max(3, args.stops // 4), False),
        )
        share, rate = cpu_share(broker, args.robots, args.seconds)
        print(
            f"{args.robots} robots, AMCL only on moves ({rate} pose msgs/s): orchestrator "
            f"process CPU {share * 100:.1f}% of one core (pid {os.getpid()})"
        )


if __name__ == "__main__":
    main()
