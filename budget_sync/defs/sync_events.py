"""One customer's sync as Dagster events, the same for a single-customer run and each customer of a batch.

`sync_and_report` runs the pipeline's `run_sync` and turns its outcome into `SyncEvents`: on success the
three materializations (`raw_budget_export`, `mapped_budgets`, `budget_table`) and the five per-partition
check results; on failure no materialization at all (a sync is all or nothing), the check results that
say why (`sync_succeeded` failing with the card, `sync_guard` when the guard refused) and a `budget_table`
observation carrying the failing card. The `customer_sync` multi-asset yields them; the batch op logs
them with their partition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import dagster as dg

from budget_sync.defs.assets.budget_table import table_metadata
from budget_sync.defs.assets.mapped_budgets import ACCEPTED_MAPPING, mapping_metadata
from budget_sync.defs.assets.raw_export import raw_metadata
from budget_sync.defs.assets.status_card import data_in_use_words, failing_card
from budget_sync.defs.assets.sync_helpers import sync_id_for
from budget_sync.defs.assets.unchanged import Unchanged
from budget_sync.defs.checks.control_totals import totals_result
from budget_sync.defs.checks.covered import covered_result
from budget_sync.defs.checks.sync_guard import MASS_CHANGE_HINT, guard_result
from budget_sync.defs.checks.sync_status import failing_metadata, failing_result, succeeded_result
from budget_sync.defs.checks.utilization import utilization_result, utilization_snapshot

if TYPE_CHECKING:
    from budget_sync.pipeline import SyncOutcome

RAW, MAPPED, TABLE = "raw_budget_export", "mapped_budgets", "budget_table"
CHECK_ASSETS = {
    "sync_guard": MAPPED,
    "control_totals": MAPPED,
    "utilization_preserved": TABLE,
    "utilization_covered": TABLE,
    "sync_succeeded": TABLE,
}


@dataclass
class SyncEvents:
    """`failure`: the one sentence saying why the sync failed (None: it succeeded or was skipped)."""

    partition: str
    materializations: dict[str, dict] = field(default_factory=dict)  # asset -> metadata
    checks: list[dg.AssetCheckResult] = field(default_factory=list)
    observation: dict | None = None  # budget_table metadata of a failed sync
    failure: str | None = None
    retryable: bool = False

    def asset_results(self):
        """For the multi-asset: MaterializeResults, AssetCheckResults and the observation, in order."""
        for asset, metadata in self.materializations.items():
            yield dg.MaterializeResult(asset_key=asset, metadata=metadata)
        for check in self.checks:
            yield _with_asset(check)
        if self.observation is not None:
            yield dg.AssetObservation(asset_key=TABLE, partition=self.partition, metadata=self.observation)

    def logged_events(self) -> list:
        """For an op that is not the assets' (the batch): the same events, each naming its partition."""
        events: list = [
            dg.AssetMaterialization(asset_key=asset, partition=self.partition, metadata=metadata)
            for asset, metadata in self.materializations.items()
        ]
        events += [
            dg.AssetCheckEvaluation(
                asset_key=dg.AssetKey(CHECK_ASSETS[str(check.check_name)]),
                check_name=str(check.check_name),
                passed=check.passed,
                metadata=check.metadata,
                severity=check.severity,
                description=check.description,
                blocking=check.check_name == "sync_guard",
                partition=self.partition,
            )
            for check in self.checks
        ]
        if self.observation is not None:
            events.append(
                dg.AssetObservation(asset_key=TABLE, partition=self.partition, metadata=self.observation)
            )
        return events


def quietly(read, *args):
    """A read for the report only; None when it fails (the sync's own outcome is already decided)."""
    try:
        return read(*args)
    except Exception:  # noqa: BLE001 - e.g. the database went away: report without this detail
        return None


def utilization_unverified() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name="utilization_preserved",
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description="not verified: the utilization rows could not be read before or after the sync",
    )


def _with_asset(check: dg.AssetCheckResult) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=CHECK_ASSETS[str(check.check_name)],
        check_name=str(check.check_name),
        passed=check.passed,
        severity=check.severity,
        description=check.description,
        metadata=check.metadata,
    )


_OUTCOMES: dict[str, SyncOutcome] = {}  # run id -> the SyncOutcome of its customer (single-customer runs)
_KEPT = 32


def keep_outcome(run_id: str, outcome: SyncOutcome) -> None:
    """Remember a single-customer run's outcome, so the code that executed the run in this process (the
    CLI's Dagster path, `defs/cli_runs.py`) reports the file, rejected rows and warnings, not only the
    counts. Bounded: a long-running code server keeps the latest few."""
    _OUTCOMES[run_id] = outcome
    while len(_OUTCOMES) > _KEPT:
        _OUTCOMES.pop(next(iter(_OUTCOMES)))


def take_outcome(run_id: str) -> SyncOutcome | None:
    return _OUTCOMES.pop(run_id, None)


@dataclass(frozen=True)
class RunInfo:
    """What the events need to know about the Dagster run syncing the customer."""

    instance: dg.DagsterInstance
    run_id: str
    trigger: str
    allow_mass_change: bool
    follow_up: bool
    own_sync_id: bool = True  # False (batch): a fresh sync id per attempt, as `run_sync` gives


