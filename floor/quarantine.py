"""Messages that took the process down are never decided again.

Before a batch of inbound messages is handled, their digests are written to a
small file beside the event log, and the file is emptied once the batch is
done. A process that dies hard while handling (killed, out of memory, a crash
below Python) leaves the file behind. On the next start those messages are
suspects: each is handled alone, marked as a suspect. A suspect that was being
handled alone when the process died again is quarantined: logged,
acknowledged, answered with an error, never decided again. So a poison
message costs at most two restarts, and an innocent one caught in a killed
batch (an operator's kill -9) is only handled a little later, never lost.
(Failures Python can catch never get here: they refuse one message.)
No fsync is needed: the file only has to outlive the process, not the machine.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def digest(topic: str, payload: bytes) -> str:
    """Return the identity of one inbound message (topic and payload)."""
    h = hashlib.sha256(topic.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(payload)
    return h.hexdigest()


class Quarantine:
    """The in-flight marker and the list of quarantined messages of one event log."""

    def __init__(self, eventlog_path: Path) -> None:
        self.inflight_path = eventlog_path.with_name(eventlog_path.name + ".inflight")
        self.list_path = eventlog_path.with_name(eventlog_path.name + ".quarantine")
        self.quarantined: set[str] = set()
        if self.list_path.exists():
            for line in self.list_path.read_text("utf-8").splitlines():
                if line.strip():
                    self.quarantined.add(json.loads(line)["digest"])
        left, suspect = self._read_inflight()
        self.suspects: set[str] = set()
        if suspect:
            self._quarantine(left[0])
        else:
            self.suspects = set(left) - self.quarantined
            if self.suspects:
                log.warning(
                    "the last run died handling %d messages; each is handled alone now",
                    len(self.suspects),
                )
        self._fd = os.open(self.inflight_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)

    def close(self) -> None:
        """Close the marker file (it stays, empty)."""
        os.close(self._fd)

    def begin(self, digests: list[str]) -> None:
        """Mark these messages as being handled now (a lone suspect is marked as such)."""
        lone_suspect = len(digests) == 1 and digests[0] in self.suspects
        text = ("suspect\n" if lone_suspect else "") + "\n".join(digests)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text.encode("ascii"), 0)

    def end(self) -> None:
        """The marked messages were handled (or refused): none of them is to blame."""
        os.ftruncate(self._fd, 0)

    def cleared(self, message: str) -> None:
        """A suspect was handled alone without harm."""
        self.suspects.discard(message)

    def _read_inflight(self) -> tuple[list[str], bool]:
        """Return the messages the last run died handling, and whether it was a lone suspect."""
        try:
            text = self.inflight_path.read_text("ascii")
        except (FileNotFoundError, UnicodeDecodeError):
            return [], False
        lines = text.split()
        digests = [line for line in lines if len(line) == 64]
        return digests, lines[:1] == ["suspect"] and len(digests) == 1

    def _quarantine(self, message: str) -> None:
        if message in self.quarantined:
            return
        log.error("message %s… took the last run down; it is quarantined", message[:16])
        self.quarantined.add(message)
        with self.list_path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"digest": message}) + "\n")
            out.flush()
            os.fsync(out.fileno())
