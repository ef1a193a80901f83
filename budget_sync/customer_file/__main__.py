"""`python -m budget_sync.customer_file [--write]`: print the customers file's JSON Schema, or write it to
docs/customers.schema.json (`make schema`; a test checks the committed file is current)."""

from __future__ import annotations

import sys
from pathlib import Path

from budget_sync.customer_file import json_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "customers.schema.json"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        SCHEMA_FILE.write_text(json_schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}")
        return 0
    if argv:
        print("usage: python -m budget_sync.customer_file [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(json_schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
