"""Contract suite benchmark: full run (all operations, default budget) against the mock,
and plain schemathesis (its CLI) against the same mock for comparison.

Prism is not installed on this machine, so the issue's "plain schemathesis vs Prism"
figure (18.5 s, 96/98 operations, crash on audio uploads, 219 failures) cannot be re-run
here; plain schemathesis runs against our mock instead.

    .venv/bin/python bench/contract_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path


def main() -> int:
    from contract_tests.engine import MOCK_TOKEN, RunOptions, run_contract
    from contract_tests.report import summary_line
    from contract_tests.server import mock_app, serve
    from generator.pipeline import resolve_spec

    warnings.simplefilter("ignore")
    api = resolve_spec(None).api
    with serve(mock_app(api, api_key=MOCK_TOKEN)) as url:
        started = time.perf_counter()
        result = run_contract(api, RunOptions(base_url=url, api_key=MOCK_TOKEN, seed=1))
        ours = time.perf_counter() - started
        print(f"togen contract (default budget {result.max_examples}): {ours:.1f} s; {summary_line(result)}")

        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "openapi.json"
            spec.write_text(json.dumps(api.document))
            command = [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                str(spec),
                "--url",
                url + "/v1",
                "-H",
                f"Authorization: Bearer {MOCK_TOKEN}",
                "--max-examples",
                "5",
                "--phases",
                "examples,fuzzing",
                "--checks",
                "all",
                "--no-color",
            ]
            started = time.perf_counter()
            proc = subprocess.run(command, capture_output=True, text=True, timeout=900)
            plain = time.perf_counter() - started
            tail = "\n".join(proc.stdout.strip().splitlines()[-8:])
            print(
                f"plain schemathesis CLI (normalized spec, mock, 5 examples): {plain:.1f} s, "
                f"exit {proc.returncode}"
            )
            print(tail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
