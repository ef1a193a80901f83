"""Failure alerts: an in-app notification row always, email over SMTP and a Slack post when configured."""

from budget_sync.defs.alerts.message import FailureMessage
from budget_sync.defs.alerts.send import send_failure_alerts

__all__ = ["FailureMessage", "send_failure_alerts"]
