"""Slack incoming webhook: `notify: {slack_webhook_env: ACME_SLACK_WEBHOOK}` names the env var holding
the URL (it is a secret), else the deployment default BUDGET_SYNC_SLACK_WEBHOOK_URL."""

import os

import requests


def webhook_url(notify: dict, defaults) -> str:
    name = notify.get("slack_webhook_env")
    if name:
        return os.environ.get(name, "")
    return defaults.slack_webhook_url if defaults else ""


def post_slack(url: str, title: str, body: str, timeout: float = 10) -> None:
    response = requests.post(url, json={"text": f"*{title}*\n{body}"}, timeout=timeout)
    if response.status_code >= 400:
        # The URL is a secret: say which channel failed, never the URL.
        raise RuntimeError(f"Slack webhook answered HTTP {response.status_code}")
