"""Rows to budgets under a decided plan: the per-cell path, kept lean for 100,000+ cells."""

from __future__ import annotations

from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any

from budget_sync.mapping import row_kinds
from budget_sync.mapping.amounts import AmountError, float_to_decimal, is_error_cell, parse_amount
from budget_sync.mapping.cells import clean_text, column_letter
from budget_sync.mapping.currencies import currency_code, minor_units
from budget_sync.mapping.hierarchy import Line, find_sums
from budget_sync.mapping.row_kinds import cell
from budget_sync.mapping.row_periods import RowPeriods
from budget_sync.mapping.totals import ControlTotals
from budget_sync.mapping.versions import version_label
from budget_sync.models import Budget, Rejection

if TYPE_CHECKING:
    from budget_sync.mapping.plan import Plan

_ZERO_CENTS = Decimal("0.00")
MAX_DIGITS = 15  # whole digits: a trillion-scale budget line is a misread cell, not a budget
_WIDE = Context(prec=60)  # quantize never overflows: amounts stay below 10^15
_LEVELS = {"grand": "grand total", "total": "total", "subtotal": "subtotal"}


def _amount(value: Any, decimal_comma: bool) -> tuple[Decimal | None, str | None]:
    if type(value) is float:
        return float_to_decimal(value), None
    return parse_amount(value, decimal_comma=decimal_comma)


