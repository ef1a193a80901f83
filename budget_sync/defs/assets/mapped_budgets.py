"""mapped_budgets: the mapping engine turns the raw export into canonical budget lines."""

import dagster as dg

from budget_sync.defs.assets.stage import describe, fail
from budget_sync.defs.assets.unchanged import Unchanged
from budget_sync.defs.customers import load_customer
from budget_sync.defs.history import latest_metadata
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.resources import BudgetDatabase

REJECTED_SAMPLE = 10


def mapping_table(mapping: dict) -> str:
    lines = ["| column | header | role | confidence |", "|---|---|---|---|"]
    for col in mapping.get("columns", []):
        confidence = col.get("confidence")
        shown = f"{float(confidence):.0%}" if confidence is not None else ""
        lines.append(
            f"| {col.get('column', '')} | {col.get('header', '')} | {col.get('role') or '-'} | {shown} |"
        )
    return "\n".join(lines)


def headers_of(mapping: dict) -> list[str]:
    return [str(col.get("header", "")) for col in mapping.get("columns", []) if col.get("role")]


def header_drift(previous: list[str] | None, current: list[str]) -> str:
    """Plain words for how the mapped headers differ from the last accepted mapping."""
    if previous is None:
        return "no earlier accepted mapping"
    added = [h for h in current if h not in previous]
    gone = [h for h in previous if h not in current]
    if not added and not gone:
        return "none: same headers as the last accepted mapping"
    parts = []
    if added:
        parts.append("new: " + ", ".join(added))
    if gone:
        parts.append("missing: " + ", ".join(gone))
    return "; ".join(parts)


def rejected_sample(rejected) -> str:
    if not rejected:
        return "none"
    rows = [f"- row {r.row if r.row is not None else '?'}: {r.reason}" for r in rejected[:REJECTED_SAMPLE]]
    if len(rejected) > REJECTED_SAMPLE:
        rows.append(f"- ... and {len(rejected) - REJECTED_SAMPLE} more")
    return "\n".join(rows)


def mapping_metadata(result, previous_headers: list[str] | None) -> dict:
    headers = headers_of(result.mapping)
    return {
        "budgets": len(result.budgets),
        "rejected": len(result.rejected),
        "skipped": len(getattr(result, "skipped", []) or []),
        "sheet": result.sheet or "",
        "layout": str(result.mapping.get("layout", "")),
        "mapping": dg.MetadataValue.md(mapping_table(result.mapping)),
        "rejected_sample": dg.MetadataValue.md(rejected_sample(result.rejected)),
        "header_drift": header_drift(previous_headers, headers),
        "headers": dg.MetadataValue.json(headers),
        "fingerprint": result.fingerprint,
    }


@dg.asset(
    partitions_def=customers_partitions,
    group_name="budget_sync",
    kinds={"python"},
    description="Canonical budget lines mapped from the raw export (mapping engine), with confidences.",
)
def mapped_budgets(context: dg.AssetExecutionContext, raw_budget_export, budget_db: BudgetDatabase):
    from budget_sync import pipeline

    if isinstance(raw_budget_export, Unchanged):
        return dg.Output(raw_budget_export, metadata={"status": raw_budget_export.message})
    customer = load_customer(budget_db, context.partition_key)
    try:
        result = pipeline.map_raw(raw_budget_export, customer)
    except Exception as exc:
        message = describe(exc, customer)
        raise fail(context, budget_db.engine, customer, raw_budget_export, message) from None
    accepted = latest_metadata(context.instance, "budget_table", context.partition_key) or {}
    metadata = mapping_metadata(result, accepted.get("headers"))
    return dg.Output(result, metadata={**metadata, "status": "mapped"})
