"""Bearer tokens and isolation, and the 400/413 answers to bad bodies: over HTTP on the real app."""

from __future__ import annotations

import pytest

from budget_sync.errors import ConfigError
from budget_sync.service.auth import parse_tokens

CHECK = {"customerId": "globex", "department": "Marketing", "amount": "1.00"}


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_no_or_unknown_token_is_401(as_token, register, token):
    register("acme")
    client = as_token(token)
    for response in (
        client.get("/api/sync/status", params={"customerId": "acme"}),
        client.post("/api/budgets/check", json={**CHECK, "customerId": "acme"}),
        client.post("/api/connectors/sync-now", json={"customerId": "acme"}),
        client.get("/customers/acme"),
    ):
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "wrong-token" not in response.text


def test_token_for_another_customer_is_403_whether_or_not_it_exists(as_token, register):
    register("acme", "globex")
    acme = as_token("acme-token")
    known = acme.get("/api/sync/status", params={"customerId": "globex"})
    unknown = acme.get("/api/sync/status", params={"customerId": "no-such-customer"})
    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()
    assert acme.post("/api/budgets/check", json=CHECK).status_code == 403
    assert acme.post("/api/connectors/sync-now", json={"customerId": "globex"}).status_code == 403
    assert acme.get("/api/sync/history", params={"customerId": "globex"}).status_code == 403
    assert acme.get("/api/notifications", params={"customerId": "globex"}).status_code == 403
    assert acme.get("/customers/globex").status_code == 403
    assert as_token("both-token").get("/api/sync/status", params={"customerId": "globex"}).status_code == 200
    assert as_token("all-token").get("/api/sync/status", params={"customerId": "nobody"}).status_code == 404


def test_another_customers_notification_looks_missing(as_token, register, engine):
    from budget_sync.store.notifications import add_notification, get_notification

    register("acme", "globex")
    theirs = add_notification(engine, "globex", "info", "t", "b")
    response = as_token("acme-token").post(f"/api/notifications/{theirs}/read")
    missing = as_token("acme-token").post("/api/notifications/999999/read")
    assert response.status_code == missing.status_code == 404
    assert get_notification(engine, theirs)["read_at"] is None


def test_cookie_token_works_for_the_page_and_api(server, register, client):
    import requests

    register("acme")
    session = requests.Session()
    session.cookies.set("budget_sync_token", "acme-token")
    assert session.get(server.url + "/api/sync/status", params={"customerId": "acme"}).status_code == 200


@pytest.mark.parametrize(
    "body, status, words",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b'{"customerId": "acme", "department": "M", "amount": "12,5"}', 400, "not a decimal"),
        (b'{"customerId": "acme", "department": "M", "amount": "abc"}', 400, "not a decimal"),
        (b'{"customerId": "acme", "department": "M", "amount": NaN}', 400, "not valid JSON"),
        (b'{"customerId": "acme", "department": "M", "amount": true}', 400, "decimal string"),
        (b'{"customerId": "acme", "department": "M", "amount": "1", "colour": "red"}', 400, "unknown field"),
        (b'{"customerId": "acme", "amount": "1"}', 400, "missing field(s) department"),
        (b'{"customerId": "acme", "department": "M", "amount": "1", "fiscalPeriod": "Q1"}', 400, "canonical"),
        (
            b'{"customerId": "acme", "department": "M", "amount": "1", "date": "02/03/2025"}',
            400,
            "YYYY-MM-DD",
        ),
        (b'{"customerId": "acme", "department": "M", "amount": "' + b"1" * 20000 + b'"}', 413, "too large"),
    ],
)
def test_bad_bodies_are_refused_clearly(client, register, body, status, words):
    register("acme")
    response = client.post("/api/budgets/check", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert words in response.json()["error"]
    assert "SELECT" not in response.text and "Traceback" not in response.text


def test_a_chunked_oversized_body_is_413(client, register):
    register("acme")

    def chunks():
        for _ in range(40):
            yield b" " * 1024

    response = client.post("/api/connectors/sync-now", data=chunks())
    assert response.status_code == 413


def test_token_setting_is_parsed_and_bad_entries_are_named_without_the_token():
    grants = dict(parse_tokens("a:* b:acme,globex"))
    assert grants["a"].allows("anyone") and grants["b"].allows("globex") and not grants["b"].allows("x")
    with pytest.raises(ConfigError) as caught:
        parse_tokens("good:* secret-without-scope")
    assert "entry 2" in str(caught.value) and "secret-without-scope" not in str(caught.value)
