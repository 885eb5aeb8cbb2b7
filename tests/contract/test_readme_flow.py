"""The README's contract flow, as it is written there: `make mock` in one shell, then
`make contract BASE_URL=http://127.0.0.1:4010` with whatever TOGETHER_API_KEY the user
has. `make mock` accepts any non-empty key and says so in /healthz, so the suite skips the
one probe that cannot fail there (an invalid token) and is green; against a mock that
enforces a key every auth probe still runs and still catches a server that ignores it.
(On a free port through MOCK_PORT rather than 4010: another run on this machine may hold
4010, and a test must not contract-test someone else's server.)"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from togen.loopback import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the mock exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the mock did not come up at {url}")


@pytest.fixture
def make_mock() -> Iterator[str]:
    port = free_port()
    args = ["make", "--no-print-directory", "mock", f"MOCK_PORT={port}"]
    process = subprocess.Popen(args, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
        assert process.poll() is None, "the mock died: the run may have tested another server"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_contract_against_make_mock_is_green_with_any_key(make_mock: str, tmp_path: Path) -> None:
    env = {**os.environ, "TOGETHER_API_KEY": "whatever-key-the-user-has"}
    outcome = subprocess.run(
        ["make", "--no-print-directory", "contract", f"BASE_URL={make_mock}", f"CONTRACT_OUT={tmp_path}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-3000:]
    assert "contract: PASSED: 0 failure(s)" in outcome.stdout
    assert "the server accepts any non-empty API key" in outcome.stderr
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Contract report\n\n**PASSED**")
    assert "whatever-key-the-user-has" not in outcome.stdout + outcome.stderr + report


def test_auth_probes_stay_whole_against_any_other_server() -> None:
    """A mock that enforces a key, or a server that does not say it takes any key, gets
    the invalid-token probe; a server taking any key without saying so fails it."""
    import warnings

    from togen.contract.engine import run_contract
    from togen.contract.options import RunOptions
    from togen.contract.preflight import reach
    from togen.contract.server import mock_app, serve
    from togen.spec.pipeline import resolve_spec

    api = resolve_spec(None).api
    with serve(mock_app(api, api_key="k")) as enforcing, serve(mock_app(api)) as any_key:
        assert reach(enforcing).accepts_any_key is False
        assert reach(any_key).accepts_any_key is True
    lenient = mock_app(api)

    async def silent(scope, receive, send):  # type: ignore[no-untyped-def]
        """Takes any key like `make mock`, but has no /healthz to say so."""
        if scope["type"] == "http" and scope["path"] == "/healthz":
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await lenient(scope, receive, send)

    with serve(silent) as url:
        server = reach(url)
        assert server.accepts_any_key is False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            options = RunOptions(url, api_key="any", operations=["models.list"], max_examples=1, seed=1)
            result = run_contract(api, options)
    checks = {f.check for op in result.operations for f in op.failures}
    assert "ignored_auth" in checks, checks
