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

The hot path avoids SQLAlchemy compilation: the SQL text per dialect and variant is built once and run on
the driver cursor; on PostgreSQL as a prepared statement, in autocommit when we own the connection (one
round trip, no BEGIN / ROLLBACK, no planning once the generic plan is chosen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy.engine import Connection, Engine

from budget_sync.errors import BudgetSyncError
from budget_sync.periods import is_canonical
from budget_sync.store.money import MoneyError, to_money

STALE_AFTER = {
    "hourly": timedelta(hours=2),
    "every_4_hours": timedelta(hours=8),
    "every_12_hours": timedelta(hours=24),
    "daily": timedelta(days=2),
}
ZERO = Decimal("0.00")
PREPARED = "budget_sync_prepared"  # key in the pooled connection's info: names prepared on it


@dataclass(frozen=True, slots=True)
class BudgetCheck:
    status: str  # approved | over_budget | no_budget
    budgeted: Decimal | None
    committed: Decimal | None
    reserved: Decimal | None
    available: Decimal | None
    fiscal_period: str | None
    currency: str | None
    last_synced_at: datetime | None
    stale: bool
    sub_category: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict:
        """JSON-ready: amounts as decimal strings, the time in ISO 8601."""

        def text(value):
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


@cache
def _sql(dialect: str, with_sub: bool, by_period: bool) -> str:
    """The query for one variant: `:name` parameters for SQLite, `$n` for a PostgreSQL PREPARE."""
    pg = dialect == "postgresql"
    mark = dict(zip(("customer", "department", "sub", "when"), ("$1", "$2", "$3", "$4"), strict=True))
    if not pg:
        mark = {name: f":{name}" for name in mark}
    when = f"{mark['when']}::date" if pg and not by_period else mark["when"]
    where = [
        f"b.customer_id = {mark['customer']}",
        f"b.department = {mark['department']}",
        "b.removed_from_source_at IS NULL",
    ]
    if with_sub:
        where.append(f"b.sub_category IN ({mark['sub']}, '')")
    if by_period:
        where.append(f"b.fiscal_period = {when}")
    else:
        where.append(f"b.period_start <= {when} AND b.period_end >= {when}")
    return (
        "SELECT b.fiscal_period, b.sub_category, b.currency, b.budgeted_amount, "
        "u.committed_amount, u.reserved_amount, s.last_synced_at, s.sync_frequency "
        "FROM budgets b "
        "LEFT JOIN budget_utilization u ON u.budget_id = b.id "
        "LEFT JOIN budget_sources s ON s.customer_id = b.customer_id "
        "WHERE " + " AND ".join(where)
    )


def check_budget(
    db: Engine | Connection,
    customer_id: str,
    department: str,
    amount,
    *,
    fiscal_period: str | None = None,
    on_date: date | None = None,
    sub_category: str | None = None,
) -> BudgetCheck:
    """Would spending `amount` (in the budget's currency) fit in the matching budget?"""
    try:
        amount = to_money(amount)
    except MoneyError as exc:
        raise BudgetSyncError(f"check_budget: {exc}") from None
    if amount < 0:
        raise BudgetSyncError(f"check_budget: amount {amount} must not be negative")
    if fiscal_period is not None and on_date is not None:
        raise BudgetSyncError("check_budget: give fiscal_period or on_date, not both")
    department = " ".join(department.split())
    sub = " ".join(sub_category.split()) if sub_category else ""
    if fiscal_period is not None:
        fiscal_period = fiscal_period.strip()
        if not is_canonical(fiscal_period):
            raise BudgetSyncError(
                f"check_budget: fiscal period '{fiscal_period}' is not canonical (FY2025, FY2025-Q1 or 2025-01)"
            )
        when = fiscal_period
    else:
        when = (on_date or datetime.now(UTC).date()).isoformat()
    rows = _fetch(db, bool(sub), fiscal_period is not None, (customer_id, department, sub, when))
    return _decide(rows, amount, sub)


def _fetch(db, with_sub: bool, by_period: bool, params: tuple) -> list[tuple]:
    dialect = db.dialect.name
    if isinstance(db, Engine):
        pooled = db.raw_connection()
        try:
            return _run(pooled, dialect, with_sub, by_period, params, own=True)
        finally:
            pooled.close()
    return _run(db.connection, dialect, with_sub, by_period, params, own=not db.in_transaction())


def _run(pooled, dialect: str, with_sub: bool, by_period: bool, params: tuple, *, own: bool) -> list[tuple]:
    """On PostgreSQL the query is a server-side prepared statement (planning costs more than running it),
    prepared once per connection; when we own the connection it runs in autocommit: one round trip."""
    dbapi = pooled.driver_connection
    cursor = dbapi.cursor()
    try:
        if dialect != "postgresql":
            cursor.execute(
                _sql(dialect, with_sub, by_period),
                dict(zip(("customer", "department", "sub", "when"), params, strict=True)),
            )
            return cursor.fetchall()
        switch = own and not dbapi.autocommit
        if switch:
            dbapi.autocommit = True
        try:
            try:
                return _execute_prepared(pooled, cursor, with_sub, by_period, params)
            except Exception as exc:
                # 26000: the statement was dropped behind our back (DISCARD ALL, DEALLOCATE).
                if getattr(exc, "pgcode", None) != "26000" or not own:
                    raise
                pooled.info.pop(PREPARED, None)
                return _execute_prepared(pooled, cursor, with_sub, by_period, params)
        finally:
            if switch:
                dbapi.autocommit = False
    finally:
        cursor.close()


def _execute_prepared(pooled, cursor, with_sub: bool, by_period: bool, params: tuple) -> list[tuple]:
    name = f"budget_sync_check_{int(with_sub)}{int(by_period)}"
    prepared = pooled.info.setdefault(PREPARED, set())
    if name not in prepared:
        cursor.execute(
            f"PREPARE {name} (text, text, text, text) AS {_sql('postgresql', with_sub, by_period)}"
        )
        prepared.add(name)
    cursor.execute(f"EXECUTE {name} (%s, %s, %s, %s)", params)
    return cursor.fetchall()


def _money(value) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(value)


def _rank(period: str) -> int:
    """Narrowest first: month (2025-01), quarter (FY2025-Q1), year (FY2025)."""
    if not period.startswith("FY"):
        return 0
    return 1 if "-Q" in period else 2


def _decide(rows: list[tuple], amount: Decimal, sub: str) -> BudgetCheck:
    if not rows:
        return BudgetCheck(
            "no_budget",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            False,
            sub or None,
            "no active budget matches",
        )
    synced, frequency = rows[0][6], rows[0][7]
    if isinstance(synced, str):
        synced = datetime.fromisoformat(synced)
    if synced is not None and synced.tzinfo is None:
        synced = synced.replace(tzinfo=UTC)
    limit = STALE_AFTER.get(frequency)
    stale = bool(synced and limit and datetime.now(UTC) - synced > limit)
    chosen = [r for r in rows if r[1] == sub] or ([r for r in rows if r[1] == ""] if sub else rows)
    period = min((r[0] for r in chosen), key=_rank)
    picked = [r for r in chosen if r[0] == period]
    currencies = {r[2] for r in picked}
    if len(currencies) > 1:
        return BudgetCheck(
            "no_budget",
            None,
            None,
            None,
            None,
            period,
            None,
            synced,
            stale,
            None,
            "the department's sub-category budgets use different currencies; name one",
        )
    budgeted = sum((_money(r[3]) for r in picked), ZERO)
    committed = sum((_money(r[4]) for r in picked), ZERO)
    reserved = sum((_money(r[5]) for r in picked), ZERO)
    available = budgeted - committed - reserved
    status = "approved" if amount <= available else "over_budget"
    matched_sub = picked[0][1] or None if len(picked) == 1 else None
    return BudgetCheck(
        status, budgeted, committed, reserved, available, period, currencies.pop(), synced, stale, matched_sub
    )
