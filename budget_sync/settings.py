"""Process-wide settings, read from the environment with documented defaults.

BUDGET_SYNC_HOME          local state folder (default: .budget_sync in the current directory)
BUDGET_SYNC_DATABASE_URL  SQLAlchemy URL of the budget database
                          (default: sqlite:///$BUDGET_SYNC_HOME/budgets.db)
BUDGET_SYNC_RAW_DIR       where raw exports are kept for replay and audit (default: $BUDGET_SYNC_HOME/raw)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    raw_dir: Path
    max_removed_share: float = 0.20
    max_rejected_share: float = 0.20
    min_mapping_confidence: float = 0.6


def load_settings(env: dict | None = None) -> Settings:
    env = os.environ if env is None else env
    home = Path(env.get("BUDGET_SYNC_HOME") or ".budget_sync").resolve()
    url = env.get("BUDGET_SYNC_DATABASE_URL") or f"sqlite:///{home / 'budgets.db'}"
    raw_dir = Path(env.get("BUDGET_SYNC_RAW_DIR") or home / "raw")
    return Settings(
        home=home,
        database_url=url,
        raw_dir=raw_dir,
        max_removed_share=float(env.get("BUDGET_SYNC_MAX_REMOVED_SHARE", 0.20)),
        max_rejected_share=float(env.get("BUDGET_SYNC_MAX_REJECTED_SHARE", 0.20)),
        min_mapping_confidence=float(env.get("BUDGET_SYNC_MIN_CONFIDENCE", 0.6)),
    )
