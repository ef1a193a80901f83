"""How an unchanged source is reported: the status text of a skipped sync's materializations and checks."""

from dataclasses import dataclass
from datetime import datetime

from budget_sync.sources.raw_export import RawExport


@dataclass(frozen=True)
class Unchanged:
    """Mapping and importing are skipped; `since` is when the same content was last synced."""

    raw: (
        RawExport | None
    )  # the RawExport just fetched (None: no new file), for the budget_syncs "skipped" row
    since: datetime | None
    reason: str = ""

    @property
    def message(self) -> str:
        when = f"{self.since:%Y-%m-%d %H:%M} UTC" if self.since else "the last good sync"
        prefix = f"{self.reason}: " if self.reason else ""
        return f"{prefix}unchanged since {when}"
