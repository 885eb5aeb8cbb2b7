"""The mock server beside a bare uvicorn+starlette "hello" app and Prism, under the same load tool.

- GET /v1/models throughput: wrk, 1 thread, 10 connections, on each server in turn.
- POST /v1/chat/completions throughput (a realistic non-streaming body, wrk + a Lua script):
  the mock beside a bare uvicorn+starlette app that parses the JSON body and answers a fixed
  completion (target >= 0.5x bare).
- SSE: streamed chat completion chunks per second on one connection (an httpx client).
- Startup: process start to the first answered request (with and without the spec cache).

wrk comes from Debian (installed here if missing); Prism from npm into bench/_work only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from togen.core.loopback import free_port, stop_process, wait_for_http

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
SPEC = ROOT.parent / "shared" / "together-openapi" / "openapi.yaml"
BIN = Path(sys.executable).parent
KEY = "bench-key"
DURATION = 10
PRISM_VERSION = "5"
HELLO_APP = """
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

COMPLETION = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
    "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "Paris is the capital of France."}}],
    "usage": {"prompt_tokens": 20, "completion_tokens": 6, "total_tokens": 26},
}

async def hello(request):
    return JSONResponse({"hello": "world"})

async def chat(request):
    body = await request.json()
    return JSONResponse({**COMPLETION, "model": body.get("model", COMPLETION["model"])})

