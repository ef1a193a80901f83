"""`check_budget`: is there budget left for a purchase? One indexed query against the local database.

Decisions (see docs/architecture.md):
- Without `fiscal_period`, the budget whose period contains `on_date` (default: today, UTC) is used; when
  several contain it the narrowest wins (month over quarter over year).
- With a `sub_category`, that sub-category's budget is used; if it has none, the department-level budget
  (no sub-category) is used instead.
- Without a `sub_category`, the department-level budget is used; if the department is only budgeted by
  sub-category, their sum (and the sum of their commitments and reservations) is used, provided they share
  one currency.
- `stale` is true when the last successful sync is older than twice the customer's sync frequency; a
  `manual` customer, or one not in the registry, is never stale.
- Soft-removed budgets are ignored, so a budget the source no longer has answers `no_budget`.
- A sum of sub-categories never approves while one of them is over-committed (committed + reserved above
  its budget): `over_budget`, and `reason` names it. Otherwise its negative line would be summed away.
- Period roll-up (`rollup`), only when no budget has exactly the asked `fiscal_period`: the narrowest
  budget whose period contains the whole asked one answers (2025-02 against a quarterly budget uses
  FY2025-Q1); failing that, the budgets inside the asked period are summed (FY2025 over quarterly or
  monthly budgets), each counted once (a month inside a quarter budgeted too is left out).

The query itself lives in `check_query` (kept lean for the latency target); on PostgreSQL a roll-up is one
more prepared statement on the same connection (`rollup.roll_up_statement`): two round trips in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection, Engine

from budget_sync.errors import BudgetSyncError
from budget_sync.periods import is_canonical
from budget_sync.store.check_query import fetch
from budget_sync.store.money import MoneyError, to_money
from budget_sync.store.rollup import roll_up_statement, rolled_up_by_fy

STALE_AFTER = {
    "hourly": timedelta(hours=2),
    "every_4_hours": timedelta(hours=8),
    "every_12_hours": timedelta(hours=24),
    "daily": timedelta(days=2),
}
ZERO = Decimal("0.00")


@dataclass(slots=True)
class BudgetCheck:
    """Not frozen (nothing changes one after it is made): a frozen dataclass's __init__ sets each field
    through object.__setattr__, three times the cost of this one's, on the service's hottest path."""

    status: str  # approved | over_budget | no_budget
    budgeted: Decimal | None = None
    committed: Decimal | None = None
    reserved: Decimal | None = None
    available: Decimal | None = None
    fiscal_period: str | None = None
    currency: str | None = None
    last_synced_at: datetime | None = None
    stale: bool = False
    sub_category: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: amounts as decimal strings, the time in ISO 8601."""

        def text(value: Any) -> str | None:
            return None if value is None else format(value, "f")

        return {
            "status": self.status,
            "budgeted": text(self.budgeted),
            "committed": text(self.committed),
            "reserved": text(self.reserved),
            "available": text(self.available),
            "fiscal_period": self.fiscal_period,
            "sub_category": self.sub_category,
            "currency": self.currency,
            "last_synced_at": self.last_synced_at.isoformat() if self.last_synced_at else None,
            "stale": self.stale,
            "reason": self.reason,
        }


def check_budget(
    db: Engine | Connection,
    customer_id: str,
    department: str,
    amount: Any,
    *,
    fiscal_period: str | None = None,
    on_date: date | None = None,
    sub_category: str | None = None,
) -> BudgetCheck:
    """Would spending `amount` (in the budget's currency) fit in the matching budget?"""
    ask = prepare(customer_id, department, amount, fiscal_period, on_date, sub_category)
    period = ask.fiscal_period
    if period is None or db.dialect.name != "postgresql":
        return answer(db, ask, fetch(db, *ask.variant, ask.params)[0])
    rows, overlapping = fetch(
        db,
        *ask.variant,
        ask.params,
        lambda: roll_up_statement(ask.customer_id, ask.department, ask.sub, period),
    )
    if overlapping is None:
        return _decide(rows, ask.amount, ask.sub)
    return answer_rolled_up(ask, overlapping)


