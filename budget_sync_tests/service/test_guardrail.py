"""The over-commitment guardrail and the period roll-up, through the HTTP API on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from budget_sync.store.notifications import list_notifications
from budget_sync.store.schema import budget_utilization, budgets

Q1 = [
    ("Marketing", "Ads", "FY2025-Q1", "12000.00", "USD"),
    ("Marketing", "Events", "FY2025-Q1", "5000.00", "USD"),
]


def commit(engine, sub: str, committed: str, reserved: str, customer: str = "acme") -> None:
    """What the spend app does: commit and reserve against a budget."""
    with engine.begin() as conn:
        budget_id = conn.execute(
            sa.select(budgets.c.id).where(budgets.c.customer_id == customer, budgets.c.sub_category == sub)
        ).scalar_one()
        conn.execute(
            budget_utilization.insert().values(
                budget_id=budget_id, committed_amount=committed, reserved_amount=reserved
            )
        )


def sync(client):
    return client.post("/api/connectors/sync-now", json={"customerId": "acme"})


def test_a_sync_below_committed_is_listed_warned_and_shown(client, register, drops, engine):
    register("acme")
    drops.write("acme", Q1)
    sync(client)
    commit(engine, "Ads", "8000.00", "2000.00")
    drops.write("acme", [("Marketing", "Ads", "FY2025-Q1", "9000.00", "USD"), Q1[1]])
    result = sync(client).json()
    assert result["success"] is True
    assert result["overcommitted"] == [
        {
            "department": "Marketing",
            "subCategory": "Ads",
            "fiscalPeriod": "FY2025-Q1",
            "currency": "USD",
            "budgeted": "9000.00",
            "committed": "8000.00",
            "reserved": "2000.00",
            "shortfall": "1000.00",
        }
    ]
    status = client.get("/api/sync/status", params={"customerId": "acme"}).json()
    assert [o["subCategory"] for o in status["overcommitted"]] == ["Ads"]
    notes = list_notifications(engine, "acme")
    assert notes[0]["level"] == "warning" and "Marketing / Ads FY2025-Q1" in notes[0]["body"]

    # a department-level check sums Ads (-1000) and Events (5000) but must not approve
    check = {"customerId": "acme", "department": "Marketing", "amount": "10.00", "fiscalPeriod": "FY2025-Q1"}
    answer = client.post("/api/budgets/check", json=check).json()
    assert answer["status"] == "over_budget" and answer["available"] == "4000.00"
    assert "'Ads'" in answer["reason"] and "over-committed" in answer["reason"]
    events = client.post("/api/budgets/check", json={**check, "subCategory": "Events"}).json()
    assert events["status"] == "approved"

    # a later unchanged-amount sync does not list it again (not this sync's doing)
    drops.write(
        "acme",
        [
            ("Marketing", "Ads", "FY2025-Q1", "9000.00", "USD"),
            ("Marketing", "Events", "FY2025-Q1", "5100.00", "USD"),
        ],
    )
    assert sync(client).json()["overcommitted"] == []


def test_block_overcommit_refuses_the_sync_and_keeps_the_budget(client, register, drops, engine):
    register("acme", block_overcommit=True)
    drops.write("acme", Q1)
    sync(client)
    commit(engine, "Ads", "8000.00", "2000.00")
    drops.write("acme", [("Marketing", "Ads", "FY2025-Q1", "9000.00", "USD"), Q1[1]])
    response = sync(client)
    assert response.status_code == 502
    result = response.json()
    assert (
        result["success"] is False
        and "block_overcommit" in result["error"]
        and "Marketing / Ads" in result["error"]
    )
    check = {
        "customerId": "acme",
        "department": "Marketing",
        "subCategory": "Ads",
        "amount": "1.00",
        "fiscalPeriod": "FY2025-Q1",
    }
    assert client.post("/api/budgets/check", json=check).json()["budgeted"] == "12000.00"
    assert client.get("/api/sync/status", params={"customerId": "acme"}).json()["status"] == "failing"


MONTHS = [("Travel", "", f"2025-{m:02d}", "100.00", "USD") for m in range(1, 13)]
QUARTERS = [("Cloud", "", f"FY2025-Q{q}", "1000.00", "USD") for q in range(1, 5)]


def test_roll_up_sums_a_year_and_uses_the_quarter_for_a_month(client, register, drops):
    register("acme")
    drops.write("acme", MONTHS + QUARTERS + [("Cloud", "", "2025-02", "50.00", "USD")])
    assert sync(client).json()["success"] is True

    def check(department, period, amount="1.00", **extra):
        body = {"customerId": "acme", "department": department, "amount": amount, "fiscalPeriod": period}
        return client.post("/api/budgets/check", json={**body, **extra}).json()

    year = check("Travel", "FY2025")
    assert (year["status"], year["budgeted"], year["fiscalPeriod"]) == ("approved", "1200.00", "FY2025")
    assert check("Travel", "FY2025", "1200.01")["status"] == "over_budget"
    assert check("Travel", "FY2025", subCategory="Flights")["budgeted"] == "1200.00"  # department level
    quarter = check("Travel", "FY2025-Q2")
    assert quarter["budgeted"] == "300.00"
    # Cloud: quarters plus one month inside Q1; the month is counted once, inside its quarter
    assert check("Cloud", "FY2025")["budgeted"] == "4000.00"
    assert check("Cloud", "2025-02")["budgeted"] == "50.00"  # its own budget
    march = check("Cloud", "2025-03")
    assert (march["budgeted"], march["fiscalPeriod"]) == ("1000.00", "FY2025-Q1")
    assert "FY2025-Q1" in march["reason"]
    assert check("Cloud", "FY2026")["status"] == "no_budget"
