"""SFTP login secrets from environment variables: a private key (its text or a path to it, optionally
encrypted) and/or a password. Errors name the env var, never its value; the key is only held in memory.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import paramiko

from budget_sync.errors import SourceError
from budget_sync.sources.drop_settings import env_secret

SOURCE = "sftp"
KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


def credentials(customer_id: str, settings: dict) -> dict:
    key_text = env_secret(customer_id, SOURCE, settings, "key_env")
    password = env_secret(customer_id, SOURCE, settings, "password_env")
    if key_text is None and password is None:
        raise SourceError(
            customer_id,
            SOURCE,
            "no credentials configured.",
            "set 'key_env' (env var holding a private key or its path) or 'password_env' in the source block.",
            retryable=False,
        )
    result: dict[str, Any] = {"password": password}
    if key_text is not None:
        passphrase = env_secret(customer_id, SOURCE, settings, "key_passphrase_env")
        result["pkey"] = _load_key(customer_id, settings, key_text, passphrase)
    return result


def _load_key(customer_id: str, settings: dict, value: str, passphrase: str | None) -> paramiko.PKey:
    env = settings["key_env"]
    if "PRIVATE KEY" in value:
        text = value
    else:
        path = Path(value.strip()).expanduser()
        try:
            text = path.read_text()
        except (OSError, UnicodeDecodeError):
            raise _key_error(
                customer_id,
                f"env var {env} holds neither a private key nor the path of a readable key file.",
                f"{env} holds the key text (-----BEGIN ...) or its path.",
            ) from None
    for cls in KEY_CLASSES:
        try:
            return cls.from_private_key(io.StringIO(text), password=passphrase)
        except paramiko.PasswordRequiredException:
            raise _key_error(
                customer_id,
                f"the private key in env var {env} is encrypted and no passphrase was given.",
                "set 'key_passphrase_env' to the env var holding its passphrase.",
            ) from None
        except (paramiko.SSHException, ValueError, TypeError):
            continue
    raise _key_error(
        customer_id,
        f"the private key in env var {env} could not be read (unsupported format or wrong passphrase).",
        "that it is an OpenSSH or PEM Ed25519/ECDSA/RSA key and that "
        f"{settings.get('key_passphrase_env') or 'key_passphrase_env'} holds its passphrase.",
    )


def _key_error(customer_id: str, message: str, hint: str) -> SourceError:
    return SourceError(customer_id, SOURCE, message, hint, retryable=False)
