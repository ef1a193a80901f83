"""Writing a sync's outcome: the import plus its bookkeeping in one transaction, or a failure or skip record.

`import_mapped` runs `import_budgets`, `set_sync_status` and `record_sync` on one connection, so the
budgets, the customer's status and the `budget_syncs` row land together or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from budget_sync.config import CustomerConfig
from budget_sync.errors import BudgetSyncError
from budget_sync.models import SyncResult
from budget_sync.pipeline.rejected_scope import removal_scope
from budget_sync.pipeline.rejections import merge_rejections
from budget_sync.sources.raw_export import RawExport

CLI_MASS_CHANGE_HINT = "sync again with --allow-mass-change"


class ChangeTooLarge(BudgetSyncError):
    """The sync would remove or reject more than the configured share; nothing was written. `result`: the
    counts the refused import computed (what the sync would have done), for the guard's report."""

    def __init__(self, message: str, result: SyncResult):
        super().__init__(message)
        self.result = result


class Overcommitted(BudgetSyncError):
    """`block_overcommit`: the sync would set budgets below their committed + reserved; nothing was written."""


def import_mapped(
    db,
    customer: CustomerConfig,
    mapped,
    raw: RawExport,
    *,
    sync_id: str,
    run_id: str | None = None,
    trigger: str,
    dry_run: bool = False,
    started_at: datetime | None = None,
    max_removed_share: float | None = None,
    max_rejected_share: float | None = None,
    mass_change_hint: str = CLI_MASS_CHANGE_HINT,
) -> SyncResult:
    """Import the mapped budgets as the customer's full export; the mapping's rejected rows join the
    importer's in `errors` (sorted by row). `dry_run` computes the counts and writes nothing.

    A row the mapping rejected never loses its budget: its department and sub-category are protected
    from soft removal, and when its key cannot be read nothing is removed at all (`rejected_scope`).

    `max_removed_share` / `max_rejected_share` (None: no limit) refuse, before commit, a sync that would
    soft-remove more than that share of the budgets in the periods it covers, or reject that share of rows;
    the refusal says how to let it through in `mass_change_hint`'s words (CLI flag or Dagster run tag).
    """
    from budget_sync.pipeline.overcommit import guard_overcommit, overcommit_baseline
    from budget_sync.store.customers import set_sync_status
    from budget_sync.store.db import transaction
    from budget_sync.store.importer import import_budgets
    from budget_sync.store.syncs import record_sync

    started_at = started_at or datetime.now(UTC)
    scope = removal_scope(mapped.budgets, mapped.rejected)
    with transaction(db, write=not dry_run) as conn:
        baseline = overcommit_baseline(conn, customer.id)
        result = import_budgets(
            conn,
            customer.id,
            mapped.budgets,
            source=raw.source_type,
            source_ref=raw.file_name,
            sync_id=sync_id,
            full_export=not scope.blocked,
            dry_run=dry_run,
            fiscal_year_start_month=customer.fiscal_year_start_month,
            default_currency=customer.default_currency,  # as loaded: the importer need not read the row
            protected=scope.protected,
            mark_synced=False,  # set_sync_status below writes last_synced_at once, for the whole sync
        )
        _merge_rejections(result, mapped.rejected)
        _guard(customer.id, result, max_removed_share, max_rejected_share, mass_change_hint)
        guard_overcommit(conn, customer, result, baseline, notify=not dry_run)
        if dry_run:
            return result
        finished = datetime.now(UTC)
        set_sync_status(
            conn,
            customer.id,
            "success",
            synced_at=finished,
            sync_id=sync_id,
            fingerprint=mapped.fingerprint,
            raw_sha256=raw.sha256,
        )
        result.synced_at = finished
        record_sync(
            conn,
            result=result,
            run_id=run_id,
            trigger=trigger,
            started_at=started_at,
            finished_at=finished,
            status="success",
            source_file=raw.location,
            checksum=raw.sha256,
        )
    return result


