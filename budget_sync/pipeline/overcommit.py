"""The over-commitment guardrail of a sync: budgets the sync sets below their committed + reserved amount.

They are listed in `SyncResult.overcommitted` and a warning notification is written in the sync's own
transaction; with the customer's `block_overcommit: true` the sync is refused instead (nothing written).
Budgets that were already over-committed before the sync, at the same amount, are not the sync's doing
and are not listed (the status card shows every over-committed budget).
"""

from __future__ import annotations

from budget_sync.config import CustomerConfig
from budget_sync.models import SyncResult


def _key(item: dict) -> tuple:
    return item["department"], item["subCategory"], item["fiscalPeriod"]


def overcommit_baseline(conn, customer_id: str) -> dict[tuple, str]:
    """{budget key: budgeted amount} of the budgets over-committed before the sync."""
    from budget_sync.store.overcommit import overcommitted

    return {_key(item): item["budgeted"] for item in overcommitted(conn, customer_id)}


def guard_overcommit(
    conn, customer: CustomerConfig, result: SyncResult, baseline: dict[tuple, str], *, notify: bool
) -> None:
    from budget_sync.pipeline.importing import Overcommitted
    from budget_sync.store.notifications import add_notification
    from budget_sync.store.overcommit import describe_overcommitted, overcommitted

    caused = [i for i in overcommitted(conn, customer.id) if baseline.get(_key(i)) != i["budgeted"]]
    result.overcommitted = caused
    if not caused:
        return
    words = "; ".join(describe_overcommitted(item) for item in caused)
    if customer.setting("block_overcommit"):
        raise Overcommitted(
            f"sync of customer '{customer.id}' refused (block_overcommit): it would set {len(caused)} "
            f"budget(s) below what is already committed + reserved: {words}; nothing was written"
        )
    if notify:
        add_notification(
            conn,
            customer.id,
            "warning",
            f"{len(caused)} budget(s) now over-committed",
            f"The sync set these budgets below what is already committed + reserved: {words}.",
        )
