"""`preview --json` writes the budgets as it encodes them: the same JSON value as MappingResult.as_dict()."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from budget_sync.cli.preview_json import write_preview_json
from budget_sync.mapping import map_rows
from budget_sync.models import Budget


def _written(result) -> dict:
    out = io.StringIO()
    write_preview_json(result, out)
    return json.loads(out.getvalue())


def test_streamed_json_equals_the_dict_shape_with_awkward_names():
    result = map_rows([["Department", "Category", "Period", "Amount"], ["Sales", "Travel", "2025-01", "10"]])
    result.budgets += [
        Budget('Dé"pt\\\n\u2028', None, "2025-02", Decimal("1.00"), "EUR"),
        Budget("ctrl\x01", "sub ü", "FY2025", Decimal("-0.125")),
    ] * 3
    assert _written(result) == json.loads(json.dumps(result.as_dict(), default=str))


def test_no_budgets_is_still_valid_json():
    result = map_rows([["Department", "Category", "Period", "Amount"], ["Sales", "Travel", "2025-01", "10"]])
    result.budgets = []
    assert _written(result)["budgets"] == []
