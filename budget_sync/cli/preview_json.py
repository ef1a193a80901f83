"""The preview JSON (`MappingResult.as_dict()`'s shape) written as it is encoded.

`json.dumps(..., indent=2)` of a million budgets runs the pure-Python encoder (indentation disables the C
one) and holds the whole text and a dict per budget at once. Here each budget is one line encoded by the C
encoder and written in batches; the small parts keep the indented layout. Same keys, same values.
"""

from __future__ import annotations

import json
from typing import TextIO

_BATCH = 5000


def write_preview_json(result, out: TextIO) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    out.write('{\n  "budgets": [')
    budgets = result.budgets
    for start in range(0, len(budgets), _BATCH):
        lines = [
            encode(
                {
                    "department": b.department,
                    "sub_category": b.sub_category,
                    "fiscal_period": b.fiscal_period,
                    "budgeted_amount": str(b.budgeted_amount),
                    "currency": b.currency,
                }
            )
            for b in budgets[start : start + _BATCH]
        ]
        out.write(("," if start else "") + "\n    " + ",\n    ".join(lines))
    out.write("\n  ]" if budgets else "]")
    rest = {
        "rejected": [r.as_dict() for r in result.rejected],
        "skipped": [r.as_dict() for r in result.skipped],
        "control_totals": result.control_totals,
        "fingerprint": result.fingerprint,
        "mapping": result.mapping,
    }
    for key, value in rest.items():
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
        out.write(f',\n  "{key}": {text}')
    out.write("\n}\n")
