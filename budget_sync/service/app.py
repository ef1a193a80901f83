"""`create_app`: the Starlette application. Errors become `{"error": ...}` with the right status; anything
unexpected is logged here and answered with a plain 500 (no traceback, SQL or secret in a response)."""

from __future__ import annotations

import contextlib
import logging
import os

from psycopg2 import OperationalError as DriverOperationalError
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from budget_sync.service import api, fast_check, page
from budget_sync.service.auth import Tokens, parse_tokens
from budget_sync.service.context import Service
from budget_sync.service.errors import ApiError
from budget_sync.service.openapi import openapi

log = logging.getLogger("budget_sync.service")


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down or dropped the connection (SQLAlchemy's or, on the check's event-loop path,
    the driver's OperationalError). Handled here rather than in the catch-all, whose responses Starlette
    follows by re-raising, which drops the client's connection."""
    log.error("budget database unavailable: %s", type(getattr(exc, "orig", None) or exc).__name__)
    return JSONResponse({"error": "the budget database is unavailable; try again shortly"}, status_code=503)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error in %s %s", request.method, request.url.path)
    return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)


def _lifespan(service: Service):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        service.runner.shutdown()
        if service.pg_checks is not None:
            service.pg_checks.close()

    return lifespan


class BudgetApp(Starlette):
    """Starlette with the budget check answered first by `fast_check`, outside the middleware and router
    (the same answers, a fraction of the CPU); everything else, `/healthz` included, goes through
    Starlette as usual."""

    async def __call__(self, scope, receive, send) -> None:
        if fast_check.applies(scope):
            await fast_check.handle(self.state.service, scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(engine, *, tokens: str | None = None, dagster_url: str | None = None) -> Starlette:
    """`tokens` defaults to BUDGET_SYNC_API_TOKENS, `dagster_url` to BUDGET_SYNC_DAGSTER_URL."""
    tokens = os.environ.get("BUDGET_SYNC_API_TOKENS", "") if tokens is None else tokens
    dagster_url = os.environ.get("BUDGET_SYNC_DAGSTER_URL") or None if dagster_url is None else dagster_url
    service = Service(engine, Tokens(parse_tokens(tokens)), dagster_url or None)
    routes = [  # matched in order: the hot check first (when fast_check does not answer it)
        Route("/api/budgets/check", api.check, methods=["POST"]),
        Route("/healthz", api.healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/api/connectors/sync-now", api.sync_now, methods=["POST"]),
        Route("/api/sync/status", api.status, methods=["GET"]),
        Route("/api/sync/history", api.history, methods=["GET"]),
        Route("/api/notifications", api.notifications, methods=["GET"]),
        Route("/api/notifications/{id}/read", api.mark_read, methods=["POST"]),
        Route("/customers/{customer_id}", page.customer_page, methods=["GET"]),
    ]
    app = BudgetApp(
        routes=routes,
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            OperationalError: _unavailable,
            DriverOperationalError: _unavailable,
            Exception: _unexpected,
        },
        lifespan=_lifespan(service),
    )
    app.state.service = service
    return app
