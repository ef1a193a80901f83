"""Soft removal stays inside the fiscal periods an export covers; budgets that come back are restored."""

from decimal import Decimal

from budget_sync.store.importer import import_budgets

from .conftest import active_budgets, audit_actions, budget, rows


def test_missing_budgets_are_soft_removed_only_in_the_periods_the_export_covers(engine):
    import_budgets(
        engine,
        "acme",
        [
            budget("Ops", "2025-01", "1"),
            budget("IT", "2025-01", "2"),
            budget("Ops", "2025-02", "3"),
            budget("Ops", "FY2024", "4"),
        ],
    )
    result = import_budgets(engine, "acme", [budget("Ops", "2025-01", "1"), budget("Ops", "2025-02", "3")])
    assert (result.removed, result.unchanged) == (1, 2)
    assert set(active_budgets(engine)) == {
        ("Ops", "", "2025-01"),
        ("Ops", "", "2025-02"),
        ("Ops", "", "FY2024"),
    }
    assert rows(engine, "SELECT COUNT(*) FROM budgets")[0][0] == 4  # nothing hard-deleted
    audit = rows(
        engine,
        "SELECT action, old_value, new_value FROM budget_audit_log WHERE sync_id = :s",
        s=result.sync_id,
    )
    assert [a[0] for a in audit] == ["SYNC_REMOVE"] and audit[0][2] is None


def test_a_budget_that_comes_back_is_restored_with_its_new_amount(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10")])
    back = import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "25")])
    assert (back.restored, back.created, back.updated, back.unchanged, back.total) == (1, 0, 0, 1, 2)
    assert active_budgets(engine)[("IT", "", "FY2025")] == (Decimal("25.00"), "USD")
    assert audit_actions(engine, sync_id=back.sync_id) == ["SYNC_RESTORE"]
    assert rows(engine, "SELECT COUNT(*) FROM budgets WHERE removed_from_source_at IS NOT NULL")[0][0] == 0


def test_an_unchanged_restore_still_counts_and_is_audited(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10")])
    back = import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    assert back.restored == 1
    again = import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    assert (again.restored, again.unchanged) == (0, 2)


def test_a_partial_export_never_removes(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    result = import_budgets(engine, "acme", [budget("Ops", "FY2025", "11")], full_export=False)
    assert (result.updated, result.removed) == (1, 0)
    assert len(active_budgets(engine)) == 2


def test_a_budget_whose_row_was_rejected_is_not_removed(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20")])
    items = [
        budget("Ops", "FY2025", "10"),
        {"department": "IT", "fiscal_period": "FY2025", "budgeted_amount": "twenty"},
    ]
    result = import_budgets(engine, "acme", items)
    assert (result.removed, result.rejected) == (0, 1)
    assert active_budgets(engine)[("IT", "", "FY2025")] == (Decimal("20.00"), "USD")


def test_an_export_with_no_accepted_rows_removes_nothing(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10")])
    result = import_budgets(engine, "acme", [])
    assert (result.total, result.removed) == (0, 0)
    assert len(active_budgets(engine)) == 1


def test_the_availability_view_leaves_out_soft_removed_budgets(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "10"), budget("IT", "FY2025", "20", sub="Cloud")])
    import_budgets(engine, "acme", [budget("IT", "FY2025", "20", sub="Cloud")])
    view = rows(
        engine, "SELECT department, sub_category, fiscal_period, currency, budgeted FROM budget_availability"
    )
    assert [(d, s, p, c, Decimal(str(b))) for d, s, p, c, b in view] == [
        ("IT", "Cloud", "FY2025", "USD", Decimal("20.00"))
    ]
