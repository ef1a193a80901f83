"""The check route's lean pieces give what the general ones they stand in for give: the response encoder
(`fast_check.encode` vs JSONResponse's encoder), the answer's JSON (`check_json` vs `BudgetCheck.as_dict`),
the token lookup kept by value, and the body's encoding guess."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from budget_sync.service import fast_check
from budget_sync.service.api import CHECK_FIELDS, check_json
from budget_sync.service.auth import SEEN, Grant, Tokens
from budget_sync.service.bodies import parse_object
from budget_sync.service.errors import ApiError
from budget_sync.store.check import BudgetCheck

SYNCED = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "approved", "budgeted": "1.00", "stale": False, "reason": None},
        {"error": 'quote " backslash \\ newline \n tab \t nul \x00 bell \x07 é ü 漢 😀 \u2028'},
        {"a": True, "b": False, "c": None, "d": ""},
        {},
        {"nested": {"x": 1}},  # not flat: the encoder's answer
        {"n": 3, "f": "x"},  # a number: the encoder's answer
        {"é": "key outside the known names"},
    ],
)
def test_the_lean_encoder_gives_the_same_bytes_as_jsonresponses(payload):
    expected = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    assert fast_check.encode(payload) == expected


@pytest.mark.parametrize(
    "result",
    [
        BudgetCheck("no_budget", sub_category="Travel", reason="no active budget matches"),
        BudgetCheck(
            "over_budget",
            Decimal("10.00"),
            Decimal("9.50"),
            Decimal("0.75"),
            Decimal("-0.25"),
            "FY2025-Q1",
            "EUR",
            SYNCED,
            True,
            sub_category="Événements",
            reason="sub-category 'x' is over-committed",
        ),
        BudgetCheck("approved", Decimal("1E+3"), Decimal("0E-8"), Decimal("0.00"), Decimal("1000.000001")),
    ],
)
def test_check_json_is_as_dict_under_the_apis_names(result):
    data = result.as_dict()
    names = {
        "fiscalPeriod": "fiscal_period",
        "subCategory": "sub_category",
        "lastSyncedAt": "last_synced_at",
    }
    built = check_json(result, "fallback")
    assert built.pop("servedFrom") == "fallback"
    assert built == {key: data[names.get(key, key)] for key in built}
    assert set(names.get(key, key) for key in built) == set(data)
    assert (
        fast_check.encode(check_json(result, "local"))
        == json.dumps(check_json(result, "local"), ensure_ascii=False, separators=(",", ":")).encode()
    )


def test_a_token_found_once_is_kept_by_value_and_unknown_ones_never_are():
    acme = Grant(frozenset({"acme"}))
    tokens = Tokens([("secret-a", acme), ("secret-b", Grant(frozenset({"*"})))])
    assert tokens.grant_for("secret-a") is acme and tokens.grant_for("secret-a") is acme
    for n in range(SEEN + 10):
        assert tokens.grant_for(f"guess-{n}") is None
    assert set(tokens._seen) == {"secret-a"}
    assert tokens.grant_for("secret-b") == Grant(frozenset({"*"})) and tokens.grant_for("") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_body_in_any_json_encoding_reads_the_same(encoding):
    text = '{"customerId": "acme", "department": "Événements", "amount": "1.50"}'
    data = parse_object(text.encode(encoding), CHECK_FIELDS)
    assert data == {"customerId": "acme", "department": "Événements", "amount": "1.50"}
    with pytest.raises(ApiError):
        parse_object(b"{", CHECK_FIELDS)


def test_one_instant_in_two_zones_keeps_each_zones_text():
    from datetime import timedelta, timezone

    utc = BudgetCheck("approved", last_synced_at=SYNCED)
    paris = BudgetCheck("approved", last_synced_at=SYNCED.astimezone(timezone(timedelta(hours=1))))
    assert utc.last_synced_at == paris.last_synced_at
    assert check_json(utc, "local")["lastSyncedAt"] == "2025-03-04T05:06:07.890123+00:00"
    assert check_json(paris, "local")["lastSyncedAt"] == "2025-03-04T06:06:07.890123+01:00"
