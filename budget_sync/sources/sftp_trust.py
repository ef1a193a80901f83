"""SFTP host key checking, always on (RejectPolicy semantics): against ``host_key`` (a pinned public key
line such as ``ssh-ed25519 AAAA...``), else the ``known_hosts`` file, else ``~/.ssh/known_hosts``. An
unknown key is refused with the server's public key line in the error, so an admin can confirm and pin it.
"""

from __future__ import annotations

import base64
from pathlib import Path

import paramiko

from budget_sync.errors import SourceError

SOURCE = "sftp"


class UnknownHostKey(Exception):
    def __init__(self, key: paramiko.PKey):
        super().__init__("unknown host key")
        self.key = key


class _RejectAndRemember(paramiko.MissingHostKeyPolicy):
    """RejectPolicy that keeps the offered key, so the error can show the line to pin."""

    def missing_host_key(self, client, hostname, key):
        raise UnknownHostKey(key)


def key_line(key: paramiko.PKey) -> str:
    return f"{key.get_name()} {key.get_base64()}"


def trust(customer_id: str, settings: dict, client: paramiko.SSHClient, host: str, port: int) -> None:
    client.set_missing_host_key_policy(_RejectAndRemember())
    pinned = settings.get("host_key")
    known_hosts = settings.get("known_hosts")
    if pinned:
        name = host if port == 22 else f"[{host}]:{port}"
        key = _parse_key_line(customer_id, str(pinned))
        client.get_host_keys().add(name, key.get_name(), key)
    elif known_hosts:
        path = Path(str(known_hosts)).expanduser()
        try:
            client.load_host_keys(str(path))
        except OSError:
            raise SourceError(
                customer_id,
                SOURCE,
                f"known_hosts file {path} cannot be read.",
                "the 'known_hosts' setting.",
                retryable=False,
            ) from None
    else:
        client.load_system_host_keys()


def _parse_key_line(customer_id: str, line: str) -> paramiko.PKey:
    """`ssh-ed25519 AAAA... [comment]`, also accepted with a leading known_hosts host field."""
    parts = line.split()
    if len(parts) >= 3 and not parts[0].startswith(("ssh-", "ecdsa-", "sk-")):
        parts = parts[1:]
    try:
        return paramiko.PKey.from_type_string(parts[0], base64.b64decode(parts[1]))
    except Exception:
        raise SourceError(
            customer_id,
            SOURCE,
            "setting 'host_key' is not a public key line.",
            "it looks like 'ssh-ed25519 AAAA...' (the output of ssh-keyscan without the host).",
            retryable=False,
        ) from None
