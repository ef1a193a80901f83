"""Small writers used by build_corpus.py: text exports in a chosen encoding, workbooks, and case files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).parent
FILES = HERE / "files"
CASES = HERE / "cases"
NBSP = "\u00a0"


def write_text(name: str, rows: list[list[str]], *, sep=",", encoding="utf-8", newline="\n") -> None:
    """Joins cells with `sep`, quoting a cell only when it holds the separator or a quote."""

    def cell(value: str) -> str:
        if sep in value or '"' in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    text = newline.join(sep.join(cell(v) for v in row) for row in rows) + newline
    (FILES / name).write_bytes(text.encode(encoding))


def write_case(name: str, file: str, budgets: list, **extra) -> None:
    """One case: the file and what a careful person reads off it."""
    case = {"file": file, **{k: v for k, v in extra.items() if v is not None}}
    case["budgets"] = [[d, s, p, str(a), c] for d, s, p, a, c in budgets]
    text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110)
    (CASES / f"{name}.yaml").write_text(text, encoding="utf-8")


def store_cached_values(path: Path, values: dict[str, object]) -> None:
    """openpyxl writes formulas without results; Excel would store the last computed value beside each
    formula. This fills `<v>` of the named cells (e.g. {"E2": 300}) the way Excel saves them."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>')
        xml, count = pattern.subn(lambda m, v=value: f"{m[1]}{m[2]}<v>{v}</v>", xml)
        if count != 1:
            raise ValueError(f"formula cell {ref} not found in {path.name}")
    parts[sheet] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    freeze_zip(path)


FIXED_TIME = "2024-12-01T09:00:00Z"
_STAMPS = re.compile(rb"(<(dcterms:created|dcterms:modified|meta:creation-date|dc:date)[^>]*>)[^<]*(</\2>)")


def freeze_zip(path: Path) -> None:
    """Rewrites a zipped workbook with fixed entry times and document dates, so that rebuilding the
    corpus gives byte-identical files and git sees no change."""
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in parts:
            data = _STAMPS.sub(lambda m: m[1] + FIXED_TIME.encode() + m[3], data)
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 12, 1, 9, 0, 0))
            entry.compress_type = info.compress_type
            z.writestr(entry, data)


def save_book(wb, name: str) -> Path:
    """Saves an openpyxl workbook under files/ reproducibly."""
    path = FILES / name
    wb.save(path)
    freeze_zip(path)
    return path
