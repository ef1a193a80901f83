"""One settings model per source type; `SourceSettings` is their union, told apart by `type`.

Unknown keys are errors (`extra="forbid"`), so a misspelt setting is reported when the file is applied
instead of being ignored until a sync fails. Secrets are only ever env var names (`EnvName`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from budget_sync.customer_file.fields import (
    Attempts,
    EnvName,
    Flag,
    PageSize,
    Port,
    RequiredText,
    Seconds,
    Text,
    Texts,
    choice,
    rule_error,
)


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HttpRetrySettings(SourceModel):
    """Retries of one HTTP call (429/503 with Retry-After, connection errors): see docs/operations.md."""

    max_attempts: Attempts | None = Field(None, description="tries per HTTP call, the first included (3)")
    max_retry_wait: Seconds | None = Field(None, description="longest single wait between tries, s (30)")
    retry_base_wait: Seconds | None = Field(None, description="first back-off wait, doubled each time (1)")


class GoogleSheetsSource(HttpRetrySettings):
    type: Literal["google_sheets"]
    spreadsheet_id: RequiredText = Field(description="the id in the spreadsheet's URL")
    credentials_env: EnvName = Field(description="env var holding the service-account JSON")
    sheet: Text | None = Field(None, description="tab name (default: the first tab)")
    api_base_url: Text | None = Field(None, description="another base URL for the Sheets API (a proxy)")


class AnaplanSource(HttpRetrySettings):
    type: Literal["anaplan"]
    workspace_id: RequiredText
    model_id: RequiredText
    export_id: RequiredText = Field(description="the export action's id, e.g. 116000000001")
    auth: (
        Annotated[
            Literal["basic", "certificate"],
            choice(("basic", "certificate"), "basic (username, password_env) or certificate"),
        ]
        | None
    ) = Field(None, description="basic (default) or certificate (when certificate_env is set)")
    username: Text | None = None
    password_env: EnvName | None = None
    certificate_env: EnvName | None = None
    private_key_env: EnvName | None = None
    private_key_password_env: EnvName | None = None
    poll_interval: Seconds | None = Field(None, description="seconds between export task polls (5)")
    timeout: Seconds | None = Field(None, description="seconds the export may take (600)")
    download: Annotated[Literal["chunks", "whole"], choice(("chunks", "whole"))] | None = None
    locale: Text | None = None
    auth_url: Text | None = None
    api_url: Text | None = None

    @model_validator(mode="after")
    def _auth(self) -> AnaplanSource:
        auth = self.auth or ("certificate" if self.certificate_env else "basic")
        if auth == "basic":
            needed = (("username", "the Anaplan user"), ("password_env", "the env var holding its password"))
            missing = [
                f"source.{n} is required for Anaplan basic auth ({why})"
                for n, why in needed
                if not getattr(self, n)
            ]
        else:
            needed = (("certificate_env", "PEM certificate"), ("private_key_env", "PEM private key"))
            missing = [
                f"source.{n} is required for Anaplan certificate auth (the env var holding the {what})"
                for n, what in needed
                if not getattr(self, n)
            ]
        if missing:
            raise rule_error("; ".join(missing))
        return self


class FileDropSettings(SourceModel):
    pattern: Texts | None = Field(None, description="glob(s) on the file name; newest match is taken")
    stable_seconds: Seconds | None = Field(None, description="how long a file must stay unchanged")


class ArchiveSettings(FileDropSettings):
    archive_dir: Text | None = Field(None, description="folder inside the drop folder for imported files")
    archive_outside: Flag | None = Field(None, description="allow an absolute archive_dir outside it")


class SftpSource(ArchiveSettings):
    type: Literal["sftp"]
    host: RequiredText
    port: Port | None = Field(None, description="22 by default")
    path: RequiredText = Field(description="the drop folder on the server")
    username: RequiredText
    password_env: EnvName | None = None
    key_env: EnvName | None = Field(None, description="env var holding the private key (PEM/OpenSSH)")
    key_passphrase_env: EnvName | None = None
    host_key: Text | None = Field(None, description="pinned public key line, e.g. ssh-ed25519 AAAA...")
    known_hosts: Text | None = None
    connect_timeout: Seconds | None = None
    timeout: Seconds | None = None

    @model_validator(mode="after")
    def _credentials(self) -> SftpSource:
        if not (self.password_env or self.key_env):
            raise rule_error(
                "source.password_env or source.key_env is required: the env var holding the password or key"
            )
        return self


class S3Source(FileDropSettings):
    type: Literal["s3"]
    bucket: RequiredText
    prefix: str | None = None
    region: Text | None = None
    endpoint_url: Text | None = Field(None, description="for S3-compatible stores (MinIO, R2, ...)")
    addressing_style: (
        Annotated[Literal["auto", "path", "virtual"], choice(("auto", "path", "virtual"))] | None
    ) = None
    access_key_env: EnvName | None = Field(
        None, description="with secret_key_env; else the AWS default chain"
    )
    secret_key_env: EnvName | None = None
    session_token_env: EnvName | None = None
    page_size: PageSize | None = Field(None, description="objects per list request (1000)")
    connect_timeout: Seconds | None = None
    timeout: Seconds | None = None

    @model_validator(mode="after")
    def _key_pair(self) -> S3Source:
        if bool(self.access_key_env) != bool(self.secret_key_env):
            raise rule_error(
                "source.access_key_env and source.secret_key_env go together (or leave both out to use "
                "the AWS default credential chain)"
            )
        return self


class LocalSource(ArchiveSettings):
    type: Literal["local"]
    path: RequiredText = Field(description="the drop folder; relative to the customers file")


SOURCE_MODELS: dict[str, type[SourceModel]] = {
    "google_sheets": GoogleSheetsSource,
    "anaplan": AnaplanSource,
    "sftp": SftpSource,
    "s3": S3Source,
    "local": LocalSource,
}
SourceSettings = Annotated[
    GoogleSheetsSource | AnaplanSource | SftpSource | S3Source | LocalSource, Field(discriminator="type")
]
