"""On a failed sync: an in-app notification, email and Slack (when configured) per failed customer."""

from datetime import UTC, datetime

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.alerts import FailureMessage, send_failure_alerts
from budget_sync.defs.alerts.next_attempt import next_attempt
from budget_sync.defs.resources import AlertDefaults, BudgetDatabase
from budget_sync.defs.sensors.failures import failed_customers


def secret_env_names(customer) -> list[str]:
    if customer is None:
        return []
    return [
        v
        for block in (customer.source, customer.notify or {})
        for k, v in block.items()
        if k.endswith("_env")
    ]


@dg.run_failure_sensor(
    name="sync_failure_alerts",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Tells the customer's admins a sync failed: in-app notification, email, Slack. Watches "
    "every job of this code location (Materialize in the UI runs __ASSET_JOB); other runs are ignored.",
)
def sync_failure_alerts(
    context: dg.RunFailureSensorContext, budget_db: BudgetDatabase, alert_defaults: AlertDefaults
):
    from budget_sync.defs.alerts.message import redact
    from budget_sync.defs.checks.freshness import last_good_at
    from budget_sync.store.customers import get_active_customer

    run = context.dagster_run
    fallback = context.failure_event.message or ""
    failed = failed_customers(run, context.get_step_failure_events(), fallback)
    now = datetime.now(UTC)
    for customer_id, reason in sorted(failed.items()):
        customer = get_active_customer(budget_db.engine, customer_id)
        if customer is None:  # removed (its run was refused): nobody to alert, nothing will retry it
            context.log.info(f"{customer_id}: not an active customer; no failure alert")
            continue
        message = FailureMessage(
            customer_id=customer_id,
            customer_name=customer.name if customer else customer_id,
            source_type=customer.source_type if customer else "source",
            reason=redact(reason, secret_env_names(customer)),
            last_synced_at=last_good_at(budget_db.engine, customer_id),
            next_attempt=next_attempt(customer, tags.FOLLOW_UP_OF in run.tags, now),
            now=now,
            run_id=run.run_id,
        )
        channels = send_failure_alerts(budget_db.engine, customer, message, alert_defaults, context.log)
        context.log.info(f"{customer_id}: failure alert sent via {', '.join(channels)}")
