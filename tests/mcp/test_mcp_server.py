"""The generated MCP server in real MCP client sessions (stdio and streamable HTTP), calling
the mock server through the generated client."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from tests.mcp.helpers import RequestCounter, raw_handshake, run, stdio_session

CHAT = {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "messages": [{"role": "user", "content": "Hi"}]}


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


async def _exercise(session: Any, tmp_path: Path, expected: list[str]) -> None:
    listed = await session.list_tools()
    names = [tool.name for tool in listed.tools]
    assert sorted(names) == sorted(expected)
    for tool in listed.tools:
        assert re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", tool.name)
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)

    models = await session.call_tool("models_list", {})
    assert not models.is_error, _text(models)
    assert isinstance(models.structured_content["result"], list) and models.structured_content["result"]

    chat = await session.call_tool("chat_completions_create", CHAT)
    assert not chat.is_error, _text(chat)
    assert chat.structured_content["choices"][0]["message"]["content"]

    streamed = await session.call_tool("chat_completions_create", {**CHAT, "stream": True})
    assert not streamed.is_error, _text(streamed)
    message = streamed.structured_content["choices"][0]["message"]
    assert message["role"] == "assistant" and message["content"]
    assert streamed.structured_content["object"] == "chat.completion"

    embeddings = await session.call_tool("embeddings_create", {"model": "m", "input": "x"})
    assert not embeddings.is_error, _text(embeddings)
    assert embeddings.structured_content["data"][0]["embedding"]

    data = tmp_path / "train.jsonl"
    data.write_text('{"text": "hello"}\n')
    for file in ({"path": str(data)}, {"base64": base64.b64encode(data.read_bytes()).decode()}):
        upload = await session.call_tool(
            "files_upload", {"purpose": "fine-tune", "file_name": "train.jsonl", "file": file}
        )
        assert not upload.is_error, _text(upload)
        assert upload.structured_content["id"]
        assert upload.structured_content["bytes"] == data.stat().st_size


def test_stdio_session(mcp_src: Path, mock_server: Any, tools_json: dict[str, Any], tmp_path: Path) -> None:
    expected = [tool["name"] for tool in tools_json["tools"]]

    async def scenario() -> None:
        async with stdio_session(mcp_src, mock_server, mock_server.api_key) as session:
            await _exercise(session, tmp_path, expected)
            speech = await session.call_tool(
                "audio_speech_create", {"model": "cartesia/sonic", "input": "Hello", "voice": "x"}
            )
            assert not speech.is_error, _text(speech)
            assert speech.content[0].type == "audio" and base64.b64decode(speech.content[0].data)

    run(scenario())


def test_streamable_http_session(
    mcp_src: Path, http_server: Any, tools_json: dict[str, Any], tmp_path: Path
) -> None:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    url = http_server()
    expected = [tool["name"] for tool in tools_json["tools"]]

    async def scenario() -> None:
        async with streamable_http_client(url) as (read, write, *_), ClientSession(read, write) as session:
            await session.initialize()
            await _exercise(session, tmp_path, expected)

    run(scenario())


def test_invalid_arguments_never_reach_the_api(
    mcp_src: Path, mock_server: Any, mock_requests: RequestCounter
) -> None:
    async def scenario() -> list[str]:
        async with stdio_session(mcp_src, mock_server, mock_server.api_key) as session:
            before = len(mock_requests.paths)
            missing = await session.call_tool("chat_completions_create", {"model": "m"})
            wrong_type = await session.call_tool("chat_completions_create", {**CHAT, "max_tokens": "lots"})
            nested = await session.call_tool(
                "chat_completions_create", {"model": "m", "messages": [{"role": "user"}]}
            )
            wizard = await session.call_tool(
                "chat_completions_create", {"model": "m", "messages": [{"role": "wizard", "content": "hi"}]}
            )
            unknown = await session.call_tool("models_list", {"dedicated": True, "colour": "blue"})
            bad_file = await session.call_tool(
                "files_upload", {"purpose": "fine-tune", "file_name": "x", "file": {"path": "/nonexistent/x"}}
            )
            for result in (missing, wrong_type, nested, wizard, unknown, bad_file):
                assert result.is_error
            assert "messages" in _text(missing)
            assert "max_tokens" in _text(wrong_type)
            assert "messages.0.content: required field is missing" in _text(nested), _text(nested)
            assert "messages.0.role: 'wizard' is not one of [" in _text(wizard), _text(wizard)
            assert "tool_call_id" not in _text(wizard)
            assert "colour" in _text(unknown)
            assert "file.path" in _text(bad_file)
            assert len(mock_requests.paths) == before, mock_requests.paths[before:]
            return mock_requests.paths

    run(scenario())


def test_api_errors_become_tool_errors(mcp_src: Path, mock_server_factory: Any) -> None:
    locked = mock_server_factory(api_key="the-right-key")

    async def scenario() -> None:
        async with stdio_session(mcp_src, locked, "a-wrong-key") as session:
            result = await session.call_tool("models_list", {})
            assert result.is_error
            assert "401" in _text(result)

    run(scenario())


def test_dynamic_mode(mcp_src: Path, mock_server: Any) -> None:
    async def scenario() -> None:
        async with stdio_session(mcp_src, mock_server, mock_server.api_key, "--dynamic") as session:
            listed = await session.list_tools()
            names = [t.name for t in listed.tools]
            assert names == ["list_api_tools", "get_api_tool_schema", "invoke_api_tool"]
            size = len(json.dumps([t.model_dump(by_alias=True, exclude_none=True) for t in listed.tools]))
            assert size <= 5 * 1024

            found = await session.call_tool("list_api_tools", {"query": "chat completion"})
            assert "chat_completions_create" in [t["name"] for t in found.structured_content["tools"]]
            described = await session.call_tool("get_api_tool_schema", {"name": "embeddings_create"})
            assert "input" in described.structured_content["inputSchema"]["properties"]
            invoked = await session.call_tool(
                "invoke_api_tool", {"name": "embeddings_create", "arguments": {"model": "m", "input": "x"}}
            )
            assert not invoked.is_error, _text(invoked)
            assert invoked.structured_content["data"]
            bad = await session.call_tool("invoke_api_tool", {"name": "embeddings_create", "arguments": {}})
            assert bad.is_error and "input" in _text(bad)

    run(scenario())


def test_filters(mcp_src: Path, mock_server: Any, tools_json: dict[str, Any]) -> None:
    async def scenario() -> None:
        async with stdio_session(mcp_src, mock_server, mock_server.api_key, "--read-only") as session:
            names = [t.name for t in (await session.list_tools()).tools]
            expected = [t["name"] for t in tools_json["tools"] if t["annotations"].get("readOnlyHint")]
            assert names == expected and "models_list" in names and "files_delete" not in names
        args = ("--tools", "chat_*", "models_*")
        async with stdio_session(mcp_src, mock_server, mock_server.api_key, *args) as session:
            names = [t.name for t in (await session.list_tools()).tools]
            assert names == ["chat_completions_create", "models_list", "models_upload"]
            result = await session.call_tool("files_list", {})
            assert result.is_error and "Unknown tool" in _text(result)

    run(scenario())


def test_fast_start_answers_like_the_sdk(mcp_src: Path) -> None:
    """The stdio fast start (handshake answered before the SDK is imported) says what the SDK
    server says, for the full list and with filters."""
    for args in ((), ("--dynamic",)):
        fast = raw_handshake(mcp_src, {}, *args)
        sdk = raw_handshake(mcp_src, {"TOGETHER_CLIENT_MCP_FAST_START": "0"}, *args)
        assert [m["id"] for m in fast] == [1, 2]
        assert fast == sdk, args
