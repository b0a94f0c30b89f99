"""The narrow port to the city's dossier system: one question, the status of a dossier."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

DossierState = Literal["processing", "ready", "returned"]
"""Being processed (a return date is set), ready to collect, or already handed back."""
DOSSIER_STATES: tuple[DossierState, ...] = ("processing", "ready", "returned")
CODE = re.compile(r"^(?=.*[0-9])(?=.*[A-Z.\-])[A-Z0-9][A-Z0-9.\-]{5,39}$")
"""A receipt's dossier code, as the receipt's QR carries it (000.00.22.H29-231205-0001):
digits with letters, dots or dashes. Digits alone are refused: they may be an ID card's
number scanned at the wrong prompt, and are sent nowhere."""


class BadCode(ValueError):
    """A string that cannot be a dossier code (refused before the city is asked)."""


class CityUnreachable(Exception):
    """The city's dossier system did not answer (down, slow, or answered nonsense)."""


@dataclass(frozen=True, slots=True)
class DossierStatus:
    """What the city says of one dossier."""

    code: str
    state: DossierState
    due: date | None = None
    """When the result is promised (processing)."""
    counter: int | None = None
    """The counter that hands the result back (ready)."""
    locker: bool = False
    """The result can also be taken at the result locker (ATM hồ sơ), 24/7."""


class DossierSource(Protocol):
    """The city's dossier system, as the floor sees it."""

    async def status(self, code: str) -> DossierStatus | None:
        """Return the dossier's status, None for a code the city does not know; raise
        CityUnreachable when the city cannot answer."""
        ...


def dossier_code(text: str) -> str:
    """Return a dossier code as the city writes it (upper case, no spaces around); raise
    BadCode for anything else."""
    code = unicodedata.normalize("NFKC", text).strip().upper()
    if not CODE.match(code):
        raise BadCode(
            "a dossier code has 6 to 40 letters, digits, dots or dashes (not digits alone), "
            "as printed on the receipt (e.g. 000.00.22.H29-231205-0001)"
        )
    return code