class Extraction:
    """Walks the rows below the header once; fills budgets, rejected, skipped and control totals."""

    def __init__(self, plan: Plan, file_name: str, errors: dict[tuple[int, int], str]) -> None:
        self.plan, self.errors = plan, errors
        self.budgets: list[Budget] = []
        self.rejected: list[Rejection] = []
        self.skipped: list[Rejection] = []
        self.totals = ControlTotals()
        self.periods = RowPeriods(plan)
        self.header_cells = [(c.index, c.header.lower()) for c in plan.columns if c.header]
        self.needed = max(2, (len(self.header_cells) * 6 + 9) // 10)
        self.amount_cols = [(c.index, c, column_letter(c.index)) for c in plan.amounts]
        self.known_keys: set[str] = set()
        self.last_dept: str | None = None
        self.last_sub: str | None = None
        self.budget_rows: list[int] = []
        self.heading: str | None = plan.first_heading
        self.ref_prefix = f"{file_name}:{plan.sheet}!"
        self.section: str | None = None  # a heading such as 'Actuals' above a second table: not the budget
        self.quanta: dict[str, Decimal] = {}
        self.tracked = plan.layout == "long" and len(plan.amounts) == 1
        self.lines: list[Line] = []  # one-amount rows of a long layout, for hierarchy.find_sums
        self.block = 0  # blocks of rows between blank rows and headings
        self.headings: dict[int, str] = {}
        self.excess: list[tuple[str, str]] = []  # (cell, currency) with more decimals than its minor units
        self.dept_i = plan.column("department")
        self.sub_i = plan.column("sub_category")
        self.currency_i = plan.column("currency")
        self._texts: dict[
            str, str
        ] = {}  # raw cell -> clean_text: a big export repeats its names on every line
        self._codes: dict[str, str | None] = {}  # raw currency cell -> ISO code or None
        amount_indexes = {j for j, _, _ in self.amount_cols}
        # column -> {raw text cell: stripped lower case} for the repeated-header test, amounts left out
        self._folded: dict[int, dict[str, str]] = {
            j: {} for j, _ in self.header_cells if j not in amount_indexes
        }

    def run(self, rows: list[list[Any]]) -> Extraction:
        for i in range(self.plan.header_index):
            if not row_kinds.blank(rows[i]):
                self.skipped.append(Rejection(i + 1, "above the header row (title or notes)"))
        pending_blank: list[int] = []
        for i in range(self.plan.header_index + 1, len(rows)):
            row = rows[i]
            if row_kinds.blank(row) and not any((i, j) in self.errors for j, _, _ in self.amount_cols):
                pending_blank.append(i + 1)
                continue
            if pending_blank:
                self.skipped.extend(Rejection(n, "blank row") for n in pending_blank)
                self.block += 1
                pending_blank = []
            reason = self._skip_reason(row)
            if reason:
                self.skipped.append(Rejection(i + 1, reason))
            else:
                self._row(i, row)
        if self.tracked and len(self.lines) >= 2:
            self._leave_out_sums()
        return self

    def _leave_out_sums(self) -> None:
        found, controls = find_sums(self.lines, self.headings)
        if not found:
            return
        dropped = {f.line.budget for f in found if f.line.budget is not None}
        rows = {f.line.number - 1 for f in found}
        self.budgets = [b for k, b in enumerate(self.budgets) if k not in dropped]
        self.budget_rows = [i for i in self.budget_rows if i not in rows]
        self.skipped.extend(Rejection(f.line.number, f.reason) for f in found)
        self.skipped.sort(key=lambda r: r.row or 0)
        for c in controls:
            self.totals.record(c.label, c.expected, c.actual)

    def _track(
        self, number: int, dept: str, sub: str | None, period: Any, amount: Decimal, kind: str
    ) -> Line:
        line = Line(number, dept, sub, period, amount, self.block, kind)
        self.lines.append(line)
        return line

    def _skip_reason(self, row: list[Any]) -> str | None:
        plan = self.plan
        if len(self.header_cells) >= 2 and row_kinds.repeats_header(
            row, self.header_cells, self.needed, self._folded
        ):
            return "repeated header row"
        if plan.filters and not row_kinds.passes(row, plan.filters):
            return row_kinds.filtered(row, plan)
        if row_kinds.units_row(row, self.amount_cols):
            return "currency row under the header"
        if self.section is not None:
            text = row_kinds.first_text(row, plan)
            label = version_label(text) if text else None
            if label and label.budget and not any(cell(row, j) is not None for j, _, _ in self.amount_cols):
                self.section = None  # 'Budget' / 'Plan' heading: the budget again from the next row
                return f"heading '{text[:60]}'"
            return f"below the heading '{self.section}': not the budget"
        if not plan.version_rows:
            return None
        label = plan.version_rows.get(clean_text(cell(row, plan.column("department"))))
        if label is not None and not label.budget:
            return f"version row '{clean_text(cell(row, plan.column('department')))}': not the budget"
        return None

    def _amount_cells(self, i: int, row: list[Any]) -> tuple[list[Any], list[str]]:
        cells, problems, number, errors = [], [], i + 1, self.errors
        for j, col, letter in self.amount_cols:
            if errors and (i, j) in errors:
                problems.append(
                    f"error cell {self.errors[(i, j)]} in column '{col.header}' ({letter}{number})"
                )
                continue
            value = cell(row, j)
            if value is None:
                continue
            try:
                amount, currency = _amount(value, self.plan.decimal_comma)
            except AmountError as exc:
                problems.append(f"{exc} in column '{col.header}' ({letter}{number})")
                continue
            if amount is not None and amount.adjusted() + len(str(col.scale)) - 1 >= MAX_DIGITS:
                problems.append(f"amount {amount:,.0f} in {letter}{number} is implausibly large")
            elif amount is not None:
                cells.append((col, amount, currency, letter))
        return cells, problems

    def _row(self, i: int, row: list[Any]) -> None:
        plan, number = self.plan, i + 1
        dept = self._text(row, self.dept_i)
        sub = self._text(row, self.sub_i) or None
        cells, problems = self._amount_cells(i, row)
        level, label = row_kinds.total(row, plan, dept, sub, self.known_keys)
        if level:
            expected = sum((a * c.scale for c, a, _, _ in cells), Decimal(0))
            if self.tracked and len(cells) == 1:
                self._track(number, label, sub, cells[0][0].period, expected, "total")
            self.totals.total_row(level, label, number, expected)
            self.skipped.append(Rejection(number, f"{_LEVELS[level]} row '{label}'"))
            return
        if not cells and not problems:
            self._no_amounts(row, number, dept, sub, label)
            return
        if problems:
            self.rejected.extend(Rejection(number, p) for p in problems)
        version = plan.version_rows.get(dept) if plan.version_rows else None
        if version is not None:
            dept = ""  # 'FY17 REQUEST' under the department heading 'OIT': the department is OIT
        filled_down = not dept and not plan.outline and not plan.fixed_department
        dept = self._department(dept, number, bool(cells))
        if not dept:
            return
        if filled_down and sub is None and self.plan.layout == "long":
            sub = self.last_sub  # merged department and sub-category cells over several periods
        self.last_sub = sub
        self.known_keys.add(dept.lower())
        if sub:
            self.known_keys.add(sub.lower())
        row_currency = self._currency(row, number)
        if row_currency is False:
            return
        row_period, period_problem = self.periods.for_row(row)
        if period_problem:
            self.rejected.append(Rejection(number, period_problem))
            return
        if version is not None and version.year is not None:
            row_period = f"FY{version.year}"
        if self._sum_row(cells, dept, sub, row_period, number):
            return
        start = len(self.budgets)
        self._emit(cells, dept, sub, row_period, row_currency, number)
        self.budget_rows.append(i)
        if self.tracked and len(self.budgets) == start + 1:
            b = self.budgets[start]
            self._track(number, dept, sub, b.fiscal_period, b.budgeted_amount, "budget").budget = start

    def _text(self, row: list[Any], index: int | None) -> str:
        """clean_text of the cell, memoized per distinct text (not numbers: True, 1 and 1.0 are equal keys)."""
        value = cell(row, index)
        if type(value) is not str:
            return clean_text(value)
        try:
            return self._texts[value]
        except KeyError:
            text = self._texts[value] = clean_text(value)
            return text

    def _sum_row(self, cells: list[Any], dept: str, sub: str | None, row_period: Any, number: int) -> bool:
        """A long-layout row whose one amount is the sum of the rows above it: left out, kept as a control."""
        if self.plan.layout != "long" or len(cells) != 1 or sub is not None:
            return False
        col, amount, _currency, _letter = cells[0]
        amount = amount * col.scale
        period = col.period or row_period
        level = self.totals.sum_row(dept, amount, period)
        if level is None:
            self.totals.add_row(dept, period)
            return False
        self._track(number, dept, sub, period, amount, "total")
        rows = len(self.totals.group)
        self.totals.total_row(level, dept, number, amount)
        what = "grand total" if level == "grand" else f"sum of the {rows} rows above"
        self.skipped.append(Rejection(number, f"subtotal row '{dept}': its amount is the {what}"))
        return True

    def _no_amounts(self, row: list[Any], number: int, dept: str, sub: str | None, label: str) -> None:
        """A heading (its department fills down), a note below the table, or a line with no budget."""
        text = dept or sub or label or row_kinds.first_text(row, self.plan)
        if text and self._section_heading(text, number):
            return
        if self.plan.outline and sub and not dept:
            self.heading = sub
            self.known_keys.add(sub.lower())
            self.skipped.append(Rejection(number, f"group heading '{sub}'"))
        elif text:
            self.block += 1
            self.headings[self.block] = text
            if dept:
                self.last_dept = dept
                self.known_keys.add(dept.lower())
            self.skipped.append(Rejection(number, f"no amounts in row ('{text[:60]}')"))
        else:
            self.skipped.append(Rejection(number, "no department and no amounts"))

    def _section_heading(self, text: str, number: int) -> bool:
        """'Actuals' / 'FY2024 Actual' over a second table: the rows below it, up to a budget heading,
        are not the budget. 'Budget' / 'Plan 2025' ends such a section."""
        label = version_label(text)
        if label is None:
            return False
        self.section = None if label.budget else text
        self.skipped.append(Rejection(number, f"heading '{text[:60]}'"))
        return True

    def _department(self, dept: str, number: int, has_cells: bool) -> str:
        if fixed := self.plan.fixed_department:
            return fixed
        if self.plan.outline:
            dept = self.heading or ""
        elif dept:
            self.last_dept = dept
        else:
            dept = self.last_dept or ""
        if not dept:
            if has_cells:
                self.rejected.append(Rejection(number, "no department in this row or above it"))
            return ""
        if dept.startswith("#") and is_error_cell(dept):
            self.rejected.append(Rejection(number, f"error cell {dept} in the department column"))
            return ""
        return dept

    def _currency(self, row: list[Any], number: int) -> str | bool | None:
        """The row's currency column value, None without one, False when it is not a currency."""
        if self.currency_i is None:
            return None
        raw = self._text(row, self.currency_i)
        if not raw:
            return None
        try:
            code = self._codes[raw]
        except KeyError:
            code = self._codes[raw] = currency_code(raw)
        if code is None:
            self.rejected.append(Rejection(number, f"currency '{raw}' is not an ISO 4217 currency code"))
            return False
        return code

    def _emit(
        self, cells: list[Any], dept: str, sub: str | None, row_period: Any, row_currency: Any, number: int
    ) -> None:
        plan = self.plan
        for col, amount, currency, letter in cells:
            period = col.period or row_period
            if period is None:
                self.rejected.append(Rejection(number, f"no fiscal period for column '{col.header}'"))
                continue
            if col.scale != 1:
                amount = amount * col.scale
            amount += _ZERO_CENTS  # at least two places, exactly: 1200 -> 1200.00, 12.345 stays
            self.totals.add(amount)
            cur = row_currency or currency or col.currency or plan.default_currency
            quantum = self.quanta.get(cur) or self._quantum(cur)
            if amount != amount.quantize(quantum, context=_WIDE):
                self.excess.append((f"{letter}{number}", cur))
            self.budgets.append(Budget(dept, sub, period, amount, cur, f"{self.ref_prefix}{letter}{number}"))

    def _quantum(self, currency: str) -> Decimal:
        quantum = self.quanta[currency] = Decimal(1).scaleb(-minor_units(currency))
        return quantum

    def places_note(self) -> str | None:
        """Amounts finer than their currency allows (JPY 1200.5, USD 12.345): often a misread separator."""
        if not self.excess:
            return None
        by_currency: dict[str, list[str]] = {}
        for ref, currency in self.excess:
            by_currency.setdefault(currency, []).append(ref)
        parts = [
            f"{len(refs)} {cur} amount(s) with more than {minor_units(cur)} decimal place(s) "
            f"({', '.join(refs[:5])}{', ...' if len(refs) > 5 else ''})"
            for cur, refs in by_currency.items()
        ]
        return "check the decimal separator: " + "; ".join(parts)


def extract(
    rows: list[list[Any]], plan: Plan, file_name: str, errors: dict[tuple[int, int], str] | None = None
) -> Extraction:
    return Extraction(plan, file_name, errors or {}).run(rows)
