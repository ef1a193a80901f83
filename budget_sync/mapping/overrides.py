"""The customer's `mapping:` block: preset first, own keys on top, every key checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budget_sync.errors import ConfigError

ROLE_KEYS = ("department", "sub_category", "fiscal_period", "budgeted_amount", "currency", "year", "month")
OTHER_KEYS = (
    "sheet",
    "header_row",
    "default_currency",
    "default_period",
    "fiscal_year",
    "fiscal_year_start_month",
    "filters",
    "preset",
    "min_confidence",
    "decimal_comma",
)


@dataclass
class MappingConfig:
    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    default_currency: str | None = None
    default_period: str | None = None
    fiscal_year: int | None = None
    fiscal_year_start_month: int = 1
    filters: dict[str, str] = field(default_factory=dict)
    min_confidence: float | None = None
    decimal_comma: bool | None = None


def load_config(config: dict[str, Any] | None) -> MappingConfig:
    """Validate a mapping block (ConfigError naming the setting) after applying its preset."""
    block = dict(config or {})
    if not isinstance(config or {}, dict):
        raise ConfigError(f"mapping: expected a mapping of settings, got {type(config).__name__}")
    preset = block.pop("preset", None)
    if preset:
        from budget_sync.mapping.presets import PRESETS

        if preset not in PRESETS:
            raise ConfigError(
                f"mapping.preset: unknown preset '{preset}' (known: {', '.join(sorted(PRESETS))})"
            )
        block = {**PRESETS[preset], **block}
        block.pop("preset", None)
    unknown = sorted(set(block) - set(ROLE_KEYS) - set(OTHER_KEYS))
    if unknown:
        known = ", ".join(ROLE_KEYS + OTHER_KEYS)
        raise ConfigError(f"mapping: unknown setting(s) {', '.join(unknown)} (known: {known})")
    result = MappingConfig()
    for role in ROLE_KEYS:
        if block.get(role) not in (None, ""):
            result.columns[role] = str(block[role]).strip()
    result.sheet = _optional_str(block, "sheet")
    result.default_period = _optional_str(block, "default_period")
    currency = _optional_str(block, "default_currency")
    if currency and (len(currency) != 3 or not currency.isalpha()):
        raise ConfigError(f"mapping.default_currency: '{currency}' is not a 3-letter ISO currency code")
    result.default_currency = currency.upper() if currency else None
    result.header_row = _optional_int(block, "header_row", 1, 10_000)
    result.fiscal_year = _optional_int(block, "fiscal_year", 1990, 2100)
    result.fiscal_year_start_month = _optional_int(block, "fiscal_year_start_month", 1, 12) or 1
    filters = block.get("filters") or {}
    if not isinstance(filters, dict):
        raise ConfigError("mapping.filters: expected {column: value}")
    result.filters = {str(k).strip(): str(v).strip() for k, v in filters.items()}
    if block.get("min_confidence") is not None:
        try:
            result.min_confidence = float(block["min_confidence"])
        except (TypeError, ValueError):
            raise ConfigError("mapping.min_confidence: expected a number between 0 and 1") from None
        if not 0 <= result.min_confidence <= 1:
            raise ConfigError("mapping.min_confidence: expected a number between 0 and 1")
    if block.get("decimal_comma") is not None:
        result.decimal_comma = bool(block["decimal_comma"])
    if result.default_period:
        from budget_sync.mapping.period_parser import parse_period

        canonical = parse_period(result.default_period, fiscal_year=result.fiscal_year)
        if not canonical:
            raise ConfigError(f"mapping.default_period: '{result.default_period}' is not a fiscal period")
        result.default_period = canonical
    return result


def _optional_str(block: dict[str, Any], key: str) -> str | None:
    value = block.get(key)
    return None if value in (None, "") else str(value).strip()


def _optional_int(block: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = block.get(key)
    if value in (None, ""):
        return None
    text = str(value).strip().upper().removeprefix("FY")
    if not text.isdecimal() or not low <= int(text) <= high:
        raise ConfigError(f"mapping.{key}: expected a whole number from {low} to {high}, got '{value}'")
    return int(text)
