"""The lag report and the `sdk:together` document: `togen drift <the locked spec> sdk:together`.

    .venv/bin/python bench/lag_bench.py [--repeat N]

Rows (wall time and CPU time, as the other drift rows):
- `togen sdk-spec together` with an empty cache (import the SDK, record every method's call,
  build the answers' schemas with pydantic);
- `togen drift <spec> sdk:together`, a fresh process, cold cache (derive the SDK document,
  parse and normalize both) and warm cache (both read back: the weekly job's case), target
  under 2 s;
- the same in-process, warm (load both + compare + Markdown), best of N.
The caches live in a temporary TOGEN_CACHE_DIR, never the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import process_timing

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SPEC = ROOT.parent / "shared" / "together-openapi" / "openapi.yaml"
TOGEN = [sys.executable, "-m", "togen"]


def row(name: str, seconds: float, cpu: float, target: float, detail: str) -> str:
    verdict = "ok" if seconds <= target else ("ok (CPU)" if cpu <= target else "OVER")
    return f"| {name} | {seconds:.2f} s | {cpu:.2f} s | ≤ {target:g} s | {verdict} | {detail} |"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    return process_timing.timed(command, env, ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lag = [*TOGEN, "drift", str(SPEC), "sdk:together"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="togen-lag-bench-") as cache:
        env = {**os.environ, "TOGEN_CACHE_DIR": cache}
        no_cache = {**env, "TOGEN_CACHE": "0"}
        derive_cmd = [*TOGEN, "sdk-spec", "together", "--output", f"{cache}/sdk.json"]
        derive = min(timed(derive_cmd, no_cache) for _ in range(2))
        cold = timed(lag, env)
        warm = min(timed(lag, env) for _ in range(max(1, args.repeat // 2)))
        os.environ["TOGEN_CACHE_DIR"] = cache
        from togen.drift.lag import lag_drift

        report = lag_drift(str(SPEC), "sdk:together")
        best_wall, best_cpu = float("inf"), float("inf")
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            report = lag_drift(str(SPEC), "sdk:together")
            report.render("md")
            best_wall = min(best_wall, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - cpu)
    counts = report.lag_summary()
    detail = (
        f"{counts['lag-operation-missing']} SDK-only and {counts['lag-operation-not-in-sdk']} spec-only "
        f"operations, {len(report.changes)} findings"
    )
    rows.append(row("sdk-spec: derive `sdk:together`, no cache", *derive, 10.0, "best of 2"))
    rows.append(
        row(
            "lag: `togen drift SPEC sdk:together`, process, cold cache",
            *cold,
            10.0,
            "derives + normalizes both",
        )
    )
    rows.append(row("lag: `togen drift SPEC sdk:together`, process, warm cache", *warm, 2.0, detail))
    rows.append(
        row(
            "lag: in-process, warm (load both + compare + Markdown)",
            best_wall,
            best_cpu,
            2.0,
            f"best of {args.repeat}",
        )
    )
    print("## The lag report (`togen drift SPEC sdk:together`)\n")
    print("| Benchmark | Wall | CPU | Target | Verdict | Detail |")
    print("|---|---:|---:|---:|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
