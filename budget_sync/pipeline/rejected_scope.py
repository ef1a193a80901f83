"""What a row the mapping rejected keeps safe from soft removal (its "scope").

A full export soft-removes the budgets of its periods that it no longer contains, so a row that is in the
file but could not be read (a `#REF!` or unparsable amount, a bad currency) must not count as missing:

- When other cells of the same row became budgets, the row's department and sub-category are known: no
  budget of that department and sub-category is removed in this sync (any period the export covers;
  the mapping does not say which period the rejected cell held).
- Otherwise the row's key cannot be read (no budget came from that row, or the rejection has no row
  number): nothing at all is removed in this sync. Removals wait for a file whose rows all read.

Budgets name their row through `source_ref` (`file:sheet!B12`, as the mapping writes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_sync.models import Budget, Rejection

_CELL_ROW = re.compile(r"![A-Z]+(\d+)$")


@dataclass
class RemovalScope:
    """`protected`: (department, sub_category, None = every period) keys never removed in this sync;
    `blocked`: no removal at all (a rejected row whose key is unknown); `unknown_rows`: those rows."""

    protected: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    blocked: bool = False
    unknown_rows: list[int | None] = field(default_factory=list)


def removal_scope(budgets: list[Budget], rejected: list[Rejection]) -> RemovalScope:
    scope = RemovalScope()
    if not rejected:
        return scope
    keys_by_row: dict[int, set[tuple[str, str | None]]] = {}
    for budget in budgets:
        match = _CELL_ROW.search(budget.source_ref or "")
        if match:
            keys_by_row.setdefault(int(match.group(1)), set()).add((budget.department, budget.sub_category))
    protected: set[tuple[str, str | None, str | None]] = set()
    for rejection in rejected:
        keys = keys_by_row.get(rejection.row) if rejection.row is not None else None
        if not keys:
            scope.blocked = True
            scope.unknown_rows.append(rejection.row)
            continue
        protected.update((department, sub, None) for department, sub in keys)
    scope.protected = sorted(protected, key=lambda k: (k[0], k[1] or ""))
    return scope


def blocked_warning(scope: RemovalScope) -> str | None:
    """The outcome warning when no budget was removed because a rejected row's key could not be read."""
    if not scope.blocked:
        return None
    rows = sorted({r for r in scope.unknown_rows if r is not None})
    shown = ", ".join(str(r) for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
    where = f"row(s) {shown}" if rows else "a row"
    return (
        f"no budget was removed in this sync: {where} could not be read, and their department is unknown; "
        "fix the file and sync again to remove budgets it no longer lists"
    )
