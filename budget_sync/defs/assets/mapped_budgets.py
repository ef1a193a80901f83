"""mapped_budgets: the mapping engine's canonical budget lines: its spec and metadata (mapping table,
rejected sample, header drift against the last accepted mapping)."""

import dagster as dg

from budget_sync.defs.partitions import customers_partitions

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


ACCEPTED_MAPPING = "accepted_mapping"
"""budget_table metadata: the mapping of the last import, the baseline for the next file's header drift."""


def drift_text(previous: dict | None, current: dict) -> str:
    """Plain sentences (budget_sync.mapping.header_drift) on how the file's columns differ from the
    mapping of the last accepted (imported) file."""
    from budget_sync.mapping import header_drift

    if previous is None:
        return "no earlier accepted mapping"
    notes = header_drift(previous, current)
    return (
        "\n".join(f"- {note}" for note in notes)
        if notes
        else "none: same columns as the last accepted mapping"
    )


def rejected_sample(rejected) -> str:
    if not rejected:
        return "none"
    rows = [f"- row {r.row if r.row is not None else '?'}: {r.reason}" for r in rejected[:REJECTED_SAMPLE]]
    if len(rejected) > REJECTED_SAMPLE:
        rows.append(f"- ... and {len(rejected) - REJECTED_SAMPLE} more")
    return "\n".join(rows)


def mapping_metadata(result, accepted_mapping: dict | None) -> dict:
    headers = headers_of(result.mapping)
    return {
        "budgets": len(result.budgets),
        "rejected": len(result.rejected),
        "skipped": len(getattr(result, "skipped", []) or []),
        "sheet": result.sheet or "",
        "layout": str(result.mapping.get("layout", "")),
        "mapping": dg.MetadataValue.md(mapping_table(result.mapping)),
        "rejected_sample": dg.MetadataValue.md(rejected_sample(result.rejected)),
        "header_drift": dg.MetadataValue.md(drift_text(accepted_mapping, result.mapping)),
        "headers": dg.MetadataValue.json(headers),
        "fingerprint": result.fingerprint,
    }


MAPPED_BUDGETS = dg.AssetSpec(
    "mapped_budgets",
    group_name="budget_sync",
    kinds={"python"},
    partitions_def=customers_partitions,
    deps=["raw_budget_export"],
    description="Canonical budget lines mapped from the raw export (mapping engine), with confidences.",
)
