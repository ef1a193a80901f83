"""utilization_covered (WARN): no budget this sync set is below what the spend app already committed plus
reserved. The sync itself lists them (`overcommitted`) and notifies; `block_overcommit` refuses it instead."""

import dagster as dg

from budget_sync.defs.partitions import customers_partitions

UTILIZATION_COVERED = dg.AssetCheckSpec(
    "utilization_covered",
    asset="budget_table",
    partitions_def=customers_partitions,
    description="Every budget the sync set still covers its committed + reserved amount (WARN otherwise).",
)


def covered_result(overcommitted: list[dict]) -> dg.AssetCheckResult:
    from budget_sync.store.overcommit import describe_overcommitted

    return dg.AssetCheckResult(
        check_name="utilization_covered",
        passed=not overcommitted,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(describe_overcommitted(item) for item in overcommitted) or None,
        metadata={
            "overcommitted": len(overcommitted),
            "budgets": dg.MetadataValue.json(overcommitted),
        },
    )
