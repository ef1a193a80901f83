"""`budget-sync history CUSTOMER` and `budget-sync notifications`: read from the store every path writes."""

from __future__ import annotations

from datetime import datetime

from budget_sync.store.db import ready_engine
from budget_sync.store.notifications import add_notification
from budget_sync_tests.cli.conftest import ROWS


def broken(drops):
    path = drops.root / "acme" / "c.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("just one line of prose, no table at all\n")
    drops.touch_later(path)
    return path


def test_history_lists_syncs_newest_first_with_errors_and_retries(cli, customers_file, drops):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    cli("sync", "acme")
    bad = broken(drops)
    assert cli("sync", "acme")[0] == 1
    bad.unlink()
    cli("sync", "acme", "--force")

    code, data = cli.json("history", "acme")

    assert code == 0 and data["customerId"] == "acme"
    assert [s["status"] for s in data["syncs"]] == ["success", "failed", "success"]
    retry, failed, first = data["syncs"]
    assert first["budgetsCreated"] == 5 and first["error"] is None and first["retriedAt"] is None
    assert "c.csv" in failed["error"] and failed["retriedAt"] == retry["startedAt"]
    assert datetime.fromisoformat(failed["retriedAt"]) >= datetime.fromisoformat(failed["startedAt"])
    code, out, _ = cli("history", "acme")
    assert code == 0 and out.count("success") == 2 and "failed" in out
    assert "error: " in out and "c.csv" in out and "retried at" in out


def test_history_says_when_a_failure_was_not_retried_yet(cli, customers_file, drops):
    cli("sources", "apply", customers_file("acme"))
    broken(drops)
    cli("sync", "acme")

    code, out, _ = cli("history", "acme")

    assert code == 0 and "failed" in out and "not retried yet" in out
    assert cli.json("history", "acme")[1]["syncs"][0]["retriedAt"] is None


def test_history_of_nobody_and_of_a_customer_never_synced(cli, customers_file):
    cli("sources", "apply", customers_file("acme"))

    assert cli("history", "acme")[1].strip() == "acme: no syncs yet"
    code, _, err = cli("history", "nobody")
    assert code == 2 and "not registered" in err


def test_notifications_list_filter_and_mark_read(cli, customers_file, sqlite_url):
    cli("sources", "apply", customers_file("acme", "globex"))
    engine = ready_engine(sqlite_url)
    first = add_notification(engine, "acme", "error", "Sync failed", "The file c.csv has no table.")
    add_notification(engine, "globex", "warning", "Over-committed", "Marketing is below its commitments.")

    code, data = cli.json("notifications")
    assert code == 0 and [n["customerId"] for n in data["notifications"]] == ["globex", "acme"]
    code, only = cli.json("notifications", "acme")
    [note] = only["notifications"]
    assert (note["id"], note["level"], note["readAt"]) == (first, "error", None)
    code, out, _ = cli("notifications", "acme")
    assert f"#{first}" in out and "ERROR (unread): Sync failed" in out and "c.csv has no table" in out

    code, marked = cli.json("notifications", "--mark-read", str(first))
    assert code == 0 and marked["readAt"] is not None
    assert cli.json("notifications", "acme", "--unread")[1]["notifications"] == []
    assert "(read)" in cli("notifications", "acme")[1]
    assert cli("notifications", "--mark-read", "999")[0] == 2
    assert cli("notifications", "globex", "--mark-read", str(first))[0] == 2  # not globex's
    assert cli("notifications", "nobody")[0] == 2
    assert cli("notifications", "--unread")[1].count("unread") == 1
