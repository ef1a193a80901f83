"""The HTTP layer under gspread: the shared retry policy (`http_retry`) and an optional API base URL (a
proxy or a local test server).

gspread's own BackOffHTTPClient retries 429s forever; this client lets urllib3 retry within the policy's
bounds and raises `RetriesExhausted` for what is left (429/5xx, unreachable), which the connector turns
into a clear, retryable SourceError.
"""

from __future__ import annotations

import logging

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from requests.adapters import HTTPAdapter

from budget_sync.sources.http_retry import RETRY_STATUSES, RetryPolicy, attempts

log = logging.getLogger(__name__)

GOOGLE_API_BASE = "https://sheets.googleapis.com"
REQUEST_TIMEOUT = (10, 60)


class RetriesExhausted(Exception):
    """The API kept answering 429/5xx (or was unreachable) for every allowed attempt."""

    def __init__(self, attempts: int, status: int | None, detail: str):
        self.attempts = attempts
        self.status = status
        self.detail = detail
        super().__init__(f"gave up after {attempts} attempts: {detail}")


class BaseUrlAdapter(HTTPAdapter):
    """Sends requests addressed to the public Sheets API to another base URL instead (same paths), with
    the policy's retries."""

    def __init__(self, base_url: str, policy: RetryPolicy):
        super().__init__(max_retries=policy.retry())
        self.base_url = base_url.rstrip("/")

    def send(self, request, **kwargs):
        if request.url.startswith(GOOGLE_API_BASE):
            request.url = self.base_url + request.url[len(GOOGLE_API_BASE) :]
        return super().send(request, **kwargs)


class RetryingHTTPClient(HTTPClient):
    """gspread HTTP client with bounded retries honouring Retry-After, and an optional base URL."""

    def __init__(self, auth, session=None, *, policy: RetryPolicy, api_base_url: str = GOOGLE_API_BASE):
        super().__init__(auth, session)
        self.policy = policy
        self.timeout = REQUEST_TIMEOUT
        policy.mount(self.session)
        if api_base_url.rstrip("/") != GOOGLE_API_BASE:
            self.session.mount(GOOGLE_API_BASE, BaseUrlAdapter(api_base_url, policy))

    def request(self, method, endpoint, params=None, data=None, json=None, files=None, headers=None):
        try:
            response = self.session.request(
                method=method,
                url=endpoint,
                json=json,
                params=params,
                data=data,
                files=files,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.ConnectionError as exc:  # urllib3 retried connecting max_attempts times
            raise RetriesExhausted(
                self.policy.max_attempts, None, f"no answer ({type(exc).__name__})"
            ) from None
        except requests.Timeout as exc:  # a read timeout is not retried here (see http_retry)
            raise RetriesExhausted(1, None, f"no answer ({type(exc).__name__})") from None
        if response.ok:
            return response
        if response.status_code not in RETRY_STATUSES:
            raise APIError(response)
        tries = attempts(response)
        log.warning("Google Sheets API answered %d after %d attempts", response.status_code, tries)
        raise RetriesExhausted(tries, response.status_code, f"HTTP {response.status_code}")
