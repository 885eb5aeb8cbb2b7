"""Wall and CPU time of a child process, for every bench that times `togen` as users run it.

CPU is the child's user + system time: what the run costs on an idle machine. Wall time on a
busy machine also holds the wait for a core, so benches show both.
"""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `command`, which must succeed."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started, children_cpu() - cpu
