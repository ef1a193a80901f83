"""Rows to budgets under a decided plan: the per-cell path, kept lean for 100,000+ cells."""

from __future__ import annotations

from decimal import Decimal

from budget_sync.mapping.amounts import (
    CODES,
    SYMBOLS,
    AmountError,
    float_to_decimal,
    is_error_cell,
    parse_amount,
)
from budget_sync.mapping.cells import clean_text, column_letter
from budget_sync.mapping.row_periods import RowPeriods
from budget_sync.mapping.totals import ControlTotals, total_label
from budget_sync.models import Budget, Rejection

_CENT = Decimal("0.01")
MAX_DIGITS = 15  # whole digits: a trillion-scale budget line is a misread cell, not a budget
_LEVELS = {"grand": "grand total", "total": "total", "subtotal": "subtotal"}
_CODES_BY_SYMBOL = {s.upper(): c for s, c in SYMBOLS.items()}


class Extraction:
    def __init__(self):
        self.budgets: list[Budget] = []
        self.rejected: list[Rejection] = []
        self.skipped: list[Rejection] = []
        self.totals = ControlTotals()


def _cell(row: list, index: int | None):
    if index is None or index >= len(row):
        return None
    value = row[index]
    return None if value == "" else value


def _amount(value, decimal_comma: bool) -> tuple[Decimal | None, str | None]:
    if type(value) is float:
        return float_to_decimal(value), None
    return parse_amount(value, decimal_comma=decimal_comma)


