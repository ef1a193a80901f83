"""A fingerprint of the accepted mapping, and plain sentences on how a later file's headers drifted."""

from __future__ import annotations

import hashlib
import json
from typing import Any

_ROLE_NAMES = {
    "department": "department",
    "sub_category": "sub-category",
    "fiscal_period": "fiscal period",
    "budgeted_amount": "amount",
    "currency": "currency",
    "year": "year",
    "month": "month",
    "quarter": "quarter",
}


def fingerprint(mapping: dict[str, Any]) -> str:
    """Stable over re-runs: sheet, header row texts and the role of each mapped column."""
    key = {
        "sheet": mapping.get("sheet"),
        "columns": [(c["header"], c["role"]) for c in mapping.get("columns", []) if c.get("role")],
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def header_drift(old_mapping: dict[str, Any] | None, new_mapping: dict[str, Any] | None) -> list[str]:
    """What changed between two accepted mappings, in sentences a customer can act on."""
    if not old_mapping or not new_mapping:
        return []
    notes = []
    if old_mapping.get("sheet") != new_mapping.get("sheet"):
        notes.append(
            f"The budget sheet changed from '{old_mapping.get('sheet')}' to '{new_mapping.get('sheet')}'."
        )
    old, new = _by_role(old_mapping), _by_role(new_mapping)
    for role in sorted(set(old) | set(new), key=list(_ROLE_NAMES).index):
        name = _ROLE_NAMES[role]
        before, after = old.get(role, []), new.get(role, [])
        if role == "budgeted_amount" and (len(before) > 1 or len(after) > 1):
            gone, added = [h for h in before if h not in after], [h for h in after if h not in before]
            if gone:
                notes.append(f"Amount column(s) {_quote(gone)} are no longer in the file.")
            if added:
                notes.append(f"New amount column(s) {_quote(added)} appeared.")
            continue
        if before and not after:
            notes.append(f"The {name} column '{before[0]}' is missing.")
        elif after and not before:
            notes.append(f"A new column '{after[0]}' is now read as the {name}.")
        elif before != after:
            notes.append(f"The {name} column was '{before[0]}' and is now '{after[0]}'.")
    old_ignored = {c["header"] for c in old_mapping.get("columns", []) if c.get("header")}
    new_headers = {c["header"] for c in new_mapping.get("columns", []) if c.get("header")}
    dropped = sorted(h for h in old_ignored - new_headers if h not in sum(old.values(), []))
    if dropped:
        notes.append(f"Column(s) {_quote(dropped)} were removed.")
    return notes


def _by_role(mapping: dict[str, Any]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for col in mapping.get("columns", []):
        if col.get("role") in _ROLE_NAMES:
            roles.setdefault(col["role"], []).append(col.get("header") or col.get("column"))
    return roles


def _quote(headers: list[str]) -> str:
    return ", ".join(f"'{h}'" for h in headers)
