"""Loading a customer for a run, with errors that say what to do."""

import dagster as dg


def load_customer(budget_db, customer_id: str):
    """The active customer's config (`budget_sync.config.CustomerConfig`); a clear Failure when it is gone."""
    from budget_sync.store.customers import get_customer

    customer = get_customer(budget_db.engine, customer_id)
    if customer is None:
        raise dg.Failure(
            f"Customer '{customer_id}' is not in budget_sources (or was removed); "
            "apply it with `budget-sync sources apply FILE.yaml`.",
            allow_retries=False,
        )
    return customer
