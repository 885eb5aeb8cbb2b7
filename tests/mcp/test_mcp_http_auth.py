"""The MCP server over HTTP and its bearer token (issue 31): real server processes on
127.0.0.1, real MCP client sessions (the `mcp` SDK's streamable-HTTP client), the mock as
the API. The token is made fresh per test and looked for in everything the server says."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.mcp.helpers import PACKAGE, run, server_env
from togen.core.loopback import bind, free_port, stop_process, wait_for_http

TOKEN_ENV = "TOGETHER_MCP_TOKEN"
CHAT = {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "messages": [{"role": "user", "content": "Hi"}]}
COMMAND = [sys.executable, "-m", f"{PACKAGE}.mcp"]


@dataclass
class Served:
    """A running `python -m together_client.mcp --transport http`; its output, once stopped."""

    process: subprocess.Popen[bytes]
    url: str  # the MCP endpoint, always reached through 127.0.0.1
    out: Path
    err: Path
    seen: list[str] = field(default_factory=list)  # bodies the tests read from it

    def stop(self) -> tuple[str, str]:
        stop_process(self.process)
        return self.out.read_text(), self.err.read_text()


@pytest.fixture
def serve(mcp_src: Path, mock_server: Any, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """serve(*args, env={...}) -> a started HTTP server (stopped after the test)."""
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        port = free_port()
        out, err = tmp_path / f"{port}.out", tmp_path / f"{port}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [*COMMAND, "--transport", "http", "--port", str(port), *args],
                env={**server_env(mcp_src, mock_server, mock_server.api_key), **(env or {})},
                stdout=stdout,
                stderr=stderr,
            )
        served = Served(process, f"http://127.0.0.1:{port}/mcp", out, err)
        started.append(served)
        try:
            wait_for_http(served.url, timeout=30, process=process)  # 401 or 406 once it listens
        except RuntimeError as exc:
            raise RuntimeError(f"MCP server did not start: {exc} {err.read_text()}".strip()) from None
        return served

    yield start
    for served in started:
        stop_process(served.process)


@contextlib.asynccontextmanager
async def session(url: str, headers: dict[str, str], statuses: list[tuple[int, str]]) -> AsyncIterator[Any]:
    """An initialized MCP client session; `statuses` collects (status, WWW-Authenticate) of
    every HTTP response the client receives."""
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def record(response: Any) -> None:
        statuses.append((response.status_code, response.headers.get("www-authenticate", "")))

    async with (
        httpx2.AsyncClient(headers=headers, event_hooks={"response": [record]}) as client,
        streamable_http_client(url, http_client=client) as (read, write, *_),
        ClientSession(read, write) as opened,
    ):
        await opened.initialize()
        yield opened


def _refused(url: str, headers: dict[str, str]) -> list[tuple[int, str]]:
    """Open a session with these headers: it must fail; the HTTP statuses it got."""
    from mcp import MCPError

    statuses: list[tuple[int, str]] = []

    async def scenario() -> None:
        refused: BaseException | None = None
        try:
            async with session(url, headers, statuses):
                pass
        except MCPError as exc:
            refused = exc
        except BaseExceptionGroup as group:  # raised inside the client's task groups
            refused = group.subgroup(MCPError)
            if refused is None:
                raise
        assert refused is not None, "the session opened without a valid token"

    run(scenario())
    return statuses


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def _start_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(f"{PACKAGE}.mcp: ")]
    assert len(lines) >= 1, stderr
    return lines[0]


@pytest.mark.parametrize("source", ["env", "flag"])
def test_bearer_token_guards_every_request(
    source: str, serve: Callable[..., Served], tools_json: dict[str, Any]
) -> None:
    token = secrets.token_urlsafe(24)
    # `--auth-token=T`, not `--auth-token T`: a urlsafe token may start with "-", which argparse
    # would take for an option (then the server rightly refuses to start).
    args, env = ((f"--auth-token={token}",), {}) if source == "flag" else ((), {TOKEN_ENV: token})
    served = serve(*args, env=env)

    no_token = _refused(served.url, {})
    assert (401, "Bearer") in no_token, no_token
    assert all(status == 401 for status, _ in no_token), no_token
    wrong = _refused(
        served.url, {"Authorization": f"Bearer {token[:-1]}{'y' if token.endswith('x') else 'x'}"}
    )
    assert wrong and all(status == 401 for status, _ in wrong), wrong
    assert all(challenge.startswith("Bearer") for _, challenge in wrong), wrong
    other_scheme = _refused(served.url, {"Authorization": f"Basic {token}"})
    assert other_scheme and all(status == 401 for status, _ in other_scheme), other_scheme

    statuses: list[tuple[int, str]] = []

    async def authorized() -> None:
        async with session(served.url, {"Authorization": f"Bearer {token}"}, statuses) as opened:
            listed = await opened.list_tools()
            assert [tool.name for tool in listed.tools] == [tool["name"] for tool in tools_json["tools"]]
            served.seen.append(listed.model_dump_json())
            models = await opened.call_tool("models_list", {})
            assert not models.is_error, _text(models)
            assert models.structured_content["result"]
            chat = await opened.call_tool("chat_completions_create", CHAT)
            assert not chat.is_error, _text(chat)
            assert chat.structured_content["choices"][0]["message"]["content"]
            bad = await opened.call_tool("chat_completions_create", {"model": "m"})
            assert bad.is_error and "messages" in _text(bad)
            served.seen += [models.model_dump_json(), chat.model_dump_json(), _text(bad)]

    run(authorized())
    # (Not "all 2xx": the client's standalone GET stream may reconnect after its DELETE ended the
    # session, and that late answer is a 404; what matters is that no request was refused.)
    assert statuses and not [status for status, _ in statuses if status in (401, 403)], statuses

    # Plain HTTP: the challenge header, and a helpful 404 for other paths (no token needed).
    with httpx.Client(trust_env=False) as plain:
        unauthorized = plain.post(served.url, json={})
        assert unauthorized.status_code == 401
        assert unauthorized.headers["www-authenticate"] == "Bearer"
        wrong_answer = plain.post(served.url, json={}, headers={"Authorization": "Bearer nope"})
        assert wrong_answer.status_code == 401
        assert wrong_answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'
        root = plain.get(served.url.removesuffix("/mcp") + "/")
        assert root.status_code == 404 and "/mcp" in root.text
        served.seen += [unauthorized.text, wrong_answer.text, root.text, str(unauthorized.headers)]

    stdout, stderr = served.stop()
    assert stdout == ""
    line = _start_line(stderr)
    assert f"{served.url}," in line and "bearer token required" in line, line
    assert f"{len(tools_json['tools'])} tools (read-write)" in line, line
    for text in (stdout, stderr, *served.seen):
        assert token not in text


def test_loopback_without_token_keeps_the_rebinding_guard(serve: Callable[..., Served]) -> None:
    served = serve("--read-only")
    statuses: list[tuple[int, str]] = []

    async def scenario() -> None:
        async with session(served.url, {}, statuses) as opened:
            names = [tool.name for tool in (await opened.list_tools()).tools]
            assert "models_list" in names and "files_delete" not in names

    run(scenario())
    with httpx.Client(trust_env=False) as plain:
        foreign = plain.post(
            served.url,
            json={},
            headers={"Origin": "http://attacker.example", "Accept": "application/json, text/event-stream"},
        )
        assert foreign.status_code == 403, foreign.text  # the SDK's DNS-rebinding guard
    _, stderr = served.stop()
    line = _start_line(stderr)
    assert "no auth (loopback only)" in line and "(read-only)" in line, line


def test_no_auth_off_loopback_serves_with_a_warning(serve: Callable[..., Served]) -> None:
    served = serve("--host", "0.0.0.0", "--no-auth", "--tools", "models_*")
    statuses: list[tuple[int, str]] = []

    async def scenario() -> None:
        async with session(served.url, {}, statuses) as opened:
            names = [tool.name for tool in (await opened.list_tools()).tools]
            assert names == ["models_list", "models_upload"]
            models = await opened.call_tool("models_list", {})
            assert not models.is_error, _text(models)

    run(scenario())
    stdout, stderr = served.stop()
    assert stdout == ""
    warnings = [line for line in stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "--no-auth" in warnings[0] and "TOGETHER_API_KEY" in warnings[0], stderr
    line = _start_line(stderr.replace(warnings[0] + "\n", ""))
    assert "NO AUTH" in line and "/mcp" in line and "2 tools (read-write)" in line, line


def _exit(mcp_src: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    environment = {**server_env(mcp_src, "http://127.0.0.1:9", "unused"), **(env or {})}
    done = subprocess.run(
        [*COMMAND, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout, done.stderr


SECRET = "s3cret-" + "x" * 20


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("--transport", "http", "--host", "0.0.0.0"), {}, "refusing to serve on 0.0.0.0 without a token"),
        (("--transport", "http", "--host", "::"), {}, "refusing to serve on :: without a token"),
        (("--transport", "http", "--auth-token", ""), {}, "--auth-token is empty"),
        (("--transport", "http"), {TOKEN_ENV: ""}, f"{TOKEN_ENV} is empty"),
        (("--transport", "http", "--auth-token", SECRET + " y"), {}, "--auth-token must be printable ASCII"),
        (
            ("--transport", "http", "--auth-token", SECRET, "--no-auth"),
            {},
            "--no-auth contradicts --auth-token",
        ),
        (("--transport", "http", "--no-auth"), {TOKEN_ENV: SECRET}, f"--no-auth contradicts {TOKEN_ENV}"),
        (("--auth-token", SECRET), {}, "--auth-token needs --transport http"),
        (("--transport", "http", "--auth-token", "-" + SECRET), {}, "is written --auth-token=TOKEN"),
        (("--transport", "http", "--auth-tokn", SECRET), {}, "unrecognized arguments: --auth-tokn (1 value"),
        (("--transport", "http", f"--auth-tokn={SECRET}"), {}, "unrecognized arguments: --auth-tokn"),
        (("--transport", "http", "--port", "0"), {}, "port 0 is out of range"),
        (("--transport", "http", "--port", "65536"), {}, "port 65536 is out of range"),
        (("--transport", "http", "--port", "eighty"), {}, "not a port number"),
    ],
)
def test_bad_flags_are_one_line_and_exit_2(
    mcp_src: Path, args: tuple[str, ...], env: dict[str, str], says: str
) -> None:
    code, stdout, stderr = _exit(mcp_src, *args, env=env)
    assert code == 2, stderr
    assert stdout == ""
    assert stderr.count("\n") == 1 and says in stderr, stderr
    assert stderr.startswith(f"python -m {PACKAGE}.mcp: error: ")
    assert SECRET not in stderr


def test_a_taken_port_is_one_line_and_exit_2(mcp_src: Path) -> None:
    with bind("127.0.0.1", 0) as taken:
        taken.listen()
        port = taken.getsockname()[1]
        code, stdout, stderr = _exit(
            mcp_src, "--transport", "http", "--port", str(port), env={TOKEN_ENV: SECRET}
        )
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in stderr, stderr
    assert SECRET not in stderr


@pytest.mark.parametrize("fast_start", ["1", "0"])
def test_stdio_start_line_goes_to_stderr(mcp_src: Path, tools_json: dict[str, Any], fast_start: str) -> None:
    """Over stdio the start line never touches stdout, which carries the protocol."""
    code, stdout, stderr = _exit(mcp_src, "--read-only", env={"TOGETHER_CLIENT_MCP_FAST_START": fast_start})
    assert code == 0, stderr
    assert stdout == ""
    read_only = sum(1 for tool in tools_json["tools"] if tool["annotations"].get("readOnlyHint"))
    assert stderr == f"{PACKAGE}.mcp: stdio, {read_only} tools (read-only)\n"
