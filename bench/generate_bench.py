"""Cold and no-op `togen generate` on the current spec, beside datamodel-code-generator's CLI
alone and openapi-python-client (installed into bench/_work from the package registry).

The peers read the public spec alone, so the compared cold run is `--no-sdk`; the default run
(the SDK surface merged in, as spec/config.toml says for the locked spec) is an informational
row, and the no-op re-run is the default's (what every `make` target pays)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
SPEC = ROOT.parent / "shared" / "together-openapi" / "openapi.yaml"
BIN = Path(sys.executable).parent
RUNS = 5
NOOP_RUNS = 9
HEAVY = ("pydantic", "jinja2", "yaml", "datamodel_code_generator")  # a no-op run needs none


def noop_imports(togen: list[str]) -> list[str]:
    """Which heavy packages a no-op `togen generate` imports (`-X importtime` of the same run)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *togen], cwd=ROOT, capture_output=True, text=True
    )
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    return sorted(names & set(HEAVY))


OPC_VERSION = "0.29.1"


def timed(command: list[str], *, cwd: Path = ROOT, before: object = None) -> tuple[float, int]:
    if callable(before):
        before()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def median(
    command: list[str], before: object = None, cwd: Path = ROOT, runs: int = RUNS
) -> tuple[float, int]:
    results = [timed(command, cwd=cwd, before=before) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(code for _, code in results)


def openapi_python_client() -> Path | None:
    venv = WORK / "opc-venv"
    exe = venv / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"openapi-python-client=={OPC_VERSION}"],
            capture_output=True,
        )
        if done.returncode != 0:
            return None
    return exe


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    # Both tools start from byte-compiled modules: `make setup` compiles the dependencies, but
    # with PYTHONDONTWRITEBYTECODE set (as here) the toolkit's own sources would be recompiled by
    # every process, which a normal installation does not do.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "generator/togen", "mock/togen", "contract_tests/togen"],
        cwd=ROOT,
    )
    out = WORK / "generated"
    togen = [str(BIN / "togen"), "generate", "--spec", str(SPEC), "--out", str(out), "-q"]
    togen_public = [*togen, "--no-sdk"]  # like for like: the peers read the public spec alone
    dcg = [
        str(BIN / "datamodel-codegen"),
        "--input", str(SPEC), "--input-file-type", "openapi",
        "--output-model-type", "pydantic_v2.BaseModel", "--no-treat-dot-as-module",
        "--output", str(WORK / "dcg_models.py"),
    ]  # fmt: skip
    # The model step alone, as one process: datamodel-code-generator's Python API on the whole
    # spec without a formatter (what togen's model step would cost without its worker processes).
    dcg_api = [
        sys.executable, "-c",
        "import sys, warnings; warnings.simplefilter('ignore')\n"
        "from pathlib import Path\n"
        "from datamodel_code_generator import generate\n"
        "generate(Path(sys.argv[1]), input_file_type='openapi', output_model_type='pydantic_v2.BaseModel',"
        " formatters=[], treat_dot_as_module=False, output=Path(sys.argv[2]))",
        str(SPEC), str(WORK / "dcg_api_models.py"),
    ]  # fmt: skip
    # Cold runs of the tools interleaved: a drift in the machine's load hits all alike.
    cold_runs: list[tuple[float, int]] = []
    sdk_runs: list[tuple[float, int]] = []
    dcg_runs: list[tuple[float, int]] = []
    dcg_api_runs: list[tuple[float, int]] = []
    for _ in range(RUNS):
        cold_runs.append(timed(togen_public, before=lambda: shutil.rmtree(out, ignore_errors=True)))
        dcg_runs.append(timed(dcg))
        dcg_api_runs.append(timed(dcg_api))
        sdk_runs.append(timed(togen, before=lambda: shutil.rmtree(out, ignore_errors=True)))
    cold, cold_code = statistics.median(t for t, _ in cold_runs), max(c for _, c in cold_runs)
    with_sdk, sdk_code = statistics.median(t for t, _ in sdk_runs), max(c for _, c in sdk_runs)
    dcg_time, dcg_code = statistics.median(t for t, _ in dcg_runs), max(c for _, c in dcg_runs)
    api_time, api_code = statistics.median(t for t, _ in dcg_api_runs), max(c for _, c in dcg_api_runs)
    # the loop's last run was the default's: the no-op re-runs find its output up to date
    noop, noop_code = median(togen, runs=NOOP_RUNS)
    python_start, _ = median([sys.executable, "-c", "pass"], runs=NOOP_RUNS)
    heavy = noop_imports(togen)
    rows = [
        ("`togen generate --no-sdk` cold (models, client, MCP, README; the public spec)", cold, cold_code),
        ("`togen generate` cold, default: + the SDK surface (informational)", with_sdk, sdk_code),
        ("`togen generate` no-op re-run (default, SDK surface)", noop, noop_code),
        ("`python -c pass` (interpreter start, same venv)", python_start, 0),
        ("datamodel-codegen CLI alone (models only)", dcg_time, dcg_code),
        ("datamodel-code-generator Python API, one process, no formatter (models only)", api_time, api_code),
    ]
    opc = openapi_python_client()
    if opc is not None:
        opc_out = WORK / "opc-out"
        opc_cmd = [str(opc), "generate", "--path", str(SPEC), "--output-path", str(opc_out), "--overwrite"]
        opc_time, opc_code = median(
            opc_cmd, before=lambda: shutil.rmtree(opc_out, ignore_errors=True), cwd=WORK
        )
        rows.append((f"openapi-python-client {OPC_VERSION}", opc_time, opc_code))
    print("## Generation (current spec)\n")
    print(
        f"Median of {RUNS} runs, wall clock, each a fresh process; the cold `togen generate` and "
        "datamodel-codegen runs (CLI and Python API) alternate.\n"
    )
    print("| run | seconds | exit |")
    print("|---|---:|---:|")
    for name, seconds, code in rows:
        print(f"| {name} | {seconds:.2f} | {code} |")
    print(
        f"\nCold generate (`--no-sdk`, the same spec as the peers) / datamodel-codegen CLI: "
        f"**{cold / dcg_time:.2f}×** (target ≤ 0.5×); "
        f"no-op re-run {noop:.3f} s, median of {NOOP_RUNS} (target ≤ 0.1 s; heavy modules it imports: "
        f"{', '.join(heavy) or 'none'})."
    )
    print(
        f"\nThe model step alone in one process (the Python API row) is {api_time / dcg_time:.2f}× the CLI: "
        "most of the CLI's time is its black and isort pass. A cold `togen generate` also renders the "
        "request TypedDicts, the client, the MCP tools, the package's tests and README, and runs ruff; "
        "it is CPU-bound, with the models rendered in parallel on the 2 cores."
    )


if __name__ == "__main__":
    main()
