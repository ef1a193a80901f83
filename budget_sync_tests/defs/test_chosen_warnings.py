"""Loading the code location prints none of the Dagster warnings about features we chose on purpose
(the partitioned checks, Dagster's own `owners` copy), while other Dagster warnings still show."""

from __future__ import annotations

import subprocess
import sys

LOAD = """
import warnings
warnings.simplefilter("always")
from budget_sync.definitions import defs
defs.get_repository_def()
import dagster as dg
warnings.warn("another preview feature", dg.PreviewWarning)
"""


def test_loading_the_definitions_prints_only_warnings_we_did_not_choose():
    done = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert "AssetCheckSpec" not in done.stderr and "owners" not in done.stderr
    assert "BetaWarning" not in done.stderr
    assert done.stderr.count("PreviewWarning") == 1 and "another preview feature" in done.stderr
