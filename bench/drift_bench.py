"""Drift benchmarks: `togen drift` on real version pairs and along the history, warm and cold
spec cache, with oasdiff beside it when it is installed.

    .venv/bin/python bench/drift_bench.py [--repeat N]

Inputs are read from ../shared/together-openapi (never copied). Every `togen drift` row is a
fresh process (interpreter start, imports, loading both specs, diff, JSON report), run as a user
runs it: the environment as given (PYTHONDONTWRITEBYTECODE included, as on CI machines) and the
toolkit's bytecode as `make setup` wrote it; the section says which interpreter ran and whether
togen's modules were byte-compiled (else every process compiles them first).
- version pairs three versions (a few months) apart along the history, each `--format json`:
  warm spec cache (the weekly job's case: both specs read back from the cache, median of N)
  and cold (cache emptied before each run, median of N/2);
- `--history` over all versions (each loaded once, JSON timeline), cold and warm;
- oasdiff (Go), the best-known OpenAPI diff tool, `oasdiff breaking OLD NEW` on the same
  pairs, when an `oasdiff` binary is on PATH or in bench/_work/ (it needs a Go toolchain to
  build: `go install github.com/oasdiff/oasdiff@latest`, then put it on PATH).
Wall and CPU (user + system of the child) are both shown: on a busy machine wall time includes
waiting for a core, CPU time does not. The spec cache lives in a temporary TOGEN_CACHE_DIR.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import process_timing

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "together-openapi"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))
SOURCE_ROOTS = ("generator/togen", "mock/togen", "contract_tests/togen")
PAIR_STEP = 3  # versions are about monthly: three apart is a quarter
TARGETS = {"pair-warm": 0.35, "pair-cold": 0.8, "history-warm": 1.0}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    return process_timing.timed(command, env, ROOT)


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def bytecode_state() -> str:
    """Whether each togen module has a current .pyc (what Python reads, even under
    PYTHONDONTWRITEBYTECODE), checked like the import system does: source mtime and size."""
    sources = [p for root in SOURCE_ROOTS for p in (ROOT / root).rglob("*.py")]
    stale = 0
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
        except OSError:
            stale += 1
            continue
        stat = source.stat()
        mtime, size = int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little")
        if mtime != int(stat.st_mtime) & 0xFFFFFFFF or size != stat.st_size & 0xFFFFFFFF:
            stale += 1
    writes = "not written" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "written when missing"
    if stale:
        return f"{stale} of {len(sources)} togen modules had no current .pyc (bytecode {writes})"
    return f"all {len(sources)} togen modules byte-compiled (`make setup`); bytecode {writes} by the runs"


def _shown(path: Path) -> str:
    """A path relative to the checkout (no machine's absolute path in the results)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return path.name


def oasdiff_binary() -> str | None:
    local = ROOT / "bench" / "_work" / "oasdiff"
    return str(local) if local.is_file() else shutil.which("oasdiff")


def row(name: str, wall: float, cpu: float, target: float | None, detail: str) -> str:
    if target is None:
        verdict, shown = "", ""
    else:
        verdict = "ok" if wall <= target else ("ok (CPU)" if cpu <= target else "OVER")
        shown = f"≤ {target:g} s"
    return f"| {name} | {wall:.2f} s | {cpu:.2f} s | {shown} | {verdict} | {detail} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if len(HISTORY) < PAIR_STEP + 1:
        sys.exit(f"needs the spec history in {SHARED / 'history'}")
    pairs = [(HISTORY[i], HISTORY[i + PAIR_STEP]) for i in range(0, len(HISTORY) - PAIR_STEP, PAIR_STEP)]
    togen = [sys.executable, "-m", "togen", "drift"]
    peer = oasdiff_binary()
    rows, warm_all, cold_all, peer_all = [], [], [], []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TOGEN_CACHE_DIR": cache}
        specs = Path(cache) / "specs"
        for old, new in pairs:
            command = [*togen, str(old), str(new), "--format", "json"]
            cold = []
            for _ in range(max(1, args.repeat // 2 + 1)):
                shutil.rmtree(specs, ignore_errors=True)
                cold.append(timed(command, env))
            warm = [timed(command, env) for _ in range(args.repeat)]
            cold_all.append(median(cold))
            warm_all.append(median(warm))
            label = f"{old.name[:10]} → {new.name[:10]}"
            detail = f"cold {median(cold)[0]:.2f} s wall, {median(cold)[1]:.2f} s CPU"
            if peer:
                runs = [timed([peer, "breaking", str(old), str(new)], env) for _ in range(args.repeat)]
                peer_all.append(median(runs))
                detail += f"; oasdiff {median(runs)[0]:.2f} s wall, {median(runs)[1]:.2f} s CPU"
            rows.append(row(f"drift {label}, warm cache", *median(warm), TARGETS["pair-warm"], detail))
        history = [*togen, "--history", str(SHARED / "history"), "--format", "json"]
        shutil.rmtree(specs, ignore_errors=True)
        history_cold = timed(history, env)
        history_warm = median([timed(history, env) for _ in range(max(2, args.repeat))])

    def mean(values: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.mean(v[0] for v in values), statistics.mean(v[1] for v in values)

    n = len(pairs)
    rows.append(
        row(f"drift, a pair, warm cache (mean of {n} pairs)", *mean(warm_all), TARGETS["pair-warm"], "")
    )
    rows.append(
        row(f"drift, a pair, cold cache (mean of {n} pairs)", *mean(cold_all), TARGETS["pair-cold"], "")
    )
    if peer:
        rows.append(row(f"oasdiff `breaking`, a pair (mean of {n} pairs, peer)", *mean(peer_all), None, peer))
    else:
        rows.append("| oasdiff (peer) | not run | | | | no `oasdiff` binary on PATH or in bench/_work/ |")
    steps = f"{len(HISTORY)} versions, {len(HISTORY) - 1} steps"
    rows.append(row("drift `--history`, cold cache", *history_cold, None, steps))
    rows.append(
        row(
            "drift `--history`, warm cache",
            *history_warm,
            TARGETS["history-warm"],
            f"median of {max(2, args.repeat)}",
        )
    )

    print("## Spec drift\n")
    print(
        f"Fresh `togen drift` processes, `--format json`, on version pairs {PAIR_STEP} apart in the history "
        f"(median of {args.repeat} warm runs each). Interpreter: {platform.python_implementation()} "
        f"{platform.python_version()} ({_shown(Path(sys.executable))}); {bytecode_state()}.\n"
    )
    print("| Benchmark | Wall | CPU | Target | Verdict | Detail |")
    print("|---|---:|---:|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
