"""Request bodies: JSON objects of known fields, at most MAX_BODY bytes; amounts exact (Decimal)."""

from __future__ import annotations

import json
from decimal import Decimal

from starlette.requests import Request

from budget_sync.service.errors import ApiError
from budget_sync.store.money import MoneyError, to_money

MAX_BODY = 16 * 1024


async def json_object(request: Request, fields: dict[str, bool]) -> dict:
    """The body as a dict; `fields` maps each allowed name to whether it is required.
    413 when larger than MAX_BODY, 400 for bad JSON, a non-object, an unknown or a missing field."""
    too_large(request.headers.get("content-length"))
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            too_large(None, len(raw))
    return parse_object(bytes(raw), fields)


def too_large(declared: str | None, received: int = 0) -> None:
    """413 when the declared Content-Length or the bytes received so far pass MAX_BODY."""
    if received > MAX_BODY or (declared and declared.isdigit() and int(declared) > MAX_BODY):
        raise ApiError(413, f"request body too large: at most {MAX_BODY} bytes")


def parse_object(raw: bytes, fields: dict[str, bool]) -> dict:
    """`json_object`'s checks on a body already read (at most MAX_BODY bytes)."""
    try:  # json.loads(raw, parse_float=Decimal, parse_constant=...) without building a decoder each time
        raw = raw or b"null"
        # An object whose second byte is not NUL is UTF-8 (detect_encoding's answer, without its cost).
        encoding = "utf-8" if raw[:1] == b"{" and raw[1:2] != b"\x00" else json.detect_encoding(raw)
        data = _DECODER.decode(raw.decode(encoding, "surrogatepass"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {str(exc).split(':')[0]}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    if not fields.keys() >= data.keys():
        unknown = sorted(set(data) - set(fields))
        raise ApiError(400, f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(fields)}")
    missing = [name for name, required in fields.items() if required and data.get(name) is None]
    if missing:
        raise ApiError(400, f"missing field(s) {', '.join(missing)}")
    return data


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def text_field(data: dict, name: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{name} must be non-empty text")
    return value


def amount_field(data: dict, name: str = "amount") -> Decimal:
    """A decimal string ("1200.50") or a JSON number, read exactly (never through float)."""
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ApiError(400, f'{name} must be a decimal string such as "1200.50"')
    try:
        amount = to_money(value)
    except MoneyError:
        raise ApiError(400, f'{name} {str(value)[:40]!r} is not a decimal amount such as "1200.50"') from None
    if amount < 0:
        raise ApiError(400, f"{name} must not be negative")
    return amount