def record_skip(
    db, customer: CustomerConfig, raw: RawExport | None, *, sync_id, run_id=None, trigger
) -> SyncResult:
    """The source is unchanged since the last good sync (or, `raw` None, its drop folder holds no new file
    since everything was archived): log a `skipped` row and mark the data current.

    The counts say what the database holds for this export: everything unchanged.
    """
    from budget_sync.store.customers import set_sync_status
    from budget_sync.store.db import transaction
    from budget_sync.store.syncs import last_good_sync, record_sync

    now = datetime.now(UTC)
    with transaction(db, write=True) as conn:
        last = last_good_sync(conn, customer.id) or {}
        total = last.get("total", 0)
        result = SyncResult(customer.id, sync_id, total=total, unchanged=total, synced_at=now)
        set_sync_status(conn, customer.id, "skipped", synced_at=now, sync_id=sync_id)
        record_sync(
            conn,
            result=result,
            run_id=run_id,
            trigger=trigger,
            started_at=now,
            finished_at=now,
            status="skipped",
            source_file=raw.location if raw else None,
            checksum=raw.sha256 if raw else None,
        )
    return result


def record_failure(
    db, customer, raw, error: str, *, sync_id, run_id=None, trigger, started=None
) -> datetime | None:
    """Log a failed attempt and the customer's status; budgets and `last_synced_at` stay as they were.
    Returns that `last_synced_at` (the last good sync's time, as stored; None: never synced)."""
    from budget_sync.store.customers import set_sync_status
    from budget_sync.store.db import transaction
    from budget_sync.store.syncs import record_sync

    with transaction(db, write=True) as conn:
        last_synced_at = set_sync_status(conn, customer.id, "failed", error=error, sync_id=sync_id)
        record_sync(
            conn,
            id=sync_id,
            customer_id=customer.id,
            run_id=run_id,
            trigger=trigger,
            started_at=started or datetime.now(UTC),
            finished_at=datetime.now(UTC),
            status="failed",
            source_file=raw.location if raw else None,
            checksum=raw.sha256 if raw else None,
            error=error,
        )
    return last_synced_at


def _merge_rejections(result: SyncResult, mapping_rejections) -> None:
    result.errors = merge_rejections(mapping_rejections, result.errors)
    result.rejected = len(result.errors)


def _guard(customer_id, result: SyncResult, max_removed, max_rejected, hint: str) -> None:
    """Raise (rolling the transaction back) when the change is larger than the caller allows."""
    problems = guard_problems(result, max_removed, max_rejected)
    if problems:
        raise ChangeTooLarge(
            f"sync of customer '{customer_id}' refused: {' and '.join(problems)}; nothing was written. "
            f"If the change is intended, {hint} (rejected rows: see `budget-sync sources test`).",
            result,
        )


def guard_shares(result: SyncResult) -> tuple[float, float]:
    """(removed share of the customer's budgets in the periods the export covers, rejected share of the
    export's rows): the measures the guard compares with its limits (and the sync_guard check reports)."""
    in_scope, rows = _guard_scope(result)
    return (result.removed / in_scope if in_scope else 0.0), (result.rejected / rows if rows else 0.0)


def _guard_scope(result: SyncResult) -> tuple[int, int]:
    """What the shares are of: unchanged + updated + removed budgets, and the export's rows."""
    return result.unchanged + result.updated + result.removed, result.total + result.rejected


def guard_problems(
    result: SyncResult, max_removed_share: float | None = None, max_rejected_share: float | None = None
) -> list[str]:
    """Why a sync is larger than allowed, in words ([] when within limits), by `guard_shares`."""
    problems, max_removed, max_rejected = [], max_removed_share, max_rejected_share
    in_scope, rows = _guard_scope(result)
    removed_share, rejected_share = guard_shares(result)
    if max_removed is not None and in_scope and removed_share > max_removed:
        problems.append(
            f"it would remove {result.removed} of {in_scope} budgets ({removed_share:.0%}, limit {max_removed:.0%})"
        )
    if max_rejected is not None and rows and rejected_share > max_rejected:
        problems.append(
            f"{result.rejected} of {rows} rows were rejected ({rejected_share:.0%}, limit {max_rejected:.0%})"
        )
    return problems
