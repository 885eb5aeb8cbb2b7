"""The generated package with its MCP server, rendered once per session, and MCP client
sessions (the official `mcp` SDK's client) against it, pointed at the mock server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.mcp.helpers import RequestCounter, server_env
from togen.core.loopback import free_port, stop_process, wait_for_http

PACKAGE = "together_client"


@pytest.fixture(scope="session")
def mcp_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`src/` of a freshly rendered distribution (formatted like `togen generate` does)."""
    from togen.render.generate import render_package, write_tree
    from togen.spec.pipeline import load_api_uncached

    files = render_package(load_api_uncached(), "test")
    root = tmp_path_factory.mktemp("mcp-generated")
    write_tree(files, root)
    return root / "src"


@pytest.fixture(scope="session")
def tools_json(mcp_src: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((mcp_src / PACKAGE / "mcp" / "tools.json").read_text())
    return data


@pytest.fixture
def http_server(mcp_src: Path, mock_server: Any) -> Iterator[Callable[..., str]]:
    """start(*args) -> URL of `python -m together_client.mcp --transport http` (stopped after)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> str:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", f"{PACKAGE}.mcp", "--transport", "http", "--port", str(port), *args],
            env=server_env(mcp_src, mock_server, mock_server.api_key),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}/mcp"
        try:
            # A hang detector: start-up takes seconds, many more on a busy machine.
            wait_for_http(url, timeout=120, process=process)  # a plain GET: 4xx once it listens
        except RuntimeError as exc:
            error = process.stderr.read().decode() if process.stderr and process.poll() is not None else ""
            raise RuntimeError(f"MCP server did not start: {exc} {error}".strip()) from None
        return url

    yield start
    for process in started:
        stop_process(process)


@pytest.fixture
def mock_requests(mock_server: Any) -> Iterator[RequestCounter]:
    app = mock_server.app
    if app is None:
        pytest.skip("needs the in-process mock (not --togen-mock-url)")
    counter = RequestCounter()
    original = app.http

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        counter.paths.append(f"{scope['method']} {scope['path']}")
        await original(scope, receive, send)

    app.http = counting
    try:
        yield counter
    finally:
        app.http = original
