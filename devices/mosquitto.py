"""Run a real mosquitto broker as a child process on loopback (tests, bench, development)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from floor.broker import free_port

_CANDIDATES = ("mosquitto", "/usr/sbin/mosquitto")


def mosquitto_binary() -> str:
    """Return the mosquitto executable, or raise FileNotFoundError."""
    for name in _CANDIDATES:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    raise FileNotFoundError("mosquitto is not installed (apt-get install mosquitto)")


class Mosquitto:
    """A mosquitto process with its own config; `extra` lines are added to the config.

    `max_queued_messages` is raised from its default of 1000, which silently
    drops messages for a persistent session under load.
    """

    def __init__(self, port: int | None = None, extra: str = "", anonymous: bool = True) -> None:
        self.port = port or free_port()
        self.extra = extra
        self.anonymous = anonymous
        self._dir = tempfile.TemporaryDirectory(prefix="floor-mosquitto-")
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the broker's mqtt:// URL."""
        return f"mqtt://127.0.0.1:{self.port}"

    def readable_copy(self, path: Path) -> Path:
        """Copy a private file (password file, ACL) where the broker can read it.

        mosquitto started as root drops to its own user before it reads them.
        """
        Path(self._dir.name).chmod(0o755)
        copy = Path(self._dir.name) / path.name
        shutil.copyfile(path, copy)
        copy.chmod(0o600)
        if os.geteuid() == 0:
            with contextlib.suppress(LookupError):
                shutil.chown(copy, user="mosquitto")
        return copy

    @property
    def log_path(self) -> Path:
        """Return the file the broker logs to."""
        return Path(self._dir.name) / "mosquitto.log"

    @property
    def config_path(self) -> Path:
        """Return the config file the broker runs with."""
        return Path(self._dir.name) / "mosquitto.conf"

    def start(self, timeout: float = 10.0) -> Mosquitto:
        """Start the broker and wait until it accepts connections."""
        self.config_path.write_text(
            f"listener {self.port} 127.0.0.1\n"
            f"allow_anonymous {str(self.anonymous).lower()}\n"
            "max_queued_messages 1000000\n"
            "max_inflight_messages 100\n"
            "persistence false\n"
            "set_tcp_nodelay true\n"
            f"{self.extra}\n"
        )
        # The broker's log goes to a file: a pipe nobody reads fills after a few hundred
        # connections, and mosquitto then stalls every client on its next log line.
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                [mosquitto_binary(), "-c", str(self.config_path)],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                err = self.log_path.read_text("utf-8", "replace")
                raise RuntimeError(f"mosquitto exited: {err.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"mosquitto did not listen on {self.port} within {timeout}s")

    def stop(self) -> None:
        """Stop the broker."""
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def crash(self) -> None:
        """Kill the broker at once, as a power cut would: it sends no client's last will."""
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def __enter__(self) -> Mosquitto:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        self._dir.cleanup()
