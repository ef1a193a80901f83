"""The PostgreSQL path: COPY into a temporary staging table, then one set statement.

A per-customer advisory transaction lock serializes syncs of one customer; other customers proceed.
Only rows whose amount or currency changed (or that come back after a soft removal) are written, and
each write produces its audit row in the same statement (data-modifying CTEs).

Staging rows with a NULL amount are keys seen only on rejected rows: present in the export (so never
soft-removed) but not written. Period dates travel once per period as arrays, not once per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from budget_sync.store.db import LOCK_NAMESPACE
from budget_sync.store.importer.staging import Prepared, Row, collector_paused

STAGING = """
DROP TABLE IF EXISTS pg_temp.budget_staging;
CREATE TEMP TABLE budget_staging (
    department text NOT NULL, sub_category text NOT NULL, fiscal_period text NOT NULL,
    budgeted_amount numeric, currency text, source_ref text
) ON COMMIT DROP
"""
COPY = "COPY budget_staging FROM STDIN"
BATCH = 10_000
COLUMNS = 6
AMOUNT_JSON = "jsonb_build_object('budgeted_amount', {0}.budgeted_amount::text, 'currency', {0}.currency)"
OLD_JSON = "jsonb_build_object('budgeted_amount', old_amount::text, 'currency', old_currency)"
# Period dates join the audit values only when they moved (the customer's fiscal year start changed).
MOVED = "(upd.old_start <> upd.period_start OR upd.old_end <> upd.period_end)"
OLD_DATES = f"""CASE WHEN {MOVED} THEN jsonb_build_object('period_start', upd.old_start::text,
    'period_end', upd.old_end::text) ELSE CAST('{{}}' AS jsonb) END"""
NEW_DATES = f"""CASE WHEN {MOVED} THEN jsonb_build_object('period_start', upd.period_start::text,
    'period_end', upd.period_end::text) ELSE CAST('{{}}' AS jsonb) END"""
AUDIT_COLUMNS = "budget_id, customer_id, action, old_value, new_value, changed_by, reason, sync_id, at"

# One statement does the whole sync. The FULL JOIN of the staged export with all of the customer's budgets
# can only be planned as a hash or merge join, so a planner misled by stale statistics (a first load) can
# never fall back to a quadratic nested loop. `cur` keeps only the rows that need a write: new, changed
# (amount, currency, or period dates after a change of fiscal year start), back after a removal, or
# missing from a full export inside the periods it covers.
SYNC = sa.text(f"""
WITH periods AS (
    SELECT * FROM unnest(CAST(:periods AS text[]), CAST(:starts AS date[]), CAST(:ends AS date[]))
        AS p(fiscal_period, period_start, period_end)
), cur AS (
    SELECT s.department, s.sub_category, s.fiscal_period, s.budgeted_amount, s.currency, s.source_ref,
           b.id AS budget_id, b.budgeted_amount AS old_amount, b.currency AS old_currency,
           b.removed_from_source_at IS NOT NULL AS was_removed,
           b.period_start AS old_start, b.period_end AS old_end
    FROM budget_staging s
    FULL JOIN (SELECT id, department, sub_category, fiscal_period, budgeted_amount, currency,
                      removed_from_source_at, period_start, period_end
               FROM budgets WHERE customer_id = :customer_id) b
        ON b.department = s.department AND b.sub_category = s.sub_category
       AND b.fiscal_period = s.fiscal_period
    LEFT JOIN periods p ON p.fiscal_period = s.fiscal_period
    WHERE b.id IS NULL AND s.budgeted_amount IS NOT NULL
       OR s.department IS NULL AND :full_export AND b.removed_from_source_at IS NULL
          AND b.fiscal_period = ANY(CAST(:periods AS text[]))
       OR b.id IS NOT NULL AND s.budgeted_amount IS NOT NULL
          AND (b.removed_from_source_at IS NOT NULL OR b.budgeted_amount <> s.budgeted_amount
               OR b.currency <> s.currency OR b.period_start <> p.period_start
               OR b.period_end <> p.period_end)
), ins AS (
    INSERT INTO budgets (customer_id, department, sub_category, fiscal_period, period_start, period_end,
                         budgeted_amount, currency, source, source_ref, created_at, updated_at)
    SELECT :customer_id, c.department, c.sub_category, c.fiscal_period, p.period_start, p.period_end,
           c.budgeted_amount, c.currency, :source, c.source_ref, :now, :now
    FROM cur c JOIN periods p ON p.fiscal_period = c.fiscal_period
    WHERE c.budget_id IS NULL
    RETURNING id, budgeted_amount, currency
), upd AS (
    UPDATE budgets b
    SET budgeted_amount = c.budgeted_amount, currency = c.currency, source = :source,
        source_ref = c.source_ref, period_start = p.period_start, period_end = p.period_end,
        updated_at = :now, removed_from_source_at = NULL
    FROM cur c JOIN periods p ON p.fiscal_period = c.fiscal_period
    WHERE b.id = c.budget_id
    RETURNING b.id, c.was_removed, c.old_amount, c.old_currency, b.budgeted_amount, b.currency,
              c.old_start, c.old_end, b.period_start, b.period_end
), gone AS (
    UPDATE budgets b SET removed_from_source_at = :now, updated_at = :now
    FROM cur c
    WHERE b.id = c.budget_id AND c.department IS NULL
    RETURNING b.id, b.budgeted_amount, b.currency
), audit AS (
    INSERT INTO budget_audit_log ({AUDIT_COLUMNS})
    SELECT id, :customer_id, 'SYNC_CREATE', NULL, {AMOUNT_JSON.format("ins")},
           :changed_by, :reason, :sync_id, :now
    FROM ins
    UNION ALL
    SELECT id, :customer_id, CASE WHEN was_removed THEN 'SYNC_RESTORE' ELSE 'SYNC_UPDATE' END,
           {OLD_JSON} || {OLD_DATES}, {AMOUNT_JSON.format("upd")} || {NEW_DATES},
           :changed_by, :reason, :sync_id, :now
    FROM upd
    UNION ALL
    SELECT id, :customer_id, 'SYNC_REMOVE', {AMOUNT_JSON.format("gone")}, NULL,
           :changed_by, :reason, :sync_id, :now
    FROM gone
    RETURNING action
)
SELECT action, count(*) FROM audit GROUP BY action
""")

# A customer with no stored budget at all (its first load): every staged row with an amount is a create and
# nothing can be updated, restored or removed, so the FULL JOIN is left out (about a fifth of the load).
FIRST_LOAD = sa.text(f"""
WITH periods AS (
    SELECT * FROM unnest(CAST(:periods AS text[]), CAST(:starts AS date[]), CAST(:ends AS date[]))
        AS p(fiscal_period, period_start, period_end)
), ins AS (
    INSERT INTO budgets (customer_id, department, sub_category, fiscal_period, period_start, period_end,
                         budgeted_amount, currency, source, source_ref, created_at, updated_at)
    SELECT :customer_id, s.department, s.sub_category, s.fiscal_period, p.period_start, p.period_end,
           s.budgeted_amount, s.currency, :source, s.source_ref, :now, :now
    FROM budget_staging s JOIN periods p ON p.fiscal_period = s.fiscal_period
    WHERE s.budgeted_amount IS NOT NULL
    RETURNING id, budgeted_amount, currency
), audit AS (
    INSERT INTO budget_audit_log ({AUDIT_COLUMNS})
    SELECT id, :customer_id, 'SYNC_CREATE', NULL, {AMOUNT_JSON.format("ins")},
           :changed_by, :reason, :sync_id, :now
    FROM ins
    RETURNING action
)
SELECT action, count(*) FROM audit GROUP BY action
""")
NO_BUDGETS = sa.text("SELECT NOT EXISTS (SELECT 1 FROM budgets WHERE customer_id = :customer_id)")


def write_rows(context: Any, prepared: Prepared, result: Any) -> None:
    from budget_sync.store.importer import CHANGED_BY

    conn = context.conn
    conn.execute(
        sa.text("SELECT pg_advisory_xact_lock(:ns, hashtext(:customer_id))"),
        {"ns": LOCK_NAMESPACE, "customer_id": context.customer_id},
    )
    conn.exec_driver_sql(STAGING)
    _copy(conn, prepared, context.source_ref)
    bounds = _period_bounds(prepared)
    params = {
        "customer_id": context.customer_id,
        "source": context.source,
        "now": context.now,
        "changed_by": CHANGED_BY,
        "reason": context.reason,
        "sync_id": context.sync_id,
        "full_export": bool(context.full_export and prepared.rows),
        "periods": list(bounds),
        "starts": [start for start, _ in bounds.values()],
        "ends": [end for _, end in bounds.values()],
    }
    # Under the advisory lock no other sync of this customer can add a budget between the two statements.
    first_load = conn.execute(NO_BUDGETS, {"customer_id": context.customer_id}).scalar()
    counts = dict(conn.execute(FIRST_LOAD if first_load else SYNC, params).all())
    result.created = counts.get("SYNC_CREATE", 0)
    result.updated = counts.get("SYNC_UPDATE", 0)
    result.restored = counts.get("SYNC_RESTORE", 0)
    result.removed = counts.get("SYNC_REMOVE", 0)


def _period_bounds(prepared: Prepared) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for r in prepared.rows:
        if r.fiscal_period not in bounds:
            bounds[r.fiscal_period] = (r.period_start, r.period_end)
    return bounds


def _copy(conn: Any, prepared: Prepared, default_ref: str | None) -> None:
    """COPY the rows in text format, generated in batches while the driver sends them, so the whole
    COPY text never exists at once."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.copy_expert(COPY, _Chunks(_copy_text(prepared, default_ref)), size=1 << 20)
    finally:
        cursor.close()


