"""Drift benchmarks: one full drift, and the history chain. Prints Markdown table rows.

    .venv/bin/python bench/drift_bench.py [--repeat N]

Inputs are read from ../shared/together-openapi (never copied). Rows:
- one drift of two full current-size specs (2026-03-30 -> current openapi.yaml) through
  `togen drift` in a fresh process (interpreter start, imports, loading both, diff, render);
- the same in-process (loading both + diff + Markdown), best of N;
- the 24-step history chain (24 history files + the current spec, each loaded once, one
  Markdown report per step plus the timeline written to a temporary directory).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "together-openapi"
CURRENT = SHARED / "openapi.yaml"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))


def row(name: str, seconds: float, target: float, detail: str) -> str:
    verdict = "ok" if seconds <= target else "OVER"
    return f"| {name} | {seconds:.2f} s | ≤ {target:g} s | {verdict} | {detail} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CURRENT.exists() or len(HISTORY) < 2:
        sys.exit(f"needs {CURRENT} and {SHARED / 'history'}")
    old = str(HISTORY[-1])

    cli = []
    for _ in range(max(1, args.repeat // 2)):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "drift", old, str(CURRENT), "--format", "json"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        cli.append(time.perf_counter() - started)

    from generator.drift.api import drift, history
    from generator.drift.render import render

    inproc = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = drift(old, str(CURRENT))
        render(report, "md")
        inproc.append(time.perf_counter() - started)

    sources = [str(p) for p in HISTORY] + [str(CURRENT)]
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        steps = history(sources, output_dir=Path(out), fmt="md")
        chain = time.perf_counter() - started

    changes = sum(s.report.summary()["total"] for s in steps)
    print("| Benchmark | Time | Target | Verdict | Detail |")
    print("|---|---:|---|---|---|")
    print(
        row(
            "drift: one full drift, `togen drift` process",
            min(cli),
            1.0,
            f"{HISTORY[-1].name} → openapi.yaml, {len(report.changes)} changes; best of {len(cli)}",
        )
    )
    print(
        row(
            "drift: one full drift, in-process",
            min(inproc),
            1.0,
            f"load both + diff + Markdown; best of {len(inproc)}",
        )
    )
    print(
        row(
            f"drift: history chain ({len(steps)} steps)",
            chain,
            15.0,
            f"{len(sources)} specs loaded once, {changes} changes, {len(steps)} reports + timeline",
        )
    )


if __name__ == "__main__":
    main()
