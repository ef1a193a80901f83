"""customer_sync: one customer's whole sync as one step that materializes the three assets together.

`raw_budget_export -> mapped_budgets -> budget_table` cannot be materialized one at a time
(`can_subset=False`): selecting any of them in the UI runs the whole sync, which fetches the source.
Otherwise materializing `budget_table` alone re-imported the stored upstream outputs and went green while
the file in the source was broken. The step fetches (with retries), then runs the pipeline's `run_sync`
exactly like a batch run does (`defs/sync_events.py`), and materializes the three assets only when the
sync succeeded; a failed sync reports the failing card on its partition and fails the step with the
one sentence that says why.
"""

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.assets.budget_table import BUDGET_TABLE
from budget_sync.defs.assets.mapped_budgets import MAPPED_BUDGETS
from budget_sync.defs.assets.raw_export import RAW_EXPORT, FetchConfig, fetch_or_retry
from budget_sync.defs.assets.sync_helpers import describe_error, fail, trigger_of
from budget_sync.defs.checks.control_totals import CONTROL_TOTALS
from budget_sync.defs.checks.covered import UTILIZATION_COVERED
from budget_sync.defs.checks.sync_guard import SYNC_GUARD
from budget_sync.defs.checks.sync_status import SYNC_SUCCEEDED
from budget_sync.defs.checks.utilization import UTILIZATION_PRESERVED
from budget_sync.defs.customers import load_customer
from budget_sync.defs.exclusive import wait_while_batched
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.run_config import SYNC_OP

SYNC_CHECK_SPECS = [SYNC_GUARD, CONTROL_TOTALS, UTILIZATION_PRESERVED, UTILIZATION_COVERED, SYNC_SUCCEEDED]


@dg.multi_asset(
    name=SYNC_OP,
    specs=[RAW_EXPORT, MAPPED_BUDGETS, BUDGET_TABLE],
    check_specs=SYNC_CHECK_SPECS,
    partitions_def=customers_partitions,
    can_subset=False,
    description="Sync one customer: fetch, map, guard, import, all or nothing.",
)
def customer_sync(context: dg.AssetExecutionContext, config: FetchConfig, budget_db: BudgetDatabase):
    from budget_sync.defs.sync_events import RunInfo, failure_events, sync_and_report
    from budget_sync.pipeline.archive import nothing_new

    engine = budget_db.engine
    customer = load_customer(budget_db, context.partition_key)
    if wait_while_batched(context, customer.id):  # never two syncs of one customer at once
        customer = load_customer(budget_db, customer.id)  # the sync decides from the row as the batch left it
    run = RunInfo(
        instance=context.instance,
        run_id=context.run_id,
        trigger=trigger_of(context.run),
        allow_mass_change=tags.allows_mass_change(context.run.tags),
        follow_up=tags.FOLLOW_UP_OF in context.run.tags,
    )
    drop_file = config.drop_file()
    try:
        if config.upload_path:
            from budget_sync.pipeline import raw_from_file

            raw = raw_from_file(customer.id, config.upload_path)
        elif drop_file is None and nothing_new(customer):
            raw = None
        else:
            raw = fetch_or_retry(context, customer, drop_file)
    except dg.RetryRequested:
        raise
    except Exception as exc:  # a fetch that retrying cannot fix, or the last retry: the failed sync
        message = describe_error(exc, customer)
        outcome = fail(context, engine, customer, None, message)
        yield from failure_events(engine, customer, message, run, outcome=outcome).asset_results()
        raise dg.Failure(message, allow_retries=False) from None
    events = sync_and_report(engine, customer, run, raw=raw, force=config.force)
    yield from events.asset_results()
    if events.failure is not None:
        raise dg.Failure(events.failure, allow_retries=False)
