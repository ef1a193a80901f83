"""The preview JSON (`MappingResult.as_dict()`'s shape) written as it is encoded.

`json.dumps(..., indent=2)` of a million budgets runs the pure-Python encoder (indentation disables the C
one) and holds the whole text and a dict per budget at once. Here each budget is one line (string
literals from the C encoder's escaping, memoized) written in batches; the small parts keep the indented
layout. Same keys, same values.
"""

from __future__ import annotations

import json
from typing import TextIO

_BATCH = 5000


class _Strings:
    """JSON string literals as `json.dumps(ensure_ascii=False)` writes them (its C encoder), memoized:
    the names and periods of a big export repeat on every line."""

    def __init__(self):
        self._seen: dict[str, str] = {}
        self._encode = json.encoder.encode_basestring

    def __call__(self, value: str | None) -> str:
        if value is None:
            return "null"
        try:
            return self._seen[value]
        except KeyError:
            literal = self._seen[value] = self._encode(value)
            return literal


def write_preview_json(result, out: TextIO) -> None:
    text = _Strings()
    out.write('{\n  "budgets": [')
    budgets = result.budgets
    for start in range(0, len(budgets), _BATCH):
        lines = [
            f'{{"department": {text(b.department)}, "sub_category": {text(b.sub_category)}, '
            f'"fiscal_period": {text(b.fiscal_period)}, "budgeted_amount": "{b.budgeted_amount}", '
            f'"currency": {text(b.currency)}}}'
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
        encoded = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
        out.write(f',\n  "{key}": {encoded}')
    out.write("\n}\n")
