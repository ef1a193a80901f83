"""The PostgreSQL path: COPY into a temporary staging table, then set statements.

A per-customer advisory transaction lock serializes syncs of one customer; other customers proceed.
Only rows whose amount or currency changed (or that come back after a soft removal) are written, and
each write produces its audit row in the same statement (data-modifying CTEs).
"""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from budget_sync.store.db import LOCK_NAMESPACE
from budget_sync.store.importer.staging import Prepared
from budget_sync.store.money import money_text

STAGING = """
DROP TABLE IF EXISTS pg_temp.budget_staging;
CREATE TEMP TABLE budget_staging (
    department text NOT NULL, sub_category text NOT NULL, fiscal_period text NOT NULL,
    budgeted_amount numeric, currency text, source_ref text, period_start date, period_end date,
    present_only boolean NOT NULL
) ON COMMIT DROP
"""
COPY = "COPY budget_staging FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (department, sub_category, fiscal_period))"
AMOUNT_JSON = "jsonb_build_object('budgeted_amount', {0}.budgeted_amount::text, 'currency', {0}.currency)"
OLD_JSON = "jsonb_build_object('budgeted_amount', old_amount::text, 'currency', old_currency)"
AUDIT_COLUMNS = "budget_id, customer_id, action, old_value, new_value, changed_by, reason, sync_id, at"

UPSERT = sa.text(f"""
WITH cur AS (
    SELECT s.*, b.id AS budget_id, b.budgeted_amount AS old_amount, b.currency AS old_currency,
           b.removed_from_source_at IS NOT NULL AS was_removed
    FROM budget_staging s
    LEFT JOIN budgets b ON b.customer_id = :customer_id AND b.department = s.department
        AND b.sub_category = s.sub_category AND b.fiscal_period = s.fiscal_period
    WHERE NOT s.present_only
), ins AS (
    INSERT INTO budgets (customer_id, department, sub_category, fiscal_period, period_start, period_end,
                         budgeted_amount, currency, source, source_ref, created_at, updated_at)
    SELECT :customer_id, department, sub_category, fiscal_period, period_start, period_end,
           budgeted_amount, currency, :source, source_ref, :now, :now
    FROM cur WHERE budget_id IS NULL
    RETURNING id, budgeted_amount, currency
), upd AS (
    UPDATE budgets b
    SET budgeted_amount = c.budgeted_amount, currency = c.currency, source = :source,
        source_ref = c.source_ref, period_start = c.period_start, period_end = c.period_end,
        updated_at = :now, removed_from_source_at = NULL
    FROM cur c
    WHERE b.id = c.budget_id
      AND (c.was_removed OR c.old_amount <> c.budgeted_amount OR c.old_currency <> c.currency)
    RETURNING b.id, c.was_removed, c.old_amount, c.old_currency, b.budgeted_amount, b.currency
), audit AS (
    INSERT INTO budget_audit_log ({AUDIT_COLUMNS})
    SELECT id, :customer_id, 'SYNC_CREATE', NULL, {AMOUNT_JSON.format("ins")},
           :changed_by, :reason, :sync_id, :now
    FROM ins
    UNION ALL
    SELECT id, :customer_id, CASE WHEN was_removed THEN 'SYNC_RESTORE' ELSE 'SYNC_UPDATE' END,
           {OLD_JSON}, {AMOUNT_JSON.format("upd")}, :changed_by, :reason, :sync_id, :now
    FROM upd
    RETURNING action
)
SELECT action, count(*) FROM audit GROUP BY action
""")

SOFT_REMOVE = sa.text(f"""
WITH gone AS (
    UPDATE budgets b SET removed_from_source_at = :now, updated_at = :now
    WHERE b.customer_id = :customer_id AND b.removed_from_source_at IS NULL
      AND b.fiscal_period = ANY(:periods)
      AND NOT EXISTS (
          SELECT 1 FROM budget_staging s
          WHERE s.department = b.department AND s.sub_category = b.sub_category
            AND s.fiscal_period = b.fiscal_period)
    RETURNING b.id, b.budgeted_amount, b.currency
)
INSERT INTO budget_audit_log ({AUDIT_COLUMNS})
SELECT id, :customer_id, 'SYNC_REMOVE', {AMOUNT_JSON.format("gone")}, NULL,
       :changed_by, :reason, :sync_id, :now
FROM gone
""")


def apply(context, prepared: Prepared, result) -> None:
    from budget_sync.store.importer import CHANGED_BY

    conn = context.conn
    conn.execute(
        sa.text("SELECT pg_advisory_xact_lock(:ns, hashtext(:customer_id))"),
        {"ns": LOCK_NAMESPACE, "customer_id": context.customer_id},
    )
    conn.exec_driver_sql(STAGING)
    _copy(conn, prepared, context.source_ref)
    conn.exec_driver_sql("ANALYZE budget_staging")
    params = {
        "customer_id": context.customer_id,
        "source": context.source,
        "now": context.now,
        "changed_by": CHANGED_BY,
        "reason": context.reason,
        "sync_id": context.sync_id,
    }
    counts = dict(conn.execute(UPSERT, params).all())
    result.created = counts.get("SYNC_CREATE", 0)
    result.updated = counts.get("SYNC_UPDATE", 0)
    result.restored = counts.get("SYNC_RESTORE", 0)
    if context.full_export and prepared.rows:
        result.removed = conn.execute(SOFT_REMOVE, {**params, "periods": prepared.periods}).rowcount


def _copy(conn, prepared: Prepared, default_ref: str | None) -> None:
    buffer = io.StringIO()
    write = csv.writer(buffer, lineterminator="\n").writerow
    for r in prepared.rows:
        write(
            (
                r.department,
                r.sub_category,
                r.fiscal_period,
                money_text(r.budgeted_amount),
                r.currency,
                r.source_ref or default_ref,
                r.period_start,
                r.period_end,
                "f",
            )
        )
    for department, sub_category, period in prepared.protected:
        write((department, sub_category, period, None, None, None, None, None, "t"))
    buffer.seek(0)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.copy_expert(COPY, buffer)
    finally:
        cursor.close()
