"""The JSON routes. Each handler authorizes first, then does its store or pipeline call in a worker thread."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import cast

from starlette.requests import Request
from starlette.responses import JSONResponse

from budget_sync.config import CustomerConfig
from budget_sync.errors import BudgetSyncError
from budget_sync.service import tiers
from budget_sync.service.auth import Grant
from budget_sync.service.bodies import amount_field, json_object, text_field
from budget_sync.service.context import MISS, Service
from budget_sync.service.errors import ApiError
from budget_sync.service.status import history_rows, notification_json, sync_status
from budget_sync.store.check import (
    BudgetCheck,
    answer,
    answer_rolled_up,
    check_budget,
    needs_roll_up,
    prepare,
)

log = logging.getLogger("budget_sync.service")
CHECK_FIELDS = {
    "customerId": True,
    "department": True,
    "amount": True,
    "fiscalPeriod": False,
    "date": False,
    "subCategory": False,
}


def service(request: Request) -> Service:
    return request.app.state.service


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


async def sync_now(request: Request) -> JSONResponse:
    svc = service(request)
    grant = svc.grant(request)
    data = await json_object(request, {"customerId": True})
    customer_id = svc.authorize(request, data["customerId"], grant)
    customer = await svc.run(svc.customer, customer_id)
    state = await svc.run(_db_status, svc, customer.id)
    if state in ("running", "syncing"):
        raise ApiError(409, f"customer '{customer.id}' is already syncing; try again when it has finished")
    future, started = svc.runner.start(customer.id, "api")
    if not started:
        raise ApiError(409, f"customer '{customer.id}' is already syncing; try again when it has finished")
    result = await asyncio.wrap_future(future)
    return JSONResponse(result, status_code=200 if result.get("success") else 502)


def _db_status(svc: Service, customer_id: str) -> str | None:
    from budget_sync.store.customers import get_status

    return get_status(svc.engine, customer_id).get("last_status")


async def status(request: Request) -> JSONResponse:
    svc = service(request)
    customer_id = svc.authorize(request, request.query_params.get("customerId"))
    customer = await svc.run(svc.customer, customer_id)
    busy = svc.runner.busy(customer.id)
    return JSONResponse(await svc.run(sync_status, svc.engine, customer, syncing=busy))


async def history(request: Request) -> JSONResponse:
    svc = service(request)
    customer_id = svc.authorize(request, request.query_params.get("customerId"))
    limit = request.query_params.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= 500:
        raise ApiError(400, "limit must be a whole number from 1 to 500")
    customer = await svc.run(svc.customer, customer_id)
    return JSONResponse({"syncs": await svc.run(history_rows, svc.engine, customer.id, int(limit))})


async def notifications(request: Request) -> JSONResponse:
    from budget_sync.store.notifications import list_notifications

    svc = service(request)
    customer_id = svc.authorize(request, request.query_params.get("customerId"))
    unread = request.query_params.get("unread", "false").lower()
    if unread not in ("true", "false"):
        raise ApiError(400, "unread must be true or false")
    customer = await svc.run(svc.customer, customer_id)
    rows = await svc.run(list_notifications, svc.engine, customer.id, unread == "true")
    return JSONResponse({"notifications": [notification_json(row) for row in rows]})


async def mark_read(request: Request) -> JSONResponse:
    """A notification of a customer the token may not use answers 404 like a missing one: its id reveals
    nothing."""
    from budget_sync.store.notifications import get_notification, mark_read

    svc = service(request)
    grant = svc.grant(request)
    raw_id = request.path_params["id"]
    missing = ApiError(404, f"notification {raw_id} not found")
    if not raw_id.isdigit() or len(raw_id) > 18:
        raise missing
    row = await svc.run(get_notification, svc.engine, int(raw_id))
    if row is None or not grant.allows(row["customer_id"]):
        raise missing
    marked = await svc.run(mark_read, svc.engine, int(raw_id))
    if marked is None:
        raise missing
    return JSONResponse(notification_json(marked))


async def check(request: Request) -> JSONResponse:
    """The route as Starlette sees it: the app `create_app` builds answers this path through `fast_check`
    first (`app.BudgetApp`, sharing `check_answer`); this route answers it under a mount prefix."""
    svc = service(request)
    grant = svc.grant(request)
    data = await json_object(request, CHECK_FIELDS)
    return JSONResponse(await check_answer(svc, grant, data))


async def check_answer(svc: Service, grant: Grant, data: dict) -> dict:
    """The check's JSON answer for a parsed body (`json_object` / `parse_object` with CHECK_FIELDS);
    ApiError for a forbidden customer or a bad field, in the order the fields are checked."""
    customer_id = svc.authorize(None, data["customerId"], grant)
    department = text_field(data, "department", required=True)
    amount = amount_field(data)
    period = text_field(data, "fiscalPeriod")
    sub = text_field(data, "subCategory")
    on_date = _date(data.get("date"))
    if period is not None and on_date is not None:
        raise ApiError(400, "give fiscalPeriod or date, not both")
    args = (customer_id, department, amount, period, on_date, sub)
    customer, result = await _local_check(svc, *args)
    served = "local"
    limit = tiers.max_age(customer)
    if limit is not None and tiers.too_old(await _synced_at(svc, customer, result), limit):
        if await tiers.refresh(svc.runner, customer):
            _, result = await _local_check(svc, *args)
            served = "refreshed"
        else:
            result, served = tiers.as_fallback(result), "fallback"
    return check_json(result, served)


async def _local_check(svc: Service, customer_id, department, amount, period, on_date, sub):
    """The customer (404 first) and the answer from the local database. On PostgreSQL a cached customer's
    check, roll-up included, runs on the event loop (`pg_checks`); SQLite and registry reads use a worker."""
    peeked = svc.customers.peek(customer_id)
    if peeked is None:
        raise svc.missing(customer_id)
    customer: CustomerConfig = (
        await svc.run(svc.customer, customer_id) if peeked is MISS else cast(CustomerConfig, peeked)
    )
    try:
        ask = prepare(customer.id, department, amount, period, on_date, sub)
    except BudgetSyncError as exc:
        raise ApiError(400, str(exc).removeprefix("check_budget: ")) from None
    if svc.pg_checks is None:
        result = await svc.run(
            check_budget,
            svc.engine,
            customer.id,
            department,
            ask.amount,
            fiscal_period=period,
            on_date=on_date,
            sub_category=sub,
        )
        return customer, result
    rows = await svc.pg_checks.fetch(*ask.variant, ask.params)
    if not needs_roll_up(ask, rows):
        return customer, answer(None, ask, rows)
    raw = await svc.pg_checks.rolled_up(customer.id, ask.department, ask.sub, ask.fiscal_period or "")
    return customer, answer_rolled_up(ask, raw)


async def _synced_at(svc: Service, customer, result):
    if result.last_synced_at is not None:
        return result.last_synced_at
    from budget_sync.store.customers import get_status

    state = await svc.run(get_status, svc.engine, customer.id)
    return state.get("last_synced_at")


def _date(value) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value):
    raise ApiError(400, f"date {str(value)[:40]!r} must be a day as YYYY-MM-DD")


def check_json(result: BudgetCheck, served: str) -> dict:
    """The check's JSON: `BudgetCheck.as_dict`'s values under the API's names, built straight from the
    result (the hot route's answer)."""
    return {
        "status": result.status,
        "budgeted": _decimal_text(result.budgeted),
        "committed": _decimal_text(result.committed),
        "reserved": _decimal_text(result.reserved),
        "available": _decimal_text(result.available),
        "fiscalPeriod": result.fiscal_period,
        "subCategory": result.sub_category,
        "currency": result.currency,
        "lastSyncedAt": _iso(result.last_synced_at) if result.last_synced_at else None,
        "stale": result.stale,
        "servedFrom": served,
        "reason": result.reason,
    }


def check_json_keys() -> tuple[str, ...]:
    return tuple(check_json(BudgetCheck("no_budget"), "local"))


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _iso(value: datetime) -> str:
    """A customer's last sync time repeats in every check until its next sync; isoformat() with a time
    zone costs about as much as the rest of the answer. Keyed with the offset too: equal instants in two
    zones are equal datetimes but not the same text."""
    return _iso_at(value, value.utcoffset())


@lru_cache(maxsize=4096)
def _iso_at(value: datetime, _offset: object) -> str:
    return value.isoformat()
