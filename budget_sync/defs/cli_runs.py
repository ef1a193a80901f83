"""`budget-sync sync` / `upload` when a Dagster instance is configured (DAGSTER_HOME set): the sync is a
run of the real `sync_customer` job, executed in this process on that instance, tagged like every other
sync run (defs/tags.py), so Dagster's run history is the sync history for CLI syncs too.

The run's outcome is read back as a `SyncOutcome` (the same JSON and summary as the in-process path): the
counts and status from its budget_syncs row (every path writes one), the file, mapping rejections and
warnings from the outcome the run's step kept for this process (`sync_events.keep_outcome`), its
materializations and checks.
"""

from __future__ import annotations

import logging
from typing import Any

import dagster as dg

from budget_sync.defs.assets.sync_helpers import sync_id_for
from budget_sync.defs.run_config import SYNC_JOB, fetch_run_config
from budget_sync.defs.tags import customer_tags


def run_sync_in_dagster(
    engine,
    customer,
    *,
    trigger: str,
    force: bool = False,
    allow_mass_change: bool = False,
    upload_path: str | None = None,
    instance: dg.DagsterInstance | None = None,
):
    """Execute one `sync_customer` run for `customer` (a CustomerConfig) and return its SyncOutcome."""
    from budget_sync.definitions import defs
    from budget_sync.defs.partitions import CUSTOMERS

    instance = instance or configured_instance()
    if not instance.has_dynamic_partition(CUSTOMERS, customer.id):
        instance.add_dynamic_partitions(CUSTOMERS, [customer.id])
    run_config = {**(fetch_run_config(force=force, upload_path=upload_path) or {}), **console_level()}
    result = defs.resolve_job_def(SYNC_JOB).execute_in_process(
        run_config=run_config,
        instance=instance,
        partition_key=customer.id,
        tags=customer_tags(customer, trigger, allow_mass_change=allow_mass_change),
        raise_on_error=False,
    )
    return outcome_of_run(engine, customer.id, result)


def configured_instance() -> dg.DagsterInstance:
    """The instance of DAGSTER_HOME; a folder that is missing or not an instance is a setting to fix."""
    from budget_sync.errors import ConfigError

    try:
        return dg.DagsterInstance.get()
    except dg.DagsterInvariantViolationError as exc:
        raise ConfigError(
            f"DAGSTER_HOME is set but holds no usable Dagster instance ({str(exc).split('. ')[0]}); "
            "fix it, or unset DAGSTER_HOME to sync without Dagster"
        ) from None


def console_level() -> dict:
    """Dagster's console log follows the CLI's verbosity (`-v`); the full log is in the run either way."""
    level = logging.getLevelName(logging.getLogger("budget_sync").getEffectiveLevel())
    return {"loggers": {"console": {"config": {"log_level": level}}}}


def outcome_of_run(engine, customer_id: str, result: dg.ExecuteInProcessResult):
    from budget_sync.defs.sync_events import take_outcome
    from budget_sync.models import SyncResult
    from budget_sync.pipeline import SyncOutcome
    from budget_sync.store.customers import get_status
    from budget_sync.store.syncs import COUNTS, GOOD, get_sync

    run_id = result.run_id
    sync_id = sync_id_for(run_id, customer_id)
    row = get_sync(engine, sync_id) or {}

    ran = take_outcome(run_id)
    outcome = SyncOutcome(customer_id, sync_id, success=False, run_id=run_id)
    outcome.success = result.success and row.get("status") in GOOD
    outcome.skipped = row.get("status") == "skipped"
    if row:
        counts: dict[str, Any] = {name: row.get(name) or 0 for name in COUNTS}
        outcome.result = SyncResult(customer_id, sync_id, **counts)
    if ran is not None:
        outcome.raw, outcome.mapped = ran.raw, ran.mapped
        outcome.warnings = list(ran.warnings)
        if outcome.result is not None and ran.result is not None:
            outcome.result.errors = list(ran.result.errors)
            outcome.result.overcommitted = list(ran.result.overcommitted)
    if not outcome.success:
        outcome.error = row.get("error") or failure_reason(result)
    if ran is not None and ran.recorded:  # the run's own outcome holds the stored time: no second read
        outcome.last_synced_at = ran.last_synced_at
    else:
        outcome.last_synced_at = get_status(engine, customer_id).get("last_synced_at")
    return outcome


def failure_reason(result: dg.ExecuteInProcessResult) -> str:
    """Why the run failed when no budget_syncs row says so (e.g. it stopped before the sync began)."""
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            return evaluation.description or f"check {evaluation.check_name} failed"
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error is not None:
            return data.error.message.strip()
    return f"Dagster run {result.run_id} did not finish the sync"
