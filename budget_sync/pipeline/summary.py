"""A sync outcome in plain words, like the product's status card (CLI output and `make demo`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budget_sync.pipeline.run import SyncOutcome

MAX_REJECTIONS_SHOWN = 5


def summary_lines(outcome: SyncOutcome, name: str | None = None) -> list[str]:
    title = f"{outcome.customer_id} ({name})" if name else outcome.customer_id
    file_name = outcome.raw.file_name if outcome.raw else "the source"
    result = outcome.result
    if not outcome.success:
        return [f"{title}: sync FAILED: {outcome.error}", "  budget checks keep using the last good sync"]
    if outcome.skipped and outcome.raw is None:
        head = f"{title}: no new file in the drop folder (earlier ones were imported and archived)"
    elif outcome.skipped:
        head = f"{title}: {file_name} unchanged since the last good sync; nothing to import"
    elif result is None:
        head = f"{title}: synced from {file_name}"
    elif outcome.dry_run:
        head = (
            f"{title}: a sync of {file_name} would import {result.total} budgets (dry run: nothing written)"
        )
    else:
        head = f"{title}: synced {result.total} budgets from {file_name}"
    lines = [head]
    if result is not None and not outcome.skipped:
        lines.append(
            f"  created {result.created} | updated {result.updated} | unchanged {result.unchanged} | "
            f"removed {result.removed} | restored {result.restored} | rejected {result.rejected}"
        )
        for rejection in result.errors[:MAX_REJECTIONS_SHOWN]:
            where = f"row {rejection.row}" if rejection.row else "a row"
            lines.append(f"  rejected {where}: {rejection.reason}")
        if len(result.errors) > MAX_REJECTIONS_SHOWN:
            lines.append(f"  ... and {len(result.errors) - MAX_REJECTIONS_SHOWN} more rejected rows")
    if result is not None and result.overcommitted:
        from budget_sync.store.overcommit import describe_overcommitted

        lines += [f"  over-committed: {describe_overcommitted(item)}" for item in result.overcommitted]
    lines += [f"  warning: {warning}" for warning in outcome.warnings]
    if outcome.last_synced_at:
        lines.append(f"  last synced {outcome.last_synced_at:%Y-%m-%d %H:%M:%S} UTC")
    return lines
