"""Generated client benchmark: import time against the official `together` SDK, and per-request
overhead against a bare `httpx.Client` making the same call to the mock server.

    .venv/bin/python bench/client_bench.py [--src generated/src] [--runs 15] [--requests 2000]

Prints a Markdown section. Targets (issue 4): `import together_client` <= 0.5x `import together`;
per-request time of `client.models.list()` <= 1.2x `httpx.Client.get("/v1/models").json()`.
Issue 16: import + construct + first chat completion against the mock, each side in fresh
processes, <= 0.5x the official SDK's; beside them the same call with httpx and pydantic alone
(the floor both SDKs stand on).
Both sides run in the same process run, interleaved, so the ratios hold on any machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from togen.core.loopback import free_port, wait_for_http

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
IMPORT_TARGET = 0.5
FIRST_CALL_TARGET = 0.5
FIRST_CALL = """
from {module} import Together
client = Together(base_url={url!r}, api_key="bench-key", max_retries=0)
client.chat.completions.create(
    model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=[{{"role": "user", "content": "hi"}}]
)
"""
# What any client built on httpx and pydantic pays for the same call: the imports, an
# httpx.Client (its SSL context), one POST and one small model. Neither SDK can go below it.
FLOOR = "httpx + pydantic, no SDK (floor)"
FLOOR_CALL = """
import httpx
from pydantic import BaseModel
class Completion(BaseModel):
    id: str
