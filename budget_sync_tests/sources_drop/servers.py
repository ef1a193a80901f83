"""Real servers for the file-drop tests: an OpenSSH sshd and a moto S3 server, both on loopback.

Plain classes (no pytest) so other test areas can import them; conftest.py wraps them in session-scoped
fixtures `sshd` and `moto_s3`.

SshdServer: runs /usr/sbin/sshd -D as the current user on a free 127.0.0.1 port with a temporary ed25519
host key, an authorized_keys file in the temp folder, StrictModes no and the internal-sftp subsystem.
Two client keys are authorized: a plain one and one encrypted with `passphrase`. Password login is offered
by the config but cannot succeed here: with UsePAM no sshd checks the user's system password, which tests
must not set. As root, sshd insists on its privilege separation folder /run/sshd; it is created when
missing (as the openssh-server package does at boot).

MotoS3: moto.server.ThreadedMotoServer on a free 127.0.0.1 port; `enforce_auth()` makes it check
credentials (moto's INITIAL_NO_AUTH_ACTION_COUNT switch), restored on exit.
"""

from __future__ import annotations

import ctypes
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
PRIVSEP_DIR = Path("/run/sshd")
TEST_REGION = "us-east-1"


def _die_with_parent() -> None:
    """Linux: sshd gets SIGTERM if the test process dies without running its teardown."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_ed25519(passphrase: bytes | None = None) -> tuple[str, str]:
    """(private key in OpenSSH format, public key line)."""
    key = ed25519.Ed25519PrivateKey.generate()
    crypt = ser.BestAvailableEncryption(passphrase) if passphrase else ser.NoEncryption()
    private = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, crypt).decode()
    public = key.public_key().public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH).decode()
    return private, public


def sshd_missing_problem(sshd: str = SSHD, env=None) -> tuple[str, bool] | None:
    """None when sshd is installed; else (message, fatal). Fatal under CI=true: CI installs sshd
    (.ci/run), so a missing one there is a broken machine, never a reason to skip the SFTP tests."""
    if Path(sshd).exists():
        return None
    env = os.environ if env is None else env
    message = (
        f"OpenSSH sshd not found at {sshd}; .ci/run installs openssh-server (apt-get install openssh-server)"
    )
    return message, env.get("CI", "").lower() in ("true", "1")


def ensure_privsep_dir(path: Path = PRIVSEP_DIR, is_root: bool | None = None) -> None:
    """As root, sshd refuses to start without its privilege separation folder (/run/sshd), which the
    openssh-server package only creates at boot (systemd tmpfiles): create it as that would (root, 0755)."""
    if (os.geteuid() == 0 if is_root is None else is_root) and not path.is_dir():
        path.mkdir(mode=0o755, parents=True, exist_ok=True)


class SshdServer:
    """One sshd for a test session. `settings(folder, **extra)` builds an sftp source block for it."""

    def __init__(self, base: Path):
        self.base = base
        self.host = "127.0.0.1"
        self.username = pwd.getpwuid(os.geteuid()).pw_name
        self.passphrase = "correct horse " + uuid.uuid4().hex[:8]
        self.client_key, client_pub = new_ed25519()
        self.encrypted_key, enc_pub = new_ed25519(self.passphrase.encode())
        host_private, self.host_key_line = new_ed25519()
        self.host_key_path = base / "ssh_host_ed25519_key"
        self.host_key_path.write_text(host_private)
        self.host_key_path.chmod(0o600)
        (base / "authorized_keys").write_text(f"{client_pub}\n{enc_pub}\n")
        self.client_key_path = base / "client_key"
        self.client_key_path.write_text(self.client_key)
        self.client_key_path.chmod(0o600)
        self.log_path = base / "sshd.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self, attempts: int = 5) -> SshdServer:
        ensure_privsep_dir()
        for _ in range(attempts):
            self.port = free_port()
            config = self.base / "sshd_config"
            config.write_text(self._config())
            with self.log_path.open("ab") as log:
                self.process = subprocess.Popen(
                    [SSHD, "-D", "-e", "-f", str(config)], stdout=log, stderr=log, preexec_fn=_die_with_parent
                )
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(f"sshd did not start; see {self.log_path}:\n{self.log_path.read_text()[-2000:]}")

    def _config(self) -> str:
        lines = [
            f"Port {self.port}",
            f"ListenAddress {self.host}",
            f"HostKey {self.host_key_path}",
            f"PidFile {self.base / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.base / 'authorized_keys'}",
            "StrictModes no",
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin yes",
            "MaxStartups 100",
            "MaxAuthTries 10",
            "LogLevel VERBOSE",
            "Subsystem sftp internal-sftp",
        ]
        return "\n".join(lines) + "\n"

    def _wait_ready(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-"):
                        return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    @property
    def known_hosts_line(self) -> str:
        return f"[{self.host}]:{self.port} {self.host_key_line}"

    def new_folder(self) -> Path:
        """A fresh folder the sshd user can read and write (an absolute path usable as 'path')."""
        folder = self.base / "drops" / uuid.uuid4().hex[:10]
        folder.mkdir(parents=True)
        return folder

    def settings(self, folder: Path, **extra) -> dict:
        """An sftp source block with the pinned host key and no credentials (add key_env/password_env)."""
        block = {
            "type": "sftp",
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "path": str(folder),
            "host_key": self.host_key_line,
            "stable_seconds": 0,
        }
        block.update(extra)
        return block


class MotoS3:
    """A moto server speaking S3 on loopback. `client()` gives a boto3 client with test credentials."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
        self.endpoint_url = ""

    def start(self) -> MotoS3:
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self.server.stop()

    def client(self, access_key: str = "testing", secret_key: str = "testing"):
        import boto3

        return boto3.client(
            "s3",
            region_name=TEST_REGION,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
        )

    def new_bucket(self) -> str:
        name = f"drop-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def _post(self, path: str, body: bytes = b"") -> dict:
        # A form content type would make Flask swallow the body; moto reads the raw body.
        request = urllib.request.Request(
            self.endpoint_url + path, data=body, method="POST", headers={"Content-Type": "text/plain"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    @contextmanager
    def enforce_auth(self):
        """While inside, moto checks every request's credentials against its IAM (none exist: all fail)."""
        self._post("/moto-api/reset-auth", b"0")
        try:
            yield
        finally:
            self._post("/moto-api/reset-auth", b"inf")
