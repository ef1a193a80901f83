"""utilization_preserved: the sync must never touch what the spend app committed or reserved."""

from decimal import Decimal

import dagster as dg
import sqlalchemy as sa

from budget_sync.defs.partitions import customers_partitions

UTILIZATION_PRESERVED = dg.AssetCheckSpec(
    "utilization_preserved",
    asset="budget_table",
    partitions_def=customers_partitions,
    description="Committed and reserved amounts are exactly what they were before the sync.",
)

_SNAPSHOT = sa.text(
    "SELECT u.budget_id, u.committed_amount, u.reserved_amount FROM budget_utilization u "
    "JOIN budgets b ON b.id = u.budget_id WHERE b.customer_id = :customer_id ORDER BY u.budget_id"
)


def utilization_snapshot(engine, customer_id: str) -> list[tuple]:
    """Every utilization row of the customer (amounts exactly as stored: Decimal, or text on SQLite)."""
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(_SNAPSHOT, {"customer_id": customer_id})]


def utilization_result(before: list[tuple] | None, after: list[tuple] | None) -> dg.AssetCheckResult:
    """None, None: nothing was written (an unchanged source)."""
    if before is None or after is None:
        return dg.AssetCheckResult(
            check_name="utilization_preserved", passed=True, metadata={"write": "none"}
        )
    changed = sorted(set(before) ^ set(after), key=str)
    return dg.AssetCheckResult(
        check_name="utilization_preserved",
        passed=not changed,
        metadata={
            "rows": len(after),
            "changed_rows": len({row[0] for row in changed}),
            "committed_total": str(sum((Decimal(str(row[1] or 0)) for row in after), Decimal(0))),
            "reserved_total": str(sum((Decimal(str(row[2] or 0)) for row in after), Decimal(0))),
        },
    )
