"""Control totals a file carried that the mapped budgets do not add up to: a warning on every sync
(`sync`, `upload`, Dagster runs), not only in `preview`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def mismatched(control_totals: list[dict]) -> list[dict]:
    """The totals whose `difference` (a decimal string) is not zero; an unreadable one counts as off."""
    off = []
    for total in control_totals or []:
        try:
            differs = Decimal(str(total.get("difference") or "0")) != 0
        except InvalidOperation:
            differs = True
        if differs:
            off.append(total)
    return off


def control_total_warnings(control_totals: list[dict]) -> list[str]:
    return [
        f"control total '{t['label']}': the file says {t['expected']}, the mapped budgets sum to "
        f"{t['actual']} (difference {t['difference']})"
        for t in mismatched(control_totals)
    ]
