"""One customer's whole sync in process: fetch -> unchanged? -> keep raw -> map -> import, or record why not.

Used by `budget-sync sync`, `upload` and `sources test`; the Dagster assets call the same stages one by one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from budget_sync.config import CustomerConfig
from budget_sync.errors import BudgetSyncError, ConfigError
from budget_sync.mapping.result import MappingResult
from budget_sync.models import SyncResult
from budget_sync.pipeline.archive import archive_fetched, nothing_new
from budget_sync.pipeline.control_totals import control_total_warnings
from budget_sync.pipeline.importing import guard_problems, import_mapped, record_failure, record_skip
from budget_sync.pipeline.raw_files import keep_raw
from budget_sync.pipeline.rejected_scope import blocked_warning, removal_scope
from budget_sync.pipeline.stages import fetch, map_raw, unchanged_since_last_sync
from budget_sync.settings import load_settings
from budget_sync.sources.raw_export import RawExport
from budget_sync.store.db_errors import database_cause


@dataclass
class SyncOutcome:
    """What `run_sync` did. `skipped`: the source had not changed since the last good sync."""

    customer_id: str
    sync_id: str
    success: bool
    result: SyncResult | None = None
    raw: RawExport | None = None
    mapped: MappingResult | None = None
    kept_at: Path | str | None = None
    skipped: bool = False
    dry_run: bool = False
    last_synced_at: datetime | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    run_id: str | None = None
    """The Dagster run that did the sync, when it ran as one (CLI with DAGSTER_HOME)."""
    recorded: bool = False
    """The outcome is stored (budget_syncs row and the customer's status), so `last_synced_at` is the stored
    value; False: a dry run, or even the failure could not be recorded (the database may be down)."""


class SyncFailed(BudgetSyncError):
    """A sync failed; the database still holds the last good sync. `outcome` says what was recorded."""

    def __init__(self, message: str, outcome: SyncOutcome):
        super().__init__(message)
        self.outcome = outcome


def run_sync(
    engine,
    customer_id: str,
    *,
    raw: RawExport | None = None,
    run_id: str | None = None,
    trigger: str = "manual",
    dry_run: bool = False,
    force: bool = False,
    allow_mass_change: bool = False,
    customer: CustomerConfig | None = None,
    sync_id: str | None = None,
    mass_change_hint: str | None = None,
    fetcher: Callable[[CustomerConfig], RawExport] = fetch,
) -> SyncOutcome:
    """Sync one customer now and return what happened; raises SyncFailed when the sync failed.

    - `raw` given (an upload) is imported instead of fetching; `force` imports even an unchanged source.
    - `dry_run` fetches, maps and computes what the import would do, then writes nothing at all (no
      budgets, no budget_syncs row, no raw copy).
    - Unless `allow_mass_change`, a sync that would soft-remove or reject more than the settings' shares
      (BUDGET_SYNC_MAX_REMOVED_SHARE / _REJECTED_SHARE, default 20%) is refused as a failure.
    - `customer` given (`sources test --file`) is used instead of the registered settings; `sync_id`
      given (e.g. derived from a Dagster run) instead of a new uuid; `mass_change_hint` replaces the
      refusal's "sync again with --allow-mass-change" (Dagster names its run tag); `fetcher` given (a
      batch's export fetched ahead, `pipeline/prefetch.py`) instead of fetching here.
    - Unless `dry_run`, the attempt is recorded as `running` before anything else (and earlier attempts
      of the customer whose process is gone become `interrupted`); its outcome updates that row.
    - A failure records a failed budget_syncs row and the customer's status; the budgets stay as the
      last good sync left them.
    - The customer's `budget_sources` row is read once, by `active_customer` (settings and sync state,
      `CustomerConfig.status`); the unchanged check, the importer and the reported `last_synced_at` use
      that, and what the sync itself wrote, instead of reading it again. A `customer` without `status`
      (not from the registry) has its state read where needed.
    """
    customer = customer or active_customer(engine, customer_id)
    sync_id = sync_id or str(uuid.uuid4())
    outcome = SyncOutcome(customer.id, sync_id, success=False, raw=raw, dry_run=dry_run)
    started = datetime.now(UTC)
    try:
        ids = {"sync_id": sync_id, "run_id": run_id, "trigger": trigger}
        if not dry_run:
            from budget_sync.store.attempts import begin_attempt

            begin_attempt(engine, customer.id, sync_id, run_id=run_id, trigger=trigger, started_at=started)
        if raw is None and not dry_run and nothing_new(customer):
            outcome.result = record_skip(engine, customer, None, **ids)
            return _done(outcome, engine, customer, skipped=True)
        outcome.raw = raw = raw if raw is not None else fetcher(customer)
        if not force and not dry_run and unchanged_since_last_sync(engine, raw, customer.status):
            outcome.result = record_skip(engine, customer, raw, **ids)
            _archive(customer, outcome)
            return _done(outcome, engine, customer, skipped=True)
        if not dry_run:
            outcome.kept_at = keep_raw(raw)
        outcome.mapped = mapped = map_raw(raw, customer)
        limits = {} if dry_run or allow_mass_change else _limits()
        if limits and mass_change_hint:
            limits["mass_change_hint"] = mass_change_hint
        outcome.result = import_mapped(
            engine,
            customer,
            mapped,
            raw,
            sync_id=sync_id,
            run_id=run_id,
            trigger=trigger,
            dry_run=dry_run,
            started_at=started,
            **limits,
        )
    except Exception as exc:
        message = describe_failure(exc, customer)
        outcome.error = message
        if dry_run:
            outcome.last_synced_at = _last_synced(engine, customer)
        else:  # a failure keeps the last good sync's time
            message = _record_failure(engine, customer, outcome, message, sync_id, run_id, trigger, started)
            outcome.error = message
        raise SyncFailed(message, outcome) from exc
    blocked = blocked_warning(removal_scope(mapped.budgets, mapped.rejected))
    outcome.warnings += [blocked] if blocked else []
    outcome.warnings += control_total_warnings(mapped.control_totals)
    if dry_run:
        problems = guard_problems(outcome.result, **_limits())
        outcome.warnings += [f"a real sync would be refused: {' and '.join(problems)}"] if problems else []
    else:
        _archive(customer, outcome)
    return _done(outcome, engine, customer, skipped=False)


def _archive(customer: CustomerConfig, outcome: SyncOutcome) -> None:
    """Move the imported file to the archive folder; the sync already succeeded, so a failure is a warning."""
    if outcome.raw is None:
        return
    try:
        archive_fetched(customer, outcome.raw)
    except BudgetSyncError as exc:
        outcome.warnings.append(f"imported, but not archived: {exc}")


def _record_failure(engine, customer, outcome, message, sync_id, run_id, trigger, started) -> str:
    """Record the failure (and take the last good sync's time as stored from that write); if even that
    fails (database down), say so in the message instead of hiding it."""
    try:
        outcome.last_synced_at = record_failure(
            engine,
            customer,
            outcome.raw,
            message,
            sync_id=sync_id,
            run_id=run_id,
            trigger=trigger,
            started=started,
        )
        outcome.recorded = True
    except Exception as exc:  # the original error matters more; report both
        outcome.last_synced_at = _last_synced(engine, customer)
        cause = database_cause(exc) or f"{exc.__class__.__name__}: {exc}"
        return f"{message} (the failure could not be recorded either: {' '.join(cause.split())})"
    return message


def _limits() -> dict:
    settings = load_settings()
    return {
        "max_removed_share": settings.max_removed_share,
        "max_rejected_share": settings.max_rejected_share,
    }


def _done(outcome: SyncOutcome, engine, customer: CustomerConfig, *, skipped: bool) -> SyncOutcome:
    outcome.success = True
    outcome.skipped = skipped
    outcome.recorded = not outcome.dry_run
    written = outcome.result.synced_at if outcome.result is not None else None
    outcome.last_synced_at = written or _last_synced(engine, customer)
    return outcome


def _last_synced(engine, customer: CustomerConfig) -> datetime | None:
    """When the data budget checks use was last confirmed current, for a sync that did not move it (a dry
    run; a failure whose record could not be written): as the row said when the sync loaded it, read
    only for a customer given without its state."""
    if customer.status is not None:
        return customer.status.last_synced_at
    from budget_sync.store.customers import get_status

    try:
        return get_status(engine, customer.id).get("last_synced_at")
    except Exception:  # only decoration for the result; the sync outcome itself is already known
        return None


def active_customer(engine, customer_id: str) -> CustomerConfig:
    """The registered, active customer's config (one query); a ConfigError naming the fix otherwise."""
    from budget_sync.store.customers import get_active_customer

    customer = get_active_customer(engine, customer_id)
    if customer is None:
        raise ConfigError(
            f"customer '{customer_id}' is not registered (or was removed); "
            "add it to your customers file and run `budget-sync sources apply FILE.yaml`"
        )
    return customer


def describe_failure(exc: Exception, customer: CustomerConfig, env=None) -> str:
    """A plain one-line message for the user and the budget_syncs row; a database error names its cause,
    never the SQL statement or its parameters. Our errors already name file, row or source
    and hold no secret; as a last defence, the values of the customer's secret env vars are masked."""
    if isinstance(exc, BudgetSyncError):
        text = str(exc)
        if f"'{customer.id}'" not in text:
            text = f"customer '{customer.id}': {text}"
    elif (cause := database_cause(exc)) is not None:
        text = (
            f"sync of customer '{customer.id}' failed: the budget database went away or refused the "
            f"import ({cause}); nothing was written. Check: the database server and its logs."
        )
    else:
        text = (
            f"sync of customer '{customer.id}' ({customer.source_type} source) failed unexpectedly: "
            f"{exc.__class__.__name__}: {str(exc).rstrip('.')}. Check: the sync logs for the full error."
        )
    text = " ".join(text.split())  # one line
    env = os.environ if env is None else env
    for name in customer.env_var_names():
        secret = env.get(name) or ""
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return text
