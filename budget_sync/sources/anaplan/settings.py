"""The Anaplan `source:` block as typed settings with the documented defaults. Secrets are read later, by name."""

from __future__ import annotations

from dataclasses import dataclass

from budget_sync.customer_file.sources import AnaplanSource
from budget_sync.errors import SourceError
from budget_sync.sources.http_retry import RetryPolicy

SOURCE = "anaplan"
AUTH_URL = "https://auth.anaplan.com"
API_URL = "https://api.anaplan.com/2/0"


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
    """The typed settings of an Anaplan source block, checked by the same model as the customers file
    (`customer_file.sources.AnaplanSource`), with the documented defaults filled in."""
    from budget_sync.customer_file.problems import validate_source

    model, problems = validate_source({**block, "type": SOURCE})
    if model is None:
        raise SourceError(
            customer_id,
            SOURCE,
            "; ".join(problems),
            "the customer's source block (docs/sources/anaplan.md); the export ids are in the model's URL "
            "and in the export action's properties (export ids look like 116000000001)",
            retryable=False,
        )
    assert isinstance(model, AnaplanSource)
    retry = RetryPolicy.from_settings(model.model_dump(exclude_none=True))
    return AnaplanSettings(
        customer_id=customer_id,
        workspace_id=model.workspace_id,
        model_id=model.model_id,
        export_id=model.export_id,
        auth=model.auth or ("certificate" if model.certificate_env else "basic"),
        username=model.username,
        password_env=model.password_env,
        certificate_env=model.certificate_env,
        private_key_env=model.private_key_env,
        private_key_password_env=model.private_key_password_env,
        poll_interval=max(5.0 if model.poll_interval is None else model.poll_interval, 0.01),
        timeout=600.0 if model.timeout is None else model.timeout,
        download=model.download or "chunks",
        locale=model.locale or "en_US",
        auth_url=(model.auth_url or AUTH_URL).rstrip("/"),
        api_url=(model.api_url or API_URL).rstrip("/"),
        retry=retry,
    )
