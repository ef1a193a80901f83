"""check_budget: statuses, which budget answers, exact money, staleness."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.config import CustomerConfig
from budget_sync.errors import BudgetSyncError
from budget_sync.store.check import check_budget
from budget_sync.store.customers import set_sync_status, upsert_customers
from budget_sync.store.importer import import_budgets

from .conftest import budget


def _utilize(engine, department, period, committed, reserved, sub=""):
    with engine.begin() as conn:
        budget_id = conn.execute(
            sa.text(
                "SELECT id FROM budgets WHERE department = :d AND fiscal_period = :p AND sub_category = :s"
            ),
            {"d": department, "p": period, "s": sub},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount) VALUES (:b, :c, :r)"
            ),
            {"b": budget_id, "c": committed, "r": reserved},
        )


@pytest.fixture
def seeded(engine):
    import_budgets(
        engine,
        "acme",
        [
            budget("Marketing", "FY2025", "1000.10"),
            budget("Marketing", "FY2025-Q1", "300"),
            budget("Marketing", "2025-02", "100"),
            budget("Marketing", "FY2025", "400", sub="Events"),
            budget("Sales", "FY2025", "123456789012345.67", sub="Travel", currency="EUR"),
            budget("Sales", "FY2025", "0.30", sub="Meals", currency="EUR"),
        ],
    )
    _utilize(engine, "Marketing", "FY2025", "600.00", "0.10")
    return engine


def test_approved_and_over_budget_compare_with_what_is_left(seeded):
    ok = check_budget(seeded, "acme", "Marketing", "400", fiscal_period="FY2025")
    assert (ok.status, ok.budgeted, ok.committed, ok.reserved, ok.available) == (
        "approved",
        Decimal("1000.10"),
        Decimal("600.00"),
        Decimal("0.10"),
        Decimal("400.00"),
    )
    assert (ok.currency, ok.fiscal_period) == ("USD", "FY2025")
    over = check_budget(seeded, "acme", "Marketing", "400.01", fiscal_period="FY2025")
    assert over.status == "over_budget" and over.available == Decimal("400.00")


def test_by_date_the_narrowest_period_containing_it_answers(seeded):
    assert check_budget(seeded, "acme", "Marketing", 1, on_date=date(2025, 2, 14)).fiscal_period == "2025-02"
    assert check_budget(seeded, "acme", "Marketing", 1, on_date=date(2025, 3, 1)).fiscal_period == "FY2025-Q1"
    assert check_budget(seeded, "acme", "Marketing", 1, on_date=date(2025, 7, 1)).fiscal_period == "FY2025"
    assert check_budget(seeded, "acme", "Marketing", 1, on_date=date(2026, 1, 1)).status == "no_budget"


def test_a_sub_category_uses_its_own_budget_else_the_department_level_one(seeded):
    events = check_budget(seeded, "acme", "Marketing", 1, fiscal_period="FY2025", sub_category="Events")
    assert (events.budgeted, events.sub_category) == (Decimal("400.00"), "Events")
    other = check_budget(seeded, "acme", "Marketing", 1, fiscal_period="FY2025", sub_category="Print")
    assert (other.budgeted, other.sub_category) == (Decimal("1000.10"), None)


def test_a_department_budgeted_only_by_sub_category_is_checked_against_their_sum(seeded):
    total = check_budget(seeded, "acme", "Sales", "123456789012345.97", fiscal_period="FY2025")
    assert (total.status, total.budgeted, total.currency) == (
        "approved",
        Decimal("123456789012345.97"),
        "EUR",
    )
    over = check_budget(seeded, "acme", "Sales", "123456789012345.98", fiscal_period="FY2025")
    assert over.status == "over_budget"


def test_soft_removed_budgets_and_other_customers_answer_no_budget(seeded):
    import_budgets(seeded, "acme", [budget("Marketing", "FY2025", "1000.10")])  # Events and Sales removed
    assert check_budget(seeded, "acme", "Sales", 1, fiscal_period="FY2025").status == "no_budget"
    assert check_budget(
        seeded, "acme", "Marketing", 1, fiscal_period="FY2025", sub_category="Events"
    ).budgeted == (Decimal("1000.10"))
    assert check_budget(seeded, "globex", "Marketing", 1, fiscal_period="FY2025").status == "no_budget"


def test_names_are_matched_after_trimming(seeded):
    assert check_budget(seeded, "acme", "  Marketing ", 1, fiscal_period="FY2025").status == "approved"


def test_stale_when_the_last_sync_is_older_than_twice_the_frequency(seeded):
    config = CustomerConfig("acme", "Acme", {"type": "local", "path": "x"}, sync_frequency="hourly")
    upsert_customers(seeded, [config])
    recent = datetime.now(UTC) - timedelta(minutes=90)
    set_sync_status(seeded, "acme", "success", synced_at=recent)
    fresh = check_budget(seeded, "acme", "Marketing", 1, fiscal_period="FY2025")
    assert fresh.stale is False and abs(fresh.last_synced_at - recent) < timedelta(seconds=1)
    set_sync_status(seeded, "acme", "success", synced_at=datetime.now(UTC) - timedelta(hours=2, minutes=1))
    assert check_budget(seeded, "acme", "Marketing", 1, fiscal_period="FY2025").stale is True
    upsert_customers(
        seeded, [CustomerConfig("acme", "Acme", {"type": "local", "path": "x"}, sync_frequency="manual")]
    )
    assert check_budget(seeded, "acme", "Marketing", 1, fiscal_period="FY2025").stale is False


def test_a_connection_inside_a_transaction_sees_its_own_writes(seeded):
    with seeded.connect() as conn, conn.begin():
        import_budgets(conn, "acme", [budget("Legal", "FY2025", "5")], full_export=False)
        assert check_budget(conn, "acme", "Legal", 5, fiscal_period="FY2025").status == "approved"
        assert check_budget(conn, "acme", "Legal", 5, fiscal_period="FY2025").status == "approved"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"amount": 1.5}, "float"),
        ({"amount": "-1"}, "negative"),
        ({"amount": "abc"}, "not a number"),
        ({"amount": 1, "fiscal_period": "2025"}, "not canonical"),
        ({"amount": 1, "fiscal_period": "FY2025", "on_date": date(2025, 1, 1)}, "not both"),
    ],
)
def test_bad_questions_get_clear_errors(seeded, kwargs, words):
    with pytest.raises(BudgetSyncError, match=words):
        check_budget(seeded, "acme", "Marketing", **kwargs)


def test_a_connection_outside_a_transaction_is_left_usable(seeded):
    with seeded.connect() as conn:
        assert check_budget(conn, "acme", "Marketing", 1, fiscal_period="FY2025").status == "approved"
        assert not conn.in_transaction()
        with conn.begin():
            import_budgets(conn, "acme", [budget("Legal", "FY2025", "5")], full_export=False)
        assert check_budget(conn, "acme", "Legal", 5, fiscal_period="FY2025").status == "approved"
    assert check_budget(seeded, "acme", "Legal", 5, fiscal_period="FY2025").status == "approved"


@pytest.mark.postgres
def test_prepared_statements_dropped_by_a_pool_reset_are_prepared_again(pg_engine):
    import_budgets(pg_engine, "acme", [budget("Ops", "FY2025", "10")])
    with pg_engine.connect() as conn:
        assert check_budget(conn, "acme", "Ops", 1, fiscal_period="FY2025").status == "approved"
        conn.exec_driver_sql("DEALLOCATE ALL")
        conn.commit()
        assert check_budget(conn, "acme", "Ops", 11, fiscal_period="FY2025").status == "over_budget"
    for _ in range(3):  # the pooled connection is reused and keeps its prepared statement
        assert check_budget(pg_engine, "acme", "Ops", 10, fiscal_period="FY2025").status == "approved"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("with_sub", "by_period"), [(False, True), (True, True), (False, False), (True, False)]
)
def test_every_variant_of_the_check_is_one_query_served_by_the_budget_key_index(
    pg_engine, with_sub, by_period
):
    from budget_sync.store.check_query import check_sql

    from .conftest import grid

    for customer in ("acme", "globex", "initech"):
        import_budgets(pg_engine, customer, grid(40, 5, 12))
    with pg_engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql(
            f"PREPARE q (text, text, text, text) AS {check_sql('postgresql', with_sub, by_period)}"
        )
        when = "2025-03" if by_period else "2025-03-15"
        plan = "\n".join(
            r[0] for r in conn.exec_driver_sql(f"EXPLAIN EXECUTE q ('acme', 'Dept 7', 'Sub 2', '{when}')")
        )
    assert "uq_budgets_customer_key" in plan and "Seq Scan on budgets" not in plan, plan


def test_every_budget_row_of_a_check_reads_its_own_customers_registry_row(seeded):
    """The registry columns come once per check (`check_query.merged` puts them on each budget row): a
    by-date check summing several rows sees the asked customer's sync time, never another customer's."""
    hourly = {"type": "local", "path": "x"}
    upsert_customers(
        seeded,
        [
            CustomerConfig("acme", "Acme", hourly, sync_frequency="hourly"),
            CustomerConfig("globex", "Globex", hourly, sync_frequency="hourly"),
        ],
    )
    acme_synced = datetime.now(UTC) - timedelta(minutes=5)
    set_sync_status(seeded, "acme", "success", synced_at=acme_synced)
    import_budgets(seeded, "globex", [budget("Marketing", "FY2025", "5.00")])
    set_sync_status(seeded, "globex", "success", synced_at=datetime.now(UTC) - timedelta(days=3))
    result = check_budget(seeded, "acme", "Marketing", 1, on_date=date(2025, 3, 4))
    assert result.status == "approved" and result.stale is False
    assert abs(result.last_synced_at - acme_synced) < timedelta(seconds=1)
    assert check_budget(seeded, "globex", "Marketing", 1, on_date=date(2025, 3, 4)).stale is True
    assert check_budget(seeded, "initech", "Marketing", 1, on_date=date(2025, 3, 4)).status == "no_budget"


@pytest.mark.postgres
def test_the_check_statement_sends_the_registry_columns_once_not_per_budget_row(pg_engine):
    from budget_sync.store.check_query import check_sql

    from .conftest import grid

    import_budgets(pg_engine, "acme", grid(2, 3, 12))
    upsert_customers(pg_engine, [CustomerConfig("acme", "Acme", {"type": "local", "path": "x"})])
    with pg_engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute(f"PREPARE q (text, text, text, text) AS {check_sql('postgresql', False, True)}")
        cursor.execute("EXECUTE q ('acme', 'Dept 1', '', '2025-03')")
        rows = cursor.fetchall()
    registry = [row for row in rows if row[0] is None]
    assert len(rows) == 4 and len(registry) == 1, rows  # three sub-categories and the registry row
    assert all(row[6] is None and row[7] is None for row in rows if row[0] is not None)
