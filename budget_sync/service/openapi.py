"""The OpenAPI 3.1 document at /openapi.json (written out: the routes are few and their rules exact)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from budget_sync.pipeline.result import CONTRACT_KEYS

_ERR = {
    "description": "error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_AUTH_ERRORS = {"400": _ERR, "401": _ERR, "403": _ERR, "404": _ERR}


def _json(ref: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _query(name: str, required: bool, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


_CUSTOMER = _query("customerId", True, {"type": "string"})
_MONEY = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$", "description": "exact decimal"}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "budget_sync service", "version": "1.0.0"},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
            "SyncNowRequest": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"customerId": {"type": "string"}},
                "required": ["customerId"],
            },
            "SyncResult": {
                "type": "object",
                "properties": {
                    "success": {"type": "boolean"},
                    **{k: {"type": "integer"} for k in CONTRACT_KEYS if k not in ("success", "lastSyncedAt")},
                    "lastSyncedAt": {"type": ["string", "null"], "format": "date-time"},
                    "customerId": {"type": "string"},
                    "syncId": {"type": ["string", "null"]},
                    "overcommitted": {"type": "array", "items": {"type": "object"}},
                    "error": {"type": "string"},
                },
            },
            "SyncStatus": {
                "type": "object",
                "properties": {
                    "customerId": {"type": "string"},
                    "status": {"enum": ["synced", "failing", "syncing", "never_synced"]},
                    "lastSyncedAt": {"type": ["string", "null"]},
                    "nextSyncAt": {"type": ["string", "null"]},
                    "syncFrequency": {"type": "string"},
                    "lastError": {"type": ["string", "null"]},
                    "counts": {"type": "object"},
                    "overcommitted": {"type": "array", "items": {"type": "object"}},
                },
            },
            "SyncHistory": {
                "type": "object",
                "properties": {"syncs": {"type": "array", "items": {"type": "object"}}},
            },
            "CheckRequest": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "customerId": {"type": "string"},
                    "department": {"type": "string"},
                    "amount": {"type": "string", "description": 'decimal string, e.g. "1200.50"'},
                    "fiscalPeriod": {"type": "string", "description": "FY2025, FY2025-Q1 or 2025-01"},
                    "date": {"type": "string", "format": "date"},
                    "subCategory": {"type": "string"},
                },
                "required": ["customerId", "department", "amount"],
            },
            "CheckResult": {
                "type": "object",
                "properties": {
                    "status": {"enum": ["approved", "over_budget", "no_budget"]},
                    **{k: _MONEY for k in ("budgeted", "committed", "reserved", "available")},
                    "fiscalPeriod": {"type": ["string", "null"]},
                    "subCategory": {"type": ["string", "null"]},
                    "currency": {"type": ["string", "null"]},
                    "lastSyncedAt": {"type": ["string", "null"]},
                    "stale": {"type": "boolean"},
                    "servedFrom": {"enum": ["local", "refreshed", "fallback"]},
                    "reason": {"type": ["string", "null"]},
                },
            },
            "Notifications": {
                "type": "object",
                "properties": {
                    "notifications": {"type": "array", "items": {"$ref": "#/components/schemas/Notification"}}
                },
            },
            "Notification": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "customerId": {"type": "string"},
                    "level": {"type": "string"},
                    "title": {"type": "string"},
                    "body": {"type": "string"},
                    "createdAt": {"type": "string"},
                    "readAt": {"type": ["string", "null"]},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/healthz": {"get": {"security": [], "responses": {"200": {"description": "the server is up"}}}},
        "/api/connectors/sync-now": {
            "post": {
                "summary": "sync one customer now (through Dagster when BUDGET_SYNC_DAGSTER_URL is set)",
                "requestBody": {"required": True, **_json("SyncNowRequest")},
                "responses": {
                    "200": {"description": "synced", **_json("SyncResult")},
                    "502": {"description": "the sync failed; budgets unchanged", **_json("SyncResult")},
                    "409": _ERR,
                    "413": _ERR,
                    **_AUTH_ERRORS,
                },
            }
        },
        "/api/sync/status": {
            "get": {
                "parameters": [_CUSTOMER],
                "responses": {"200": {"description": "status card", **_json("SyncStatus")}, **_AUTH_ERRORS},
            }
        },
        "/api/sync/history": {
            "get": {
                "parameters": [_CUSTOMER, _query("limit", False, {"type": "integer", "default": 20})],
                "responses": {"200": {"description": "newest first", **_json("SyncHistory")}, **_AUTH_ERRORS},
            }
        },
        "/api/budgets/check": {
            "post": {
                "requestBody": {"required": True, **_json("CheckRequest")},
                "responses": {
                    "200": {"description": "decision", **_json("CheckResult")},
                    "413": _ERR,
                    **_AUTH_ERRORS,
                },
            }
        },
        "/api/notifications": {
            "get": {
                "parameters": [_CUSTOMER, _query("unread", False, {"type": "boolean"})],
                "responses": {
                    "200": {"description": "newest first", **_json("Notifications")},
                    **_AUTH_ERRORS,
                },
            }
        },
        "/api/notifications/{id}/read": {
            "post": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "marked read", **_json("Notification")}, **_AUTH_ERRORS},
            }
        },
        "/customers/{customerId}": {
            "get": {
                "summary": "status page (HTML); the token may also come from the budget_sync_token cookie",
                "parameters": [
                    {"name": "customerId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "HTML", "content": {"text/html": {}}}, **_AUTH_ERRORS},
            }
        },
    },
}


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(DOCUMENT)
