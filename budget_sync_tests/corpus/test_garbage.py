"""Files that are not budget tables: each must raise FileReadError or MappingError naming the file."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from budget_sync.errors import FileReadError, MappingError
from budget_sync.mapping import map_file

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def xlsx_bytes(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def noise() -> bytes:
    return random.Random(3).randbytes(4096)


def prose_xlsx() -> bytes:
    return xlsx_bytes(
        [
            ["Minutes of the budget committee"],
            ["The committee met on Tuesday and agreed to revisit the travel policy."],
            ["Attendees were reminded that the template is due by the end of the month."],
            ["Next meeting: to be confirmed."],
        ]
    )


def truncated_xlsx() -> bytes:
    data = xlsx_bytes([["Department", "Budget"], ["Sales", 1000]])
    return data[: len(data) // 2]


def xlsx_without_sheets() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


GARBAGE = {
    "noise.xlsx": noise,
    "noise.csv": noise,
    "empty.xlsx": lambda: b"",
    "empty.csv": lambda: b"",
    "blank_lines.csv": lambda: b"\n\n  \n\r\n",
    "picture.xlsx": lambda: PNG,
    "picture.csv": lambda: PNG,
    "prose.xlsx": prose_xlsx,
    "prose.csv": lambda: b"Dear team,\nPlease find the budget attached in next week's email.\nThanks, Sam\n",
    "headers_only.csv": lambda: b"Department,Category,Period,Budget\n",
    "truncated.xlsx": truncated_xlsx,
    "zip_not_workbook.xlsx": xlsx_without_sheets,
    "noise.ods": noise,
    "noise.xls": noise,
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_gives_a_clear_error(name: str, tmp_path: Path):
    path = tmp_path / name
    path.write_bytes(GARBAGE[name]())
    with pytest.raises((FileReadError, MappingError)) as caught:
        map_file(path)
    assert name in str(caught.value)


def test_table_without_budget_columns_lists_its_headers(tmp_path: Path):
    path = tmp_path / "stock_levels.csv"
    path.write_text("Item Code,Bin,Reorder Flag\nA-100,B7,yes\nA-101,C2,no\nA-102,C3,no\n", encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        map_file(path)
    message = str(caught.value)
    assert "stock_levels.csv" in message
    assert "Item Code" in message and "Reorder Flag" in message