@dataclass(slots=True)
class Ask:
    """A validated check: the query's variant (with a sub-category, by period) and parameters. Not frozen,
    as BudgetCheck."""

    customer_id: str
    department: str
    sub: str
    fiscal_period: str | None
    amount: Decimal
    params: tuple[Any, ...]

    @property
    def variant(self) -> tuple[bool, bool]:
        return bool(self.sub), self.fiscal_period is not None


def prepare(
    customer_id: Any,
    department: Any,
    amount: Any,
    fiscal_period: Any = None,
    on_date: Any = None,
    sub_category: Any = None,
) -> Ask:
    """Validate and normalize a check's arguments (BudgetSyncError naming the bad one)."""
    try:
        amount = to_money(amount)
    except MoneyError as exc:
        raise BudgetSyncError(f"check_budget: {exc}") from None
    if amount < 0:
        raise BudgetSyncError(f"check_budget: amount {amount} must not be negative")
    if fiscal_period is not None and on_date is not None:
        raise BudgetSyncError("check_budget: give fiscal_period or on_date, not both")
    for label, value in (("customer_id", customer_id), ("department", department)):
        if not isinstance(value, str) or not value.strip():
            raise BudgetSyncError(f"check_budget: {label} {value!r} must be non-empty text")
    if sub_category is not None and not isinstance(sub_category, str):
        raise BudgetSyncError(f"check_budget: sub_category {sub_category!r} must be text")
    if isinstance(on_date, datetime):
        on_date = on_date.date()  # compared as a date; a time part would miss the period's last day
    elif on_date is not None and not isinstance(on_date, date):
        raise BudgetSyncError(f"check_budget: on_date {on_date!r} must be a date")
    department = " ".join(department.split())
    sub = " ".join(sub_category.split()) if sub_category else ""
    if fiscal_period is not None:
        fiscal_period = fiscal_period.strip() if isinstance(fiscal_period, str) else fiscal_period
        if not isinstance(fiscal_period, str) or not is_canonical(fiscal_period):
            raise BudgetSyncError(
                f"check_budget: fiscal period '{fiscal_period}' is not canonical (FY2025, FY2025-Q1 or 2025-01)"
            )
        when = fiscal_period
    else:
        when = (on_date or datetime.now(UTC).date()).isoformat()
    return Ask(customer_id, department, sub, fiscal_period, amount, (customer_id, department, sub, when))


def needs_roll_up(ask: Ask, rows: list[tuple[Any, ...]]) -> bool:
    return not rows and ask.fiscal_period is not None


def answer(db: Engine | Connection | None, ask: Ask, rows: list[tuple[Any, ...]]) -> BudgetCheck:
    """The answer from the query's rows; a roll-up (see `needs_roll_up`) queries `db` again."""
    if not rows and ask.fiscal_period is not None:  # needs_roll_up
        from budget_sync.store.rollup import roll_up

        return roll_up(
            db, ask.customer_id, ask.department, ask.sub, ask.fiscal_period, ask.amount, _decide, _summarize
        )
    return _decide(rows, ask.amount, ask.sub)


def answer_rolled_up(ask: Ask, raw: list[tuple[Any, ...]]) -> BudgetCheck:
    """A roll-up's answer from the rows of `rollup.roll_up_statement` (here, or fetched by the service's
    asynchronous PostgreSQL path)."""
    period = ask.fiscal_period or ""  # a roll-up always has the period it was asked for
    return rolled_up_by_fy(raw, ask.sub, period, ask.amount, _decide, _summarize)


def _money(value: Any) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(value)


def _rank(period: str) -> int:
    """Narrowest first: month (2025-01), quarter (FY2025-Q1), year (FY2025)."""
    if not period.startswith("FY"):
        return 0
    return 1 if "-Q" in period else 2


