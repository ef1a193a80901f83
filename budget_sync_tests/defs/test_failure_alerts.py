"""A failed sync tells the customer's admins: in-app notification, email over real SMTP, Slack webhook."""

from __future__ import annotations

import shutil

import dagster as dg

from budget_sync.defs.sensors.run_failure import sync_failure_alerts
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget
from budget_sync_tests.defs.servers import SmtpInbox, WebhookInbox

SECRET_TOKEN = "T0KEN-s3cret-9f8e7d"


def failure_context(instance, result, resources):
    run = instance.get_run_by_id(result.run_id)
    return dg.build_run_status_sensor_context(
        sensor_name="sync_failure_alerts",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=run,
        resources=resources,
    ).for_run_failure()


def test_failed_sync_sends_email_slack_and_in_app_notification(
    tmp_path, engine, add_customers, sync, instance, resources, monkeypatch
):
    from budget_sync.store.notifications import list_notifications

    drop = tmp_path / "drop"
    write_budget(drop, "budget.csv", departments(3))
    with SmtpInbox() as smtp, WebhookInbox() as slack:
        monkeypatch.setenv("ACME_SLACK_WEBHOOK", f"{slack.url}/services/{SECRET_TOKEN}")
        notify = {
            "email_to": "finance-ops@acme.test",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_from": "budget-sync@acme.test",
            "slack_webhook_env": "ACME_SLACK_WEBHOOK",
        }
        add_customers(local_customer("acme", drop, "every_4_hours", notify=notify))
        assert sync("acme").success
        shutil.rmtree(drop)  # the drop folder disappears: a settings problem, not worth retrying

        failed = sync("acme")
        assert not failed.success
        sync_failure_alerts(failure_context(instance, failed, resources))

        assert len(smtp.messages) == 1 and len(slack.posts) == 1
    email = smtp.messages[0]
    body = email.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert email["Subject"] == "Budget sync failed for Acme Corp"
    assert email["To"] == "finance-ops@acme.test"
    assert "We couldn't sync the budget of Acme Corp (acme) from the drop folder." in body
    assert "does not exist" in body and str(drop) in body
    assert "budget checks keep using the data last synced just now" in body
    assert "Next automatic attempt: in 15 minutes" in body
    slack_text = slack.posts[0]["json"]["text"]
    assert slack_text.startswith("*Budget sync failed for Acme Corp*") and "in 15 minutes" in slack_text
    notes = list_notifications(engine, "acme")
    assert notes[0]["level"] == "error" and notes[0]["body"] == body.rstrip("\n")
    for text in (body, slack_text, notes[0]["body"]):
        assert SECRET_TOKEN not in text


def test_never_synced_customer_without_channels_gets_an_in_app_notification(
    tmp_path, engine, add_customers, sync, instance, resources
):
    from budget_sync.store.notifications import list_notifications

    add_customers(local_customer("globex", tmp_path / "missing", "manual"))
    failed = sync("globex")
    assert not failed.success

    sync_failure_alerts(failure_context(instance, failed, resources))

    body = list_notifications(engine, "globex")[0]["body"]
    assert "No budget has been synced for this customer yet" in body
    assert "Next automatic attempt: in 15 minutes" in body


def test_follow_up_run_failing_again_names_the_next_scheduled_sync(
    tmp_path, engine, add_customers, sync, instance, resources
):
    from budget_sync.store.notifications import list_notifications

    add_customers(local_customer("acme", tmp_path / "missing", "every_4_hours"))
    failed = sync("acme", tags={"budget_sync/follow_up_of": "some-run"})

    sync_failure_alerts(failure_context(instance, failed, resources))

    body = list_notifications(engine, "acme")[0]["body"]
    assert "Next automatic attempt: the next scheduled sync (every 4 hours)." in body


def test_secret_values_never_reach_the_alerts_the_sync_log_or_dagster(
    tmp_path, engine, add_customers, sync, instance, resources, monkeypatch
):
    """Even when an error text carries a secret's value (here: a folder named after it), the email, the
    in-app notification, the budget_syncs row and the Dagster failure show it masked."""
    from budget_sync.store.notifications import list_notifications
    from budget_sync.store.syncs import history

    secret = "Pa55-w0rd-77c1e2"
    monkeypatch.setenv("ACME_SMTP_PASSWORD", secret)
    with SmtpInbox() as smtp:
        notify = {"email_to": "ops@acme.test", "smtp_host": "127.0.0.1", "smtp_port": smtp.port}
        notify["smtp_password_env"] = "ACME_SMTP_PASSWORD"
        add_customers(local_customer("acme", tmp_path / f"drop-{secret}", "hourly", notify=notify))

        failed = sync("acme")
        assert not failed.success
        sync_failure_alerts(failure_context(instance, failed, resources))

        assert len(smtp.messages) == 1
    body = smtp.messages[0].get_payload(decode=True).decode()
    step_failure = failed.get_step_failure_events()[0].step_failure_data.user_failure_data.description
    texts = {
        "email": body,
        "notification": list_notifications(engine, "acme")[0]["body"],
        "budget_syncs": history(engine, "acme")[0]["error"],
        "dagster": step_failure,
    }
    for where, text in texts.items():
        assert secret not in text, where
        assert "drop-***" in text and "does not exist" in text, where