app = Starlette(routes=[Route("/v1/models", hello), Route("/v1/chat/completions", chat, methods=["POST"])])
"""
CHAT_BODY = {
    "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "messages": [
        {"role": "system", "content": "You are a helpful assistant. Answer in one sentence."},
        {"role": "user", "content": "What is the capital of France, and why is it famous?"},
    ],
    "max_tokens": 64,
    "temperature": 0.7,
    "top_p": 0.9,
}


def wait_ready(url: str, timeout: float = 60.0, headers: dict[str, str] | None = None) -> float:
    return wait_for_http(url, timeout=timeout, headers=headers)


@contextmanager
def process(command: list[str], env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        stop_process(proc, timeout=10, sig=signal.SIGINT)


def mock_command(port: int) -> list[str]:
    # --no-sdk: Prism serves the public spec, so ours does too (the default adds the SDK surface)
    return [str(BIN / "togen"), "mock", "-q", "--no-sdk", "--port", str(port), "--api-key", KEY]


def wrk(url: str, post_json: dict[str, object] | None = None) -> float | None:
    """Requests/s of `wrk -t1 -c10` on `url` (a POST of `post_json` when given); None when
    wrk is missing or any answer was not 2xx/3xx."""
    if shutil.which("wrk") is None:
        return None
    extra: list[str] = []
    if post_json is not None:
        script = WORK / "post.lua"
        body = json.dumps(post_json).replace("\\", "\\\\").replace('"', '\\"')
        script.write_text(
            f'wrk.method = "POST"\nwrk.body = "{body}"\nwrk.headers["Content-Type"] = "application/json"\n'
        )
        extra = ["-s", str(script)]
    done = subprocess.run(
        ["wrk", "-t1", "-c10", f"-d{DURATION}s", "-H", f"Authorization: Bearer {KEY}", *extra, url],
        capture_output=True,
        text=True,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if re.search(r"Non-2xx or 3xx responses", done.stdout):
        return None  # errors are not throughput
    return float(match.group(1)) if match else None


def ensure_wrk() -> None:
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True)


def prism() -> Path | None:
    exe = WORK / "prism" / "node_modules" / ".bin" / "prism"
    if not exe.exists() and shutil.which("npm"):
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--prefix",
                str(WORK / "prism"),
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            capture_output=True,
        )
    return exe if exe.exists() else None


def stream_chunks_per_second(base: str, seconds: float = 5.0) -> tuple[float, int]:
    body = {
        "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
        "messages": [{"role": "user", "content": "Count to one hundred, please."}],
        "stream": True,
        "max_tokens": 200,
    }
    chunks = requests = 0
    start = time.perf_counter()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {KEY}"}, timeout=30) as client:
        while time.perf_counter() - start < seconds:
            with client.stream("POST", "/v1/chat/completions", json=body) as response:
                for line in response.iter_lines():
                    if line.startswith("data:") and line != "data: [DONE]":
                        chunks += 1
            requests += 1
    return chunks / (time.perf_counter() - start), requests


def startup(env: dict[str, str]) -> float:
    port = free_port()
    with process(mock_command(port), env):
        return wait_ready(f"http://127.0.0.1:{port}/healthz")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    rows: list[tuple[str, str]] = []
    port = free_port()
    with process(mock_command(port)):
        wait_ready(f"http://127.0.0.1:{port}/healthz")
        mock_rps = wrk(f"http://127.0.0.1:{port}/v1/models")
        mock_post_rps = wrk(f"http://127.0.0.1:{port}/v1/chat/completions", CHAT_BODY)
        chunks, streams = stream_chunks_per_second(f"http://127.0.0.1:{port}")
    hello = WORK / "hello_app.py"
    hello.write_text(HELLO_APP)
    hello_port = free_port()
    hello_cmd = [str(BIN / "uvicorn"), "--app-dir", str(WORK), "hello_app:app", "--port", str(hello_port)]
    with process([*hello_cmd, "--log-level", "warning", "--no-access-log"]):
        wait_ready(f"http://127.0.0.1:{hello_port}/v1/models")
        hello_rps = wrk(f"http://127.0.0.1:{hello_port}/v1/models")
        hello_post_rps = wrk(f"http://127.0.0.1:{hello_port}/v1/chat/completions", CHAT_BODY)
    prism_rps = None
    prism_exe = prism()
    if prism_exe is not None:
        prism_port = free_port()
        with process([str(prism_exe), "mock", "-p", str(prism_port), str(SPEC)]):
            try:
                wait_ready(
                    f"http://127.0.0.1:{prism_port}/models", timeout=90, headers={"Authorization": "Bearer x"}
                )
                prism_rps = wrk(f"http://127.0.0.1:{prism_port}/models")
            except RuntimeError:
                prism_rps = None
    cached = min(startup({}) for _ in range(3))
    uncached = min(startup({"TOGEN_MOCK_CACHE": "0"}) for _ in range(3))

    def rate(value: float | None) -> str:
        return f"{value:,.0f}" if value is not None else "n/a"

    rows.append(("togen mock, GET /v1/models (req/s)", rate(mock_rps)))
    rows.append(('bare uvicorn + starlette "hello" (req/s)', rate(hello_rps)))
    rows.append(("Prism (npm @stoplight/prism-cli), GET /models (req/s)", rate(prism_rps)))
    rows.append(("togen mock, POST /v1/chat/completions (req/s)", rate(mock_post_rps)))
    rows.append(("bare uvicorn + starlette parsing the JSON body, same POST (req/s)", rate(hello_post_rps)))
    rows.append(
        ("togen mock, streamed chat chunks/s on one connection", f"{chunks:,.0f} ({streams} streams)")
    )
    rows.append(("togen mock startup to first answer, spec cache warm (s)", f"{cached:.2f}"))
    rows.append(("togen mock startup to first answer, no cache (s)", f"{uncached:.2f}"))
    print("## Mock server\n")
    print(f"wrk -t1 -c10 -d{DURATION}s on loopback; server and load tool share the 2 cores.\n")
    print("| measurement | value |")
    print("|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    ratios = []
    if mock_rps and hello_rps:
        ratios.append(f"GET mock / bare starlette: **{mock_rps / hello_rps:.2f}×** (target ≥ 0.8×)")
    if mock_post_rps and hello_post_rps:
        ratios.append(
            f"POST chat mock / bare JSON-parsing starlette: **{mock_post_rps / hello_post_rps:.2f}×**"
            " (target ≥ 0.5×)"
        )
    if mock_rps and prism_rps:
        ratios.append(f"mock / Prism: **{mock_rps / prism_rps:.2f}×** (target ≥ 3×)")
    ratios.append(f"stream: {chunks:,.0f} chunks/s (target ≥ 1,000); startup {cached:.2f} s (target ≤ 1 s)")
    print("\n" + "; ".join(ratios) + ".")
    print(
        "\n<!-- raw: "
        + json.dumps(
            {
                "mock": mock_rps,
                "hello": hello_rps,
                "prism": prism_rps,
                "mock_post": mock_post_rps,
                "hello_post": hello_post_rps,
            }
        )
        + " -->"
    )


if __name__ == "__main__":
    main()
