"""A simulated city dossier system: a real small HTTP JSON server on a free port.

It serves the dossier port's HTTP contract (`GET /dossiers/{code}`) for tests and the
demo, and can fail as the real one does: answer errors, or hang.
"""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import unquote

from floor.broker import free_port
from floor.dossiers.port import DossierStatus

Mode = Literal["up", "error", "hang"]
HANG_AT_MOST = 30.0
"""Seconds a hanging answer waits at most (so a test that forgets it still ends)."""


def demo_dossiers(today: date) -> list[DossierStatus]:
    """Return the dossiers of the demo: one ready, one in progress, one handed back."""
    return [
        DossierStatus("000.00.22.H29-231205-0001", "ready", None, 3, True),
        DossierStatus("000.00.22.H29-231205-0002", "processing", today + timedelta(days=5)),
        DossierStatus("000.00.22.H29-231120-0007", "returned"),
    ]


class CityDossiers:
    """The simulated city service; use it as a context manager."""

    def __init__(self, dossiers: list[DossierStatus], port: int | None = None) -> None:
        self.dossiers = {d.code: d for d in dossiers}
        self.mode: Mode = "up"
        self.asked = 0
        self.released = threading.Event()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> CityDossiers:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Listen (again) on the service's port."""
        self.released.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, name="city-dossiers", daemon=True
        ).start()

    def stop(self) -> None:
        """Stop listening: the city is unreachable (connections are refused)."""
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def set_mode(self, mode: Mode) -> None:
        """Answer normally, answer 503, or hang until the mode changes."""
        self.mode = mode
        if mode == "hang":
            self.released.clear()
        else:
            self.released.set()

    def answer(self, code: str) -> tuple[int, dict[str, Any]]:
        """Return the HTTP status and JSON body for one code."""
        found = self.dossiers.get(code)
        if found is None:
            return 404, {"error": "no such dossier"}
        due = found.due.isoformat() if found.due else None
        body = {"code": found.code, "state": found.state, "counter": found.counter}
        return 200, {**body, "locker": found.locker, "due": due}


def _handler(city: CityDossiers) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            city.asked += 1
            if city.mode == "hang":
                city.released.wait(HANG_AT_MOST)
            if city.mode == "error":
                status, body = 503, {"error": "maintenance"}
            elif self.path.startswith("/dossiers/"):
                status, body = city.answer(unquote(self.path.removeprefix("/dossiers/")))
            else:
                status, body = 404, {"error": "not found"}
            data = json.dumps(body, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the asker gave up waiting
                pass

        def log_message(self, *_args: Any) -> None:
            pass

    return Handler
