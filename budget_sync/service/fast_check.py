"""`POST /api/budgets/check` as a plain ASGI handler, run before Starlette's middleware and router.

The check is the hot route (thousands a second); Starlette's request, routing, exception middleware and
response objects cost about as much server CPU as the check's own work. This handler reads the same
headers, applies the same token, size and body checks (`Service.grant_for`, `bodies.too_large`,
`bodies.parse_object`) and the same answer (`api.check_answer`), and answers with the bytes Starlette's
JSONResponse would send: same status, headers and JSON, errors as `{"error": ...}`. A client that goes
away before its body is read gets nothing. Starlette's route (`api.check`) stays for the OpenAPI document
and for an app mounted under a prefix, where this handler does not apply."""

from __future__ import annotations

import json
import logging
from json.encoder import encode_basestring  # the C function JSONEncoder(ensure_ascii=False) uses
from typing import Any

from psycopg2 import OperationalError as DriverOperationalError
from sqlalchemy.exc import OperationalError
from starlette.requests import cookie_parser

from budget_sync.service.api import CHECK_FIELDS, check_answer, check_json_keys
from budget_sync.service.auth import COOKIE
from budget_sync.service.bodies import MAX_BODY, parse_object, too_large
from budget_sync.service.context import Service
from budget_sync.service.errors import ApiError

log = logging.getLogger("budget_sync.service")
PATH = "/api/budgets/check"
UNAVAILABLE = {"error": "the budget database is unavailable; try again shortly"}
UNEXPECTED = {"error": "internal error; the server log has the details"}
_JSON = (b"content-type", b"application/json")
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))  # JSONResponse's


class _Gone(Exception):
    """The client disconnected before its body was read."""


def applies(scope: dict[str, Any]) -> bool:
    return (
        scope["type"] == "http"
        and scope["method"] == "POST"
        and scope["path"] == PATH
        and not scope.get("root_path")
    )


async def handle(svc: Service, scope: dict[str, Any], receive: Any, send: Any) -> None:
    extra: tuple[tuple[bytes, bytes], ...]
    try:
        payload = await _answer(svc, scope, receive)
        status, extra = 200, ()
    except ApiError as exc:
        payload, status = {"error": exc.message}, exc.status
        extra = tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in exc.headers.items())
    except (OperationalError, DriverOperationalError) as exc:  # as app._unavailable
        log.error("budget database unavailable: %s", type(getattr(exc, "orig", None) or exc).__name__)
        payload, status, extra = UNAVAILABLE, 503, ()
    except _Gone:
        return
    except Exception:
        log.exception("unexpected error in POST %s", PATH)
        payload, status, extra = UNEXPECTED, 500, ()
    body = encode(payload)
    headers = [*extra, (b"content-length", b"%d" % len(body)), _JSON]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def encode(payload: dict) -> bytes:
    """`_ENCODER.encode(payload).encode()`, the same bytes, for a flat object of text, booleans and nulls
    (every check answer and error) at two thirds of the cost; anything else goes to the encoder."""
    parts = []
    for key, value in payload.items():
        if value is None:
            text = "null"
        elif value is True:
            text = "true"
        elif value is False:
            text = "false"
        elif type(value) is str:
            text = encode_basestring(value)
        else:
            return _ENCODER.encode(payload).encode()
        name = _NAMES.get(key)
        if name is None:
            if type(key) is not str:
                return _ENCODER.encode(payload).encode()
            name = encode_basestring(key) + ":"
        parts.append(name + text)
    return ("{" + ",".join(parts) + "}").encode()


_NAMES = {key: encode_basestring(key) + ":" for key in (*check_json_keys(), "error")}


async def _answer(svc: Service, scope: dict[str, Any], receive: Any) -> dict:
    authorization = cookie = length = None
    for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get
        if name == b"authorization":
            authorization = value.decode("latin-1") if authorization is None else authorization
        elif name == b"content-length":
            length = value.decode("latin-1") if length is None else length
        elif name == b"cookie" and cookie is None:
            cookie = value.decode("latin-1")
    grant = svc.grant_for(authorization, cookie_parser(cookie).get(COOKIE) if cookie else None)
    too_large(length)
    raw = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _Gone
        chunk = message.get("body", b"")
        if len(raw) + len(chunk) > MAX_BODY:
            too_large(None, len(raw) + len(chunk))
        raw = raw + chunk if raw else chunk
        if not message.get("more_body", False):
            break
    return await check_answer(svc, grant, parse_object(raw, CHECK_FIELDS))
