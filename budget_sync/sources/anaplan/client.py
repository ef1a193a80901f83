"""Calls to the Anaplan Integration API v2 for one model, signed in, re-authenticating once on a 401."""

from __future__ import annotations

import logging

import requests

from budget_sync.sources.anaplan.auth import AnaplanAuth
from budget_sync.sources.anaplan.settings import AnaplanSettings
from budget_sync.sources.anaplan.transport import send, status_message

log = logging.getLogger(__name__)
JSON = "application/json"
BYTES = "application/octet-stream"


class AnaplanClient:
    def __init__(self, cfg: AnaplanSettings, session: requests.Session):
        self.cfg = cfg
        self.session = session
        self.auth = AnaplanAuth(cfg, session)

    def model_url(self, *parts: str) -> str:
        base = f"{self.cfg.api_url}/workspaces/{self.cfg.workspace_id}/models/{self.cfg.model_id}"
        return "/".join([base, *parts])

    def get_json(self, what: str, *parts: str) -> dict:
        return _json(self.call("GET", what, *parts), self.cfg, what)

    def post_json(self, what: str, body: dict, *parts: str) -> dict:
        return _json(self.call("POST", what, *parts, json=body), self.cfg, what)

    def get_bytes(self, what: str, *parts: str) -> bytes:
        return self.call("GET", what, *parts, accept=BYTES).content

    def call(self, method: str, what: str, *parts: str, accept: str = JSON, json=None, ok_statuses=()):
        """One API call; a 401 drops the token and retries once with a fresh sign-in."""
        url = self.model_url(*parts)
        for fresh_sign_in in (False, True):
            headers = {"Accept": accept, **self.auth.header()}
            response = send(self.session, self.cfg, method, url, what, headers=headers, json=json)
            if response.status_code != 401 or fresh_sign_in:
                break
            log.info(
                "anaplan %s: token refused while trying to %s; signing in again", self.cfg.customer_id, what
            )
            self.auth.forget()
        if response.ok or response.status_code in ok_statuses:
            return response
        raise self.http_error(response, what)

    def http_error(self, response, what: str):
        cfg = self.cfg
        reason = status_message(response) or f"HTTP {response.status_code}"
        model = f"workspace {cfg.workspace_id!r}, model {cfg.model_id!r}"
        if response.status_code == 401:
            return cfg.error(
                f"Anaplan refused the token even after signing in again, trying to {what} ({reason})",
                "the Anaplan user is active and allowed to use the API",
            )
        if response.status_code == 403:
            return cfg.error(
                f"the Anaplan user may not {what} in {model} ({reason})",
                "the user's access to the workspace and model, and its permission to run the export action",
            )
        if response.status_code == 404:
            return cfg.error(
                f"Anaplan found nothing to {what} in {model} ({reason})",
                "settings workspace_id, model_id and export_id: use the ids, not the names (export ids look "
                "like 116000000001)",
            )
        return cfg.error(
            f"Anaplan answered HTTP {response.status_code} when asked to {what} ({reason})",
            "the settings of this source; the export action must exist and be runnable in the model",
            retryable=response.status_code >= 500,
        )


def _json(response, cfg: AnaplanSettings, what: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise cfg.error(
            f"Anaplan's answer when asked to {what} is not JSON",
            "setting api_url (default https://api.anaplan.com/2/0) points at the Integration API v2",
            retryable=True,
        )
    return body
