"""Anaplan connector: runs the customer's export action through the Integration API v2 and returns its file.

Settings (the customer's `source:` block): `workspace_id`, `model_id`, `export_id`; `auth: basic` with
`username` and `password_env`, or `auth: certificate` with `certificate_env` and `private_key_env`
(optional `private_key_password_env`); optional `poll_interval` (5 s), `timeout` (600 s), `download`
(`chunks` or `whole`), `locale` (en_US), `auth_url`, `api_url`, `max_attempts`, `max_retry_wait`.
"""

from __future__ import annotations

import requests

from budget_sync.sources.anaplan.client import AnaplanClient
from budget_sync.sources.anaplan.export import download, export_name, start_export, wait_for_export
from budget_sync.sources.anaplan.settings import SOURCE, parse_settings
from budget_sync.sources.raw_export import RawExport


def fetch(customer_id: str, settings: dict, file=None) -> RawExport:
    cfg = parse_settings(customer_id, settings)
    with cfg.retry.mount(requests.Session()) as session:
        client = AnaplanClient(cfg, session)
        name = export_name(client)
        task_id = start_export(client)
        wait_for_export(client, task_id)
        content = download(client)
    return RawExport.from_bytes(customer_id, SOURCE, name, cfg.location, content)


__all__ = ["fetch"]
