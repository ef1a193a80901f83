"""Total, subtotal and grand-total rows: recognised, left out of the budgets, reconciled as control totals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_TOTAL_LABEL = re.compile(
    r"^(?:grand\s+|sub[- ]?|overall\s+|company\s+)?totals?\b\s*(?P<rest>.*)$|^(?P<head>.*?)\s*\b(?:sub[- ]?)?totals?$",
    re.I,
)
_GRAND = re.compile(r"^(?:grand\s+totals?|overall\s+total|company\s+total|total\s+(?:company|all))$", re.I)
_PLAIN = re.compile(r"^(?:totals?|sum|total\s+(?:budget|opex|expenses?|costs?))$", re.I)


def total_label(text: str, known_keys: set[str]) -> str | None:
    """'grand' or 'subtotal' when the label marks a total row, else None.

    'Total Marketing' is a subtotal only when Marketing appeared above, so a department really named
    'Total Rewards' stays a budget line.
    """
    lowered = text.lower()
    if "total" not in lowered and "sum" not in lowered:
        return None
    text = " ".join(text.split())
    if _GRAND.match(text):
        return "grand"
    if _PLAIN.match(text):
        return "total"
    m = _TOTAL_LABEL.match(text)
    if not m:
        return None
    rest = (m["rest"] if m["rest"] is not None else m["head"] or "").strip(" :-–").lower()
    if not rest or text.lower().startswith(("subtotal", "sub total", "sub-total")):
        return "subtotal"
    if rest.removeprefix("for ").removeprefix("of ") in known_keys:
        return "subtotal"
    return None


class ControlTotals:
    """Running sums of mapped budgets, compared to the totals the file carries."""

    def __init__(self) -> None:
        self.since_subtotal = Decimal(0)
        self.since_grand = Decimal(0)
        self.entries: list[dict[str, Any]] = []
        self.group: list[tuple[str, str]] = []  # (label, period) of the budget rows since the last total
        self.groups_closed = 0

    def add(self, amount: Decimal) -> None:
        self.since_subtotal += amount
        self.since_grand += amount

    def add_row(self, label: str, period: str | None) -> None:
        self.group.append((label.lower(), period or ""))

    def sum_row(self, label: str, amount: Decimal, period: str | None) -> str | None:
        """'subtotal' or 'grand' when an unlabelled row is the arithmetic total of the rows above it.

        Goal or group rows ('Public Safety' over Fire and Police) often carry no word Total. A row counts
        as one only when it is unambiguous: a non-zero amount equal to the sum of at least two budget rows
        since the last total, all for the same period as the row, under a label none of them has. A grand
        total is the sum of everything since the start once at least one group was closed that way.
        """
        if not amount or len(self.group) < 2 and not self.groups_closed:
            return None
        key = (label.lower(), period or "")
        if any(other == key[0] for other, _ in self.group) or any(p != key[1] for _, p in self.group):
            return None
        if len(self.group) >= 2 and amount == self.since_subtotal:
            return "subtotal"
        if self.groups_closed and amount == self.since_grand:
            return "grand"
        return None

    def total_row(self, level: str, label: str, row: int, expected: Decimal) -> None:
        """A plain 'Total' right after subtotals closes the whole table, otherwise its own group."""
        if level == "total" and self.since_subtotal == 0 and self.entries:
            level = "grand"
        actual = self.since_grand if level == "grand" else self.since_subtotal
        self.record(f"row {row}: {label}", expected, actual)
        self.since_subtotal = Decimal(0)
        self.group = []
        self.groups_closed += 1
        if level == "grand":
            self.since_grand = Decimal(0)
            self.groups_closed = 0

    def record(self, label: str, expected: Decimal, actual: Decimal) -> None:
        self.entries.append(control_entry(label, expected, actual))

    def mismatches(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if Decimal(e["difference"]) != 0]


_CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    try:
        exponent = value.as_tuple().exponent
        return str(value.quantize(_CENT) if isinstance(exponent, int) and exponent > -2 else value)
    except InvalidOperation:
        return str(value)


def control_entry(label: str, expected: Decimal, actual: Decimal) -> dict[str, Any]:
    """One reconciliation line, amounts as decimal strings with at least two places."""
    return {
        "label": label,
        "expected": _money(expected),
        "actual": _money(actual),
        "difference": _money(actual - expected),
    }
