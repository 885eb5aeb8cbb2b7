"""Ctrl-C as a terminal sends it: to a `python -m` program's whole process group, once the program
says it is `ready` (no sleep racing its start-up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def interrupt_when_ready(module: str, cwd: Path) -> subprocess.Popen[str]:
    """Run `python -m module` in `cwd` (`-m`, as `python -m togen`: a script or `-c` exits another
    way) in a session of its own, wait for its `ready` line, then SIGINT its process group."""
    process = subprocess.Popen(
        [sys.executable, "-m", module],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - test only
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    os.killpg(process.pid, signal.SIGINT)
    return process
