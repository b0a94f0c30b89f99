"""The SMS port: text a citizen. An HTTP gateway adapter, and an outbox file for tests.

Chosen by URL: `file:var/sms-outbox.jsonl` (or `file:///abs/path`) appends one JSON
line per message to a local outbox; `http://…` or `https://…` posts
`{"to": "0912345678", "text": "…"}` as JSON to an SMS gateway and takes any 2xx as sent.
Only the outbox file and the gateway see the number in clear; logs show it masked.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from floor.core.lockers import mask_phone

log = logging.getLogger(__name__)


class SmsFailed(Exception):
    """A text could not be handed to the gateway (after its retries)."""


class SmsPort(Protocol):
    """Send one text message; raise SmsFailed. Blocking: call it off the event loop."""

    def send(self, to: str, text: str) -> None: ...


class OutboxFile:
    """Append each text as a JSON line (`at`, `to`, `text`) to a local file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> None:
        """Append the text to the outbox."""
        line = json.dumps(
            {"at": datetime.now().astimezone().isoformat(), "to": to, "text": text},
            ensure_ascii=False,
        )
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(line + "\n")
        except OSError as exc:
            raise SmsFailed(f"outbox {self.path}: {exc.strerror}") from None


class HttpGateway:
    """POST each text as JSON to an SMS gateway, retrying with a growing pause."""

    def __init__(
        self, url: str, timeout: float = 5.0, retries: int = 2, token: str | None = None
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.token = token

    def send(self, to: str, text: str) -> None:
        """Post the text; raise SmsFailed when no try got a 2xx answer."""
        body = json.dumps({"to": to, "text": text}, ensure_ascii=False).encode()
        headers = {"content-type": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        why = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(0.5 * 2**attempt, 5.0))
            request = urllib.request.Request(self.url, body, headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    if 200 <= answer.status < 300:
                        return
                    why = f"HTTP {answer.status}"
            except urllib.error.HTTPError as exc:
                why = f"HTTP {exc.code}"
                if 400 <= exc.code < 500 and exc.code != 429:  # refused for good
                    break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                why = str(getattr(exc, "reason", exc))
            log.warning("text to %s: try %d failed: %s", mask_phone(to), attempt + 1, why)
        raise SmsFailed(f"text to {mask_phone(to)} not sent: {why}")


def sms_port(url: str, timeout: float = 5.0, retries: int = 2, token: str | None = None) -> SmsPort:
    """Return the SMS adapter a URL names (`file:` outbox, or an `http(s):` gateway)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return OutboxFile(Path(parts.netloc + parts.path))
    if parts.scheme in ("http", "https") and parts.netloc:
        return HttpGateway(url, timeout, retries, token)
    raise ValueError(f"SMS URL {url!r}: use file:PATH or http(s)://gateway/…")
