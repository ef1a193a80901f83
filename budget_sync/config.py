"""Customer source configuration: the YAML file `budget-sync sources apply` reads, validated.

Every problem is reported at once, each naming the file, the customer (position and id) and the setting,
e.g. ``customers.yaml: customers[2] 'acme': sync_frequency 'weekly' is not valid; use one of ...``.

Secrets never appear in the file: settings that need one name an environment variable (``*_env``).
Those variables need not be set where the file is applied (the Dagster workers may run elsewhere), so a
missing variable is a warning from `missing_env_vars`, not an error; the sync that needs it fails clearly.

A relative `path` of a `local` source is resolved against the folder of the customers file, so a file and
its drop folders can be moved together and applied from anywhere.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from budget_sync.errors import ConfigError
from budget_sync.iso4217 import is_currency
from budget_sync.sources import SOURCE_TYPES

# Budget service settings (`budget-sync serve`): the check's tier and the over-commitment guardrail.
TIERS = ("standard", "realtime", "cache_first")
SERVICE_KEYS = ("tier", "ttl_seconds", "refresh_wait_ms", "max_staleness_seconds", "block_overcommit")
SERVICE_DEFAULTS = {
    "tier": "standard",
    "ttl_seconds": 300,
    "refresh_wait_ms": 2000,
    "max_staleness_seconds": None,
    "block_overcommit": False,
}
SYNC_FREQUENCIES = ("hourly", "every_4_hours", "every_12_hours", "daily", "manual")
CUSTOMER_KEYS = (
    "id",
    "name",
    "source",
    "mapping",
    "sync_frequency",
    "timezone",
    "fiscal_year_start_month",
    "default_currency",
    "notify",
    *SERVICE_KEYS,
)
MAX_ID, MAX_NAME = 100, 200  # budget_sources column sizes
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Keys that would hold a secret itself; the file must name an env var instead (`<key>_env`).
SECRET_KEYS = re.compile(
    r"^(password|passphrase|secret|token|api_key|private_key|key|credentials|client_secret|"
    r"secret_access_key|aws_secret_access_key|webhook|slack_webhook|smtp_password)$"
    r"|_(password|secret|token)$"
)
# Settings each source type cannot work without; secrets are checked separately in `_secret_problems`.
REQUIRED = {
    "google_sheets": ("spreadsheet_id",),
    "anaplan": ("workspace_id", "model_id", "export_id"),
    "sftp": ("host", "path", "username"),
    "s3": ("bucket",),
    "local": ("path",),
}


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
    service: dict = field(default_factory=dict)  # SERVICE_KEYS that differ from SERVICE_DEFAULTS

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
        found = _customer_problems(entry)
        cid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(cid, str) and cid in seen:
            found.append(f"id '{cid}' is used twice (also customers[{seen[cid]}]); ids must be unique")
        elif isinstance(cid, str):
            seen[cid] = index
        problems += [f"{origin}: {label}: {p}" for p in found]
        if not found:
            configs.append(_build(entry))
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


def _customer_problems(entry) -> list[str]:
    if not isinstance(entry, dict):
        return ["each customer must be a mapping of settings (id, name, source, ...)"]
    problems = [_unknown_key(key, CUSTOMER_KEYS) for key in entry if key not in CUSTOMER_KEYS]
    cid = entry.get("id")
    if cid is None:
        problems.append("id is missing (a lowercase slug such as 'acme-corp')")
    elif not isinstance(cid, str) or not SLUG.match(cid):
        problems.append(f"id {cid!r} is not a slug: use lowercase letters, digits and single hyphens")
    elif len(cid) > MAX_ID:
        problems.append(f"id is {len(cid)} characters long; at most {MAX_ID}")
    if "name" in entry and not (
        isinstance(entry["name"], str) and 0 < len(entry["name"].strip()) <= MAX_NAME
    ):
        problems.append(f"name must be non-empty text of at most {MAX_NAME} characters")
    frequency = entry.get("sync_frequency", "every_4_hours")
    if frequency not in SYNC_FREQUENCIES:
        problems.append(
            f"sync_frequency {frequency!r} is not valid; use one of {', '.join(SYNC_FREQUENCIES)}"
        )
    problems += _timezone_problems(entry.get("timezone", "UTC"))
    month = entry.get("fiscal_year_start_month", 1)
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        problems.append(f"fiscal_year_start_month {month!r} must be a whole number from 1 to 12")
    currency = entry.get("default_currency", "USD")
    if not isinstance(currency, str) or not is_currency(currency.upper()):
        problems.append(f"default_currency {currency!r} must be an ISO 4217 currency code such as USD")
    for block in ("mapping", "notify"):
        if block in entry and not isinstance(entry[block] or {}, dict):
            problems.append(f"{block} must be a mapping of settings")
    problems += _service_problems(entry)
    problems += _mapping_problems(entry.get("mapping") or {})
    problems += _literal_secret_problems("notify", entry.get("notify") or {})
    problems += _source_problems(entry.get("source"))
    return [p for p in problems if p]


def _service_problems(entry: dict) -> list[str]:
    problems = []
    tier = entry.get("tier", "standard")
    if tier not in TIERS:
        problems.append(f"tier {tier!r} is not valid; use one of {', '.join(TIERS)}")
    for key in ("ttl_seconds", "refresh_wait_ms", "max_staleness_seconds"):
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            problems.append(f"{key} {value!r} must be a whole number of 0 or more")
    if tier == "cache_first" and entry.get("max_staleness_seconds") is None:
        problems.append("tier cache_first needs max_staleness_seconds (how old the data may get)")
    if not isinstance(entry.get("block_overcommit", False), bool):
        problems.append("block_overcommit must be true or false")
    return problems


def _timezone_problems(name) -> list[str]:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return [f"timezone {name!r} is not an IANA time zone name such as America/New_York or UTC"]
    return []


def _mapping_problems(mapping) -> list[str]:
    """The mapping engine's own validation (preset, unknown keys, bad values), so `sources apply` catches
    what would otherwise only fail at the first sync."""
    if not isinstance(mapping, dict) or not mapping:
        return []
    from budget_sync.mapping.overrides import load_config

    try:
        load_config(mapping)
    except ConfigError as exc:
        return [str(exc)]
    return []


def _source_problems(source) -> list[str]:
    if source is None:
        return [f"source is missing (a mapping with type: one of {', '.join(SOURCE_TYPES)})"]
    if not isinstance(source, dict):
        return ["source must be a mapping with a type and its settings"]
    kind = source.get("type")
    if kind not in SOURCE_TYPES:
        return [f"source.type {kind!r} is not a known source type; use one of {', '.join(SOURCE_TYPES)}"]
    problems = [
        f"source.{key} is required for a {kind} source"
        for key in REQUIRED[kind]
        if not isinstance(source.get(key), str | int) or str(source.get(key)).strip() == ""
    ]
    problems += _literal_secret_problems("source", source)
    problems += _secret_problems(kind, source)
    if "port" in source and not (isinstance(source["port"], int) and 0 < source["port"] < 65536):
        problems.append(f"source.port {source['port']!r} must be a port number from 1 to 65535")
    return problems


def _literal_secret_problems(block: str, settings: dict) -> list[str]:
    """A secret written into the file is refused; the message never repeats the value."""
    problems = []
    for key, value in settings.items():
        if SECRET_KEYS.search(str(key)):
            problems.append(
                f"{block}.{key} holds a secret in the file; put it in an environment variable and "
                f"give that variable's name as {block}.{key}_env"
            )
        elif str(key).endswith("_env") and not (isinstance(value, str) and ENV_NAME.match(value)):
            problems.append(
                f"{block}.{key} must be the NAME of an environment variable (letters, digits, _), "
                "not the secret itself"
            )
    return problems


def _secret_problems(kind: str, source: dict) -> list[str]:
    """The credentials each connector needs, as env var names (same rules as the connectors apply)."""
    has = {key for key, value in source.items() if key.endswith("_env") and value}
    if kind == "google_sheets" and "credentials_env" not in has:
        return ["source.credentials_env is required: the env var holding the service-account JSON"]
    if kind == "sftp" and not has & {"password_env", "key_env"}:
        return ["source.password_env or source.key_env is required: the env var holding the password or key"]
    if kind == "s3" and len(has & {"access_key_env", "secret_key_env"}) == 1:
        return [
            "source.access_key_env and source.secret_key_env go together (or leave both out to use "
            "the AWS default credential chain)"
        ]
    if kind == "anaplan":
        return _anaplan_auth_problems(source, has)
    return []


def _anaplan_auth_problems(source: dict, has: set[str]) -> list[str]:
    auth = source.get("auth") or ("certificate" if "certificate_env" in has else "basic")
    if auth == "basic":
        return [
            f"source.{name} is required for Anaplan basic auth ({why})"
            for name, why in (
                ("username", "the Anaplan user"),
                ("password_env", "the env var holding its password"),
            )
            if not source.get(name)
        ]
    if auth == "certificate":
        return [
            f"source.{name} is required for Anaplan certificate auth (the env var holding the {what})"
            for name, what in (("certificate_env", "PEM certificate"), ("private_key_env", "PEM private key"))
            if name not in has
        ]
    return [f"source.auth {auth!r} is not valid; use basic (username, password_env) or certificate"]


def _unknown_key(key, known) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else f"; known settings: {', '.join(known)}"
    return f"unknown setting {key!r}{hint}"


def _build(entry: dict) -> CustomerConfig:
    return CustomerConfig(
        id=entry["id"],
        name=(entry.get("name") or entry["id"]).strip(),
        source=dict(entry["source"]),
        mapping=dict(entry.get("mapping") or {}),
        sync_frequency=entry.get("sync_frequency", "every_4_hours"),
        timezone=entry.get("timezone", "UTC"),
        fiscal_year_start_month=entry.get("fiscal_year_start_month", 1),
        default_currency=entry.get("default_currency", "USD").upper(),
        notify=dict(entry.get("notify") or {}),
        service={k: entry[k] for k in SERVICE_KEYS if k in entry and entry[k] != SERVICE_DEFAULTS[k]},
    )