def sync_and_report(
    engine, customer, run: RunInfo, *, raw=None, force: bool = False, fetcher=None
) -> SyncEvents:
    """Sync the customer (`raw`: the export already fetched; None: `run_sync` fetches, or skips when the
    drop folder holds nothing new; `fetcher`: a batch's export fetched ahead) and report it. Never raises
    for a failed sync: see `failure`."""
    from budget_sync.defs.checks.freshness import last_good_at
    from budget_sync.errors import SourceError
    from budget_sync.pipeline import SyncFailed, run_sync
    from budget_sync.pipeline.importing import ChangeTooLarge

    since = quietly(last_good_at, engine, customer.id)
    before = quietly(utilization_snapshot, engine, customer.id)  # unreadable: run_sync fails and says why
    try:
        outcome = run_sync(
            engine,
            customer.id,
            raw=raw,
            customer=customer,
            run_id=run.run_id,
            trigger=run.trigger,
            force=force,
            allow_mass_change=run.allow_mass_change,
            sync_id=sync_id_for(run.run_id, customer.id) if run.own_sync_id else None,
            mass_change_hint=MASS_CHANGE_HINT,
            **({"fetcher": fetcher} if fetcher is not None else {}),
        )
    except SyncFailed as exc:
        if run.own_sync_id and exc.outcome is not None:
            keep_outcome(run.run_id, exc.outcome)
        cause = exc.__cause__
        refused = cause.result if isinstance(cause, ChangeTooLarge) else None
        events = failure_events(engine, customer, str(exc), run, outcome=exc.outcome, refused=refused)
        events.retryable = isinstance(cause, SourceError) and cause.retryable
        return events
    if run.own_sync_id:
        keep_outcome(run.run_id, outcome)
    after = None if outcome.skipped else quietly(utilization_snapshot, engine, customer.id)
    accepted = None
    if not outcome.skipped:
        from budget_sync.defs.history import latest_value

        accepted = latest_value(run.instance, TABLE, customer.id, ACCEPTED_MAPPING)
    return success_events(customer, outcome, run, since=since, accepted=accepted, before=before, after=after)


def success_events(customer, outcome, run: RunInfo, *, since, accepted, before, after) -> SyncEvents:
    from budget_sync.settings import load_settings

    events = SyncEvents(customer.id)
    if outcome.skipped:
        reason = "" if outcome.raw is not None else "no new file in the drop folder"
        status = Unchanged(outcome.raw, since, reason).message
        events.materializations = {
            RAW: raw_metadata(customer, outcome.raw, None, status),
            MAPPED: {"status": status},
            TABLE: table_metadata(customer, outcome, status),
        }
        events.checks = [
            dg.AssetCheckResult(check_name="sync_guard", passed=True, description=status),
            dg.AssetCheckResult(check_name="control_totals", passed=True, description=status),
        ]
    else:
        status = "synced"
        events.materializations = {
            RAW: raw_metadata(customer, outcome.raw, outcome.kept_at, "changed"),
            MAPPED: {**mapping_metadata(outcome.mapped, accepted), "status": "mapped"},
            TABLE: table_metadata(customer, outcome, status),
        }
        events.checks = [
            guard_result(outcome.result, load_settings(), run.allow_mass_change),
            totals_result(list(outcome.mapped.control_totals or [])),
        ]
    unverified = not outcome.skipped and (before is None or after is None)
    events.checks += [
        utilization_unverified() if unverified else utilization_result(before, after),
        covered_result([] if outcome.skipped else outcome.result.overcommitted),
        succeeded_result(status, outcome.last_synced_at),
    ]
    return events


def failure_events(engine, customer, reason: str, run: RunInfo, *, outcome=None, refused=None) -> SyncEvents:
    """A failed sync (already recorded in budget_syncs): the failing card on `sync_succeeded` and a
    `budget_table` observation; `refused`: the counts of an import the guard refused (`sync_guard`)."""
    from budget_sync.defs.alerts.next_attempt import next_attempt
    from budget_sync.settings import load_settings
    from budget_sync.store.customers import get_status
    from budget_sync.store.syncs import failing_since

    events = SyncEvents(customer.id, failure=reason)
    raw = outcome.raw if outcome is not None else None
    # The database may be what failed: the report must still go out, with what is known. A recorded
    # failure already returned the stored last_synced_at: the row is not read again for it.
    if outcome is not None and outcome.recorded:
        status = {"last_synced_at": outcome.last_synced_at}
    else:
        status = quietly(get_status, engine, customer.id)
    data_synced_at = (status or {}).get("last_synced_at")
    since = quietly(failing_since, engine, customer.id)
    words = data_in_use_words(status)
    card = failing_card(
        customer,
        reason=reason,
        failing_since=since,
        data_in_use=words,
        next_attempt=next_attempt(customer, run.follow_up, datetime.now(UTC)),
        file_name=raw.file_name if raw is not None else None,
    )
    metadata = failing_metadata(card, reason, since, data_synced_at, words)
    events.checks.append(failing_result(reason, metadata))  # first: readers take the first failed check
    if refused is not None:
        events.checks.append(guard_result(refused, load_settings(), run.allow_mass_change, refusal=reason))
    mapped = outcome.mapped if outcome is not None else None
    if mapped is not None:
        events.checks.append(totals_result(list(mapped.control_totals or [])))
    events.observation = metadata
    return events
