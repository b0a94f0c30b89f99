"""One orchestrator per center: a lock on the event log file."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another orchestrator serves this center (or holds its event log)."""


@contextmanager
def db_lock(db: Path) -> Iterator[None]:
    """Hold an exclusive lock beside `db` while the block runs; raise AlreadyRunning if taken.

    The lock is the operating system's (flock): it goes with the process, however it ends.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    path = db.with_name(db.name + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(f"another `floor run` is using {db}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)
