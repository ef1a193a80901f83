"""One HTTP call; the Session retries 429/503 and refused connections (`http_retry`, Retry-After honoured)."""

from __future__ import annotations

import logging

import requests

from budget_sync.sources.anaplan.settings import AnaplanSettings
from budget_sync.sources.http_retry import RETRY_STATUSES, attempts, tries_text

log = logging.getLogger(__name__)
TIMEOUT = (10, 120)
BAD_URL = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)


def send(session: requests.Session, cfg: AnaplanSettings, method: str, url: str, what: str, **kwargs):
    """The response (any status but 429/5xx); SourceError(retryable) for those and for no answer.

    `session` carries the retry policy (`cfg.retry.mount(session)`). `what` says in plain words what the
    call was for ("sign in", "start the export", ...).
    """
    try:
        response = session.request(method, url, timeout=TIMEOUT, **kwargs)
    except BAD_URL:
        raise cfg.error(
            f"the Anaplan URL {url.split('?')[0]!r} is not usable", "settings auth_url and api_url"
        ) from None
    except requests.RequestException as exc:
        host = url.split("/")[2] if "//" in url else url
        tries = cfg.retry.max_attempts if isinstance(exc, requests.ConnectionError) else 1
        raise cfg.error(
            f"Anaplan could not be reached at {host} to {what} ({type(exc).__name__}, {tries_text(tries)})",
            "network access from the sync machine to Anaplan (and settings auth_url / api_url if set)",
            retryable=True,
        ) from None
    if response.status_code not in RETRY_STATUSES:
        return response
    tries = attempts(response)
    log.warning(
        "anaplan %s: %s got HTTP %d after %d attempts", cfg.customer_id, what, response.status_code, tries
    )
    raise cfg.error(
        f"Anaplan kept answering HTTP {response.status_code} when asked to {what}; gave up after "
        f"{tries_text(tries)}",
        "Anaplan's status page (status.anaplan.com) and the API rate limits; the sync will try again later",
        retryable=True,
    )


def status_message(response) -> str:
    """The short message of an Anaplan error body ({"status": {"code", "message"}} or "statusMessage")."""
    try:
        body = response.json()
    except ValueError:
        return response.reason or ""
    if isinstance(body, dict):
        status = body.get("status")
        if isinstance(status, dict) and status.get("message"):
            return str(status["message"])[:200]
        if body.get("statusMessage"):
            return str(body["statusMessage"])[:200]
    return response.reason or ""
