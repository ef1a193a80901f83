"""Large-CSV reading feeds csv.reader slices of the text: the rows must be exactly the whole-text rows."""

from __future__ import annotations

import csv
import io

from budget_sync.files.csv_lines import shared_cells, text_lines
from budget_sync.files.csv_reader import sniff_delimiter


def _whole(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_slices_split_lines_exactly_like_the_whole_text():
    text = "".join(
        f'Dept {i},"multi\nline {i}",{i}.50\r\nold mac {i},x\r"q\r\n{i}",\u2028y\f,z\n' for i in range(400)
    )
    for chunk in (1, 7, 64, 1 << 16):
        assert list(csv.reader(text_lines(text, chunk))) == _whole(text)


def test_repeated_cells_are_one_object_and_values_unchanged():
    rows = shared_cells(csv.reader(text_lines("a,b\nDept,1.00\nDept,2.00\n")))
    assert rows == [["a", "b"], ["Dept", "1.00"], ["Dept", "2.00"]]
    assert rows[1][0] is rows[2][0]


def test_the_delimiter_is_sniffed_on_the_head_of_a_long_file():
    text = "Dept;Amount\n" + "".join(f"D{i};{i},5\n" for i in range(200_000))
    assert sniff_delimiter(text) == ";"
