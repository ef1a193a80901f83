"""control_totals: when the file carried total rows, the mapped lines must add up to them."""

from decimal import Decimal

import dagster as dg

from budget_sync.defs.partitions import customers_partitions

CONTROL_TOTALS = dg.AssetCheckSpec(
    "control_totals",
    asset="mapped_budgets",
    partitions_def=customers_partitions,
    description="Totals carried by the file match the mapped budget lines.",
)


def totals_result(control_totals: list[dict]) -> dg.AssetCheckResult:
    if not control_totals:
        return dg.AssetCheckResult(
            check_name="control_totals", passed=True, description="the file carried no totals"
        )
    off = [t for t in control_totals if Decimal(str(t.get("difference") or "0")) != 0]
    lines = ["| total | expected | actual | difference |", "|---|---|---|---|"]
    lines += [
        f"| {t['label']} | {t['expected']} | {t['actual']} | {t['difference']} |" for t in control_totals
    ]
    description = (
        f"{len(off)} of {len(control_totals)} totals in the file do not match the mapped lines"
        if off
        else f"all {len(control_totals)} totals in the file match"
    )
    return dg.AssetCheckResult(
        check_name="control_totals",
        passed=not off,
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={"totals": dg.MetadataValue.md("\n".join(lines))},
    )
