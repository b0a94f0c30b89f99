"""Errors the core raises."""

from __future__ import annotations


class Rejected(Exception):
    """A command the floor refuses; carries a stable code and a human detail."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
