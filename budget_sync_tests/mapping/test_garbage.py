"""Garbage in through the mapping API: FileReadError or MappingError naming the file, never a traceback."""

from __future__ import annotations

import os

import pytest

from budget_sync.errors import BudgetSyncError, FileReadError, MappingError
from budget_sync.mapping import map_file, map_rows
from budget_sync_tests.files.test_garbage import _png
from budget_sync_tests.files.writers import write_xlsx

PROSE = [
    ["Dear team,"],
    ["Please find attached the plan for next year. We expect growth in every region."],
    ["Let me know if you have questions."],
    ["Regards, Finance"],
]


@pytest.mark.parametrize(
    "name,data,error",
    [
        ("noise.csv", os.urandom(4096), BudgetSyncError),
        ("empty.xlsx", b"", FileReadError),
        ("zero.csv", b"", FileReadError),
        ("image.xlsx", _png(), FileReadError),
        ("letter.csv", "\n".join(r[0] for r in PROSE).encode(), MappingError),
        ("numbers.csv", b"1,2,3\n4,5,6\n", MappingError),
        ("header_only.csv", b"Department,Period,Budget\n", MappingError),
    ],
)
def test_garbage_files(tmp_path, name, data, error):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        map_file(path)
    assert name in str(info.value)


def test_sheet_of_prose(tmp_path):
    path = write_xlsx(tmp_path / "letter.xlsx", {"Letter": PROSE})
    with pytest.raises(MappingError, match="letter.xlsx"):
        map_file(path)


def test_workbook_of_empty_sheets(tmp_path):
    path = write_xlsx(tmp_path / "blank.xlsx", {"A": [], "B": [[None]]})
    with pytest.raises(MappingError, match="blank.xlsx"):
        map_file(path)


def test_bytes_without_a_name_say_so():
    with pytest.raises(FileReadError, match="uploaded file"):
        map_file(b"")


def test_odd_cells_never_traceback():
    for cells in ([], [[]], [[None, None]], [[1.5, True], [None, "x"]], [["Department", "Budget"], [{}, []]]):
        with pytest.raises(BudgetSyncError):
            map_rows(cells, file_name="cells.json")
