"""Helpers of the MCP tests: MCP client sessions (the official `mcp` SDK's client) against the
generated server, and a counter of the requests the mock receives."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any, TypeVar

PACKAGE = "together_client"
T = TypeVar("T")


def server_env(src: Path, base_url: str, api_key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOGETHER_")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "TOGETHER_API_KEY": api_key,
            "TOGETHER_BASE_URL": base_url,
        }
    )
    return env


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 40))


@contextlib.asynccontextmanager
async def stdio_session(src: Path, base_url: str, api_key: str, *args: str) -> AsyncIterator[Any]:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", f"{PACKAGE}.mcp", *args],
        env=server_env(src, base_url, api_key),
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


class RequestCounter:
    """Counts the HTTP requests the in-process mock app receives."""

    def __init__(self) -> None:
        self.paths: list[str] = []


def raw_handshake(
    src: Path, extra_env: dict[str, str], *args: str, package: str = PACKAGE
) -> list[dict[str, Any]]:
    """initialize, notifications/initialized and tools/list as raw JSON-RPC lines over stdio to
    `python -m <package>.mcp`; the decoded answers, in order."""
    import json
    import subprocess

    messages: list[dict[str, Any]] = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "t", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    ]
    env = {**server_env(src, "http://127.0.0.1:9", "unused"), **extra_env}
    process = subprocess.Popen(
        [sys.executable, "-m", f"{package}.mcp", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    answers = []
    try:
        for message in messages:  # stdin stays open until every answer is in
            process.stdin.write(json.dumps(message).encode() + b"\n")
            process.stdin.flush()
            if "id" in message:
                line = process.stdout.readline()
                answers.append(json.loads(line))
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return answers
