"""Mapping speed: a wide workbook of 10,000 lines x 12 months (120,000 budgets), read and mapped.

Times budget_sync.mapping.map_file beside pandas.read_excel(engine="openpyxl") on the same file, in the
same process, and prints the figures and their ratio. Target: map_file <= 3 s.

    .venv/bin/python benchmarks/bench_mapping.py [--lines 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import openpyxl

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TARGET_SECONDS = 3.0


def build_workbook(path: Path, lines: int) -> None:
    rng = random.Random(2025)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("FY2025 Budget")
    ws.append(["Acme Corp - FY2025 operating budget"])
    ws.append([])
    ws.append(["Department", "Account"] + [f"{m}-25" for m in MONTHS])
    for i in range(lines):
        row = [f"Dept {i // 50:03d}", f"Account {i:05d}"]
        row += [rng.randrange(0, 5_000_000) / 100 for _ in MONTHS]
        ws.append(row)
    wb.save(path)


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import pandas as pd

    from budget_sync.files import read_table
    from budget_sync.mapping import map_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wide_budget.xlsx"
        start = time.perf_counter()
        build_workbook(path, args.lines)
        print(f"built {path.name}: {args.lines:,} lines x 12 months in {time.perf_counter() - start:.1f} s")
        ours, result = best_of(args.repeat, lambda: map_file(path))
        reading, _ = best_of(args.repeat, lambda: read_table(path))
        theirs, frame = best_of(args.repeat, lambda: pd.read_excel(path, engine="openpyxl", header=2))
    expected = args.lines * 12
    assert len(result.budgets) == expected, (len(result.budgets), expected)
    assert all(isinstance(b.budgeted_amount, Decimal) for b in result.budgets[:100])
    print(f"budget_sync map_file (read + map):  {ours:.2f} s  {len(result.budgets):,} budgets")
    print(f"  of which reading (calamine):      {reading:.2f} s")
    print(
        f"pandas read_excel (openpyxl):       {theirs:.2f} s  {frame.shape[0]:,} rows x {frame.shape[1]} columns"
    )
    print(f"ratio pandas / map_file:            {theirs / ours:.1f}x")
    ok = ours <= TARGET_SECONDS
    print(f"target <= {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