client = httpx.Client(base_url={url!r}, headers={{"Authorization": "Bearer bench-key"}})
messages = [{{"role": "user", "content": "hi"}}]
answer = client.post(
    "/v1/chat/completions", json={{"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "messages": messages}}
)
Completion.model_validate(answer.json())
"""
REQUEST_TARGET = 1.2
API_KEY = "bench-key"


def _package_src(given: str | None) -> Path:
    """`src/` holding together_client: the given one, generated/src, else a fresh generate in tmp."""
    if given:
        return Path(given).resolve()
    default = ROOT / "generated" / "src"
    if (default / "together_client" / "__init__.py").exists():
        return default
    out = Path(tempfile.mkdtemp(prefix="client-bench-"))
    subprocess.run([sys.executable, "-m", "togen", "generate", "--out", str(out)], check=True, cwd=ROOT)
    return out / "src"


def _time_import(statement: str, env: dict[str, str], python: str = sys.executable) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", statement], check=True, env=env)
    return time.perf_counter() - started


def bench_imports(src: Path, runs: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "0"}
    statements = {
        "python -c pass": "pass",
        "import together_client": "import together_client",
        "import together": "import together",
    }
    for statement in statements.values():  # warm the bytecode and OS caches once
        _time_import(statement, env)
    times: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(runs):  # interleaved: drift in machine load hits both sides alike
        for name, statement in statements.items():
            times[name].append(_time_import(statement, env))
    return times


def _start_mock() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    mock = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "togen"), "mock", "-q", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_http(url + "/v1/models", headers={"Authorization": f"Bearer {API_KEY}"})
    return mock, url


def clean_venv(project: Path) -> Path | None:
    """The python of a fresh venv holding what a user of either client has: the generated package
    (installed from its folder, not editable) and the official SDK, at the lock's versions, all
    byte-compiled. None of the toolkit's own tools (typer, click, black, ...) are there; with
    click installed, `import httpx` also loads its command line (~40 ms, for both clients)."""
    import together

    venv = WORK / "first-call-venv"
    python = venv / "bin" / "python"
    uv = Path(sys.executable).with_name("uv")
    shutil.rmtree(venv, ignore_errors=True)  # the generated package changes from run to run
    commands = [
        [str(uv), "venv", "-q", str(venv), "--python", sys.executable],
        [
            str(uv), "pip", "install", "-q", "--python", str(python), "-c", str(ROOT / "requirements.lock"),
            str(project), f"together=={together.__version__}",
        ],
        [str(python), "-m", "compileall", "-q", str(venv / "lib")],
    ]  # fmt: skip
    for command in commands:
        if subprocess.run(command, capture_output=True).returncode != 0:
            return None
    return python


def bench_first_call(src: Path, runs: int, python: Path | None = None) -> dict[str, list[float]]:
    """Seconds from a fresh `python -c` to the end of its first chat completion, per client,
    interleaved; both packages byte-compiled first (the generated one here, the official by setup).
    With `python` (a `clean_venv`), both clients are the ones installed there."""
    if python is None:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True, capture_output=True)
        env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "0"}
    else:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONDONTWRITEBYTECODE": "0"}
    interpreter = str(python or sys.executable)
    mock, url = _start_mock()
    try:
        statements = {
            "together_client": FIRST_CALL.format(module="together_client", url=url),
            "together (official)": FIRST_CALL.format(module="together", url=url),
            FLOOR: FLOOR_CALL.format(url=url),
        }
        for statement in statements.values():  # warm the OS caches, and check both calls work
            _time_import(statement, env, interpreter)
        times: dict[str, list[float]] = {name: [] for name in statements}
        for _ in range(runs):
            for name, statement in statements.items():
                times[name].append(_time_import(statement, env, interpreter))
        return times
    finally:
        mock.terminate()
        mock.wait(timeout=10)


def bench_requests(src: Path, requests: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per request, one sample per round, the two clients alternating round by round."""
    import httpx

    sys.path.insert(0, str(src))
    from together_client import Together

    mock, url = _start_mock()
    try:
        bare = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {API_KEY}"})
        client = Together(base_url=url, api_key=API_KEY, max_retries=0)

        def with_httpx() -> None:
            response = bare.get("/v1/models")
            response.raise_for_status()
            response.json()

        def with_client() -> None:
            client.models.list()

        calls = {"httpx.Client GET /v1/models + .json()": with_httpx, "client.models.list()": with_client}
        per_round = max(requests // rounds, 1)
        for call in calls.values():  # warm-up: connections, imports, pydantic validators
            for _ in range(50):
                call()
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(rounds):
            for name, call in calls.items():
                started = time.perf_counter()
                for _ in range(per_round):
                    call()
                times[name].append((time.perf_counter() - started) / per_round)
        bare.close()
        client.close()
        return times
    finally:
        mock.terminate()
        mock.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", default=None, help="src/ dir of the generated package")
    parser.add_argument("--runs", type=int, default=15, help="import repetitions per side")
    parser.add_argument("--requests", type=int, default=2000, help="requests per side")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds the requests split into")
    args = parser.parse_args()

    src = _package_src(args.src)
    imports = bench_imports(src, args.runs)
    med = {name: statistics.median(values) for name, values in imports.items()}
    base = med["python -c pass"]
    ours, theirs = med["import together_client"], med["import together"]
    ratio = ours / theirs
    net_ratio = (ours - base) / (theirs - base)

    first_calls = bench_first_call(src, args.runs)
    first = {name: statistics.median(values) for name, values in first_calls.items()}
    first_ratio = first["together_client"] / first["together (official)"]
    venv_python = clean_venv(src.parent) if (src.parent / "pyproject.toml").exists() else None
    clean_calls = bench_first_call(src, args.runs, venv_python) if venv_python else {}
    clean = {name: statistics.median(values) for name, values in clean_calls.items()}
    requests = bench_requests(src, args.requests, args.rounds)
    per = {name: statistics.median(values) for name, values in requests.items()}
    bare_s, client_s = per["httpx.Client GET /v1/models + .json()"], per["client.models.list()"]
    request_ratio = client_s / bare_s

    import together

    lines = [
        "## Generated client",
        "",
        f"Import: median of {args.runs} fresh `python -c` processes per side, interleaved, wall clock "
        f"(together SDK {getattr(together, '__version__', '?')}).",
        "",
        "| command | median ms | min ms |",
        "|---|---:|---:|",
    ]
    for name, values in imports.items():
        lines.append(f"| `{name}` | {med[name] * 1000:.1f} | {min(values) * 1000:.1f} |")
    lines += [
        "",
        f"`import together_client` / `import together`: **{ratio:.2f}×** (target ≤ {IMPORT_TARGET}×; "
        f"{net_ratio:.2f}× net of interpreter start-up).",
        "",
        f"Import + `Together(...)` + first `chat.completions.create` against `togen mock -q`: median of "
        f"{args.runs} fresh processes per side, interleaved, both byte-compiled. The floor is the same "
        "call made with httpx and pydantic alone (an `httpx.Client`, one POST, one small model): what any "
        "client built on them pays. Here `import httpx` also loads httpx's command line (click, rich and "
        "pygments are installed), for every row.",
        "",
        "| client | median ms | min ms |",
        "|---|---:|---:|",
        *(
            f"| `{name}` | {first[name] * 1000:.0f} | {min(values) * 1000:.0f} |"
            for name, values in first_calls.items()
        ),
        "",
        f"together_client / official: **{first_ratio:.2f}×** (target ≤ {FIRST_CALL_TARGET}×); "
        f"{_floor_note(first)}",
        "",
        *_clean_venv_lines(clean_calls, clean, args.runs),
        f"Per request: GET /v1/models against `togen mock -q` (a separate process) on loopback, "
        f"{args.requests} requests per side in {args.rounds} alternating rounds after a warm-up, "
        "median of the rounds' per-request times. The bare call parses the JSON; the client also "
        "validates it into `list[ModelInfo]`.",
        "",
        "| client | median µs / request |",
        "|---|---:|",
    ]
    for name in requests:
        lines.append(f"| `{name}` | {per[name] * 1e6:.0f} |")
    lines += [
        "",
        f"Client / bare httpx: **{request_ratio:.2f}×** (target ≤ {REQUEST_TARGET}×).",
    ]
    print("\n".join(lines))
    return 0


def _clean_venv_lines(calls: dict[str, list[float]], medians: dict[str, float], runs: int) -> list[str]:
    if not calls:
        return ["The same in a fresh venv: not measured (the venv could not be built).", ""]
    ratio = medians["together_client"] / medians["together (official)"]
    return [
        "The same in a fresh venv with only what the two clients install (the generated package "
        f"from its folder and the official SDK, lock versions, byte-compiled; no typer, click or black): "
        f"median of {runs} per side, interleaved.",
        "",
        "| client, fresh venv | median ms | min ms |",
        "|---|---:|---:|",
        *(
            f"| `{name}` | {medians[name] * 1000:.0f} | {min(values) * 1000:.0f} |"
            for name, values in calls.items()
        ),
        "",
        f"together_client / official, fresh venv: **{ratio:.2f}×** (target ≤ {FIRST_CALL_TARGET}×); "
        f"{_floor_note(medians)}",
        "",
    ]


def _floor_note(medians: dict[str, float]) -> str:
    floor, ours = medians[FLOOR], medians["together_client"]
    return (
        f"the floor alone is {floor / medians['together (official)']:.2f}× the official SDK, "
        f"and together_client adds {(ours - floor) * 1000:.0f} ms to it."
    )


if __name__ == "__main__":
    sys.exit(main())
