"""check_budget's period roll-up in the store (SQLite and PostgreSQL): the customer's fiscal year decides
which budgets contain or sum up the asked period, and on PostgreSQL the whole check is two statements."""

from __future__ import annotations

from decimal import Decimal

import psycopg2.extensions
import pytest
import sqlalchemy as sa

from budget_sync.config import CustomerConfig
from budget_sync.store.check import check_budget
from budget_sync.store.customers import upsert_customers
from budget_sync.store.importer import import_budgets

from .conftest import budget

QUARTERS = [budget("Cloud", f"FY2025-Q{q}", "1000.00") for q in range(1, 5)]


@pytest.fixture
def april(engine):
    """acme's fiscal year starts in April (FY2025 = 2024-04-01 .. 2025-03-31), budgeted by quarter plus
    one month inside its first quarter; globex is not in the registry (January)."""
    config = CustomerConfig("acme", "Acme", {"type": "local", "path": "x"}, fiscal_year_start_month=4)
    upsert_customers(engine, [config])
    import_budgets(
        engine, "acme", [*QUARTERS, budget("Cloud", "2024-05", "50.00")], fiscal_year_start_month=4
    )
    import_budgets(engine, "globex", QUARTERS)
    return engine


def test_a_year_sums_its_quarters_and_leaves_out_a_month_inside_one(april):
    year = check_budget(april, "acme", "Cloud", "4000.00", fiscal_period="FY2025")
    assert (year.status, year.budgeted, year.fiscal_period) == ("approved", Decimal("4000.00"), "FY2025")
    assert year.reason == "no FY2025 budget; the sum of FY2025-Q1, FY2025-Q2, FY2025-Q3, FY2025-Q4"
    assert check_budget(april, "acme", "Cloud", "4000.01", fiscal_period="FY2025").status == "over_budget"
    sub = check_budget(april, "acme", "Cloud", 1, fiscal_period="FY2025", sub_category="Compute")
    assert sub.budgeted == Decimal("4000.00")  # no Compute budget: the department level answers


def test_a_month_is_answered_by_the_quarter_of_the_customers_fiscal_year(april):
    june = check_budget(april, "acme", "Cloud", 1, fiscal_period="2024-06")
    assert (june.budgeted, june.fiscal_period) == (Decimal("1000.00"), "FY2025-Q1")  # April to June 2024
    assert june.reason == "no 2024-06 budget; the budget of FY2025-Q1, which contains it, answers"
    february = check_budget(april, "acme", "Cloud", 1, fiscal_period="2025-02")
    assert february.fiscal_period == "FY2025-Q4"
    assert check_budget(april, "acme", "Cloud", 1, fiscal_period="2024-05").budgeted == Decimal("50.00")
    # globex has no registry row: a January fiscal year, so 2025-02 is in its FY2025-Q1 and 2024-06 in nothing
    assert check_budget(april, "globex", "Cloud", 1, fiscal_period="2025-02").fiscal_period == "FY2025-Q1"
    assert check_budget(april, "globex", "Cloud", 1, fiscal_period="2024-06").status == "no_budget"
    assert check_budget(april, "acme", "Cloud", 1, fiscal_period="FY2026").status == "no_budget"
    assert check_budget(april, "acme", "Storage", 1, fiscal_period="FY2025").status == "no_budget"


def test_a_roll_up_in_the_callers_transaction_sees_its_writes(april):
    with april.connect() as conn, conn.begin():
        import_budgets(conn, "acme", [budget("Legal", "FY2025-Q2", "7")], full_export=False)
        rolled = check_budget(conn, "acme", "Legal", 7, fiscal_period="2024-08")
        assert (rolled.status, rolled.fiscal_period) == ("approved", "FY2025-Q2")


class _Counted:
    """psycopg2 cursors of one connection that record every statement they send."""

    def __init__(self, conn: sa.Connection):
        seen: list[str] = []

        class Cursor(psycopg2.extensions.cursor):
            def execute(self, query, vars=None):
                seen.append(query.split(" ", 2)[0] if isinstance(query, str) else query)
                return super().execute(query, vars)

        self.seen = seen
        conn.connection.driver_connection.cursor_factory = Cursor


