"""The check's event-loop path on PostgreSQL (`service/pg_checks.py`) when the database drops its
connections: that check answers 503 (no traceback, SQL or parameters), the next one reconnects."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from budget_sync_tests.service.conftest import ROWS

BODY = {"customerId": "acme", "department": "Marketing", "amount": "1.00", "fiscalPeriod": "FY2025-Q1"}


@pytest.fixture
def db_url(pg_url) -> str:
    return pg_url


def test_a_dropped_connection_is_one_503_then_a_new_connection(client, register, drops, engine):
    register("acme")
    drops.write("acme", ROWS)
    assert client.post("/api/connectors/sync-now", json={"customerId": "acme"}).status_code == 200
    first = client.post("/api/budgets/check", json=BODY)
    assert first.status_code == 200 and first.json()["budgeted"] == "1500.10"
    rolled = client.post("/api/budgets/check", json={**BODY, "fiscalPeriod": "2025-02"}).json()
    assert (rolled["budgeted"], rolled["fiscalPeriod"]) == ("1500.10", "FY2025-Q1")

    with engine.connect() as conn:
        dropped = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    assert dropped >= 1
    broken = client.post("/api/budgets/check", json=BODY)
    assert broken.status_code == 503, broken.text
    assert broken.json() == {"error": "the budget database is unavailable; try again shortly"}
    again = client.post("/api/budgets/check", json=BODY)
    assert again.status_code == 200 and again.json()["budgeted"] == "1500.10"


def test_a_roll_up_reads_the_fiscal_year_start_month_from_the_database_not_the_cache(
    client, register, drops, engine
):
    """The service's roll-up runs `check_budget`'s own statement: the customer's fiscal year start month
    is read inside it, so a change is seen by the next check, not after the settings cache's refresh."""
    from budget_sync.store.check import check_budget

    register("acme")
    drops.write("acme", ROWS)
    assert client.post("/api/connectors/sync-now", json={"customerId": "acme"}).status_code == 200
    assert client.post("/api/budgets/check", json=BODY).json()["budgeted"] == "1500.10"  # customer cached
    q4 = {**BODY, "fiscalPeriod": "FY2025-Q4"}  # January start: Oct-Dec 2025, no budget
    assert client.post("/api/budgets/check", json=q4).json()["status"] == "no_budget"
    with engine.begin() as conn:  # an April start: FY2025-Q4 is Jan-Mar 2025, the stored quarter
        conn.execute(
            sa.text("UPDATE budget_sources SET fiscal_year_start_month = 4 WHERE customer_id = 'acme'")
        )
    answered = client.post("/api/budgets/check", json=q4).json()
    assert (answered["status"], answered["budgeted"]) == ("approved", "1500.10"), answered
    expected = check_budget(engine, "acme", "Marketing", "1.00", fiscal_period="FY2025-Q4")
    assert answered["budgeted"] == format(expected.budgeted, "f")
