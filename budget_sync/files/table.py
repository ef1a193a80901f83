"""A file read as sheets of cells: the only thing the mapping engine sees of a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sheet:
    """One sheet. `rows[i]` is file row i + 1; cells are str, float, int, bool, date, datetime or None.

    `errors` maps (row index, column index) to the error text (`#REF!`) of spreadsheet error cells,
    which calamine reads as blanks. `meta` holds what reading found out (CSV encoding and delimiter).
    """

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    file_name: str
    format: str
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        for sheet in self.sheets:
            if sheet.name.strip().lower() == name.strip().lower():
                return sheet
        from budget_sync.errors import FileReadError

        names = ", ".join(f"'{s.name}'" for s in self.sheets)
        raise FileReadError(f"{self.file_name}: no sheet named '{name}' (sheets: {names})")