@pytest.mark.postgres
def test_on_postgres_a_roll_up_is_one_more_prepared_statement_and_no_sqlalchemy_query(pg_engine):
    config = CustomerConfig("acme", "Acme", {"type": "local", "path": "x"}, fiscal_year_start_month=4)
    upsert_customers(pg_engine, [config])
    import_budgets(pg_engine, "acme", QUARTERS, fiscal_year_start_month=4)
    with pg_engine.connect() as conn:
        counted = _Counted(conn)
        through_sqlalchemy: list[str] = []
        sa.event.listen(conn, "before_cursor_execute", lambda *args: through_sqlalchemy.append(args[2]))
        first = check_budget(conn, "acme", "Cloud", 1, fiscal_period="2024-06")
        assert first.fiscal_period == "FY2025-Q1"
        assert counted.seen == ["PREPARE", "EXECUTE", "PREPARE", "EXECUTE"]  # prepared once per connection
        counted.seen.clear()
        year = check_budget(conn, "acme", "Cloud", 1, fiscal_period="FY2025")
        assert (year.budgeted, counted.seen) == (Decimal("4000.00"), ["EXECUTE", "EXECUTE"])
        counted.seen.clear()
        exact = check_budget(conn, "acme", "Cloud", 1, fiscal_period="FY2025-Q3")
        assert (exact.budgeted, counted.seen) == (Decimal("1000.00"), ["EXECUTE"])
        assert through_sqlalchemy == [] and not conn.in_transaction()


@pytest.mark.postgres
def test_a_dropped_roll_up_statement_is_prepared_again_on_its_own(pg_engine):
    import_budgets(pg_engine, "acme", QUARTERS)
    with pg_engine.connect() as conn:
        assert check_budget(conn, "acme", "Cloud", 1, fiscal_period="2025-02").fiscal_period == "FY2025-Q1"
        conn.exec_driver_sql("DEALLOCATE budget_sync_rollup_fy_0")  # the check's own statement stays
        conn.commit()
        assert check_budget(conn, "acme", "Cloud", 1, fiscal_period="2025-05").fiscal_period == "FY2025-Q2"


@pytest.mark.postgres
@pytest.mark.parametrize("with_sub", [False, True])
def test_no_plan_of_the_checks_statements_sees_the_values_asked(pg_engine, with_sub):
    """A custom plan for a value missing from the statistics (a department without any budget) looks
    cheaper than the generic plan: had the first five checks of a connection been for one, PostgreSQL
    would have planned every later check anew (0.3 ms each on 1,000,000 budgets). Their parameters are
    initplans, so even a forced custom plan cannot see them and the generic plan is always chosen."""
    from budget_sync.store.check_query import check_sql
    from budget_sync.store.rollup import overlap_by_fy_sql

    statements = {
        "check_by_date": ("text, text, text, text", check_sql("postgresql", with_sub, False)),
        "check_by_period": ("text, text, text, text", check_sql("postgresql", with_sub, True)),
        "roll_up": ("text, text, text, date[], date[]", overlap_by_fy_sql(with_sub)),
    }
    values = {
        "check_by_date": "'acme', 'Nowhere', 'Never', '2025-03-15'",
        "check_by_period": "'acme', 'Nowhere', 'Never', '2025-03'",
        "roll_up": "'acme', 'Nowhere', 'Never', ARRAY['2025-03-01'::date], ARRAY['2025-03-31'::date]",
    }
    with pg_engine.connect() as conn:
        conn.exec_driver_sql("SET plan_cache_mode = force_custom_plan")
        for name, (types, sql) in statements.items():
            conn.exec_driver_sql(f"PREPARE {name} ({types}) AS {sql}")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN EXECUTE {name} ({values[name]})"))
            assert "Nowhere" not in plan and "Never" not in plan and "2025-03" not in plan, plan
            assert "uq_budgets_customer_key" in plan, plan
