"""The generated client's ergonomics beside the official `together` SDK's, both against the mock:
with_streaming_response, raw responses, copy()/with_options(), to_dict()/to_json(), TOGETHER_LOG."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import together

CHAT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"
MESSAGES = [{"role": "user", "content": "Say hello to the mock"}]

# What an official APIResponse offers that a caller may use (read from together/_response.py).
RESPONSE_SURFACE = [
    "parse", "read", "text", "json", "close", "iter_bytes", "iter_text", "iter_lines",
    "headers", "http_request", "http_response", "status_code", "url", "method", "http_version",
    "elapsed", "is_closed", "retries_taken",
]  # fmt: skip


@pytest.fixture
def ours(tc: ModuleType, mock_server: Any) -> Iterator[Any]:
    with tc.Together(base_url=mock_server, api_key=mock_server.api_key, max_retries=0) as client:
        yield client


@pytest.fixture
def official(mock_server: Any) -> Iterator[together.Together]:
    with together.Together(base_url=str(mock_server), api_key=mock_server.api_key, max_retries=0) as client:
        yield client


@pytest.mark.parametrize("sdk", ["ours", "official"])
def test_with_streaming_response_reads_the_body_on_demand(sdk: str, request: pytest.FixtureRequest) -> None:
    """The same code runs on both SDKs: the body is unread inside the block until iterated."""
    client: Any = request.getfixturevalue(sdk)
    with client.chat.completions.with_streaming_response.create(
        model=CHAT_MODEL, messages=MESSAGES
    ) as response:
        assert response.status_code == 200 and not response.is_closed
        body = json.loads("".join(response.iter_lines()))
        assert body["model"] == CHAT_MODEL
    assert response.is_closed
    with client.chat.completions.with_streaming_response.create(
        model=CHAT_MODEL, messages=MESSAGES
    ) as response:
        completion = response.parse()
        assert completion.choices[0].message.content
        assert response.retries_taken == 0 and isinstance(response.elapsed, datetime.timedelta)
    with client.chat.completions.with_streaming_response.create(
        model=CHAT_MODEL, messages=MESSAGES, stream=True
    ) as response:
        chunks = list(response.parse())
    assert len(chunks) >= 2


def test_response_objects_offer_the_official_surface(tc: ModuleType, ours: Any, official: Any) -> None:
    mine = ours.with_raw_response.models.list()
    theirs = official.with_raw_response.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    for name in RESPONSE_SURFACE:
        assert hasattr(theirs, name), name  # the list is the official surface
        assert hasattr(mine, name), name
    assert isinstance(mine.json(), list) and mine.json() == json.loads(mine.text())
    assert isinstance(mine.elapsed, datetime.timedelta) and mine.retries_taken == 0
    assert mine.method == "GET" and mine.http_request.url.path == "/v1/models"
    assert [m.id for m in mine.parse(to=list[tc.models.ModelInfo])] == [m.id for m in mine.parse()]


def test_streamed_binary_download(ours: Any, tmp_path: Path) -> None:
    speech = ours.with_streaming_response.audio.speech.create(
        model="hexgrad/Kokoro-82M", input="Hello there", voice="af_alloy"
    )
    with speech as response:
        response.stream_to_file(tmp_path / "a.wav")
    assert (tmp_path / "a.wav").read_bytes()[:4] == b"RIFF"


def test_async_streaming_and_raw_responses(tc: ModuleType, mock_server: Any) -> None:
    async def main() -> None:
        async with tc.AsyncTogether(base_url=mock_server, api_key=mock_server.api_key) as client:
            async with client.chat.completions.with_streaming_response.create(
                model=CHAT_MODEL, messages=MESSAGES
            ) as response:
                lines = [line async for line in response.iter_lines()]
                assert json.loads("".join(lines))["model"] == CHAT_MODEL
            raw = await client.with_raw_response.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
            completion = await raw.parse()
            assert completion.model == CHAT_MODEL and (await raw.json())["model"] == CHAT_MODEL

    asyncio.run(main())


def test_copy_and_with_options_take_the_official_arguments(
    tc: ModuleType, ours: Any, mock_server: Any
) -> None:
    official_params = set(inspect.signature(together.Together.copy).parameters) - {"self"}
    our_params = set(inspect.signature(tc.Together.copy).parameters) - {"self"}
    # `project_id` is not in the spec; `_extra_kwargs` is Stainless-internal.
    assert official_params - our_params == {"project_id", "_extra_kwargs"}
    assert tc.Together.with_options is tc.Together.copy

    custom = ours.with_options(
        timeout=7,
        max_retries=4,
        default_headers={"X-Team": "a"},
        default_query={"trace": "1"},
    )
    assert custom.max_retries == 4 and custom.timeout.read == 7 and ours.max_retries == 0
    raw = custom.with_raw_response.models.list()
    assert raw.http_request.headers["x-team"] == "a" and raw.http_request.url.params["trace"] == "1"
    replaced = custom.copy(set_default_headers={"X-Other": "b"}, api_key="sk-other")
    sent = replaced.with_raw_response.models.list().http_request
    assert "x-team" not in sent.headers and sent.headers["authorization"] == "Bearer sk-other"
    with httpx.Client() as mine:
        moved = ours.copy(base_url=str(mock_server) + "/v1", http_client=mine)
        assert moved._client is mine and moved.models.list()
    with pytest.raises(ValueError, match="mutually exclusive"):
        ours.copy(default_headers={}, set_default_headers={})
    ours.with_options(timeout=1).close()  # a copy never closes the pool it shares
    assert ours.models.list()


def test_models_to_dict_and_to_json(tc: ModuleType, ours: Any, official: Any) -> None:
    mine = ours.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    theirs = official.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    assert isinstance(mine, tc.BaseModel)
    assert json.loads(mine.to_json()) == mine.to_dict(mode="json")
    assert mine.to_json(indent=None).startswith('{"')
    # Same keys for the same answer: only what the API sent, under the API's names.
    assert set(mine.to_dict()) == set(theirs.to_dict())
    assert set(mine.choices[0].to_dict()) == set(theirs.choices[0].to_dict())


LOG_SCRIPT = """
import sys
{import_line}
client = {client}(base_url=sys.argv[1], api_key="sk-SECRET-42", max_retries=0)
client.chat.completions.create(model={model!r}, messages=[{{"role": "user", "content": "hi"}}])
"""


@pytest.mark.parametrize("level", ["info", "debug"])
def test_together_log_like_the_official_sdk(
    tc: ModuleType, generated_src: Path, mock_server: Any, level: str
) -> None:
    """Both SDKs print the httpx request line at info; neither prints the key."""
    outputs = {}
    for name, import_line, client in (
        ("ours", "import together_client", "together_client.Together"),
        ("official", "import together", "together.Together"),
    ):
        script = LOG_SCRIPT.format(import_line=import_line, client=client, model=CHAT_MODEL)
        env = {**os.environ, "TOGETHER_LOG": level, "PYTHONPATH": str(generated_src)}
        done = subprocess.run(
            [sys.executable, "-c", script, str(mock_server)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs[name] = done.stderr
    line = f'HTTP Request: POST {mock_server}/v1/chat/completions "HTTP/1.1 200 OK"'
    for name, text in outputs.items():
        assert line in text, (name, text)
        assert "sk-SECRET-42" not in text, name
