"""freshness: a customer is stale when its last good sync is older than twice its sync frequency.

The `budget_freshness` sensor evaluates it every few minutes (staleness happens exactly when no sync runs)
and reports the result on `budget_table`; `manual` customers are never stale.
"""

from datetime import UTC, datetime, timedelta

import dagster as dg

from budget_sync.defs.resources import BudgetDatabase

FREQUENCY_HOURS = {"hourly": 1, "every_4_hours": 4, "every_12_hours": 12, "daily": 24}


def last_good_at(engine, customer_id: str) -> datetime | None:
    from budget_sync.store.syncs import last_good_sync

    row = last_good_sync(engine, customer_id)
    if row is None:
        return None
    value = row.get("finished_at") if isinstance(row, dict) else getattr(row, "finished_at", None)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def stale_customers(engine, now: datetime | None = None) -> dict[str, str]:
    """{customer id: plain-words reason} for every active customer whose budgets are stale."""
    from budget_sync.store.customers import list_customers

    now = now or datetime.now(UTC)
    stale = {}
    for customer in list_customers(engine):
        hours = FREQUENCY_HOURS.get(customer.sync_frequency)
        if hours is None:
            continue
        last = last_good_at(engine, customer.id)
        if last is None:
            stale[customer.id] = "never synced successfully"
        elif now - last > timedelta(hours=2 * hours):
            stale[customer.id] = f"last good sync {last:%Y-%m-%d %H:%M} UTC (syncs {customer.sync_frequency})"
    return stale


def freshness_evaluation(stale: dict[str, str]) -> dg.AssetCheckEvaluation:
    lines = [f"- {cid}: {why}" for cid, why in sorted(stale.items())] or ["every customer is fresh"]
    return dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey("budget_table"),
        check_name="freshness",
        passed=not stale,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(stale)} stale customer(s)" if stale else "all customers fresh",
        metadata={"stale": len(stale), "customers": dg.MetadataValue.md("\n".join(lines))},
    )


@dg.asset_check(
    asset="budget_table",
    description="Every customer's last good sync is newer than twice its sync frequency.",
)
def freshness(budget_db: BudgetDatabase) -> dg.AssetCheckResult:
    evaluation = freshness_evaluation(stale_customers(budget_db.engine))
    return dg.AssetCheckResult(
        passed=evaluation.passed,
        severity=evaluation.severity,
        description=evaluation.description,
        metadata=evaluation.metadata,
    )
