"""The MCP Inspector CLI (`@modelcontextprotocol/inspector` from npm) lists the server's tools.
Skipped when npx is missing or npm cannot fetch the package (offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.npm

INSPECTOR = "@modelcontextprotocol/inspector"


def test_inspector_lists_the_tools(mcp_src: Path, tools_json: dict[str, Any]) -> None:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("npx is not installed")
    command = [
        npx,
        "-y",
        INSPECTOR,
        "--cli",
        "-e",
        f"PYTHONPATH={mcp_src}",
        "-e",
        "TOGETHER_API_KEY=inspector-test",
        sys.executable,
        "-m",
        "together_client.mcp",
        "--method",
        "tools/list",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip("npx did not finish in time (npm registry unreachable?)")
    if done.returncode != 0 and ("npm" in done.stderr and "ERR" in done.stderr or not done.stdout.strip()):
        pytest.skip(f"the inspector could not be fetched or started: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [tool["name"] for tool in listed["tools"]] == [tool["name"] for tool in tools_json["tools"]]
