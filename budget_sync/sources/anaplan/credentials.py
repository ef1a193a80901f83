"""Anaplan secrets from environment variables: the password, or the CA certificate and its private key.

Each variable may hold the value itself or, for the certificate and key, the path of a PEM file. Errors
name the variable, never its content.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from budget_sync.sources.anaplan.settings import AnaplanSettings


def env_secret(cfg: AnaplanSettings, setting: str) -> str:
    name = getattr(cfg, setting)
    value = os.environ.get(name or "", "")
    if not value.strip():
        raise cfg.error(
            f"environment variable {name} (setting {setting}) is not set or empty",
            f"export {name} on the machine running the sync",
        )
    return value


def pem_bytes(cfg: AnaplanSettings, setting: str) -> bytes:
    """PEM text from the env var named by `setting`: the PEM itself or the path of a PEM file."""
    value = env_secret(cfg, setting).strip()
    if value.startswith("-----BEGIN"):
        return value.encode()
    path = Path(value).expanduser()
    try:
        return path.read_bytes()
    except OSError:
        shown = f" ({path})" if len(value) < 256 and "/" in value else ""
        raise cfg.error(
            f"the PEM file named by environment variable {getattr(cfg, setting)}{shown} cannot be read",
            f"{getattr(cfg, setting)} must hold the PEM text itself or the path of a readable PEM file",
        ) from None


def load_certificate(cfg: AnaplanSettings) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem_bytes(cfg, "certificate_env"))
    except ValueError:
        raise cfg.error(
            f"environment variable {cfg.certificate_env} does not hold a PEM certificate",
            "certificate_env must name the CA-issued certificate registered for the Anaplan user",
        ) from None


def load_private_key(cfg: AnaplanSettings):
    password = None
    if cfg.private_key_password_env:
        password = env_secret(cfg, "private_key_password_env").encode()
    try:
        return serialization.load_pem_private_key(pem_bytes(cfg, "private_key_env"), password=password)
    except (ValueError, TypeError):
        raise cfg.error(
            f"the private key in environment variable {cfg.private_key_env} cannot be loaded",
            "private_key_env must name the certificate's RSA private key (PEM); if it is encrypted, set "
            "private_key_password_env",
        ) from None
