"""Resources: the budget database and the default alert channels. Secrets only come from env vars."""

import os

import dagster as dg
from pydantic import PrivateAttr


class BudgetDatabase(dg.ConfigurableResource):
    """The budget database. `url` empty means the settings default (BUDGET_SYNC_DATABASE_URL, else SQLite
    under BUDGET_SYNC_HOME). The engine is created, and migrated to head, once per process."""

    url: str = ""
    _engine = PrivateAttr(default=None)

    @property
    def engine(self):
        if self._engine is None:
            from budget_sync.store.db import ready_engine

            self._engine = ready_engine(self.url or None)
        return self._engine


class AlertDefaults(dg.ConfigurableResource):
    """Deployment-wide alert channels, used when a customer's `notify:` block does not name its own.

    The Slack webhook URL is a secret: pass it as EnvVar("BUDGET_SYNC_SLACK_WEBHOOK_URL").
    """

    slack_webhook_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_to: str = ""


def env_or_empty(name: str):
    """EnvVar when the variable is set (so its value never sits in config or the UI), else empty."""
    return dg.EnvVar(name) if os.environ.get(name) else ""


def default_resources() -> dict:
    return {
        "budget_db": BudgetDatabase(url=env_or_empty("BUDGET_SYNC_DATABASE_URL")),
        "alert_defaults": AlertDefaults(
            slack_webhook_url=env_or_empty("BUDGET_SYNC_SLACK_WEBHOOK_URL"),
            smtp_host=os.environ.get("BUDGET_SYNC_SMTP_HOST", ""),
            smtp_port=int(os.environ.get("BUDGET_SYNC_SMTP_PORT", "25")),
            smtp_user=os.environ.get("BUDGET_SYNC_SMTP_USER", ""),
            smtp_password=env_or_empty("BUDGET_SYNC_SMTP_PASSWORD"),
            smtp_from=os.environ.get("BUDGET_SYNC_SMTP_FROM", ""),
            smtp_to=os.environ.get("BUDGET_SYNC_SMTP_TO", ""),
        ),
    }
