"""Bytes or cells to a Table of sheets. No Dagster, no mapping: just reading."""

from budget_sync.files.reader import read_table, table_from_cells
from budget_sync.files.table import Sheet, Table

__all__ = ["Sheet", "Table", "read_table", "table_from_cells"]
