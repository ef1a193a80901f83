"""API errors: one JSON shape `{"error": message}`; messages are written for the caller and never carry a
secret, SQL or a traceback."""

from __future__ import annotations

from starlette.responses import JSONResponse


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse({"error": self.message}, status_code=self.status, headers=self.headers)


UNAUTHORIZED = "missing or unknown bearer token (Authorization: Bearer <token>)"
FORBIDDEN = "this token may not use that customer"


def unauthorized() -> ApiError:
    return ApiError(401, UNAUTHORIZED, {"WWW-Authenticate": 'Bearer realm="budget_sync"'})


def forbidden() -> ApiError:
    return ApiError(403, FORBIDDEN)
