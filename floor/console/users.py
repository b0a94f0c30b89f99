"""Console accounts: names, roles and argon2 password hashes in one JSON file."""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

Role = Literal["manager", "staff", "viewer", "city"]
ROLES: tuple[Role, ...] = ("manager", "staff", "viewer", "city")
"""`city`: the city view only (floor city view); a center's console lets it only look."""
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")
MIN_PASSWORD = 10


class UserError(ValueError):
    """An account that cannot be made: bad name, role, counter or password."""


@dataclass(frozen=True, slots=True)
class User:
    """Who is signed in and what they may do."""

    name: str
    role: Role
    counter: int | None = None
    """The staff member's own counter (staff only)."""

    def may_act_on(self, counter: int) -> bool:
        """Return whether this user may change a counter."""
        if self.role == "manager":
            return True
        return self.role == "staff" and self.counter == counter


@dataclass(frozen=True, slots=True)
class _Account:
    name: str
    role: Role
    counter: int | None
    hash: str


class UserStore:
    """Accounts in a JSON file (mode 0600); with no file, in memory only (tests, demo).

    The file is read again when it changes, so accounts added with `floor users add`
    while the floor runs can sign in at once.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._hasher = PasswordHasher()
        self._accounts: dict[str, _Account] = {}
        self._unsaved: dict[str, _Account] = {}
        """Accounts added with save=False (the demo's): kept in memory only."""
        self._read_at: int | None = None
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        self._reload()

    def _reload(self) -> None:
        """Read the file if it changed since the last read (keep what we have if it is gone)."""
        if self.path is None:
            return
        try:
            changed = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return
        if changed == self._read_at:
            return
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        accounts = {}
        for item in raw.get("users", []):
            account = _Account(item["name"], item["role"], item.get("counter"), item["hash"])
            accounts[account.name] = account
        self._accounts, self._read_at = {**accounts, **self._unsaved}, changed

    def __len__(self) -> int:
        return len(self._accounts)

    def add(
        self, name: str, password: str, role: str, counter: int | None = None, save: bool = True
    ) -> User:
        """Create or replace an account, hashing its password; save the file unless told not to."""
        if not NAME.match(name):
            raise UserError(f"user name {name!r}: 2-32 of a-z 0-9 _ . - (lower case)")
        if role not in ROLES:
            raise UserError(f"role {role!r}: one of {', '.join(ROLES)}")
        if role == "staff" and counter is None:
            raise UserError("a staff account needs --counter N")
        if role != "staff" and counter is not None:
            raise UserError("only staff accounts have a counter")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"password: at least {MIN_PASSWORD} characters")
        account = _Account(name, role, counter, self._hasher.hash(password))
        self._reload()  # keep accounts another process added meanwhile
        self._accounts[name] = account
        if save:
            self._unsaved.pop(name, None)
            self._save()
        else:
            self._unsaved[name] = account
        return User(account.name, account.role, account.counter)

    def verify(self, name: str, password: str) -> User | None:
        """Return the user if the password is right, else None (in about the same time).

        CPU-heavy: call it off the event loop.
        """
        self._reload()
        account = self._accounts.get(name)
        try:
            self._hasher.verify(account.hash if account else self._dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        return User(account.name, account.role, account.counter)

    def get(self, name: str) -> User | None:
        """Return the account of this name, or None (reading the file again if it changed)."""
        self._reload()
        account = self._accounts.get(name)
        return User(account.name, account.role, account.counter) if account else None

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        saved = [a for a in self._accounts.values() if a.name not in self._unsaved]
        data = {"users": [asdict(a) for a in saved]}
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
        os.replace(tmp, self.path)
        self._read_at = self.path.stat().st_mtime_ns
