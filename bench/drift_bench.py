"""Drift benchmarks: one full drift, and the history chain. Prints Markdown table rows.

    .venv/bin/python bench/drift_bench.py [--repeat N]

Inputs are read from ../shared/together-openapi (never copied). Each row shows wall time
and CPU time (user + system: what the run costs on an idle machine; wall time on a busy
machine includes waiting for a core). Rows:
- one drift of two full current-size specs (2026-03-30 -> current openapi.yaml) through
  `togen drift` in a fresh process (interpreter start, imports, loading both, diff, render);
- the same in-process (loading both + diff + Markdown), best of N;
- the 24-step history chain (24 history files + the current spec, each loaded once, one
  Markdown report per step plus the timeline written to a temporary directory).
"""

from __future__ import annotations

import argparse
import resource
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


def row(name: str, seconds: float, cpu: float, target: float, detail: str) -> str:
    verdict = "ok" if seconds <= target else ("ok (CPU)" if cpu <= target else "OVER")
    return f"| {name} | {seconds:.2f} s | {cpu:.2f} s | ≤ {target:g} s | {verdict} | {detail} |"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CURRENT.exists() or len(HISTORY) < 2:
        sys.exit(f"needs {CURRENT} and {SHARED / 'history'}")
    old = str(HISTORY[-1])

    cli, cli_cpu = [], []
    for _ in range(max(1, args.repeat // 2)):
        started, cpu = time.perf_counter(), children_cpu()
        subprocess.run(
            [sys.executable, "-m", "togen", "drift", old, str(CURRENT), "--format", "json"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        cli.append(time.perf_counter() - started)
        cli_cpu.append(children_cpu() - cpu)

    from togen.drift.api import drift, history
    from togen.drift.render import render

    inproc, inproc_cpu = [], []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        report = drift(old, str(CURRENT))
        render(report, "md")
        inproc.append(time.perf_counter() - started)
        inproc_cpu.append(time.process_time() - cpu)

    sources = [str(p) for p in HISTORY] + [str(CURRENT)]
    with tempfile.TemporaryDirectory() as out:
        started, cpu = time.perf_counter(), time.process_time()
        steps = history(sources, output_dir=Path(out), fmt="md")
        chain, chain_cpu = time.perf_counter() - started, time.process_time() - cpu

    changes = sum(s.report.summary()["total"] for s in steps)
    print("## Spec drift\n")
    print("Wall and CPU time; loading both specs is included.\n")
    print("| Benchmark | Wall | CPU | Target | Verdict | Detail |")
    print("|---|---:|---:|---|---|---|")
    print(
        row(
            "drift: one full drift, `togen drift` process",
            min(cli),
            min(cli_cpu),
            1.0,
            f"{HISTORY[-1].name} → openapi.yaml, {len(report.changes)} changes; best of {len(cli)}",
        )
    )
    print(
        row(
            "drift: one full drift, in-process",
            min(inproc),
            min(inproc_cpu),
            1.0,
            f"load both + diff + Markdown; best of {len(inproc)}",
        )
    )
    print(
        row(
            f"drift: history chain ({len(steps)} steps)",
            chain,
            chain_cpu,
            15.0,
            f"{len(sources)} specs loaded once, {changes} changes, {len(steps)} reports + timeline",
        )
    )


if __name__ == "__main__":
    main()
