"""Customer source configuration: the YAML file `budget-sync sources apply` reads, validated.

Every problem is reported at once, each naming the file, the customer (position and id) and the setting,
e.g. ``customers.yaml: customers[2] 'acme': sync_frequency 'weekly' is not valid; use one of ...``.

Secrets never appear in the file: settings that need one name an environment variable (``*_env``).
Those variables need not be set where the file is applied (the Dagster workers may run elsewhere), so a
missing variable is a warning from `missing_env_vars`, not an error; the sync that needs it fails clearly.

A relative `path` of a `local` source is resolved against the folder of the customers file, so a file and
its drop folders can be moved together and applied from anywhere.

The settings are checked once, here, by the typed models of `budget_sync.customer_file` (one per source
type; unknown keys are errors with a suggestion). `docs/customers.schema.json` is generated from them.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from budget_sync.customer_file.customer import CustomerModel
from budget_sync.customer_file.problems import validate_customer
from budget_sync.errors import ConfigError

# Budget service settings (`budget-sync serve`): the check's tier and the over-commitment guardrail.
SERVICE_KEYS = ("tier", "ttl_seconds", "refresh_wait_ms", "max_staleness_seconds", "block_overcommit")
SERVICE_DEFAULTS = {key: CustomerModel.model_fields[key].default for key in SERVICE_KEYS}


@dataclass(frozen=True)
class SyncState:
    """What the registry row said about the customer's syncs when its settings were read, in the same
    SELECT: a sync decides "unchanged?" and reports "last synced" from it instead of reading the row again."""

    last_synced_at: datetime | None = None
    last_raw_sha256: str | None = None


@dataclass(frozen=True)
class CustomerConfig:
    """One customer: the partition key `id` plus how and how often to fetch its budget export.

    `source` is the raw `source:` block (type plus connector settings; secrets only as env var names),
    `mapping` the optional mapping overrides passed to the mapping engine.

    `status`: the sync state read with the settings from `budget_sources` (None: the settings did not come
    from the registry, e.g. a customers file); not part of equality, which compares settings.
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
    service: dict = field(default_factory=dict)  # SERVICE_KEYS that differ from SERVICE_DEFAULTS
    status: SyncState | None = field(default=None, compare=False, repr=False)

    @property
    def source_type(self) -> str:
        return self.source["type"]

    def setting(self, key: str):
        """A budget service setting (SERVICE_KEYS), its default when the file does not set it."""
        return self.service.get(key, SERVICE_DEFAULTS[key])

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

    def env_var_names(self) -> list[str]:
        """The env var names this customer's source and notifications rely on."""
        return [v for block in (self.source, self.notify) for k, v in block.items() if k.endswith("_env")]


def load_customers_file(path: str | Path) -> list[CustomerConfig]:
    """Read and validate a customer source file; raises ConfigError naming every problem found."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    configs = parse_customers(data, origin=str(path))
    return [_resolve_local_path(c, path.resolve().parent) for c in configs]


def parse_customers(data, origin: str = "<customers>") -> list[CustomerConfig]:
    """Validate the parsed file (`{"customers": [...]}`) and build one CustomerConfig per customer."""
    if not isinstance(data, dict) or "customers" not in data:
        raise ConfigError(f"{origin}: expected a top-level 'customers:' list")
    unknown = sorted(set(data) - {"customers"})
    if unknown:
        raise ConfigError(
            f"{origin}: unknown top-level setting(s) {', '.join(unknown)}; only 'customers' is read"
        )
    entries = data["customers"] or []
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: 'customers' must be a list of customers")
    problems: list[str] = []
    configs: list[CustomerConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        label = _label(index, entry)
        model, found = _validate(entry)
        cid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(cid, str) and cid in seen:
            found.append(f"id '{cid}' is used twice (also customers[{seen[cid]}]); ids must be unique")
        elif isinstance(cid, str):
            seen[cid] = index
        problems += [f"{origin}: {label}: {p}" for p in found]
        if model is not None and not found:
            configs.append(_build(entry, model))
    if problems:
        head = f"{origin}: {len(problems)} problems:\n  " if len(problems) > 1 else ""
        raise ConfigError(head + "\n  ".join(problems))
    return configs


def missing_env_vars(configs: list[CustomerConfig], env=None) -> list[str]:
    """Warnings for env var names that are not set in this environment (not an error: see module doc)."""
    env = os.environ if env is None else env
    return [
        f"customer '{c.id}': environment variable {name} is not set here; its syncs need it where they run"
        for c in configs
        for name in c.env_var_names()
        if name not in env
    ]


def _resolve_local_path(config: CustomerConfig, folder: Path) -> CustomerConfig:
    """A relative `path` of a local source means relative to the customers file, not to the current folder."""
    if config.source_type != "local" or Path(config.source["path"]).expanduser().is_absolute():
        return config
    source = {**config.source, "path": str(folder / config.source["path"])}
    return dataclasses.replace(config, source=source)


def _label(index: int, entry) -> str:
    cid = entry.get("id") if isinstance(entry, dict) else None
    return f"customers[{index}] '{cid}'" if isinstance(cid, str) else f"customers[{index}]"


def _validate(entry) -> tuple[CustomerModel | None, list[str]]:
    if not isinstance(entry, dict):
        return None, ["each customer must be a mapping of settings (id, name, source, ...)"]
    return validate_customer(entry)


def _build(entry: dict, model: CustomerModel) -> CustomerConfig:
    """The CustomerConfig of a valid entry. `source` and `notify` stay the blocks as written (so applying
    the same file again changes nothing); the checked values come from the model."""
    return CustomerConfig(
        id=model.id,
        name=model.name or model.id,
        source=dict(entry["source"]),
        mapping=dict(model.mapping),
        sync_frequency=model.sync_frequency,
        timezone=model.timezone,
        fiscal_year_start_month=model.fiscal_year_start_month,
        default_currency=model.default_currency,
        notify=dict(entry.get("notify") or {}),
        service={
            k: getattr(model, k)
            for k in SERVICE_KEYS
            if k in entry and getattr(model, k) != SERVICE_DEFAULTS[k]
        },
    )
