"""The QR of a Vietnamese chip ID card (căn cước), as a kiosk's scanner reads it.

The QR holds fields separated by `|`:
`ID number (12 digits)|old ID (9 digits, may be empty)|full name|date of birth ddmmyyyy|
sex|address|issue date ddmmyyyy`; newer cards may add fields after these, which are
ignored. Nothing read here leaves the kiosk but the salted hash of the number and the
priority class the age gives: the card's fields are kept out of reprs and errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from floor.core.commands import PriorityClass

FIELDS = 7
"""Fields every card's QR has; more may follow."""
_NUMBER = re.compile(r"^[0-9]{12}$")
_OLD_NUMBER = re.compile(r"^([0-9]{9})?$")
_DATE = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{4})$")


class BadCard(ValueError):
    """A scanned string that is no ID card QR; the message never quotes the string."""


@dataclass(frozen=True, slots=True)
class IdCard:
    """What a card's QR says; printed, it shows nothing of the citizen."""

    number: str = field(repr=False)
    old_number: str = field(repr=False)
    name: str = field(repr=False)
    born: date = field(repr=False)
    sex: str = field(repr=False)
    address: str = field(repr=False)
    issued: date = field(repr=False)

    def age(self, today: date) -> int:
        """Return the holder's age in whole years on `today`."""
        birthday_passed = (today.month, today.day) >= (self.born.month, self.born.day)
        return today.year - self.born.year - (0 if birthday_passed else 1)


def parse_card(scanned: str) -> IdCard:
    """Return the card a scanned QR string describes; raise BadCard saying what is wrong.

    A scanner typing the QR as keyboard input may leave spaces or a line end around it.
    """
    text = unicodedata.normalize("NFC", scanned).strip()
    parts = [part.strip() for part in text.split("|")]
    if len(parts) < FIELDS:
        raise BadCard(
            f"not an ID card QR: {len(parts)} field(s) separated by '|', {FIELDS} expected"
        )
    number, old, name, born, sex, address, issued = parts[:FIELDS]
    if not _NUMBER.match(number):
        raise BadCard("the ID number must have 12 digits")
    if not _OLD_NUMBER.match(old):
        raise BadCard("the old ID number must have 9 digits or be empty")
    if not name:
        raise BadCard("the name is empty")
    born_on = _date(born, "date of birth")
    issued_on = _date(issued, "issue date")
    if issued_on < born_on:
        raise BadCard("the issue date is before the date of birth")
    return IdCard(number, old, name, born_on, sex, address, issued_on)


def card_priority(card: IdCard, today: date, elderly_age: int) -> PriorityClass | None:
    """Return the priority class the card gives by itself: elderly from `elderly_age`."""
    if card.born > today:
        raise BadCard("the date of birth is in the future")
    return "elderly" if card.age(today) >= elderly_age else None


def _date(text: str, what: str) -> date:
    found = _DATE.match(text)
    if found is None:
        raise BadCard(f"the {what} must be 8 digits, ddmmyyyy")
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise BadCard(f"the {what} is no calendar date") from None
