"""Process-wide settings, read from the environment with documented defaults.

BUDGET_SYNC_HOME               local state folder (default: .budget_sync in the current directory)
BUDGET_SYNC_DATABASE_URL       SQLAlchemy URL of the budget database
                               (default: sqlite:///$BUDGET_SYNC_HOME/budgets.db)
BUDGET_SYNC_RAW_DIR            where raw exports are kept for replay and audit (default: $BUDGET_SYNC_HOME/raw)
BUDGET_SYNC_RAW_URL            s3://bucket/prefix: keep raw exports in S3 instead (several machines)
BUDGET_SYNC_MAX_REMOVED_SHARE  share of a customer's budgets a sync may soft-remove (0..1, default 0.20)
BUDGET_SYNC_MAX_REJECTED_SHARE share of an export's rows a sync may reject (0..1, default 0.20)
BUDGET_SYNC_MIN_CONFIDENCE     least mapping confidence accepted (0..1, default 0.6)

A value that cannot be used is a ConfigError naming the variable, not a traceback from deep inside a sync.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from budget_sync.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    raw_dir: Path
    raw_url: str | None = None
    max_removed_share: float = 0.20
    max_rejected_share: float = 0.20
    min_mapping_confidence: float = 0.6


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    home = Path(env.get("BUDGET_SYNC_HOME") or ".budget_sync").resolve()
    url = env.get("BUDGET_SYNC_DATABASE_URL") or f"sqlite:///{home / 'budgets.db'}"
    raw_dir = Path(env.get("BUDGET_SYNC_RAW_DIR") or home / "raw")
    return Settings(
        home=home,
        database_url=url,
        raw_dir=raw_dir,
        raw_url=(env.get("BUDGET_SYNC_RAW_URL") or "").strip() or None,
        max_removed_share=_share(env, "BUDGET_SYNC_MAX_REMOVED_SHARE", 0.20),
        max_rejected_share=_share(env, "BUDGET_SYNC_MAX_REJECTED_SHARE", 0.20),
        min_mapping_confidence=_share(env, "BUDGET_SYNC_MIN_CONFIDENCE", 0.6),
    )


def _share(env, name: str, default: float) -> float:
    """A fraction from 0 to 1 (a limit or a confidence, never money); empty means the default."""
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 1:
        raise ConfigError(f"{name}={text!r} must be a number from 0 to 1 (default {default})")
    return value
