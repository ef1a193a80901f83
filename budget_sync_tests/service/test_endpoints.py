"""Every endpoint over HTTP against the real app on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from budget_sync.store.notifications import add_notification
from budget_sync_tests.service.conftest import ROWS


def test_healthz_needs_no_token(as_token):
    response = as_token(None).get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_openapi_document_lists_every_route(as_token):
    doc = as_token(None).get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/api/connectors/sync-now",
        "/api/sync/status",
        "/api/sync/history",
        "/api/budgets/check",
        "/api/notifications",
        "/api/notifications/{id}/read",
        "/customers/{customerId}",
    ):
        assert path in doc["paths"]


def test_sync_now_imports_and_status_history_report_it(client, register, drops):
    register("acme")
    assert client.get("/api/sync/status", params={"customerId": "acme"}).json()["status"] == "never_synced"
    drops.write("acme", ROWS)
    response = client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["success"] is True and result["budgetsImported"] == 3 and result["budgetsCreated"] == 3
    assert result["customerId"] == "acme" and result["syncId"] and result["lastSyncedAt"]
    assert result["overcommitted"] == []

    status = client.get("/api/sync/status", params={"customerId": "acme"}).json()
    assert status["status"] == "synced" and status["lastSyncedAt"] == result["lastSyncedAt"]
    assert status["counts"]["budgetsImported"] == 3 and status["syncFrequency"] == "manual"
    assert status["nextSyncAt"] is None and status["lastError"] is None

    syncs = client.get("/api/sync/history", params={"customerId": "acme", "limit": 5}).json()["syncs"]
    assert [(s["syncId"], s["status"], s["trigger"], s["budgetsCreated"]) for s in syncs] == [
        (result["syncId"], "success", "api", 3)
    ]


def test_failed_sync_is_a_failure_everywhere(client, register, drops):
    register("acme")
    drops.write("acme", ROWS)
    good = client.post("/api/connectors/sync-now", json={"customerId": "acme"}).json()
    (drops.root / "acme" / "budget.csv").write_text("this is not a budget\n\x00\x01", encoding="utf-8")
    (drops.root / "acme" / "budget.csv").touch()
    response = client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    assert response.status_code == 502
    result = response.json()
    assert result["success"] is False and result["error"]
    status = client.get("/api/sync/status", params={"customerId": "acme"}).json()
    assert status["status"] == "failing" and status["lastError"] == result["error"]
    assert status["lastSyncedAt"] == good["lastSyncedAt"]  # the last good data's time
    syncs = client.get("/api/sync/history", params={"customerId": "acme"}).json()["syncs"]
    assert [s["status"] for s in syncs] == ["failed", "success"] and syncs[0]["error"] == result["error"]


def test_check_answers_with_decimal_strings(client, register, drops):
    register("acme")
    drops.write("acme", ROWS)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    body = {"customerId": "acme", "department": "Marketing", "amount": "1500.10", "fiscalPeriod": "FY2025-Q1"}
    result = client.post("/api/budgets/check", json=body).json()
    assert result["status"] == "approved" and result["budgeted"] == "1500.10"
    assert result["available"] == "1500.10" and result["committed"] == "0.00"
    assert result["currency"] == "USD" and result["servedFrom"] == "local" and result["stale"] is False
    over = client.post("/api/budgets/check", json={**body, "amount": "1500.11"}).json()
    assert over["status"] == "over_budget"
    sub = client.post("/api/budgets/check", json={**body, "subCategory": "Ads"}).json()
    assert (sub["status"], sub["budgeted"], sub["subCategory"]) == ("over_budget", "500.00", "Ads")
    on_date = client.post(
        "/api/budgets/check",
        json={"customerId": "acme", "department": "Sales", "amount": 1, "date": "2025-02-03"},
    ).json()
    assert (on_date["status"], on_date["fiscalPeriod"]) == ("approved", "FY2025-Q1")
    assert Decimal(on_date["available"]) == Decimal("500")


def test_notifications_list_and_mark_read(client, register, engine):
    register("acme", "globex")
    first = add_notification(engine, "acme", "error", "Sync failed", "the source was down")
    add_notification(engine, "acme", "info", "Synced", "3 budgets")
    other = add_notification(engine, "globex", "info", "Synced", "globex's")
    listed = client.get("/api/notifications", params={"customerId": "acme"}).json()["notifications"]
    assert [n["title"] for n in listed] == ["Synced", "Sync failed"] and all(
        n["readAt"] is None for n in listed
    )
    marked = client.post(f"/api/notifications/{first}/read")
    assert marked.status_code == 200 and marked.json()["readAt"]
    unread = client.get("/api/notifications", params={"customerId": "acme", "unread": "true"}).json()
    assert [n["title"] for n in unread["notifications"]] == ["Synced"]
    assert other not in [n["id"] for n in listed]
