"""Exact money: Decimal in Python, NUMERIC on PostgreSQL, decimal text on SQLite.

SQLite's NUMERIC affinity stores values as REAL and silently loses digits (15-digit amounts, 0.1 + 0.2), so
on SQLite money is kept as canonical decimal text and any arithmetic happens in Python.

Canonical form: at least two decimal places, no trailing zeros beyond them (``100`` -> ``100.00``,
``1.2500`` -> ``1.25``, ``0.125`` stays). Amounts are limited to 18 integer digits and 6 decimal places.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

MAX_INTEGER_DIGITS = 18
MAX_DECIMAL_PLACES = 6
_CENTS = Decimal("0.01")
_FINEST = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)


class MoneyError(ValueError):
    """An amount that is not an exact, finite decimal within the supported size."""


def to_money(value: Any) -> Decimal:
    """An exact Decimal in canonical form. Floats are refused: they cannot carry money exactly."""
    if isinstance(value, float):
        raise MoneyError(f"amount {value!r} is a float; pass a Decimal, int or decimal string")
    if isinstance(value, bool):
        raise MoneyError(f"amount {value!r} is not a number")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"amount {value!r} is not a number") from None
    else:
        raise MoneyError(f"amount {value!r} is not a number")
    return canonical(amount, original=value)


def canonical(amount: Decimal, *, original: Any = None) -> Decimal:
    shown = amount if original is None else original
    if not amount.is_finite():
        raise MoneyError(f"amount {shown!r} is not a finite number")
    if not amount:
        return Decimal("0.00")
    if amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise MoneyError(f"amount {shown!r} has more than {MAX_INTEGER_DIGITS} digits before the point")
    cents = amount.quantize(_CENTS)
    if cents == amount:
        # Already in cents (the usual case): keep the caller's object rather than a copy per budget.
        return amount if not cents.compare_total(amount) else cents
    if amount.quantize(_FINEST) != amount:
        raise MoneyError(f"amount {shown!r} has more than {MAX_DECIMAL_PLACES} decimal places")
    return amount.normalize()


def money_text(amount: Decimal) -> str:
    """Plain decimal text (never scientific notation) for SQLite storage, COPY and JSON."""
    return format(amount, "f")


class Money(TypeDecorator[Decimal]):
    """NUMERIC on PostgreSQL (unconstrained: keeps every digit it is given); exact text on SQLite."""

    impl = sa.Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(40))
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        amount = to_money(value)
        return money_text(amount) if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


def subtract(budgeted: Any, committed: Any, reserved: Any) -> str | None:
    """`budgeted - committed - reserved` over decimal text: the SQLite view's `money_available` function."""
    if budgeted is None:
        return None
    total = Decimal(str(budgeted)) - Decimal(str(committed or 0)) - Decimal(str(reserved or 0))
    return money_text(total)
