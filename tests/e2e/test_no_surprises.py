"""Issue 15, item 7: nothing outside the project by default. `make test` (plain pytest) never
runs npx: the tests marked `npm` are opt-in (`--run-npm`, TOGEN_TEST_NPM=1, `make test-npm`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_npm_tests_are_skipped_unless_asked_for(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    called = tmp_path / "npx-called"
    for tool in ("npx", "npm"):  # a stand-in that records being run
        (fake / tool).write_text(f'#!/bin/sh\necho "$0 $*" >> {called}\nexit 1\n')
        (fake / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    env.pop("TOGEN_TEST_NPM", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-m", "npm", "-rs", "tests"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "opt in with --run-npm or TOGEN_TEST_NPM=1" in done.stdout
    assert " passed" not in done.stdout.splitlines()[-1], done.stdout[-500:]
    assert not called.exists(), called.read_text()


def test_the_mcp_server_without_its_extra_names_the_extra(generated_src: Path) -> None:
    """`together-client-mcp` is installed with the package; without the [mcp] extra it says so
    in one line (`-S`: no site-packages, so no `mcp`, as in a venv without the extra)."""
    env = {**os.environ, "PYTHONPATH": str(generated_src)}
    done = subprocess.run(
        [sys.executable, "-S", "-m", "together_client.mcp"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        'together_client.mcp: the MCP server needs the [mcp] extra: pip install "together-client[mcp]"'
    ]
