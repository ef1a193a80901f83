"""sync-now turns a finished run (GraphQL answer) into the `budget-sync sync --json` keys."""

from budget_sync.cli.sync_now import result_from_run

MATERIALIZATION = {
    "assetKey": {"path": ["budget_table"]},
    "partition": "acme",
    "metadataEntries": [
        {"label": "total", "intValue": 42},
        {"label": "created", "intValue": 2},
        {"label": "updated", "intValue": 5},
        {"label": "unchanged", "intValue": 35},
        {"label": "removed", "intValue": 0},
        {"label": "rejected", "intValue": 1},
        {"label": "last_synced_at", "text": "2026-11-24T20:00:00+00:00"},
        {"label": "status", "text": "synced"},
    ],
}


def test_success_has_the_contract_keys():
    run = {"status": "SUCCESS", "assetMaterializations": [MATERIALIZATION], "eventConnection": {"events": []}}

    data = result_from_run("acme", "r1", run)

    assert data["success"] is True and data["skipped"] is False
    assert (data["budgetsImported"], data["budgetsCreated"], data["budgetsUpdated"]) == (42, 2, 5)
    assert (data["budgetsUnchanged"], data["budgetsRemoved"], data["rejected"]) == (35, 0, 1)
    assert data["lastSyncedAt"] == "2026-11-24T20:00:00+00:00"


def test_blocked_sync_reports_the_guard_reason():
    guard = "Sync of 'acme' stopped before writing: it would remove 5 budgets (50%, limit 20%)."
    events = [
        {
            "__typename": "AssetCheckEvaluationEvent",
            "evaluation": {"checkName": "sync_guard", "success": False, "description": guard},
        },
        {
            "__typename": "ExecutionStepFailureEvent",
            "error": {"message": "blocking check failed"},
            "failureMetadata": None,
        },
    ]
    run = {"status": "FAILURE", "assetMaterializations": [], "eventConnection": {"events": events}}

    data = result_from_run("acme", "r2", run)

    assert data["success"] is False and data["error"] == guard and data["budgetsImported"] == 0