class _Chunks:
    """A file-like `read()` over generated text chunks (psycopg2 sends whatever each read returns)."""

    def __init__(self, chunks: Iterator[str]):
        self._chunks = chunks

    def read(self, _size: int = -1) -> str:
        return next(self._chunks, "")


def _copy_text(prepared: Prepared, default_ref: str | None) -> Iterator[str]:
    """Batches of lines joined without escaping (fast); if a batch holds more backslashes, tabs or line
    breaks than the format itself puts there, a value needs escaping and that batch is built again with it."""
    rows = prepared.rows
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        with collector_paused():
            text = _lines(batch, default_ref, escape=False)
        nulls = 0 if default_ref is not None else sum(1 for r in batch if not r.source_ref)
        if _needs_escaping(text, len(batch), nulls):
            text = _lines(batch, default_ref, escape=True)
        yield text
    protected = sorted(prepared.protected)
    if protected:
        yield "".join(f"{_escape(d)}\t{_escape(s)}\t{_escape(p)}\t\\N\t\\N\t\\N\n" for d, s, p in protected)


def _needs_escaping(text: str, lines: int, nulls: int) -> bool:
    return (
        text.count("\\") != nulls
        or "\r" in text
        or text.count("\t") != (COLUMNS - 1) * lines
        or text.count("\n") != lines
    )


def _escape(value: str | None) -> str:
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _lines(rows: list[Row], default_ref: str | None, *, escape: bool) -> str:
    if escape:
        e = _escape
        return "".join(
            f"{e(r.department)}\t{e(r.sub_category)}\t{e(r.fiscal_period)}\t{r.budgeted_amount:f}\t"
            f"{r.currency}\t{e(r.source_ref or default_ref)}\n"
            for r in rows
        )
    ref = "\\N" if default_ref is None else default_ref
    return "".join(
        f"{r.department}\t{r.sub_category}\t{r.fiscal_period}\t{r.budgeted_amount:f}\t"
        f"{r.currency}\t{r.source_ref or ref}\n"
        for r in rows
    )
