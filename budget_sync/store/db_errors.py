"""Database errors in one line: the cause as the server or driver gave it, never the SQL or its parameters.

SQLAlchemy's message carries the whole statement and its parameters (kilobytes, and customer data); the
driver's own first line names the real cause ("terminating connection due to administrator command").
When a later step only saw the wreck ("connection already closed"), the earlier error that closed the
connection is the cause.
"""

from __future__ import annotations

from typing import Any

AFTERMATH = ("connection already closed", "cursor already closed")


def database_cause(exc: BaseException) -> str | None:
    """'ClassName: first line of the driver error', or None when `exc` is not a database error."""
    import sqlalchemy.exc as sa_exc

    found = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        line = _driver_line(current, sa_exc)
        if line is not None:
            if found is None or _aftermath(found[1]):
                found = (current, line)
            if not _aftermath(line):
                break
        current = current.__cause__ or current.__context__
    if found is None:
        return None
    error, line = found
    orig = getattr(error, "orig", None) or error
    return f"{type(orig).__name__}: {line}"


def _driver_line(exc: BaseException, sa_exc: Any) -> str | None:
    if isinstance(exc, sa_exc.StatementError):
        exc = exc.orig if exc.orig is not None else exc
        if isinstance(exc, sa_exc.StatementError):
            return _first_line(str(exc.args[0]) if exc.args else type(exc).__name__)
    module = type(exc).__module__ or ""
    if module.split(".")[0] in ("psycopg2", "psycopg", "sqlite3") or isinstance(exc, sa_exc.DBAPIError):
        return _first_line(str(exc))
    return None


def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return (line[:300] + "...") if len(line) > 300 else line or "database error"


def _aftermath(line: str) -> bool:
    return any(marker in line for marker in AFTERMATH)
