"""The Anaplan `source:` block, validated, with documented defaults. Secrets are read later, by name."""

from __future__ import annotations

from dataclasses import dataclass

from budget_sync.errors import SourceError
from budget_sync.sources.http_retry import RetryPolicy

SOURCE = "anaplan"
AUTH_URL = "https://auth.anaplan.com"
API_URL = "https://api.anaplan.com/2/0"
AUTH_KINDS = ("basic", "certificate")
DOWNLOADS = ("chunks", "whole")


@dataclass(frozen=True)
class AnaplanSettings:
    customer_id: str
    workspace_id: str
    model_id: str
    export_id: str
    auth: str
    username: str | None
    password_env: str | None
    certificate_env: str | None
    private_key_env: str | None
    private_key_password_env: str | None
    poll_interval: float
    timeout: float
    download: str
    locale: str
    auth_url: str
    api_url: str
    retry: RetryPolicy

    @property
    def location(self) -> str:
        return f"anaplan://{self.workspace_id}/{self.model_id}/exports/{self.export_id}"

    def error(self, message: str, hint: str = "", *, retryable: bool = False) -> SourceError:
        return SourceError(self.customer_id, SOURCE, message, hint, retryable=retryable)


def parse_settings(customer_id: str, block: dict) -> AnaplanSettings:
    def fail(message: str, hint: str) -> SourceError:
        return SourceError(customer_id, SOURCE, message, hint, retryable=False)

    ids = {}
    for name in ("workspace_id", "model_id", "export_id"):
        ids[name] = str(block.get(name) or "").strip()
        if not ids[name]:
            raise fail(
                f"setting {name} is missing",
                f"set source.{name}; the ids are in the model's URL and in the export action's properties "
                "(export ids look like 116000000001)",
            )
    auth = str(block.get("auth") or ("certificate" if block.get("certificate_env") else "basic")).lower()
    if auth not in AUTH_KINDS:
        raise fail(
            f"setting auth is {auth!r}", "use auth: basic (username, password_env) or auth: certificate"
        )
    needed = ("username", "password_env") if auth == "basic" else ("certificate_env", "private_key_env")
    for name in needed:
        if not block.get(name):
            raise fail(f"setting {name} is missing (needed for auth: {auth})", f"set source.{name}")
    download = str(block.get("download") or "chunks").lower()
    if download not in DOWNLOADS:
        raise fail(f"setting download is {download!r}", "use download: chunks (default) or download: whole")
    try:
        poll_interval = float(block.get("poll_interval", 5))
        timeout = float(block.get("timeout", 600))
        retry = RetryPolicy.from_settings(block)
    except (TypeError, ValueError):
        raise fail(
            "poll_interval, timeout, max_attempts or max_retry_wait is not a number", "those settings"
        ) from None
    return AnaplanSettings(
        customer_id=customer_id,
        auth=auth,
        username=block.get("username"),
        password_env=block.get("password_env"),
        certificate_env=block.get("certificate_env"),
        private_key_env=block.get("private_key_env"),
        private_key_password_env=block.get("private_key_password_env"),
        poll_interval=max(poll_interval, 0.01),
        timeout=max(timeout, 0.0),
        download=download,
        locale=str(block.get("locale") or "en_US"),
        auth_url=str(block.get("auth_url") or AUTH_URL).rstrip("/"),
        api_url=str(block.get("api_url") or API_URL).rstrip("/"),
        retry=retry,
        **ids,
    )
