"""Anaplan connector against the local fake Integration API v2: real HTTP, real sign-in, real polling."""

from __future__ import annotations

import pytest

from budget_sync.sources import fetch_export
from budget_sync.sources.anaplan import fetch
from budget_sync_tests.sources_api.conftest import (
    BUDGET_CSV,
    EXPORT_ID,
    MODEL,
    WORKSPACE,
    anaplan_settings,
    certificate_settings,
)


@pytest.mark.parametrize("download", ["chunks", "whole"])
def test_small_export_basic_auth(anaplan, download):
    raw = fetch("acme", anaplan_settings(anaplan, download=download))
    assert raw.content == BUDGET_CSV
    assert raw.file_name == "Budget FY25.csv"
    assert raw.location == f"anaplan://{WORKSPACE}/{MODEL}/exports/{EXPORT_ID}"
    assert raw.source_type == "anaplan" and raw.size == len(BUDGET_CSV)
    assert anaplan.sign_ins == 1
    posts = [path for method, path in anaplan.log if method == "POST" and path.endswith("/tasks")]
    assert posts == [f"/2/0/workspaces/{WORKSPACE}/models/{MODEL}/exports/{EXPORT_ID}/tasks"]


def test_multi_chunk_file_is_joined_in_order(anaplan):
    content = b"Department,Amount\n" + b"".join(f"Dept {i},{i}.00\n".encode() for i in range(500))
    anaplan.exports[EXPORT_ID].content = content
    anaplan.exports[EXPORT_ID].chunk_size = 1000
    raw = fetch("acme", anaplan_settings(anaplan))
    assert raw.content == content
    chunk_calls = [p for _, p in anaplan.log if "/chunks/" in p]
    assert len(chunk_calls) == -(-len(content) // 1000) > 3


def test_polls_until_complete(anaplan):
    anaplan.exports[EXPORT_ID].polls_to_finish = 4
    fetch("acme", anaplan_settings(anaplan))
    polls = [p for m, p in anaplan.log if m == "GET" and "/tasks/" in p]
    assert len(polls) == 4


def test_certificate_auth(anaplan):
    raw = fetch("acme", certificate_settings(anaplan))
    assert raw.content == BUDGET_CSV
    assert anaplan.sign_ins == 1


def test_401_mid_way_signs_in_again(anaplan):
    anaplan.exports[EXPORT_ID].polls_to_finish = 3
    anaplan.revoke_at_call = 3  # exports list, task start, then every token is dropped
    raw = fetch("acme", anaplan_settings(anaplan))
    assert raw.content == BUDGET_CSV
    assert anaplan.sign_ins == 2


def test_token_close_to_expiry_is_refreshed(anaplan):
    anaplan.token_lifetime = 200  # inside the 300 s refresh margin
    raw = fetch("acme", anaplan_settings(anaplan))
    assert raw.content == BUDGET_CSV
    assert anaplan.refreshes >= 1 and anaplan.sign_ins == 1


def test_server_errors_are_retried(anaplan):
    from budget_sync_tests.sources_api.fake_anaplan import anaplan_error

    anaplan.failures = [anaplan_error(503, "Service Unavailable"), anaplan_error(429, "Too Many Requests")]
    raw = fetch("acme", anaplan_settings(anaplan))
    assert raw.content == BUDGET_CSV


def test_fetch_export_dispatches_to_the_package(anaplan):
    assert fetch_export("acme", anaplan_settings(anaplan)).content == BUDGET_CSV


def test_documented_defaults():
    """Poll every 5 s, give up after 600 s, download chunk by chunk, Anaplan's public endpoints."""
    from budget_sync.sources.anaplan.settings import parse_settings

    block = {"workspace_id": WORKSPACE, "model_id": MODEL, "export_id": 116000000001, "username": "a@b.c"}
    cfg = parse_settings("acme", {**block, "password_env": "ACME_ANAPLAN_PASSWORD"})
    assert (cfg.poll_interval, cfg.timeout, cfg.download, cfg.auth) == (5.0, 600.0, "chunks", "basic")
    assert (cfg.auth_url, cfg.api_url) == ("https://auth.anaplan.com", "https://api.anaplan.com/2/0")
    assert cfg.export_id == "116000000001"  # an unquoted YAML id (an int) works too
    assert (cfg.retry.max_attempts, cfg.retry.max_wait) == (3, 30.0)
