"""sync_guard: the check of the sync's mass-change limits, before the write.

It asks the importer what the sync *would* do (a dry run that rolls back) and stops the run before
budget_table when it would soft-remove more than BUDGET_SYNC_MAX_REMOVED_SHARE (default 20%) of the
customer's budgets in the periods the file covers, or when more than BUDGET_SYNC_MAX_REJECTED_SHARE
(default 20%) of the file's rows were rejected. A run tagged `budget_sync/allow_mass_change=true`
(Materialize > add tag in the UI) lets a deliberate large change through.

The pipeline decides (`run_sync` refuses inside the import's transaction, nothing written); this check
reports its counts and, when it refused, its sentence (the same one the step failure and alerts carry).
"""

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.partitions import customers_partitions

SYNC_GUARD = dg.AssetCheckSpec(
    "sync_guard",
    asset="mapped_budgets",
    blocking=True,
    partitions_def=customers_partitions,  # one result per customer partition
    description="Stops a sync that would soft-remove or reject too large a share of a customer's budgets.",
)

MASS_CHANGE_HINT = f"re-run with tag {tags.ALLOW_MASS_CHANGE}=true"
"""How a Dagster user lets a refused change through (the pipeline's refusal ends with it)."""


def guard_result(counts, settings, allowed: bool, refusal: str | None = None) -> dg.AssetCheckResult:
    """`counts`: the SyncResult of the import (or of the refused one); `refusal`: the pipeline's sentence
    when it refused the sync, which becomes the check's description word for word."""
    from budget_sync.pipeline.importing import guard_problems, guard_shares

    problems = guard_problems(counts, settings.max_removed_share, settings.max_rejected_share)
    removed_share, rejected_share = guard_shares(counts)
    metadata = {
        "would_create": counts.created,
        "would_update": counts.updated,
        "would_remove": counts.removed,
        "removed_share": round(removed_share, 4),
        "rejected_share": round(rejected_share, 4),
        "allowed_by_tag": allowed,
    }
    if refusal is not None:
        return dg.AssetCheckResult(
            check_name="sync_guard",
            passed=False,
            severity=dg.AssetCheckSeverity.ERROR,
            description=refusal,
            metadata=metadata,
        )
    note = f"allowed by tag: {' and '.join(problems)}" if problems else "within limits"
    return dg.AssetCheckResult(check_name="sync_guard", passed=True, description=note, metadata=metadata)
