from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_sync.store.importer import import_budgets
from budget_sync.store.money import MoneyError, to_money

from .conftest import active_budgets, budget, rows


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (100, "100.00"),
        ("1200.5", "1200.50"),
        (Decimal("1.2500"), "1.25"),
        (Decimal("0.125"), "0.125"),
        (" -42 ", "-42.00"),
        ("123456789012345.67", "123456789012345.67"),
        (Decimal("1E+3"), "1000.00"),
        ("-0", "0.00"),
    ],
)
def test_amounts_become_canonical_exact_decimals(given, expected):
    assert str(to_money(given)) == expected


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (0.1, "float"),
        (True, "not a number"),
        ("12,5", "not a number"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("0.1234567", "decimal places"),
        ("1" * 19, "digits before the point"),
        ("1E+30", "digits before the point"),
        (None, "not a number"),
    ],
)
def test_amounts_that_cannot_be_money_are_refused_with_a_reason(given, words):
    with pytest.raises(MoneyError, match=words):
        to_money(given)


def test_sums_and_fifteen_digit_amounts_survive_the_database_exactly(engine):
    amounts = {
        "Tenths": Decimal("0.1") + Decimal("0.2"),
        "Large": Decimal("123456789012345.67"),
        "Largest": Decimal("999999999999999999.999999"),
        "Negative": Decimal("-98765432109876.54"),
        "Fine": Decimal("0.000001"),
    }
    import_budgets(engine, "acme", [budget(name, "FY2025", value) for name, value in amounts.items()])
    stored = {key[0]: value[0] for key, value in active_budgets(engine).items()}
    assert stored == amounts
    assert stored["Tenths"] == Decimal("0.3")
    # Exact in the database itself, not only after the round trip through Python.
    text = dict(rows(engine, "SELECT department, CAST(budgeted_amount AS TEXT) FROM budgets"))
    assert text["Large"] == "123456789012345.67"
    assert text["Tenths"] == "0.30"


def test_availability_view_subtracts_exactly(engine):
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "123456789012345.67")])
    with engine.begin() as conn:
        budget_id = conn.execute(sa.text("SELECT id FROM budgets")).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount) VALUES (:b, :c, :r)"
            ),
            {"b": budget_id, "c": "0.10", "r": "0.20"},
        )
    available = rows(engine, "SELECT CAST(available AS TEXT) FROM budget_availability")[0][0]
    assert Decimal(available) == Decimal("123456789012345.37")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.decimals(min_value=Decimal("-1e17"), max_value=Decimal("1e17"), places=6, allow_nan=False),
        min_size=1,
        max_size=8,
    )
)
def test_any_supported_amount_round_trips_exactly(engine, amounts):
    items = [budget(f"Dept {i}", "FY2025", amount) for i, amount in enumerate(amounts)]
    import_budgets(engine, "acme", items)
    stored = {key[0]: value[0] for key, value in active_budgets(engine).items()}
    assert stored == {f"Dept {i}": amount for i, amount in enumerate(amounts)}
