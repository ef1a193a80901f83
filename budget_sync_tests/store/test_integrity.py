"""All or nothing, the spend app's utilization left alone, and customers kept apart."""

import pytest
import sqlalchemy as sa

from budget_sync.store.importer import import_budgets

from .conftest import budget, grid, table_text

# (table, condition): a failure on a budget insert, or on the very last write (the removal's audit row).
FAILURE_POINTS = {
    "budget insert": ("budgets", "NEW.department = 'Boom'"),
    "audit of a removal": ("budget_audit_log", "NEW.action = 'SYNC_REMOVE'"),
}


def _inject_failure(engine, table: str, condition: str) -> None:
    if engine.dialect.name == "sqlite":
        statements = [
            f"CREATE TRIGGER boom BEFORE INSERT ON {table} WHEN {condition} "
            "BEGIN SELECT RAISE(ABORT, 'boom: injected failure'); END"
        ]
    else:
        statements = [
            "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
            f"IF {condition} THEN RAISE EXCEPTION 'boom: injected failure'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER boom BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION boom()",
        ]
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.mark.parametrize("point", FAILURE_POINTS)
def test_a_failure_mid_import_leaves_budgets_and_audit_log_unchanged(engine, point):
    import_budgets(engine, "acme", grid(3, 2, 2))
    _inject_failure(engine, *FAILURE_POINTS[point])
    before = table_text(engine, "budgets"), table_text(engine, "budget_audit_log")
    # An update, two removals and creations: the failure strikes on one of the writes.
    changed = (
        [budget("Dept 0", "2025-01", "999", "Sub 0")] + grid(3, 2, 2)[3:] + [budget("Aaa", "2025-01", "1")]
    )
    with pytest.raises(sa.exc.DBAPIError, match="boom: injected failure"):
        import_budgets(
            engine, "acme", changed + [budget("Boom", "2025-01", "1"), budget("Zzz", "2025-01", "1")]
        )
    assert (table_text(engine, "budgets"), table_text(engine, "budget_audit_log")) == before


def test_the_spend_apps_utilization_is_never_touched(engine):
    import_budgets(engine, "acme", grid(2, 2, 3))
    with engine.begin() as conn:
        ids = conn.execute(sa.text("SELECT id FROM budgets ORDER BY id")).scalars().all()
        conn.execute(
            sa.text(
                "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount, updated_at) "
                "VALUES (:b, :c, :r, :t)"
            ),
            [
                {"b": b, "c": f"{b}123456789.01", "r": f"0.{b:02d}", "t": "2024-12-31 23:59:59.123456+00:00"}
                for b in ids
            ],
        )
    before = table_text(engine, "budget_utilization")
    changed = (
        [budget("Dept 0", "2025-01", "1", "Sub 0")] + grid(2, 2, 3)[1:-2] + [budget("New", "2025-02", "9")]
    )
    result = import_budgets(engine, "acme", changed)
    assert result.updated == 1 and result.removed == 2 and result.created == 1
    import_budgets(engine, "acme", grid(2, 2, 3))  # restore
    assert table_text(engine, "budget_utilization") == before


def test_a_sync_of_one_customer_leaves_other_customers_rows_byte_identical(engine):
    import_budgets(engine, "globex", grid(2, 2, 2))
    import_budgets(engine, "acme", grid(2, 2, 2))
    where = "WHERE customer_id = :c"
    before = [table_text(engine, t, where, c="globex") for t in ("budgets", "budget_audit_log")]
    result = import_budgets(engine, "acme", [budget("Dept 0", "2025-01", "5", "Sub 0")])
    assert result.removed == 3 and result.updated == 1  # 2025-01 in scope for acme only
    import_budgets(engine, "acme", grid(3, 2, 3, amount="7"))
    after = [table_text(engine, t, where, c="globex") for t in ("budgets", "budget_audit_log")]
    assert after == before
