"""What mapping one export produced, and how it decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budget_sync.models import Budget, Rejection


@dataclass
class MappingResult:
    budgets: list[Budget]
    rejected: list[Rejection]
    mapping: dict[str, Any]
    fingerprint: str
    control_totals: list[dict[str, Any]] = field(default_factory=list)
    sheet: str | None = None
    skipped: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The preview JSON shape: decimal strings, null sub_category."""
        return {
            "budgets": [
                {
                    "department": b.department,
                    "sub_category": b.sub_category,
                    "fiscal_period": b.fiscal_period,
                    "budgeted_amount": str(b.budgeted_amount),
                    "currency": b.currency,
                }
                for b in self.budgets
            ],
            "rejected": [r.as_dict() for r in self.rejected],
            "skipped": [r.as_dict() for r in self.skipped],
            "control_totals": self.control_totals,
            "fingerprint": self.fingerprint,
            "mapping": self.mapping,
        }
