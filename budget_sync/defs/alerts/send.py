"""Send one failure message on every configured channel; one channel failing never stops the others."""

from budget_sync.defs.alerts.email import send_email, smtp_settings
from budget_sync.defs.alerts.message import FailureMessage
from budget_sync.defs.alerts.slack import post_slack, webhook_url


def send_failure_alerts(engine, customer, message: FailureMessage, defaults=None, log=None) -> list[str]:
    """Returns the channels that got the message (`in_app`, `email`, `slack`)."""
    from budget_sync.store.notifications import add_notification

    sent = []
    notify = dict(getattr(customer, "notify", None) or {}) if customer else {}
    add_notification(engine, message.customer_id, "error", message.title, message.body)
    sent.append("in_app")
    smtp = smtp_settings(notify, defaults)
    if smtp:
        try:
            send_email(smtp, message.title, message.body)
            sent.append("email")
        except Exception as exc:  # noqa: BLE001 - report the channel, not the secret-bearing settings
            if log:
                log.warning(f"{message.customer_id}: email alert not sent ({exc.__class__.__name__}: {exc})")
    url = webhook_url(notify, defaults)
    if url:
        try:
            post_slack(url, message.title, message.body)
            sent.append("slack")
        except Exception as exc:  # noqa: BLE001
            if log:
                log.warning(f"{message.customer_id}: Slack alert not sent ({exc.__class__.__name__})")
    return sent
