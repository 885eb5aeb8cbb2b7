"""Ctrl-C as a terminal sends it: to a `python -m` program's whole process group, once the program
says it is `ready` (no sleep racing its start-up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def interrupt_when_ready(module: str, cwd: Path, *, capture_stderr: bool = True) -> subprocess.Popen[str]:
    """Run `python -m module` in `cwd` (`-m`, as `python -m togen`: a script or `-c` exits another
    way) in a session of its own, wait for its `ready` line, then SIGINT its process group.
    `capture_stderr=False` leaves stderr as the test's own (a file under pytest's capture), as the
    interpreter-level test in tests/e2e/test_interrupt.py needs: whether CPython ends by SIGINT
    (-2) there was seen to change when stderr is a pipe instead."""
    process = subprocess.Popen(
        [sys.executable, "-m", module],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if capture_stderr else None,
        text=True,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - test only
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    os.killpg(process.pid, signal.SIGINT)
    return process
