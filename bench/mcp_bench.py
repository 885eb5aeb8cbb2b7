"""MCP server benchmark: `tools/list` size (full and --dynamic) and server start to first
`tools/list` answer, measured on the wire (raw JSON-RPC lines over the server's stdio).

    .venv/bin/python bench/mcp_bench.py [--src generated/src] [--runs 5] [--json FILE]

Targets (issue 8): full tools/list <= 110 KB with complete schemas, --dynamic <= 5 KB, start to
first tools/list <= 1 s. FastMCP's `from_openapi` on the same spec is measured in the same run
when `fastmcp` is importable (it is not a dependency of this project; the run says so).
FastMCP reads the public spec alone, so the compared server is the `--no-sdk` one (generated
into bench/_work); the default package (with the SDK surface) is an informational row.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"full_bytes": 110 * 1024, "dynamic_bytes": 5 * 1024, "start_to_list_seconds": 1.0}


def _send(process: subprocess.Popen[bytes], message: dict[str, Any]) -> None:
    assert process.stdin is not None
    process.stdin.write(json.dumps(message).encode() + b"\n")
    process.stdin.flush()


def _read_response(process: subprocess.Popen[bytes], request_id: int) -> bytes:
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("server closed stdout")
        if json.loads(line).get("id") == request_id:
            return line.rstrip(b"\n")


def measure(src: Path, *args: str) -> tuple[int, float, int]:
    """(bytes of the tools/list response, seconds from spawn to that response, tool count)."""
    env = {**os.environ, "PYTHONPATH": str(src), "TOGETHER_API_KEY": "bench"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "together_client.mcp", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        _send(
            process,
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "bench", "version": "0"},
                },
            },
        )
        _read_response(process, 1)
        _send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        _send(process, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        line = _read_response(process, 2)
        elapsed = time.perf_counter() - started
        tools = json.loads(line)["result"]["tools"]
        return len(line), elapsed, len(tools)
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


FASTMCP_VERSION = "3.4.10"  # 4.x needs a certifi newer than the registry has
WORK = ROOT / "bench" / "_work"
SPEC = ROOT.parent / "shared" / "together-openapi" / "openapi.yaml"
FASTMCP_SCRIPT = """
import asyncio, json, sys, time, httpx, yaml
from fastmcp import FastMCP, Client

async def main():
    spec = yaml.safe_load(open(sys.argv[1]))
    started = time.perf_counter()
    server = FastMCP.from_openapi(openapi_spec=spec, client=httpx.AsyncClient(base_url="http://127.0.0.1:9"))
    async with Client(server) as client:
        tools = await client.list_tools()
    elapsed = time.perf_counter() - started
    wire = json.dumps({"tools": [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools]})
    print(json.dumps({"tools": len(tools), "bytes": len(wire), "seconds": round(elapsed, 3)}))

asyncio.run(main())
"""


def fastmcp_size() -> dict[str, Any]:
    """FastMCP's `from_openapi` on the same spec, in its own venv (not a project dependency):
    the size of its `tools/list` result serialized as on the wire."""
    venv = WORK / "fastmcp-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"fastmcp=={FASTMCP_VERSION}", "pyyaml"],
            capture_output=True,
        )
        if done.returncode != 0:
            return {"skipped": f"fastmcp {FASTMCP_VERSION} did not install"}
    done = subprocess.run(
        [str(python), "-c", FASTMCP_SCRIPT, str(SPEC)], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"skipped": f"fastmcp {FASTMCP_VERSION} failed: {tail[:200]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["version"] = FASTMCP_VERSION
    return result


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--src", type=Path, default=ROOT / "generated" / "src", help="generated src/ directory")
    cli.add_argument("--runs", type=int, default=5, help="start-up runs (median is reported)")
    cli.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = cli.parse_args(argv)
    if not (args.src / "together_client" / "mcp" / "tools.json").exists():
        print(f"no generated MCP server under {args.src}: run `make generate` first", file=sys.stderr)
        return 2

    default_bytes, _, default_tools = measure(args.src)
    public = WORK / "mcp-public" / "src"  # like for like: FastMCP reads the public spec alone
    togen = ROOT / ".venv" / "bin" / "togen"
    subprocess.run([str(togen), "generate", "--no-sdk", "-q", "--out", str(public.parent)], check=True)
    full = [measure(public) for _ in range(args.runs)]
    dynamic = measure(public, "--dynamic")
    import_floor = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import mcp.server.lowlevel, mcp.server.stdio"], check=True)
        import_floor.append(time.perf_counter() - started)
    results: dict[str, Any] = {
        "tools": full[0][2],
        "full_bytes": full[0][0],
        "dynamic_bytes": dynamic[0],
        "start_to_list_seconds": round(statistics.median(t for _, t, _ in full), 3),
        "start_to_list_all_runs": [round(t, 3) for _, t, _ in full],
        "mcp_sdk_import_seconds": round(statistics.median(import_floor), 3),
        "fastmcp_from_openapi": fastmcp_size(),
    }
    fast = results["fastmcp_from_openapi"]
    print("## MCP server\n")
    print(f"Generated server over stdio, raw JSON-RPC; start-up is the median of {args.runs} runs.\n")
    print("| measurement | value | target |")
    print("|---|---:|---|")
    print(f"| tools (the public spec's operations, `--no-sdk`) | {results['tools']} | every HTTP operation |")
    print(f"| full `tools/list` answer | {results['full_bytes']:,} bytes | ≤ {TARGETS['full_bytes']:,} |")
    dynamic_target = TARGETS["dynamic_bytes"]
    print(f"| `--dynamic` `tools/list` answer | {results['dynamic_bytes']:,} bytes | ≤ {dynamic_target:,} |")
    print(f"| server start → first `tools/list` | {results['start_to_list_seconds']} s | ≤ 1 s |")
    floor = results["mcp_sdk_import_seconds"]
    print(f"| python + `import mcp` alone (floor without the fast start) | {floor} s | |")
    if "bytes" in fast:
        ratio = results["full_bytes"] / fast["bytes"]
        print(
            f"| FastMCP {fast['version']} `from_openapi`, same spec: `tools/list` | {fast['bytes']:,} bytes "
            f"({fast['tools']} tools) | ours ≤ ⅓ of it: **{ratio:.2f}×** |"
        )
    else:
        print(f"| FastMCP `from_openapi` | {fast['skipped']} | |")
    print(
        f"| default package (+ the SDK surface, informational): tools, `tools/list` | {default_tools}, "
        f"{default_bytes:,} bytes | |"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
