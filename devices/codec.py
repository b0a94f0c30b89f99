"""The one place payloads are decoded and encoded.

Decoding never raises anything but BadPayload, whatever the bytes: the size is
checked before parsing, the nesting depth before `json.loads` can recurse, and
the parse itself refuses what JSON allows but no message needs (integers longer
than a few digits, NaN and infinities, lone surrogates, duplicate keys).
Models are then validated strictly: `"9"` is not a number and `1.5` not a time.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

MAX_PAYLOAD = 8192
MAX_DEPTH = 16
MAX_INT_DIGITS = 18
"""Integers past this many digits are refused (sequence numbers fit in 2**53)."""
MAX_DETAIL = 300
"""The longest error detail sent back: a refused value is quoted only in part."""
M = TypeVar("M", bound=BaseModel)

_SURROGATE = re.compile("[\ud800-\udfff]")


class BadPayload(ValueError):
    """A payload that is not what the contract says; `code` is stable, `detail` human."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = clip(detail, MAX_DETAIL)


def clip(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def parse(payload: bytes, limit: int = MAX_PAYLOAD) -> Any:
    """Parse untrusted JSON bytes of at most `limit`, or raise BadPayload; never anything
    else."""
    if len(payload) > limit:
        raise BadPayload("oversize", f"{len(payload)} bytes; the limit is {limit}")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadPayload("not_json", f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise BadPayload("too_deep", f"nested {depth} deep; the limit is {MAX_DEPTH}")
    try:
        data = json.loads(
            text,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise BadPayload("not_json", f"{exc.msg} at character {exc.pos}") from None
    except RecursionError:
        raise BadPayload("too_deep", "nested too deep") from None
    _check_strings(data)
    return data


def decode(model: type[M], payload: bytes, limit: int = MAX_PAYLOAD) -> M:
    """Parse a JSON payload of at most `limit` bytes into `model`, validated strictly, or
    raise BadPayload."""
    data = parse(payload, limit)
    if not isinstance(data, dict):
        raise BadPayload("not_object", "the payload must be a JSON object")
    try:
        return model.model_validate_json(payload, strict=True)
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
    try:
        data = parse(payload)
    except BadPayload:
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    if isinstance(ident, str) and 0 < len(ident) <= 64 and ident.isascii() and ident.isprintable():
        return ident
    return None


def _depth(text: str) -> int:
    """Return how deep arrays and objects nest in `text`, strings skipped."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise BadPayload("out_of_range", f"an integer of {len(text)} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadPayload("out_of_range", f"{clip(text, 20)} is not a finite number")
    return value


def _constant(text: str) -> Any:
    raise BadPayload("not_json", f"{text} is not JSON")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise BadPayload("not_json", "a key appears twice in one object")
    return data


def _check_strings(data: Any) -> None:
    """Refuse lone surrogates (valid JSON escapes that are not text) anywhere."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise BadPayload("not_json", "a string holds a lone surrogate")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
