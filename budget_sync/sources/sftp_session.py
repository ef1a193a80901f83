"""Opening an SFTP session with paramiko: host key checking, key or password auth, timeouts, and
turning every connection failure into a SourceError that says what to check (and holds no secret).

The host key is always checked (RejectPolicy semantics): against ``host_key`` (a pinned public key line
such as ``ssh-ed25519 AAAA...``), else the ``known_hosts`` file, else ``~/.ssh/known_hosts``. An unknown
key is refused with the server's public key line in the error, so an admin can confirm and pin it.
"""

from __future__ import annotations

import base64
import io
import socket
from contextlib import contextmanager
from pathlib import Path

import paramiko

from budget_sync.errors import SourceError
from budget_sync.sources.drop_settings import env_secret, number, require

SOURCE = "sftp"
KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


class _UnknownHostKey(Exception):
    def __init__(self, key: paramiko.PKey):
        super().__init__("unknown host key")
        self.key = key


class _RejectAndRemember(paramiko.MissingHostKeyPolicy):
    """RejectPolicy that keeps the offered key, so the error can show the line to pin."""

    def missing_host_key(self, client, hostname, key):
        raise _UnknownHostKey(key)


def address(settings: dict) -> tuple[str, int]:
    return str(settings.get("host", "")).strip(), int(settings.get("port") or 22)


def key_line(key: paramiko.PKey) -> str:
    return f"{key.get_name()} {key.get_base64()}"


@contextmanager
def open_sftp(customer_id: str, settings: dict):
    """Yield a connected `paramiko.SFTPClient`; the connection is closed on exit."""
    host = require(customer_id, SOURCE, settings, "host")
    _, port = address(settings)
    username = require(customer_id, SOURCE, settings, "username")
    connect_timeout = number(customer_id, SOURCE, settings, "connect_timeout", 15)
    io_timeout = number(customer_id, SOURCE, settings, "timeout", 60)
    credentials = _credentials(customer_id, settings)
    client = paramiko.SSHClient()
    try:
        _trust(customer_id, settings, client, host, port)
        _connect(customer_id, settings, client, host, port, username, connect_timeout, credentials)
        sftp = client.open_sftp()
        sftp.get_channel().settimeout(io_timeout)
        yield sftp
    finally:
        client.close()


def _credentials(customer_id: str, settings: dict) -> dict:
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
    result = {"password": password}
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


def _trust(customer_id: str, settings: dict, client: paramiko.SSHClient, host: str, port: int) -> None:
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


def _connect(customer_id, settings, client, host, port, username, timeout, credentials) -> None:
    where = f"{host}:{port}"
    try:
        client.connect(
            host,
            port=port,
            username=username,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
            channel_timeout=timeout,
            look_for_keys=False,
            allow_agent=False,
            **credentials,
        )
    except _UnknownHostKey as exc:
        line = key_line(exc.key)
        raise SourceError(
            customer_id,
            SOURCE,
            f"the host key of {where} is not trusted (it is not pinned or "
            f"in known_hosts); the server offered: {line} .",
            f"confirm this key with the server's administrator, then pin it with "
            f"host_key: \"{line}\" in the source block (or add it to the 'known_hosts' file).",
            retryable=False,
        ) from None
    except paramiko.BadHostKeyException as exc:
        raise SourceError(
            customer_id,
            SOURCE,
            f"the host key of {where} does not match the pinned key: the "
            f"server offered {key_line(exc.key)}, expected {key_line(exc.expected_key)}.",
            "if the server's key was replaced on purpose, update 'host_key' / 'known_hosts'; "
            "otherwise treat this as a possible interception and do not connect.",
            retryable=False,
        ) from None
    except paramiko.AuthenticationException:
        which = (
            f"the key in env var {settings['key_env']}"
            if "pkey" in credentials
            else (f"the password in env var {settings['password_env']}")
        )
        raise SourceError(
            customer_id,
            SOURCE,
            f"the server at {where} refused to log in user '{username}'.",
            f"that {which} is right for user '{username}' (a key must be in the user's "
            "authorized_keys; the server may not allow passwords).",
            retryable=False,
        ) from None
    except socket.gaierror:
        raise SourceError(
            customer_id,
            SOURCE,
            f"host name '{host}' cannot be resolved.",
            "the 'host' setting.",
            retryable=False,
        ) from None
    except TimeoutError:
        raise SourceError(
            customer_id,
            SOURCE,
            f"connecting to {where} timed out after {timeout:g} s.",
            "the 'host' and 'port' settings and that a firewall lets us reach the server.",
        ) from None
    except (OSError, paramiko.SSHException, EOFError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise SourceError(
            customer_id,
            SOURCE,
            f"cannot connect to {where} ({reason}).",
            "the 'host' and 'port' settings and that the SFTP server is running.",
        ) from None
