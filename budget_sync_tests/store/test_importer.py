"""Counts, audit rows, idempotence and rejections of import_budgets, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.errors import ImportRejected
from budget_sync.store.importer import import_budgets

from .conftest import active_budgets, audit_actions, budget, grid, rows


def test_first_import_creates_everything_with_one_audit_row_each(engine):
    result = import_budgets(engine, "acme", grid(3, 2, 2), source="sftp", source_ref="fy25.xlsx")
    assert (result.total, result.created, result.updated, result.unchanged, result.removed) == (
        12,
        12,
        0,
        0,
        0,
    )
    assert audit_actions(engine, sync_id=result.sync_id) == ["SYNC_CREATE"] * 12
    changed_by, reason = rows(engine, "SELECT DISTINCT changed_by, reason FROM budget_audit_log")[0]
    assert changed_by == "system_sync"
    assert reason == "sync from sftp (fy25.xlsx)"


def test_running_the_same_import_again_changes_nothing_and_writes_no_audit(engine):
    budgets = grid(3, 2, 2)
    import_budgets(engine, "acme", budgets)
    before = rows(engine, "SELECT * FROM budgets ORDER BY id")
    again = import_budgets(engine, "acme", budgets)
    assert (again.created, again.updated, again.unchanged, again.removed, again.restored) == (0, 0, 12, 0, 0)
    assert rows(engine, "SELECT * FROM budgets ORDER BY id") == before
    assert audit_actions(engine, sync_id=again.sync_id) == []


def test_changed_amount_and_changed_currency_are_updates_with_old_and_new_values(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "100"), budget("IT", "FY2025", "50")])
    result = import_budgets(
        engine, "acme", [budget("Ops", "FY2025", "100.01"), budget("IT", "FY2025", "50", currency="EUR")]
    )
    assert (result.updated, result.unchanged) == (2, 0)
    assert active_budgets(engine) == {
        ("Ops", "", "FY2025"): (Decimal("100.01"), "USD"),
        ("IT", "", "FY2025"): (Decimal("50.00"), "EUR"),
    }
    audit = rows(
        engine,
        "SELECT b.department, a.action, a.old_value, a.new_value FROM budget_audit_log a "
        "JOIN budgets b ON b.id = a.budget_id WHERE a.sync_id = :s",
        s=result.sync_id,
    )
    values = {dept: (action, _json(old), _json(new)) for dept, action, old, new in audit}
    assert values["Ops"] == (
        "SYNC_UPDATE",
        {"budgeted_amount": "100.00", "currency": "USD"},
        {"budgeted_amount": "100.01", "currency": "USD"},
    )
    assert values["IT"][2] == {"budgeted_amount": "50.00", "currency": "EUR"}


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_same_amount_written_differently_is_unchanged(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "100")])
    result = import_budgets(
        engine, "acme", [{"department": "Ops", "fiscal_period": "FY2025", "budgeted_amount": "100.000"}]
    )
    assert (result.updated, result.unchanged) == (0, 1)


def test_names_are_trimmed_and_collapsed_but_keep_their_case(engine):
    import_budgets(engine, "acme", [budget("  Field   Marketing ", "FY2025", "1", sub=" Events  Q1")])
    assert list(active_budgets(engine)) == [("Field Marketing", "Events Q1", "FY2025")]
    again = import_budgets(engine, "acme", [budget("Field Marketing", "FY2025", "1", sub="Events Q1")])
    assert again.unchanged == 1
    other = import_budgets(engine, "acme", [budget("field marketing", "FY2025", "1")], full_export=False)
    assert other.created == 1


def test_period_dates_follow_the_customers_fiscal_year(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025-Q1", "1")], fiscal_year_start_month=4)
    start, end = rows(engine, "SELECT CAST(period_start AS TEXT), CAST(period_end AS TEXT) FROM budgets")[0]
    assert (start, end) == ("2024-04-01", "2024-06-30")


def test_a_changed_fiscal_year_start_moves_the_period_dates_of_unchanged_amounts(engine):
    from datetime import date

    from budget_sync.store.check import check_budget

    items = [budget("Ops", "FY2025", "10"), budget("Ops", "FY2025-Q1", "5"), budget("Ops", "2025-01", "1")]
    import_budgets(engine, "acme", items)
    assert check_budget(engine, "acme", "Ops", 1, on_date=date(2024, 5, 1)).status == "no_budget"
    moved = import_budgets(engine, "acme", items, fiscal_year_start_month=4)
    assert (moved.updated, moved.unchanged, moved.created) == (2, 1, 0)  # the month's dates do not move
    dates = rows(
        engine,
        "SELECT fiscal_period, CAST(period_start AS TEXT), CAST(period_end AS TEXT) FROM budgets "
        "ORDER BY fiscal_period",
    )
    assert dates == [
        ("2025-01", "2025-01-01", "2025-01-31"),
        ("FY2025", "2024-04-01", "2025-03-31"),
        ("FY2025-Q1", "2024-04-01", "2024-06-30"),
    ]
    audit = rows(
        engine,
        "SELECT b.fiscal_period, a.action, a.old_value, a.new_value FROM budget_audit_log a "
        "JOIN budgets b ON b.id = a.budget_id WHERE a.sync_id = :s",
        s=moved.sync_id,
    )
    values = {period: (action, _json(old), _json(new)) for period, action, old, new in audit}
    assert values["FY2025"] == (
        "SYNC_UPDATE",
        {
            "budgeted_amount": "10.00",
            "currency": "USD",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
        {
            "budgeted_amount": "10.00",
            "currency": "USD",
            "period_start": "2024-04-01",
            "period_end": "2025-03-31",
        },
    )
    found = check_budget(engine, "acme", "Ops", 1, on_date=date(2024, 5, 1))
    assert (found.status, found.fiscal_period) == ("approved", "FY2025-Q1")
    again = import_budgets(engine, "acme", items, fiscal_year_start_month=4)
    assert (again.updated, again.unchanged) == (0, 3) and audit_actions(engine, sync_id=again.sync_id) == []


def test_bad_rows_are_rejected_with_reasons_and_good_rows_still_land(engine):
    items = [
        {"department": "Ops", "fiscal_period": "FY2025", "budgeted_amount": "10", "row": 2},
        {"department": "", "fiscal_period": "FY2025", "budgeted_amount": "10", "row": 3},
        {"department": "Ops", "fiscal_period": "", "budgeted_amount": "10", "row": 4},
        {"department": "IT", "fiscal_period": "Jan 2025", "budgeted_amount": "10", "row": 5},
        {"department": "IT", "fiscal_period": "FY2025", "budgeted_amount": "ten", "row": 6},
        {"department": "HR", "fiscal_period": "FY2025", "budgeted_amount": 10.5, "row": 7},
        {
            "department": "HR",
            "fiscal_period": "2025-01",
            "budgeted_amount": "1",
            "currency": "Dollars",
            "row": 8,
        },
        {"department": "Legal", "fiscal_period": "FY2025", "budgeted_amount": "5", "row": 9},
        {"department": "Legal", "fiscal_period": "FY2025", "budgeted_amount": "6", "row": 10},
        {"department": "Sales", "fiscal_period": "FY2025", "budgeted_amount": "7", "row": 11},
        {"department": "Sales", "fiscal_period": "FY2025", "budgeted_amount": "7.00", "row": 12},
    ]
    result = import_budgets(engine, "acme", items)
    reasons = {r.row: r.reason for r in result.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "department is missing" in reasons[3]
    assert "fiscal period is missing" in reasons[4]
    assert "'Jan 2025' is not canonical" in reasons[5]
    assert "'ten' is not a number" in reasons[6]
    assert "float" in reasons[7]
    assert "ISO 4217" in reasons[8]
    assert "appears 2 times with different values" in reasons[9] and "5.00 USD, 6.00 USD" in reasons[10]
    assert result.rejected == 8
    assert set(active_budgets(engine)) == {("Ops", "", "FY2025"), ("Sales", "", "FY2025")}
    assert (result.total, result.created) == (2, 2)


def test_strict_mode_refuses_the_whole_import_and_writes_nothing(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "1")])
    before = rows(engine, "SELECT * FROM budgets"), rows(engine, "SELECT * FROM budget_audit_log")
    items = [
        budget("Ops", "FY2025", "2"),
        {"department": "IT", "fiscal_period": "FY2025", "budgeted_amount": "x"},
    ]
    with pytest.raises(ImportRejected, match="acme.*1 row\\(s\\) rejected.*'x' is not a number"):
        import_budgets(engine, "acme", items, strict=True)
    assert (rows(engine, "SELECT * FROM budgets"), rows(engine, "SELECT * FROM budget_audit_log")) == before


def test_dry_run_counts_like_a_real_run_and_leaves_everything_as_it_was(engine):
    import_budgets(engine, "acme", grid(2, 1, 3))
    before = rows(engine, "SELECT * FROM budgets ORDER BY id"), rows(engine, "SELECT * FROM budget_audit_log")
    changed = (
        grid(2, 1, 2)[1:3] + [budget("New", "2025-01", "5")] + [budget("Dept 0", "2025-01", "1", "Sub 0")]
    )
    dry = import_budgets(engine, "acme", changed, dry_run=True)
    assert (
        rows(engine, "SELECT * FROM budgets ORDER BY id"),
        rows(engine, "SELECT * FROM budget_audit_log"),
    ) == before
    real = import_budgets(engine, "acme", changed)
    assert dry.dry_run and not real.dry_run
    counts = ("total", "created", "updated", "unchanged", "removed", "restored")
    assert [getattr(dry, c) for c in counts] == [getattr(real, c) for c in counts] == [4, 1, 1, 2, 1, 0]


def test_a_caller_connection_keeps_control_of_the_transaction(engine):
    with engine.connect() as conn:
        conn.begin()
        import_budgets(conn, "acme", [budget("Ops", "FY2025", "1")])
        conn.rollback()
    assert active_budgets(engine) == {}
    with engine.connect() as conn, conn.begin():
        import_budgets(conn, "acme", [budget("Ops", "FY2025", "1")])
    assert list(active_budgets(engine)) == [("Ops", "", "FY2025")]


def test_budgets_may_be_plain_mappings_without_currency_using_the_customer_default(engine):
    from budget_sync.config import CustomerConfig
    from budget_sync.store.customers import upsert_customers

    upsert_customers(
        engine, [CustomerConfig("acme", "Acme", {"type": "local", "path": "x"}, default_currency="EUR")]
    )
    import_budgets(
        engine,
        "acme",
        [{"department": "Ops", "sub_category": None, "fiscal_period": "FY2025", "budgeted_amount": 3}],
    )
    assert active_budgets(engine) == {("Ops", "", "FY2025"): (Decimal("3.00"), "EUR")}


def test_names_and_references_with_special_characters_round_trip(engine):
    odd = ["Back\\slash", "Quote \"dq\" 'sq'", "Comma, semi; pipe|", "\\N", "Ünïcödé €", "Tab\\t literal"]
    refs = ["file.csv!A1", "line\nbreak\tand tab\\", None, "\\N", "", "r\r"]
    items = [
        budget(name, "FY2025", str(i + 1), sub=name, ref=ref)
        for i, (name, ref) in enumerate(zip(odd, refs, strict=True))
    ]
    result = import_budgets(engine, "acme", items)
    assert result.created == len(odd)
    stored = rows(engine, "SELECT department, sub_category, source_ref FROM budgets ORDER BY budgeted_amount")
    assert stored == [(name, name, ref or None) for name, ref in zip(odd, refs, strict=True)]
    assert import_budgets(engine, "acme", items).unchanged == len(odd)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"customer_id": ""}, "customer id"),
        ({"customer_id": "x" * 101}, "customer id"),
        ({"source": ""}, "source"),
        ({"sync_id": "s" * 37}, "sync_id"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(engine, kwargs, words):
    from budget_sync.errors import BudgetSyncError

    call = {"customer_id": "acme", **kwargs}
    with pytest.raises(BudgetSyncError, match=words):
        import_budgets(engine, call.pop("customer_id"), [budget("Ops", "FY2025", "1")], **call)
    assert rows(engine, "SELECT COUNT(*) FROM budgets") == [(0,)]


def test_several_imports_and_a_dry_run_in_one_caller_transaction(engine):
    with engine.connect() as conn, conn.begin():
        dry = import_budgets(conn, "acme", [budget("Ops", "FY2025", "1")], dry_run=True)
        first = import_budgets(conn, "acme", [budget("Ops", "FY2025", "1")])
        other = import_budgets(conn, "globex", [budget("Ops", "FY2025", "2")])
        again = import_budgets(conn, "acme", [budget("Ops", "FY2025", "3")])
    assert (dry.created, first.created, other.created, again.updated) == (1, 1, 1, 1)
    assert active_budgets(engine) == {("Ops", "", "FY2025"): (Decimal("3.00"), "USD")}
    assert active_budgets(engine, "globex") == {("Ops", "", "FY2025"): (Decimal("2.00"), "USD")}


def test_odd_decimals_and_overlong_names_are_rejected_not_fatal(engine):
    items = [
        budget("Ops", "FY2025", "1"),
        {"department": "IT", "fiscal_period": "FY2025", "budgeted_amount": Decimal("NaN")},
        {"department": "HR", "fiscal_period": "FY2025", "budgeted_amount": Decimal("-Infinity")},
        {"department": "Legal", "fiscal_period": "FY2025", "budgeted_amount": Decimal("0.0000001")},
        {"department": "L" * 201, "fiscal_period": "FY2025", "budgeted_amount": "1"},
        {"department": ["Ops"], "fiscal_period": "FY2025", "budgeted_amount": "1"},
    ]
    result = import_budgets(engine, "acme", items)
    reasons = [r.reason for r in result.errors]
    assert result.created == 1 and len(reasons) == 5
    assert "finite" in reasons[0] and "finite" in reasons[1] and "decimal places" in reasons[2]
    assert "longer than 200" in reasons[3] and "not text" in reasons[4]


@pytest.mark.postgres
def test_on_postgres_the_import_is_set_based_the_statement_count_does_not_grow_with_the_rows(pg_engine):
    engine = pg_engine

    def statements(budgets) -> int:
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            import_budgets(engine, "acme", budgets)
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    small, large = grid(2, 1, 2), grid(20, 10, 12)  # 4 and 2,400 budgets
    first_small, first_large = statements(small), statements(large)  # COPY + one statement either way
    changed = [
        b if i % 100 else budget(b.department, b.fiscal_period, "1", b.sub_category)
        for i, b in enumerate(large)
    ]
    resync = statements(changed)
    assert first_small == first_large and resync <= first_large + 2
    assert audit_actions(engine).count("SYNC_UPDATE") == 24


def test_create_audit_rows_name_their_own_budget_and_value_for_a_second_customer(engine):
    """Creates are audited set-based (SQLite: ids above the largest before the insert; PostgreSQL: the
    first-load statement), so a customer loaded after another must get exactly its own rows."""
    import_budgets(engine, "other", grid(2, 2, 2))
    result = import_budgets(
        engine, "acme", [budget("Ops", "FY2025", "100"), budget("IT", "2025-01", "0.125")]
    )
    audit = rows(
        engine,
        "SELECT b.customer_id, b.department, a.customer_id, a.action, a.old_value, a.new_value "
        "FROM budget_audit_log a JOIN budgets b ON b.id = a.budget_id WHERE a.sync_id = :s",
        s=result.sync_id,
    )
    assert sorted((c, d, ac, action, old, _json(new)) for c, d, ac, action, old, new in audit) == [
        ("acme", "IT", "acme", "SYNC_CREATE", None, {"budgeted_amount": "0.125", "currency": "USD"}),
        ("acme", "Ops", "acme", "SYNC_CREATE", None, {"budgeted_amount": "100.00", "currency": "USD"}),
    ]
