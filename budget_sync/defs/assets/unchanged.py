"""The marker passed downstream when the source has not changed since the last good sync."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Unchanged:
    """Mapping and importing are skipped; `since` is when the same content was last synced."""

    customer_id: str
    sha256: str
    since: datetime | None

    @property
    def message(self) -> str:
        when = self.since.isoformat(timespec="seconds") if self.since else "the last good sync"
        return f"unchanged since {when}"
