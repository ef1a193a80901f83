"""`import_budgets`: upsert one customer's budgets in a single transaction, with an audit row per change.

The work is split by concern: `staging` validates and de-duplicates in Python, `postgres` applies the rows
set-based (COPY into a temporary staging table, then a few set statements under a per-customer advisory
lock), `sqlite` does the same with executemany inside ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.errors import BudgetSyncError, ImportRejected
from budget_sync.models import SyncResult
from budget_sync.store.db import transaction
from budget_sync.store.importer.staging import Prepared, collector_paused, prepare, protect
from budget_sync.store.schema import budget_sources
from budget_sync.store.types import utcnow

CHANGED_BY = "system_sync"

__all__ = ["import_budgets", "CHANGED_BY"]


def import_budgets(
    db: Engine | Connection,
    customer_id: str,
    budgets: Iterable[Any],
    *,
    source: str = "api",
    source_ref: str | None = None,
    strict: bool = False,
    sync_id: str | None = None,
    full_export: bool = True,
    dry_run: bool = False,
    fiscal_year_start_month: int | None = None,
    default_currency: str | None = None,
    protected: Iterable[tuple[str, str | None, str | None]] = (),
    mark_synced: bool = True,
) -> SyncResult:
    """Make the stored budgets of `customer_id` match `budgets`; all or nothing.

    Rows that cannot be accepted come back in `SyncResult.errors` and do not stop the others, unless
    `strict`, which raises ImportRejected and writes nothing. With `full_export` (the default) budgets of
    the fiscal periods present in `budgets` that are no longer in it are soft-removed; `dry_run` computes
    the same counts and rolls back.

    `protected`: (department, sub_category, fiscal_period) keys the caller saw on rows it could not turn
    into budgets (the mapping's rejections); like the importer's own rejected keys, a full export never
    soft-removes the budget stored under them. A None fiscal period protects the key in every period.

    `fiscal_year_start_month` / `default_currency` (how a bare period reads, the currency of a budget that
    names none): the customer's registered settings when not given. The pipeline gives both, the values
    it mapped the export with (from the row it loaded at the start), so the row is not read again: a
    value re-read here could only disagree with how the file was already mapped.

    `mark_synced` (unless `dry_run`) moves the customer's `last_synced_at` to now (`SyncResult.synced_at`);
    the pipeline passes False because it records the whole sync's status, `last_synced_at` included, in
    the same transaction.
    """
    _check_arguments(customer_id, source, sync_id)
    if fiscal_year_start_month is not None and fiscal_year_start_month not in range(1, 13):
        raise BudgetSyncError(
            f"import_budgets: fiscal_year_start_month {fiscal_year_start_month!r} must be a month from 1 to 12"
        )
    sync_id = sync_id or str(uuid.uuid4())
    reason = f"sync from {source}" + (f" ({source_ref})" if source_ref else "")
    with transaction(db, write=True) as conn:
        if fiscal_year_start_month is None or default_currency is None:
            fy_start, currency = _customer_defaults(conn, customer_id)
            fiscal_year_start_month = fiscal_year_start_month or fy_start
            default_currency = default_currency or currency
        with collector_paused():
            prepared = prepare(
                budgets,
                fiscal_year_start_month=fiscal_year_start_month,
                default_currency=default_currency,
            )
        protect(prepared, protected)
        if strict and prepared.rejected:
            raise ImportRejected(_strict_message(customer_id, prepared))
        result = SyncResult(customer_id=customer_id, sync_id=sync_id, dry_run=dry_run)
        result.errors = list(prepared.rejected)
        result.rejected = len(prepared.rejected)
        savepoint = conn.begin_nested() if dry_run else None
        try:
            context = _Context(conn, customer_id, source, source_ref, sync_id, reason, full_export)
            _write_rows(context, prepared, result)
            if mark_synced and not dry_run:
                conn.execute(
                    budget_sources.update()
                    .where(budget_sources.c.customer_id == customer_id)
                    .values(last_synced_at=context.now)
                )
                result.synced_at = context.now
        finally:
            if savepoint is not None:
                savepoint.rollback()
    return result


class _Context:
    """What both database paths need to know about the sync being applied."""

    def __init__(
        self,
        conn: Any,
        customer_id: Any,
        source: Any,
        source_ref: Any,
        sync_id: Any,
        reason: Any,
        full_export: Any,
    ):
        self.conn, self.customer_id, self.source, self.source_ref = conn, customer_id, source, source_ref
        self.sync_id, self.reason, self.full_export = sync_id, reason, full_export
        self.now = utcnow()


def _write_rows(context: _Context, prepared: Prepared, result: SyncResult) -> None:
    if context.conn.dialect.name == "postgresql":
        from budget_sync.store.importer.postgres import write_rows
    else:
        from budget_sync.store.importer.sqlite import write_rows
    write_rows(context, prepared, result)
    result.total = len(prepared.rows)
    result.unchanged = result.total - result.created - result.updated - result.restored


def _customer_defaults(conn: Connection, customer_id: str) -> tuple[int, str]:
    row = conn.execute(
        sa.select(budget_sources.c.fiscal_year_start_month, budget_sources.c.default_currency).where(
            budget_sources.c.customer_id == customer_id
        )
    ).first()
    return (row[0], row[1]) if row else (1, "USD")


def _check_arguments(customer_id: Any, source: Any, sync_id: Any) -> None:
    """Argument mistakes become clear errors before anything is written (not a database error later)."""
    limits = {
        "customer id": (customer_id, 100, False),
        "source": (source, 100, False),
        "sync_id": (sync_id, 36, True),
    }
    for label, (value, longest, optional) in limits.items():
        if value is None and optional:
            continue
        if not isinstance(value, str) or not value.strip() or len(value) > longest:
            raise BudgetSyncError(
                f"import_budgets: {label} {value!r} must be text of 1 to {longest} characters"
            )


def _strict_message(customer_id: str, prepared: Prepared) -> str:
    shown = "; ".join((f"row {r.row}: " if r.row else "") + r.reason for r in prepared.rejected[:5])
    more = f" (and {len(prepared.rejected) - 5} more)" if len(prepared.rejected) > 5 else ""
    return (
        f"strict import for customer '{customer_id}' refused: {len(prepared.rejected)} row(s) rejected, "
        f"nothing was written. {shown}{more}"
    )
