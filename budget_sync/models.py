"""Plain data passed between the mapping engine, the store and the Dagster shell."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Budget:
    """One canonical budget line: the unit the importer upserts."""

    department: str
    sub_category: str | None
    fiscal_period: str
    budgeted_amount: Decimal
    currency: str = "USD"
    source_ref: str | None = None

    def as_dict(self) -> dict:
        return {
            "department": self.department,
            "sub_category": self.sub_category,
            "fiscal_period": self.fiscal_period,
            "budgeted_amount": self.budgeted_amount,
            "currency": self.currency,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row (1-based, as a person counts rows in the file) that did not become a budget, and why."""

    row: int | None
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "reason": self.reason}


@dataclass(slots=True)
class SyncResult:
    """What one import did. `errors` holds the rejections (with row numbers when known)."""

    customer_id: str
    sync_id: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    restored: int = 0
    rejected: int = 0
    errors: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    overcommitted: list[dict] = field(default_factory=list)  # budgets this sync set below committed+reserved
    synced_at: datetime | None = None
    """The `last_synced_at` this sync wrote for the customer (None: it wrote none: a dry run, a failure,
    or an import whose caller records the status itself)."""
