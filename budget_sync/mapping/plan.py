"""The Plan model: the decided layout of one sheet (which column plays which role, which periods the
amounts are); `build_plan.py` builds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY_ROLES = ("department", "sub_category", "fiscal_period", "currency", "year", "month", "quarter")


@dataclass
class Column:
    index: int
    header: str
    role: str | None = None
    confidence: float = 0.0
    period: str | None = None
    scale: int = 1
    currency: str | None = None
    scope: list[int] = field(default_factory=list)
    reason: str = ""


@dataclass
class Plan:
    sheet: str
    header_index: int
    layout: str
    columns: list[Column]
    roles: dict[str, int]
    amounts: list[Column]
    totals: list[Column]
    fiscal_year: int | None = None
    fy_start_month: int = 1
    default_currency: str = "USD"
    default_period: str | None = None
    decimal_comma: bool = False
    filters: dict[int, str] = field(default_factory=dict)
    outline: bool = False
    first_heading: str | None = None  # stacked tables: the heading above the first header row
    fixed_department: str | None = None
    year_source: str = ""
    default_period_confidence: float = 1.0
    confidence: float = 0.0
    notes: list[str] = field(default_factory=list)
    version_rows: dict[str, Any] = field(default_factory=dict)  # row label -> versions.VersionLabel

    def column(self, role: str) -> int | None:
        return self.roles.get(role)
