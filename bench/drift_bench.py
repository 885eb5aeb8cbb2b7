"""Drift benchmarks: one full drift and the history chain, cold and warm; oasdiff beside.

    .venv/bin/python bench/drift_bench.py [--repeat N]

Inputs are read from ../shared/together-openapi (never copied). Each row shows wall time
and CPU time (user + system: what the run costs on an idle machine; wall time on a busy
machine includes waiting for a core). Every `togen drift` row is a fresh process
(interpreter start, imports, loading both specs, diff, render):
- one drift of two full current-size specs (2026-03-30 -> current openapi.yaml), with an
  empty spec cache (cold: both specs parsed and normalized) and with a warm one (the
  weekly job's and `--history`'s case: both specs read back from ~/.cache/togen/specs);
- the same in-process (loading both + diff + Markdown), warm, best of N;
- the 24-step history chain (24 history files + the current spec, each loaded once, JSON
  timeline), cold and warm, and in-process (the CPU-time bound a test used to assert);
- oasdiff (Go), the best-known OpenAPI diff tool, on the same pair (`oasdiff breaking`),
  when an `oasdiff` binary is on PATH or in bench/_work/ (it needs a Go >= 1.22 toolchain to
  build; `go install github.com/oasdiff/oasdiff@latest`).
The spec cache lives in a temporary TOGEN_CACHE_DIR, never the user's; bytecode is written
to a temporary PYTHONPYCACHEPREFIX first, as an installed tool has it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - started, children_cpu() - cpu


def oasdiff_binary() -> str | None:
    local = ROOT / "bench" / "_work" / "oasdiff"
    return str(local) if local.is_file() else shutil.which("oasdiff")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CURRENT.exists() or len(HISTORY) < 2:
        sys.exit(f"needs {CURRENT} and {SHARED / 'history'}")
    old = str(HISTORY[-1])
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        # Bytecode as an installed tool has it (a shell with PYTHONDONTWRITEBYTECODE=1 would
        # otherwise recompile togen's sources on every start), kept out of the source tree.
        env = {**os.environ, "TOGEN_CACHE_DIR": cache, "PYTHONPYCACHEPREFIX": str(Path(cache) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["TOGEN_CACHE_DIR"] = cache
        one = [sys.executable, "-m", "togen", "drift", old, str(CURRENT), "--format", "json"]
        chain_cmd = [
            sys.executable,
            "-m",
            "togen",
            "drift",
            "--history",
            str(SHARED / "history"),
            "--format",
            "json",
        ]
        subprocess.run([*one[:3], "--help"], cwd=ROOT, check=True, capture_output=True, env=env)
        subprocess.run(one, cwd=ROOT, check=True, capture_output=True, env=env)  # writes the bytecode
        cold = []
        for _ in range(max(1, args.repeat // 2)):
            shutil.rmtree(Path(cache) / "specs", ignore_errors=True)
            cold.append(timed(one, env))
        warm = [timed(one, env) for _ in range(max(1, args.repeat // 2))]
        shutil.rmtree(Path(cache) / "specs", ignore_errors=True)
        chain_cold = timed(chain_cmd, env)
        chain_warm = min(timed(chain_cmd, env) for _ in range(2))

        from togen.drift.api import drift
        from togen.drift.render import render

        inproc, inproc_cpu = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            report = drift(old, str(CURRENT))
            render(report, "md")
            inproc.append(time.perf_counter() - started)
            inproc_cpu.append(time.process_time() - cpu)

        # The chain in-process, JSON reports written (what tests/drift once timed, under 15 s of CPU).
        from togen.drift.api import history

        with tempfile.TemporaryDirectory() as reports:
            started, cpu = time.perf_counter(), time.process_time()
            history([str(p) for p in HISTORY], output_dir=Path(reports), fmt="json")
            chain_inproc = (time.perf_counter() - started, time.process_time() - cpu)

    steps = len(HISTORY) - 1
    pair = f"{HISTORY[-1].name} → openapi.yaml, {len(report.changes)} counted changes"
    rows.append(
        row("drift: one full drift, process, cold cache", *min(cold), 1.0, f"{pair}; best of {len(cold)}")
    )
    rows.append(row("drift: one full drift, process, warm cache", *min(warm), 0.4, f"best of {len(warm)}"))
    rows.append(
        row(
            "drift: one full drift, in-process, warm",
            min(inproc),
            min(inproc_cpu),
            0.4,
            f"best of {len(inproc)}",
        )
    )
    rows.append(
        row(f"drift: `--history` ({steps} steps), cold cache", *chain_cold, 15.0, f"{len(HISTORY)} specs")
    )
    rows.append(row(f"drift: `--history` ({steps} steps), warm cache", *chain_warm, 3.0, "best of 2"))
    rows.append(
        row(f"drift: history chain ({steps} steps), in-process, warm", *chain_inproc, 15.0, "JSON written")
    )
    binary = oasdiff_binary()
    if binary:
        peer = []
        for _ in range(max(1, args.repeat // 2)):
            started, cpu = time.perf_counter(), children_cpu()
            subprocess.run([binary, "breaking", old, str(CURRENT)], capture_output=True, check=False)
            peer.append((time.perf_counter() - started, children_cpu() - cpu))
        wall, cpu = min(peer)
        rows.append(f"| oasdiff `breaking`, same pair (peer) | {wall:.2f} s | {cpu:.2f} s | | | {binary} |")
    else:
        rows.append("| oasdiff (peer) | not run | | | | no `oasdiff` binary on PATH or in bench/_work/ |")

    print("## Spec drift\n")
    print("Wall and CPU time of fresh processes; loading both specs is included.\n")
    print("| Benchmark | Wall | CPU | Target | Verdict | Detail |")
    print("|---|---:|---:|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
