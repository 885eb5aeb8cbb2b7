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
        print(f"== {script.name}", file=sys.stderr, flush=True)
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


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
