"""The `togen` command as a shell user runs it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES


def test_a_reader_that_goes_away_is_not_an_internal_error() -> None:
    """`togen validate | head -1`: the pipe closes early; no traceback, no "internal error"."""
    command = [sys.executable, "-m", "togen", "validate", "--spec", str(FIXTURES / "shop_30.yaml")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before togen writes
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
