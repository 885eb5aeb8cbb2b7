"""`make bench`: run every bench/*_bench.py, each printing a Markdown section, into RESULTS.md.

Benchmarks are never part of `make test`. Each script measures our tool side by side with
its peer in the same run, so the ratios hold on whatever machine runs them.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    only = set(sys.argv[1:])
    scripts = sorted(p for p in BENCH.glob("*_bench.py") if not only or p.stem.removesuffix("_bench") in only)
    sections = [
        "# Benchmarks\n",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d')}: "
        f"{platform.processor() or platform.machine()}, {_cores()} cores, "
        f"Python {platform.python_version()}. Each table compares with its peer in the same run.\n",
    ]
    failed = []
    for script in scripts:
        idle = settle()
        print(f"== {script.name} (machine {idle:.0%} idle)", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=BENCH.parent)
        sys.stderr.write(done.stderr[-4000:])
        if done.returncode != 0:
            failed.append(script.name)
            sections.append(f"## {script.stem}\n\nfailed (exit {done.returncode}); see `python {script}`.\n")
        else:
            sections.append(done.stdout.strip() + "\n")
    target = BENCH / ("RESULTS.md" if not only else "RESULTS.partial.md")
    target.write_text("\n".join(sections))
    print(f"wrote {target}", file=sys.stderr)
    return 1 if failed else 0


def settle(idle_target: float = 0.9, window: float = 0.5, limit: float = 20.0) -> float:
    """Wait (at most `limit` s) until the CPUs are `idle_target` idle over `window` s: the previous
    benchmark's processes (servers shutting down, caches written) must not weigh on the next.
    Returns the idle share last seen (1.0 where /proc/stat is unavailable)."""
    deadline = time.monotonic() + limit
    idle = 1.0
    while True:
        before = _cpu_times()
        time.sleep(window)
        after = _cpu_times()
        if before is None or after is None:
            return idle
        busy = sum(after) - sum(before)
        idle = (after[3] + after[4] - before[3] - before[4]) / busy if busy else 1.0
        if idle >= idle_target or time.monotonic() > deadline:
            return idle


def _cpu_times() -> list[int] | None:
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    return [int(value) for value in fields]  # user nice system idle iowait irq softirq ...


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
