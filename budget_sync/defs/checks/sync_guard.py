"""sync_guard: a blocking check before the write.

It asks the importer what the sync *would* do (a dry run that rolls back) and stops the run before
budget_table when it would soft-remove more than BUDGET_SYNC_MAX_REMOVED_SHARE (default 20%) of the
customer's budgets in the periods the file covers, or when more than BUDGET_SYNC_MAX_REJECTED_SHARE
(default 20%) of the file's rows were rejected. A run tagged `budget_sync/allow_mass_change=true`
(Materialize > add tag in the UI) lets a deliberate large change through.
"""

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.assets.stage import fail, sync_id_for, trigger_of
from budget_sync.defs.assets.unchanged import Unchanged
from budget_sync.defs.customers import load_customer
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.resources import BudgetDatabase


def shares(dry_run) -> tuple[float, float]:
    """(removed share of the budgets in the periods the file covers, rejected share of the file's rows):
    the measures of the pipeline's `guard_problems`, which decides."""
    in_scope = dry_run.unchanged + dry_run.updated + dry_run.removed
    rows = dry_run.total + dry_run.rejected
    return (dry_run.removed / in_scope if in_scope else 0.0), (dry_run.rejected / rows if rows else 0.0)


def guard_result(customer_id, dry_run, settings, allowed: bool) -> dg.AssetCheckResult:
    from budget_sync.pipeline.importing import guard_problems

    problems = guard_problems(dry_run, settings.max_removed_share, settings.max_rejected_share)
    removed_share, rejected_share = shares(dry_run)
    metadata = {
        "would_create": dry_run.created,
        "would_update": dry_run.updated,
        "would_remove": dry_run.removed,
        "removed_share": round(removed_share, 4),
        "rejected_share": round(rejected_share, 4),
        "allowed_by_tag": allowed,
    }
    if problems and not allowed:
        description = (
            f"Sync of '{customer_id}' stopped before writing: {' and '.join(problems)}. The budgets last "
            f"synced stay in place. If the change is intended, re-run with tag {tags.ALLOW_MASS_CHANGE}=true."
        )
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.ERROR, description=description, metadata=metadata
        )
    note = f"allowed by tag: {' and '.join(problems)}" if problems else "within limits"
    return dg.AssetCheckResult(passed=True, description=note, metadata=metadata)


@dg.asset_check(
    asset="mapped_budgets",
    blocking=True,
    partitions_def=customers_partitions,  # loads the run's customer's inputs, not every partition
    additional_ins={"raw_budget_export": dg.AssetIn("raw_budget_export")},
    description="Stops a sync that would soft-remove or reject too large a share of a customer's budgets.",
)
def sync_guard(
    context: dg.AssetCheckExecutionContext, mapped_budgets, raw_budget_export, budget_db: BudgetDatabase
):
    from budget_sync import pipeline
    from budget_sync.settings import load_settings

    if isinstance(mapped_budgets, Unchanged):
        return dg.AssetCheckResult(passed=True, description=mapped_budgets.message)
    op_context = context.op_execution_context
    customer = load_customer(budget_db, op_context.partition_key)
    run = op_context.run
    dry_run = pipeline.import_mapped(
        budget_db.engine,
        customer,
        mapped_budgets,
        raw_budget_export,
        sync_id=sync_id_for(run.run_id, customer.id),
        run_id=run.run_id,
        trigger=trigger_of(run),
        dry_run=True,
    )
    allowed = tags.allows_mass_change(run.tags)
    result = guard_result(customer.id, dry_run, load_settings(), allowed)
    if not result.passed:
        # The run stops here: record it as the failed sync (the budgets stay as last synced).
        fail(
            op_context,
            budget_db.engine,
            customer,
            raw_budget_export,
            result.description or "sync guard failed",
        )
    return result
