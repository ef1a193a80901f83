"""Customer source configuration: the YAML file `budget-sync sources apply` reads, validated.

The validation rules and `load_customers_file` live here too (see docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SYNC_FREQUENCIES = ("hourly", "every_4_hours", "every_12_hours", "daily", "manual")


@dataclass(frozen=True)
class CustomerConfig:
    """One customer: the partition key `id` plus how and how often to fetch its budget export.

    `source` is the raw `source:` block (type plus connector settings; secrets only as env var names),
    `mapping` the optional mapping overrides passed to the mapping engine.
    """

    id: str
    name: str
    source: dict
    mapping: dict = field(default_factory=dict)
    sync_frequency: str = "every_4_hours"
    timezone: str = "UTC"
    fiscal_year_start_month: int = 1
    default_currency: str = "USD"
    notify: dict = field(default_factory=dict)

    @property
    def source_type(self) -> str:
        return self.source["type"]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "source": dict(self.source),
            "mapping": dict(self.mapping),
            "sync_frequency": self.sync_frequency,
            "timezone": self.timezone,
            "fiscal_year_start_month": self.fiscal_year_start_month,
            "default_currency": self.default_currency,
            "notify": dict(self.notify),
        }
