"""The sshd fixture's own guarantees: under CI a missing sshd fails the SFTP tests (never a silent skip),
and as root the privilege separation folder sshd needs is created first."""

from __future__ import annotations

import stat

from budget_sync_tests.sources_drop.servers import ensure_privsep_dir, sshd_missing_problem


def test_missing_sshd_is_fatal_under_ci_and_a_skip_elsewhere(tmp_path):
    absent = str(tmp_path / "no-sshd")
    message, fatal = sshd_missing_problem(absent, env={"CI": "true"})
    assert fatal and absent in message and "openssh-server" in message
    assert sshd_missing_problem(absent, env={"CI": "1"})[1] is True
    assert sshd_missing_problem(absent, env={})[1] is False
    present = tmp_path / "sshd"
    present.write_text("")
    assert sshd_missing_problem(str(present), env={"CI": "true"}) is None


def test_privsep_dir_is_created_for_root_only(tmp_path):
    folder = tmp_path / "run" / "sshd"
    ensure_privsep_dir(folder, is_root=False)
    assert not folder.exists()
    ensure_privsep_dir(folder, is_root=True)
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) & 0o755 == 0o755
    ensure_privsep_dir(folder, is_root=True)  # already there: fine
