"""Group rows found by arithmetic after the walk (issue 8, pattern 3), for long single-amount layouts.

Three shapes a person recognises without the word Total, each left out of the budgets and kept as a
control total:
- breakdown rows: two or more lines whose whole label is in parentheses (`(On-budget)`, `(Off-budget)`)
  right after a row whose amount they add up to;
- group rows above their members: a table that splits entirely into [group row, two or more rows] runs,
  each group row equal to the sum of the rows under it (the rows-above case is `totals.sum_row`);
- a recap table: the last block of rows (after a blank row or heading), shorter than the table above it,
  whose amounts add up to exactly the same total.
Only lines of one period, without sub-categories, are ever taken as sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_BREAKDOWN = re.compile(r"^\(.*\)$")
_NOT_RECAP = re.compile(r"revenue|income|receipt|sources|funding|actual|forecast", re.I)


@dataclass
class Line:
    number: int  # 1-based row
    label: str
    sub: str | None
    period: str | None
    amount: Decimal
    block: int
    kind: str  # "budget" or "total"
    budget: int | None = None  # index into the extraction's budgets


@dataclass
class Found:
    line: Line
    reason: str


@dataclass
class Control:
    label: str
    expected: Decimal
    actual: Decimal


def find_sums(lines: list[Line], headings: dict[int, str]) -> tuple[list[Found], list[Control]]:
    """Lines to leave out, with their reasons, and the control totals they give."""
    found: list[Found] = []
    controls: list[Control] = []
    _breakdowns(lines, found, controls)
    taken = {f.line.number for f in found}
    budgets = [ln for ln in lines if ln.kind == "budget" and ln.number not in taken]
    for block in sorted({ln.block for ln in budgets}):
        members = [ln for ln in budgets if ln.block == block]
        if not any(ln.kind == "total" and ln.block == block for ln in lines):
            _parents_first(members, found, controls)
    taken = {f.line.number for f in found}
    _recap([ln for ln in budgets if ln.number not in taken], headings, found, controls)
    return found, controls


def _plain(lines: list[Line]) -> bool:
    return all(ln.sub is None for ln in lines) and len({ln.period for ln in lines}) == 1


def _breakdowns(lines: list[Line], found: list[Found], controls: list[Control]) -> None:
    i = 1
    while i < len(lines):
        if not _BREAKDOWN.match(lines[i].label) or lines[i].kind != "budget":
            i += 1
            continue
        j = i
        while j < len(lines) and _BREAKDOWN.match(lines[j].label) and lines[j].kind == "budget":
            j += 1
        parent, run = lines[i - 1], lines[i:j]
        adjacent = all(b.number - a.number == 1 for a, b in zip([parent, *run], run, strict=False))
        total = sum((ln.amount for ln in run), Decimal(0))
        if len(run) >= 2 and adjacent and parent.amount and total == parent.amount and _plain([parent, *run]):
            for ln in run:
                found.append(Found(ln, f"breakdown row '{ln.label}': part of row {parent.number}"))
            controls.append(Control(f"row {parent.number}: {parent.label} (breakdown)", parent.amount, total))
        i = j


def _parents_first(members: list[Line], found: list[Found], controls: list[Control]) -> None:
    """The whole block splits into [group row, members...] runs; a last row equal to the sum of the
    group rows is the grand total below them."""
    if len(members) < 3 or not _plain(members) or any(ln.amount < 0 for ln in members):
        return
    grand = None
    groups = _partition(members)
    if groups is None and len(members) >= 4:
        groups = _partition(members[:-1])
        total = sum((parent.amount for parent, _ in groups or []), Decimal(0))
        if groups is None or len(groups) < 2 or members[-1].amount != total:
            return
        grand = members[-1]
    if groups is None:
        return
    for parent, children in groups:
        reason = f"group row '{parent.label}': its amount is the sum of the {len(children)} rows below"
        found.append(Found(parent, reason))
        controls.append(Control(f"row {parent.number}: {parent.label}", parent.amount, parent.amount))
    if grand is not None:
        found.append(Found(grand, f"grand total row '{grand.label}': the sum of the group rows above"))
        controls.append(Control(f"row {grand.number}: {grand.label}", grand.amount, grand.amount))


def _partition(members: list[Line]) -> list[tuple[Line, list[Line]]] | None:
    groups: list[tuple[Line, list[Line]]] = []
    i = 0
    while i < len(members):
        parent, running, j = members[i], Decimal(0), i + 1
        if parent.amount <= 0:
            return None
        while j < len(members) and running < parent.amount:
            running += members[j].amount
            j += 1
        if running != parent.amount or j - i - 1 < 2:
            return None
        groups.append((parent, members[i + 1 : j]))
        i = j
    return groups


def _recap(
    budgets: list[Line], headings: dict[int, str], found: list[Found], controls: list[Control]
) -> None:
    blocks = sorted({ln.block for ln in budgets})
    if len(blocks) < 2:
        return
    last = [ln for ln in budgets if ln.block == blocks[-1]]
    main = [ln for ln in budgets if ln.block != blocks[-1]]
    if len(last) < 2 or len(main) <= len(last) or not _plain(main + last):
        return
    if _NOT_RECAP.search(headings.get(blocks[-1], "")):
        return
    expected = sum((ln.amount for ln in last), Decimal(0))
    actual = sum((ln.amount for ln in main), Decimal(0))
    if not expected or expected != actual:
        return
    for ln in last:
        found.append(Found(ln, "recap row: the table below the main one repeats its total"))
    controls.append(Control(f"rows {last[0].number}-{last[-1].number}: recap table", expected, actual))
