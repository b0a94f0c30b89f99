"""The one place payloads are decoded and encoded."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

MAX_PAYLOAD = 8192
M = TypeVar("M", bound=BaseModel)


class BadPayload(ValueError):
    """A payload that is not what the contract says; `code` is stable, `detail` human."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def decode(model: type[M], payload: bytes) -> M:
    """Parse a JSON payload into `model`, or raise BadPayload."""
    if len(payload) > MAX_PAYLOAD:
        raise BadPayload("oversize", f"{len(payload)} bytes; the limit is {MAX_PAYLOAD}")
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadPayload("not_json", str(exc)) from None
    if not isinstance(data, dict):
        raise BadPayload("not_object", "the payload must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(payload)'}: {e['msg']}" for e in exc.errors()
        )
        raise BadPayload("schema", problems) from None


def encode(message: BaseModel, *, drop_none: bool = False) -> bytes:
    """Return the JSON payload of a message (UTF-8, not ASCII-escaped)."""
    return message.model_dump_json(exclude_none=drop_none).encode("utf-8")


def claimed_id(payload: bytes) -> str | None:
    """Return the message id a refused payload carries, so its sender can match the error."""
    if len(payload) > MAX_PAYLOAD:
        return None
    try:
        ident = json.loads(payload).get("id")
    except (ValueError, AttributeError):
        return None
    return ident if isinstance(ident, str) and 0 < len(ident) <= 64 else None
