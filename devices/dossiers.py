"""Dossier questions over MQTT: a device's `dossier_query` answered on its `cmd/dossier`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from devices import payloads as p
from devices.gateway import Asked, BadInput, Gateway, Publication, new_id
from floor.core.catalog import Lang
from floor.dossiers.desk import Answer, DossierDesk
from floor.dossiers.port import BadCode
from floor.dossiers.texts import say


async def answer(
    desk: DossierDesk, gateway: Gateway, asked: Asked, clock: Callable[[], datetime]
) -> Publication:
    """Return the answer to one question (the desk bounds its wait), or the refusal of a
    code that cannot be one."""
    query = asked.message
    try:
        found = await desk.ask(query.code)
    except BadCode as exc:
        refusal = BadInput("bad_dossier_code", str(exc), asked.device.id, query.id)
        return gateway.error(refusal, asked.topic, asked.device.id, query.id, clock())
    return gateway.dossier_answer(asked, message(query.id, found, query.lang, clock()))


def message(ref: str, found: Answer, lang: Lang, now: datetime) -> p.DossierAnswer:
    """Return the wire form of an answer, with its sentence in `lang`."""
    return p.DossierAnswer(
        id=new_id(),
        ts=now,
        ref=ref,
        code=found.code,
        outcome=found.outcome,
        **found.facts(),
        as_of=found.as_of,
        lang=lang,
        text=say(found, lang),
    )
