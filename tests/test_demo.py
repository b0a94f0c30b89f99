"""`floor demo` as `make demo` runs it: the console is reachable and the floor is alive."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from floor.broker import free_port


def test_demo_serves_a_live_console(tmp_path: Path) -> None:
    http = free_port()
    env = {**os.environ, "FLOOR_HTTP_PORT": str(http), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "floor", "demo", "--broker-port", str(free_port()),
           "--db", str(tmp_path / "demo.db"), "--speed", "8"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(raw.decode(errors="replace")) for raw in proc.stdout or []],
        daemon=True,
    ).start()
    seen: list[str] = []
    try:
        password = None
        deadline = time.monotonic() + 30
        while password is None:
            assert time.monotonic() < deadline, "no demo password printed:\n" + "".join(seen)
            line = lines.get(timeout=30)
            seen.append(line)
            found = re.search(r"user: demo\s+password: (\S+)", line)
            password = found.group(1) if found else None
        base = f"http://127.0.0.1:{http}"
        with httpx.Client(base_url=base, timeout=5) as web:
            deadline = time.monotonic() + 20
            while True:  # the password is printed just before the console listens
                try:
                    assert web.get("/").status_code == 200
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline, "console never listened"
                    time.sleep(0.2)
            assert web.get("/api/floor").status_code == 401  # nothing without signing in
            # the demo's simulated city dossier system answers the phone page
            assert web.get("/p/").status_code == 200  # the phone page, and its cookie
            dossier = web.get("/p/dossier/000.00.22.H29-231205-0001").json()
            assert dossier["outcome"] == "live" and dossier["state"] == "ready", dossier
            login = web.post("/api/auth/login", json={"username": "demo", "password": password})
            assert login.status_code == 200, login.text
            deadline = time.monotonic() + 60
            while True:
                floor = web.get("/api/floor").json()
                robots = floor["robots"]
                moved = any(r["online"] and r["task"] for r in robots)
                if floor["calls"] and moved:
                    break
                assert time.monotonic() < deadline, f"no calls or robot work: {floor['robots']}"
                time.sleep(0.5)
        assert proc.poll() is None, "".join(seen)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert not any("Traceback" in line for line in seen), "".join(seen)
