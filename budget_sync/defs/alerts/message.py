"""The plain-words failure message (seed design, "Notifications"): what failed and why, that budget
checks still use the data last synced (and when), and when the next automatic attempt is."""

import os
from dataclasses import dataclass
from datetime import datetime

SOURCE_NAMES = {
    "google_sheets": "Google Sheets",
    "anaplan": "Anaplan",
    "sftp": "the SFTP drop folder",
    "s3": "the Amazon S3 drop folder",
    "local": "the drop folder",
    "upload": "the uploaded file",
}


def ago(then: datetime, now: datetime) -> str:
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return f"{hours // 24} days ago"


def redact(text: str, secret_env_names: list[str]) -> str:
    """Belt and braces: replace the value of any secret env var the customer names, should it appear."""
    for name in secret_env_names:
        value = os.environ.get(name)
        if value and len(value) >= 4:
            text = text.replace(value, "[redacted]")
    return text


@dataclass(frozen=True)
class FailureMessage:
    customer_id: str
    customer_name: str
    source_type: str
    reason: str
    last_synced_at: datetime | None
    next_attempt: str  # e.g. "in 15 minutes (about 14:05 UTC)"
    now: datetime
    run_id: str = ""

    @property
    def title(self) -> str:
        return f"Budget sync failed for {self.customer_name}"

    @property
    def body(self) -> str:
        source = SOURCE_NAMES.get(self.source_type, self.source_type)
        if self.last_synced_at:
            kept = (
                "Don't worry - your budget data is still available: budget checks keep using the data "
                f"last synced {ago(self.last_synced_at, self.now)} "
                f"({self.last_synced_at:%Y-%m-%d %H:%M} UTC)."
            )
        else:
            kept = (
                "No budget has been synced for this customer yet, so budget checks find no budget "
                "until a sync succeeds."
            )
        lines = [
            "Budget sync failed",
            "",
            f"We couldn't sync the budget of {self.customer_name} ({self.customer_id}) from {source}.",
            f"Error: {self.reason}",
            "",
            kept,
            "",
            f"Next automatic attempt: {self.next_attempt}.",
        ]
        if self.run_id:
            lines += ["", f"Details: Dagster run {self.run_id}"]
        return "\n".join(lines)
