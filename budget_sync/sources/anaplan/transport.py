"""One HTTP call with bounded retries on 429, 5xx and network failures (Retry-After honoured)."""

from __future__ import annotations

import logging

import requests

from budget_sync.sources.anaplan.settings import AnaplanSettings
from budget_sync.sources.http_retry import RETRY_STATUSES

log = logging.getLogger(__name__)
TIMEOUT = (10, 120)
BAD_URL = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)


def send(session: requests.Session, cfg: AnaplanSettings, method: str, url: str, what: str, **kwargs):
    """The response (any status but 429/5xx); SourceError(retryable) once every attempt has failed.

    `what` says in plain words what the call was for ("sign in", "start the export", ...).
    """
    policy = cfg.retry
    for attempt in range(1, policy.max_attempts + 1):
        last = attempt == policy.max_attempts
        try:
            response = session.request(method, url, timeout=TIMEOUT, **kwargs)
        except BAD_URL:
            raise cfg.error(
                f"the Anaplan URL {url.split('?')[0]!r} is not usable", "settings auth_url and api_url"
            ) from None
        except requests.RequestException as exc:
            if last:
                host = url.split("/")[2] if "//" in url else url
                raise cfg.error(
                    f"Anaplan could not be reached at {host} to {what} ({type(exc).__name__}, "
                    f"{attempt} attempts)",
                    "network access from the sync machine to Anaplan (and settings auth_url / api_url if set)",
                    retryable=True,
                ) from None
            waited = policy.sleep(attempt)
            log.warning(
                "anaplan %s: %s failed (%s); retry in %.1fs",
                cfg.customer_id,
                what,
                type(exc).__name__,
                waited,
            )
            continue
        if response.status_code not in RETRY_STATUSES:
            return response
        if last:
            raise cfg.error(
                f"Anaplan kept answering HTTP {response.status_code} when asked to {what}; gave up after "
                f"{attempt} attempts",
                "Anaplan's status page (status.anaplan.com) and the API rate limits; the sync will try again later",
                retryable=True,
            )
        waited = policy.sleep(attempt, response.headers.get("Retry-After"))
        log.warning(
            "anaplan %s: %s got HTTP %d; retry in %.1fs", cfg.customer_id, what, response.status_code, waited
        )
    raise AssertionError("unreachable")  # pragma: no cover


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
