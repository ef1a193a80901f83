"""Opening an SFTP session with paramiko (host key checked, key or password auth, timeouts) and turning
every connection failure into a SourceError that says what to check and holds no secret.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager

import paramiko

from budget_sync.errors import SourceError
from budget_sync.sources.drop_settings import number, require
from budget_sync.sources.sftp_keys import credentials as load_credentials
from budget_sync.sources.sftp_trust import UnknownHostKey, key_line, trust

SOURCE = "sftp"


def address(settings: dict) -> tuple[str, int]:
    return str(settings.get("host", "")).strip(), int(settings.get("port") or 22)


@contextmanager
def open_sftp(customer_id: str, settings: dict):
    """Yield a connected `paramiko.SFTPClient`; the connection is closed on exit."""
    host = require(customer_id, SOURCE, settings, "host")
    try:
        _, port = address(settings)
    except (TypeError, ValueError):
        raise SourceError(
            customer_id,
            SOURCE,
            f"setting 'port' must be a number, got {settings.get('port')!r}.",
            "the 'port' setting (default 22).",
            retryable=False,
        ) from None
    username = require(customer_id, SOURCE, settings, "username")
    connect_timeout = number(customer_id, SOURCE, settings, "connect_timeout", 15)
    io_timeout = number(customer_id, SOURCE, settings, "timeout", 60)
    credentials = load_credentials(customer_id, settings)
    client = paramiko.SSHClient()
    try:
        trust(customer_id, settings, client, host, port)
        _connect(customer_id, settings, client, host, port, username, connect_timeout, credentials)
        sftp = _start_sftp(customer_id, client, f"{host}:{port}", username)
        sftp.get_channel().settimeout(io_timeout)
        yield sftp
    finally:
        client.close()


def _start_sftp(customer_id: str, client: paramiko.SSHClient, where: str, username: str):
    """The SFTP subsystem on the logged-in connection; a server that refuses it gets a clear error."""
    try:
        return client.open_sftp()
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise SourceError(
            customer_id,
            SOURCE,
            f"the server at {where} accepted the login of user '{username}' but did not start SFTP "
            f"({type(exc).__name__}).",
            "that the account may use SFTP (the server's sftp subsystem is enabled and the account has no "
            "forced command or shell-only restriction).",
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
    except UnknownHostKey as exc:
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
