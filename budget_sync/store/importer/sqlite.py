"""The SQLite path: the customer's rows are compared in Python (exact Decimals; SQLite stores money as
text), then written inside the caller's ``BEGIN IMMEDIATE`` transaction with the driver's executemany fed
by generators, so a million-line export never exists as a million parameter dicts.

Values are converted with the columns' own SQLAlchemy bind processors (once per distinct date or
timestamp), so rows look exactly as SQLAlchemy writes them. New rows get ids above the largest id before
the insert (SQLite's rowid rule; the write lock keeps other writers out), so the SYNC_CREATE audit rows
are one ``INSERT .. SELECT`` over them instead of a round of RETURNING per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from budget_sync.store.importer.staging import Prepared, Row
from budget_sync.store.money import money_text
from budget_sync.store.schema import budgets

_EXISTING = (
    "SELECT id, department, sub_category, fiscal_period, budgeted_amount, currency, "
    "removed_from_source_at, period_start, period_end FROM budgets WHERE customer_id = ?"
)
_INSERT = (
    "INSERT INTO budgets (customer_id, department, sub_category, fiscal_period, period_start, period_end, "
    "budgeted_amount, currency, source, source_ref, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE budgets SET budgeted_amount = ?, currency = ?, source = ?, source_ref = ?, period_start = ?, "
    "period_end = ?, updated_at = ?, removed_from_source_at = NULL WHERE id = ?"
)
_REMOVE = "UPDATE budgets SET removed_from_source_at = ?, updated_at = ? WHERE id = ?"
_AUDIT = (
    "INSERT INTO budget_audit_log (budget_id, customer_id, action, old_value, new_value, changed_by, "
    "reason, sync_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# json_object keeps the amount as the stored decimal text: the same value json.dumps writes for the others.
_AUDIT_CREATED = (
    "INSERT INTO budget_audit_log (budget_id, customer_id, action, old_value, new_value, changed_by, "
    "reason, sync_id, at) SELECT id, customer_id, 'SYNC_CREATE', NULL, "
    "json_object('budgeted_amount', budgeted_amount, 'currency', currency), ?, ?, ?, ? "
    "FROM budgets WHERE customer_id = ? AND id > ? ORDER BY id"
)


def _value(amount: Decimal | str, currency: str, dates: Any = None) -> str:
    value = {
        "budgeted_amount": amount if isinstance(amount, str) else money_text(amount),
        "currency": currency,
    }
    if dates is not None:  # only when the period's dates moved (the customer's fiscal year start changed)
        value["period_start"], value["period_end"] = (str(d) for d in dates)
    return json.dumps(value)


class _Binds:
    """The columns' SQLAlchemy bind processors, memoized per value (a few periods, one timestamp)."""

    def __init__(self, dialect: Any):
        def processor(column: Any) -> Callable[..., Any]:
            return column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)

        self._date, self._time = processor(budgets.c.period_start), processor(budgets.c.created_at)
        self._dates: dict[Any, Any] = {}

    def date(self, value: Any) -> Any:
        try:
            return self._dates[value]
        except KeyError:
            text = self._dates[value] = self._date(value)
            return text

    def time(self, value: Any) -> Any:
        return self._time(value)


def write_rows(context: Any, prepared: Prepared, result: Any) -> None:
    from budget_sync.store.importer import CHANGED_BY

    conn = context.conn
    binds = _Binds(conn.dialect)
    now = binds.time(context.now)
    cursor = conn.connection.dbapi_connection.cursor()
    with _driver_errors(conn.dialect), closing(cursor):
        existing = {(r[1], r[2], r[3]): r for r in cursor.execute(_EXISTING, (context.customer_id,))}
        inserts: list[Row] = []
        updates, audit = [], []
        for row in prepared.rows:
            old = existing.get(row[:3])
            if old is None:
                inserts.append(row)
                continue
            change = _change(old, row, binds)
            if change is None:
                continue
            restored, moved = change
            start, end = binds.date(row.period_start), binds.date(row.period_end)
            updates.append(
                (
                    money_text(row.budgeted_amount),
                    row.currency,
                    context.source,
                    row.source_ref or context.source_ref,
                    start,
                    end,
                    now,
                    old[0],
                )
            )
            audit.append(
                (
                    old[0],
                    "SYNC_RESTORE" if restored else "SYNC_UPDATE",
                    _value(old[4], old[5], (old[7], old[8]) if moved else None),
                    _value(row.budgeted_amount, row.currency, (start, end) if moved else None),
                )
            )
            if restored:
                result.restored += 1
            else:
                result.updated += 1
        if updates:
            cursor.executemany(_UPDATE, updates)
        audit_tail = (CHANGED_BY, context.reason, context.sync_id, now)
        cursor.executemany(
            _AUDIT, ((b, context.customer_id, action, o, n, *audit_tail) for b, action, o, n in audit)
        )
        if inserts:
            (top,) = cursor.execute("SELECT COALESCE(MAX(id), 0) FROM budgets").fetchone()
            cursor.executemany(_INSERT, _insert_rows(context, inserts, binds, now))
            cursor.execute(_AUDIT_CREATED, (*audit_tail, context.customer_id, top))
            result.created = len(inserts)
        if context.full_export and prepared.rows:
            present = {row[:3] for row in prepared.rows} | prepared.protected
            scope = set(prepared.periods)
            gone = [
                old
                for key, old in existing.items()
                if old[6] is None and key[2] in scope and key not in present
            ]
            cursor.executemany(_REMOVE, ((now, now, old[0]) for old in gone))
            cursor.executemany(
                _AUDIT,
                (
                    (old[0], context.customer_id, "SYNC_REMOVE", _value(old[4], old[5]), None, *audit_tail)
                    for old in gone
                ),
            )
            result.removed = len(gone)


@contextmanager
def _driver_errors(dialect: Any) -> Iterator[None]:
    """Driver errors as SQLAlchemy's DBAPIError, as if SQLAlchemy had run the statements (callers and
    `db_errors.database_cause` expect that shape)."""
    error = dialect.loaded_dbapi.Error
    try:
        yield
    except error as exc:
        raise sa.exc.DBAPIError.instance(None, None, exc, error, dialect=dialect) from exc


def _change(old: tuple[Any, ...], row: Row, binds: _Binds) -> tuple[bool, bool] | None:
    """(restored, dates moved) when the stored row needs a write, None when it already matches."""
    restored = old[6] is not None
    moved = (old[7], old[8]) != (binds.date(row.period_start), binds.date(row.period_end))
    if not restored and not moved and Decimal(old[4]) == row.budgeted_amount and old[5] == row.currency:
        return None
    return restored, moved


def _insert_rows(context: Any, rows: list[Row], binds: _Binds, now: str) -> Iterator[tuple[Any, ...]]:
    customer, source, default_ref = context.customer_id, context.source, context.source_ref
    date = binds.date
    for r in rows:
        yield (
            customer,
            r.department,
            r.sub_category,
            r.fiscal_period,
            date(r.period_start),
            date(r.period_end),
            money_text(r.budgeted_amount),
            r.currency,
            source,
            r.source_ref or default_ref,
            now,
            now,
        )
