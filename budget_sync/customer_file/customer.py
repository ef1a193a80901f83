"""The customer model and the customers file model (what `docs/customers.schema.json` describes)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from budget_sync.customer_file.fields import (
    Count,
    EnvName,
    Flag,
    Month,
    Port,
    Text,
    Texts,
    choice,
    rule_error,
    setting_error,
)
from budget_sync.customer_file.sources import SourceSettings
from budget_sync.errors import ConfigError
from budget_sync.iso4217 import is_currency

Tier = Literal["standard", "realtime", "cache_first"]
SyncFrequency = Literal["hourly", "every_4_hours", "every_12_hours", "daily", "manual"]
TIERS: tuple[str, ...] = get_args(Tier)
SYNC_FREQUENCIES: tuple[str, ...] = get_args(SyncFrequency)
MAX_ID, MAX_NAME = 100, 200  # budget_sources column sizes
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise setting_error(f"{value!r} is not a slug: use lowercase letters, digits and single hyphens")
    if len(value) > MAX_ID:
        raise setting_error(f"is {len(value)} characters long; at most {MAX_ID}")
    return value


def _name(value: Any) -> str:
    if not (isinstance(value, str) and 0 < len(value.strip()) <= MAX_NAME):
        raise setting_error(f"must be non-empty text of at most {MAX_NAME} characters")
    return value.strip()


def _timezone(value: Any) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise setting_error(
            f"{value!r} is not an IANA time zone name such as America/New_York or UTC"
        ) from None
    return value


def _currency(value: Any) -> str:
    if not isinstance(value, str) or not is_currency(value.upper()):
        raise setting_error(f"{value!r} must be an ISO 4217 currency code such as USD")
    return value.upper()


def _block(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise setting_error("must be a mapping of settings")
    return value


class NotifySettings(BaseModel):
    """Failure alerts of one customer (email over SMTP, Slack); unset ones use the deployment defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email_to: Texts | None = None
    smtp_host: Text | None = None
    smtp_port: Port | None = None
    smtp_user: Text | None = None
    smtp_password_env: EnvName | None = None
    smtp_from: Text | None = None
    smtp_starttls: Flag | None = None
    slack_webhook_env: EnvName | None = None


class CustomerModel(BaseModel):
    """One entry of `customers:`. Budget service settings (tier ...) sit at the customer's top level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=SLUG.pattern, max_length=MAX_ID), BeforeValidator(_slug)]
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME), BeforeValidator(_name)] | None = None
    source: SourceSettings
    mapping: Annotated[dict[str, Any], BeforeValidator(_block)] = Field(
        default_factory=dict, description="mapping overrides, see docs/mapping.md"
    )
    sync_frequency: Annotated[SyncFrequency, choice(SYNC_FREQUENCIES)] = "every_4_hours"
    timezone: Annotated[str, BeforeValidator(_timezone)] = "UTC"
    fiscal_year_start_month: Month = 1
    default_currency: Annotated[str, Field(pattern="^[A-Za-z]{3}$"), BeforeValidator(_currency)] = "USD"
    notify: Annotated[NotifySettings, BeforeValidator(_block)] = Field(default_factory=NotifySettings)
    tier: Annotated[Tier, choice(TIERS)] = "standard"
    ttl_seconds: Count = 300
    refresh_wait_ms: Count = 2000
    max_staleness_seconds: Count | None = None
    block_overcommit: Flag = False

    @field_validator("mapping")
    @classmethod
    def _mapping(cls, mapping: dict[str, Any]) -> dict[str, Any]:
        """The mapping engine's own validation, so `sources apply` catches what the first sync would."""
        if mapping:
            from budget_sync.mapping.overrides import load_config

            try:
                load_config(mapping)
            except ConfigError as exc:
                raise rule_error(str(exc)) from None
        return mapping

    @model_validator(mode="after")
    def _staleness(self) -> CustomerModel:
        if self.tier == "cache_first" and self.max_staleness_seconds is None:
            raise rule_error("tier cache_first needs max_staleness_seconds (how old the data may get)")
        return self


class CustomersFile(BaseModel):
    """A customers file: `budget-sync sources apply FILE` registers exactly these customers."""

    model_config = ConfigDict(extra="forbid", title="budget_sync customers file")

    customers: list[CustomerModel]