def extract(rows: list[list], plan, file_name: str, errors: dict | None = None) -> Extraction:
    out = Extraction()
    errors = errors or {}
    dept_i, sub_i, cur_i = plan.column("department"), plan.column("sub_category"), plan.column("currency")
    periods = RowPeriods(plan)
    header_cells = [(c.index, c.header.lower()) for c in plan.columns if c.header]
    needed = max(2, (len(header_cells) * 6 + 9) // 10)
    amount_cols = [(c.index, c, column_letter(c.index)) for c in plan.amounts]
    known_keys: set[str] = set()
    last_dept = heading = None
    pending_blank: list[int] = []
    ref_prefix = f"{file_name}:{plan.sheet}!"
    for i in range(plan.header_index + 1, len(rows)):
        row, number = rows[i], i + 1
        if _blank(row) and not any((i, j) in errors for j, _, _ in amount_cols):
            pending_blank.append(number)
            continue
        for blank in pending_blank:
            out.skipped.append(Rejection(blank, "blank row"))
        pending_blank = []
        if len(header_cells) >= 2 and _repeats_header(row, header_cells, needed):
            out.skipped.append(Rejection(number, "repeated header row"))
            continue
        if plan.filters and not _passes(row, plan.filters):
            out.skipped.append(Rejection(number, _filtered(row, plan)))
            continue
        if _units_row(row, amount_cols):
            out.skipped.append(Rejection(number, "currency row under the header"))
            continue
        dept = clean_text(_cell(row, dept_i))
        sub = clean_text(_cell(row, sub_i)) or None
        cells, problems = [], []
        for j, col, letter in amount_cols:
            if (i, j) in errors:
                problems.append(f"error cell {errors[(i, j)]} in column '{col.header}' ({letter}{number})")
                continue
            value = _cell(row, j)
            if value is None:
                continue
            try:
                amount, currency = _amount(value, plan.decimal_comma)
            except AmountError as exc:
                problems.append(f"{exc} in column '{col.header}' ({letter}{number})")
                continue
            if amount is not None:
                cells.append((col, amount, currency, letter))
        level, label = _total(row, plan, dept, sub, known_keys)
        if level:
            expected = sum((a * c.scale for c, a, _, _ in cells), Decimal(0))
            out.totals.total_row(level, label, number, expected)
            out.skipped.append(Rejection(number, f"{_LEVELS[level]} row '{label}'"))
            continue
        if not cells and not problems:
            text = dept or sub or label or _first_text(row, plan)
            if plan.outline and sub and not dept:
                heading = sub
                known_keys.add(sub.lower())
                out.skipped.append(Rejection(number, f"group heading '{sub}'"))
            elif text:
                if dept:
                    last_dept = dept
                    known_keys.add(dept.lower())
                out.skipped.append(Rejection(number, f"no amounts in row ('{text[:60]}')"))
            else:
                out.skipped.append(Rejection(number, "no department and no amounts"))
            continue
        for problem in problems:
            out.rejected.append(Rejection(number, problem))
        if plan.outline:
            dept = heading or ""
        elif dept:
            last_dept = dept
        else:
            dept = last_dept or ""
        if not dept:
            if cells:
                out.rejected.append(Rejection(number, "no department in this row or above it"))
            continue
        if dept.startswith("#") and is_error_cell(dept):
            out.rejected.append(Rejection(number, f"error cell {dept} in the department column"))
            continue
        known_keys.add(dept.lower())
        if sub:
            known_keys.add(sub.lower())
        row_currency = None
        if cur_i is not None:
            raw = clean_text(_cell(row, cur_i)).upper()
            row_currency = _CODES_BY_SYMBOL.get(raw, raw) or None
            if row_currency and (len(row_currency) != 3 or not row_currency.isalpha()):
                out.rejected.append(Rejection(number, f"currency '{raw}' is not a 3-letter ISO code"))
                continue
        row_period, period_problem = periods.for_row(row)
        if period_problem:
            out.rejected.append(Rejection(number, period_problem))
            continue
        for col, amount, currency, letter in cells:
            period = col.period or row_period
            if period is None:
                out.rejected.append(Rejection(number, f"no fiscal period for column '{col.header}'"))
                continue
            if col.scale != 1:
                amount = amount * col.scale
            if amount and amount.adjusted() >= MAX_DIGITS:
                out.rejected.append(
                    Rejection(number, f"amount {amount:,.0f} in {letter}{number} is implausibly large")
                )
                continue
            if amount.as_tuple().exponent > -2:
                amount = amount.quantize(_CENT)
            out.totals.add(amount)
            cur = row_currency or currency or col.currency or plan.default_currency
            out.budgets.append(Budget(dept, sub, period, amount, cur, f"{ref_prefix}{letter}{number}"))
    return out


def _units_row(row: list, amount_cols: list) -> bool:
    """A row of ISO codes in the amount columns ('USD', 'USD', ...) states their currency."""
    codes = [(col, _cell(row, j)) for j, col, _ in amount_cols]
    filled = [(col, v) for col, v in codes if v is not None]
    if not filled or not all(type(v) is str and v.strip().upper() in CODES for _, v in filled):
        return False
    for col, value in filled:
        col.currency = value.strip().upper()
    return True


def _blank(row: list) -> bool:
    return not any(c is not None and c != "" and (type(c) is not str or c.strip()) for c in row)


def _repeats_header(row: list, header_cells: list[tuple[int, str]], needed: int) -> bool:
    """Most header texts again in their columns: a concatenated export's next header row."""
    misses_allowed = len(header_cells) - needed
    same = 0
    for j, text in header_cells:
        cell = row[j] if j < len(row) else None
        if type(cell) is str and cell.strip().lower() == text:
            same += 1
            if same >= needed:
                return True
        else:
            misses_allowed -= 1
            if misses_allowed < 0:
                return False
    return False


def _filtered(row: list, plan) -> str:
    for j, value in plan.filters.items():
        cell = clean_text(_cell(row, j))
        if cell.lower() != value:
            return f"left out by filter: {plan.columns[j].header} is '{cell}', not '{value}'"
    return "left out by filter"


def _passes(row: list, filters: dict[int, str]) -> bool:
    return all(clean_text(_cell(row, j)).lower() == value for j, value in filters.items())


def _total(row: list, plan, dept: str, sub: str | None, known_keys: set[str]) -> tuple[str | None, str]:
    """(level, label) when the department, sub-category or first text cell marks a total row."""
    labels = [t for t in (dept, sub) if t] or [_first_text(row, plan)]
    for label in labels:
        level = total_label(label, known_keys) if label else None
        if level:
            return level, label
    return None, labels[0]


def _first_text(row: list, plan) -> str:
    first_amount = min((c.index for c in plan.amounts), default=len(row))
    for cell in row[:first_amount]:
        if type(cell) is str and cell.strip():
            return clean_text(cell)
    return ""