def _decide(rows: list[tuple[Any, ...]], amount: Decimal, sub: str, reason: str | None = None) -> BudgetCheck:
    if len(rows) == 1 and rows[0][1] in (sub, ""):  # the usual answer: one budget (what `choose` keeps)
        return _single(rows[0], amount, reason)
    if not rows:
        return BudgetCheck("no_budget", sub_category=sub or None, reason="no active budget matches")
    chosen = choose(rows, sub)
    if len(chosen) == 1:
        return _single(chosen[0], amount, reason)
    period = min((r[0] for r in chosen), key=_rank)
    picked = [r for r in chosen if r[0] == period]
    if len(picked) == 1:  # by date: the narrowest period containing it (same values as `_summarize`)
        return _single(picked[0], amount, reason)
    return _summarize(picked, amount, period, reason)


def _single(row: tuple[Any, ...], amount: Decimal, reason: str | None) -> BudgetCheck:
    """`_summarize` of one row, without its generators: the check's hot path. Same values (the sums
    start from ZERO, so amounts keep at least two places either way)."""
    synced, stale = _freshness(row)
    budgeted, committed, reserved = ZERO + _money(row[3]), ZERO + _money(row[4]), ZERO + _money(row[5])
    available = budgeted - committed - reserved
    return BudgetCheck(
        "approved" if amount <= available else "over_budget",
        budgeted,
        committed,
        reserved,
        available,
        row[0],
        row[2],
        synced,
        stale,
        sub_category=row[1] or None,
        reason=reason,
    )


def choose(rows: list[tuple[Any, ...]], sub: str) -> list[tuple[Any, ...]]:
    """The rows a check uses: the asked sub-category's, else the department-level ones, else (no
    sub-category asked) every sub-category's, to be summed."""
    return [r for r in rows if r[1] == sub] or ([r for r in rows if r[1] == ""] if sub else rows)


def _freshness(row: tuple[Any, ...]) -> tuple[datetime | None, bool]:
    synced, frequency = row[6], row[7]
    if isinstance(synced, str):
        synced = datetime.fromisoformat(synced)
    if synced is not None and synced.tzinfo is None:
        synced = synced.replace(tzinfo=UTC)
    limit = STALE_AFTER.get(frequency)
    return synced, bool(synced and limit and datetime.now(UTC) - synced > limit)


def _summarize(
    picked: list[tuple[Any, ...]], amount: Decimal, period: str, reason: str | None = None
) -> BudgetCheck:
    """Sum the picked budget rows and decide; a summed sub-category that is over-committed refuses."""
    synced, stale = _freshness(picked[0])
    currencies = {r[2] for r in picked}
    if len(currencies) > 1:
        reason = "the department's sub-category budgets use different currencies; name one"
        return BudgetCheck(
            "no_budget", fiscal_period=period, last_synced_at=synced, stale=stale, reason=reason
        )
    money = [(r, _money(r[3]), _money(r[4]), _money(r[5])) for r in picked]  # each amount read once
    budgeted = sum((m[1] for m in money), ZERO)
    committed = sum((m[2] for m in money), ZERO)
    reserved = sum((m[3] for m in money), ZERO)
    available = budgeted - committed - reserved
    status = "approved" if amount <= available else "over_budget"
    over = [m for m in money if m[0][1] and m[2] + m[3] > m[1]] if len(picked) > 1 else []
    if over:
        status = "over_budget"
        named = ", ".join(f"'{r[1]}' ({r[0]}) by {format(c + v - b, 'f')}" for r, b, c, v in over)
        refusal = f"sub-category {named} is over-committed; the department total cannot approve"
        reason = f"{refusal}; {reason}" if reason else refusal
    return BudgetCheck(
        status,
        budgeted,
        committed,
        reserved,
        available,
        period,
        currencies.pop(),
        synced,
        stale,
        sub_category=(picked[0][1] or None) if len(picked) == 1 else None,
        reason=reason,
    )
