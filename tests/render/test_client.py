from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.render.unread_body import Unread

API_KEY = "sk-client-SECRET-0987654321"
SSE = {"content-type": "text/event-stream"}

CHAT_RESPONSE = {
    "id": "chat-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    "brand_new_field": {"kept": True},
}


def chunk(i: int) -> dict[str, Any]:
    return {
        "id": "chat-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": f"t{i}"}, "finish_reason": None}],
    }


def sse_body(items: list[dict[str, Any]], done: bool = True) -> bytes:
    text = "".join(f"data: {json.dumps(item)}\n\n" for item in items)
    return (text + ("data: [DONE]\n\n" if done else "")).encode()


class Recorder:
    def __init__(self, response: httpx.Response | None = None, **kw: Any) -> None:
        self.response = response
        self.kw = kw
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.response is not None:
            return self.response
        return httpx.Response(200, **self.kw)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


# -- construction ----------------------------------------------------------------------------------
def test_missing_api_key_is_a_clear_error(tc: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOGETHER_API_KEY", raising=False)
    with pytest.raises(tc.TogetherError, match="TOGETHER_API_KEY"):
        tc.Together()
    with pytest.raises(tc.TogetherError, match="TOGETHER_API_KEY"):
        tc.AsyncTogether()


def test_env_defaults(tc: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOGETHER_API_KEY", API_KEY)
    monkeypatch.delenv("TOGETHER_BASE_URL", raising=False)
    with tc.Together() as client:
        assert str(client.base_url) == "https://api.together.ai"
        assert client.api_key == API_KEY
        assert client.max_retries == 2
        assert client.timeout.read == 60.0
        assert API_KEY not in repr(client)
    monkeypatch.setenv("TOGETHER_BASE_URL", "http://127.0.0.1:4010/v1")
    with tc.Together(timeout=httpx.Timeout(5.0), max_retries=0) as client:
        assert str(client.base_url) == "http://127.0.0.1:4010"
        assert client.timeout == httpx.Timeout(5.0) and client.max_retries == 0


def test_import_is_lazy(generated_src: Path) -> None:
    code = (
        "import sys, together_client as t\n"
        "assert 'together_client._client' not in sys.modules\n"
        "c = t.Together(api_key='k')\n"
        "assert 'together_client.models' not in sys.modules\n"
        "assert not any(m.startswith('together_client.resources.') for m in sys.modules)\n"
        "c.chat.completions\n"
        "assert 'together_client.resources.chat' in sys.modules\n"
        "assert 'together_client.resources.files' not in sys.modules\n"
        "assert c.chat is c.chat\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=generated_src, check=True)


def test_first_call_builds_only_the_models_its_response_needs(generated_src: Path) -> None:
    """A chat completion loads `chat`'s models and the shared ones chat uses (`_shared_a__b` of the
    few resources using them, or `_common`): not those of other resources or of schemas no
    operation uses. What only requests send has no model at all, only its TypedDict."""
    code = (
        "import json, sys, httpx, together_client as t\n"
        f"answer = {json.dumps(CHAT_RESPONSE)!r}\n"
        "transport = httpx.MockTransport(lambda request: httpx.Response(200, json=json.loads(answer)))\n"
        "c = t.Together(api_key='k', http_client=httpx.Client(transport=transport))\n"
        "r = c.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'hi'}])\n"
        "assert type(r).__name__ == 'ChatCompletionResponse'\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('together_client.models.'))\n"
        "names = [m.rpartition('.')[2] for m in loaded]\n"
        "assert 'chat' in names, loaded\n"
        "others = [n for n in names if n != 'chat' and n != '_common']\n"
        "assert all(n.startswith('_shared_') and 'chat' in n[8:].split('__') for n in others), loaded\n"
        "from together_client.models import ChatCompletionTool\n"
        "assert ChatCompletionTool.__module__ == 'together_client.models._unreferenced'\n"
        "from typing_extensions import is_typeddict\n"
        "import together_client.models as models, together_client.params as params\n"
        "assert not hasattr(models, 'ChatCompletionUserMessageParam')  # request-only: a TypedDict alone\n"
        "assert is_typeddict(params.ChatCompletionUserMessageParam)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=generated_src, check=True)


# -- calls -------------------------------------------------------------------------------------------
def test_chat_completion(tc: ModuleType, client_for: Any) -> None:
    rec = Recorder(json=CHAT_RESPONSE, headers={"x-request-id": "r1"})
    client = client_for(rec, base_url="https://api.example.test/v1")
    result = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], temperature=0.5, extra_body={"x": 1}
    )
    assert type(result).__name__ == "ChatCompletionResponse"
    assert result.choices[0].message.content == "hello"
    assert result.model_extra["brand_new_field"] == {"kept": True}
    request = rec.last
    assert request.method == "POST" and str(request.url) == "https://api.example.test/v1/chat/completions"
    assert json.loads(request.content) == {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.5,
        "x": 1,
    }
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"].startswith("together-client/")


def test_a_model_passed_as_an_argument_is_sent_as_its_json(tc: ModuleType, client_for: Any) -> None:
    """Signatures name the request TypedDicts only, yet a pydantic model (here the message of an
    answer, sent back as history) is still serialized, by its API field names."""
    rec = Recorder(json=CHAT_RESPONSE)
    client = client_for(rec)
    answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    history = [{"role": "user", "content": "hi"}, answer.choices[0].message]
    client.chat.completions.create(model="m", messages=history)
    assert json.loads(rec.last.content)["messages"] == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]


def test_chat_stream(tc: ModuleType, client_for: Any) -> None:
    rec = Recorder(content=sse_body([chunk(0), chunk(1)]), headers=SSE)
    client = client_for(rec)
    with client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        texts = [c.choices[0].delta.content for c in stream]
    assert texts == ["t0", "t1"]
    assert isinstance(stream, tc.Stream)
    assert json.loads(rec.last.content)["stream"] is True
    assert rec.last.headers["accept"] == "text/event-stream"


def test_chat_stream_truncated(tc: ModuleType, client_for: Any) -> None:
    client = client_for(Recorder(content=sse_body([chunk(0)], done=False), headers=SSE))
    with pytest.raises(tc.APIConnectionError):
        list(client.chat.completions.create(model="m", messages=[], stream=True))


def test_async_chat_and_stream(tc: ModuleType, client_for: Any) -> None:
    async def main() -> tuple[str, list[str]]:
        plain = client_for(Recorder(json=CHAT_RESPONSE), is_async=True)
        result = await plain.chat.completions.create(model="m", messages=[])
        streaming = client_for(Recorder(content=sse_body([chunk(0), chunk(1)]), headers=SSE), is_async=True)
        stream = await streaming.chat.completions.create(model="m", messages=[], stream=True)
        texts = [c.choices[0].delta.content async for c in stream]
        await plain.close()
        return result.choices[0].message.content, texts

    assert asyncio.run(main()) == ("hello", ["t0", "t1"])


def test_path_parameters_are_encoded(client_for: Any) -> None:
    rec = Recorder(json={"id": "x", "object": "file"})
    client = client_for(rec)
    for value, raw in [("../x", "..%2Fx"), ("a/b", "a%2Fb"), ("%", "%25"), ("a b", "a%20b"), ("é", "%C3%A9")]:
        client.files.retrieve(value)
        assert rec.last.url.raw_path.decode() == f"/v1/files/{raw}"


def test_v2_operation_on_same_host(client_for: Any) -> None:
    rec = Recorder(json={"id": "v1", "object": "video", "model": "m", "status": "queued", "created_at": 1})
    client = client_for(rec, base_url="http://127.0.0.1:4010/v1")
    client.videos.retrieve("vid/1")
    assert str(rec.last.url) == "http://127.0.0.1:4010/v2/videos/vid%2F1"


def test_files_upload_multipart(tc: ModuleType, client_for: Any, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "hi"}\n')
    file_response = {
        "id": "file-1",
        "object": "file",
        "created_at": 1,
        "filename": "train.jsonl",
        "bytes": 15,
        "purpose": "fine-tune",
        "Processed": True,
        "FileType": "jsonl",
        "LineCount": 1,
    }
    rec = Recorder(json=file_response)
    client = client_for(rec)
    for value in (path, path.read_bytes(), open(path, "rb")):  # noqa: SIM115
        client.files._upload(file=value, purpose="fine-tune", file_name="train.jsonl")  # the generated method
        body = rec.last.read()
        assert rec.last.headers["content-type"].startswith("multipart/form-data")
        assert b'name="purpose"\r\n\r\nfine-tune' in body
        assert b'name="file"; filename="' in body and b'{"text": "hi"}' in body
        if hasattr(value, "close"):
            value.close()
    assert b'filename="train.jsonl"' in rec.requests[0].read()


def test_per_call_options_reach_the_wire(tc: ModuleType, client_for: Any) -> None:
    rec = Recorder(json=CHAT_RESPONSE)
    client = client_for(rec)
    client.chat.completions.create(
        model="m",
        messages=[],
        timeout=2.5,
        extra_headers={"X-Trace": "t1"},
        extra_query={"dry": "1"},
        extra_body={"top_k": 3},
    )
    request = rec.last
    assert request.extensions["timeout"] == httpx.Timeout(2.5).as_dict()
    assert request.headers["x-trace"] == "t1" and request.url.params["dry"] == "1"
    assert json.loads(request.read())["top_k"] == 3
    assert request.headers["user-agent"] == f"together-client/{tc.__version__}"


def test_audio_file_may_be_a_url_or_an_upload(tc: ModuleType, client_for: Any, tmp_path: Path) -> None:
    """`file: oneOf [binary, uri]`: a local file goes as a file part, a URL as a form field."""
    path = tmp_path / "clip.mp3"
    path.write_bytes(b"ID3audio")
    rec = Recorder(json={"text": "hi"})
    client = client_for(rec)
    for create in (client.audio.transcriptions.create, client.audio.translations.create):
        create(file=path, language="en")
        body = rec.last.read()
        assert rec.last.headers["content-type"].startswith("multipart/form-data")
        assert b'name="file"; filename="clip.mp3"' in body and b"ID3audio" in body
        assert b'name="language"\r\n\r\nen' in body
        create(file="https://example.com/clip.mp3")
        body = rec.last.read()
        assert rec.last.headers["content-type"].startswith("multipart/form-data")
        assert b'name="file"\r\n\r\nhttps://example.com/clip.mp3' in body
        assert b"filename=" not in body


def test_binary_responses(tc: ModuleType, client_for: Any, tmp_path: Path) -> None:
    """As the official SDK: a binary method returns the response itself, a BinaryAPIResponse with
    its body read (closed); with_raw_response the same; with_streaming_response a
    StreamedBinaryAPIResponse read as asked (stream_to_file)."""
    client = client_for(Recorder(content=b"RIFF....WAVE", headers={"content-type": "audio/wav"}))
    audio = client.audio.speech.create(model="cartesia/sonic", input="hi", voice="v")
    assert isinstance(audio, tc.BinaryAPIResponse) and audio.is_closed
    assert audio.read() == audio.content == audio.parse() == b"RIFF....WAVE"
    assert b"".join(audio.iter_bytes(4)) == b"RIFF....WAVE" and audio.text() == "RIFF....WAVE"
    audio.write_to_file(tmp_path / "a.wav")
    assert (tmp_path / "a.wav").read_bytes() == b"RIFF....WAVE"
    content = client_for(lambda _: httpx.Response(200, json={"foo": "bar"}, stream=Unread(b'{"foo": "bar"}')))
    file = content.files.content("file-1")
    assert isinstance(file, tc.BinaryAPIResponse) and file.is_closed and file.json() == {"foo": "bar"}
    raw = content.files.with_raw_response.content("file-1")
    assert isinstance(raw, tc.BinaryAPIResponse) and raw.is_closed and raw.json() == {"foo": "bar"}
    streamed_class = importlib.import_module(f"{tc.__name__}._response").StreamedBinaryAPIResponse
    with content.files.with_streaming_response.content("file-1") as streamed:
        assert isinstance(streamed, streamed_class) and not streamed.is_closed
        streamed.stream_to_file(tmp_path / "f.json")
        assert streamed.is_closed
    assert json.loads((tmp_path / "f.json").read_bytes()) == {"foo": "bar"}


def test_async_binary_responses(tc: ModuleType, client_for: Any, tmp_path: Path) -> None:
    response_module = importlib.import_module(f"{tc.__name__}._response")

    async def main() -> None:
        client = client_for(lambda _: httpx.Response(200, stream=Unread(b"line1\nline2\n")), is_async=True)
        file = await client.files.content("file-1")
        assert isinstance(file, tc.AsyncBinaryAPIResponse) and file.is_closed
        assert await file.read() == file.content == b"line1\nline2\n"
        await file.write_to_file(tmp_path / "f.txt")
        raw = await client.files.with_raw_response.content("file-1")
        assert isinstance(raw, tc.AsyncBinaryAPIResponse) and await raw.text() == "line1\nline2\n"
        async with client.files.with_streaming_response.content("file-1") as streamed:
            assert isinstance(streamed, response_module.AsyncStreamedBinaryAPIResponse)
            assert not streamed.is_closed
            await streamed.stream_to_file(tmp_path / "g.txt")
        await client.close()

    asyncio.run(main())
    assert (tmp_path / "f.txt").read_bytes() == (tmp_path / "g.txt").read_bytes() == b"line1\nline2\n"


def test_audio_speech_stream(tc: ModuleType, client_for: Any) -> None:
    event = {"object": "audio.tts.chunk", "model": "m", "b64": "AAAA"}
    client = client_for(Recorder(content=sse_body([event, event]), headers=SSE))
    stream = client.audio.speech.create(model="m", input="hi", voice="v", stream=True)
    assert isinstance(stream, tc.Stream)
    assert len(list(stream)) == 2


def test_empty_response(client_for: Any) -> None:
    rec = Recorder(httpx.Response(204))
    assert client_for(rec).endpoints.delete("ep-1") is None
    assert rec.last.method == "DELETE"


def test_query_parameters(client_for: Any) -> None:
    rec = Recorder(json={"object": "list", "data": []})
    client = client_for(rec)
    client.endpoints.list(type="dedicated", mine=True)
    assert rec.last.url.params.multi_items() == [("type", "dedicated"), ("mine", "true")]


def test_raw_response(tc: ModuleType, client_for: Any) -> None:
    client = client_for(
        Recorder(json=CHAT_RESPONSE, headers={"x-request-id": "req-7", "x-ratelimit-remaining": "9"})
    )
    raw = client.with_raw_response.chat.completions.create(model="m", messages=[])
    assert raw.status_code == 200
    assert raw.headers["x-ratelimit-remaining"] == "9" and raw.request_id == "req-7"
    assert raw.parse().choices[0].message.content == "hello"
    same = client.chat.completions.with_raw_response.create(model="m", messages=[])
    assert same.parse().id == "chat-1"


def test_authentication_error(tc: ModuleType, client_for: Any) -> None:
    body = {
        "error": {
            "message": "Invalid API key provided",
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        }
    }
    client = client_for(Recorder(httpx.Response(401, json=body, headers={"x-request-id": "r-401"})))
    with pytest.raises(tc.AuthenticationError) as info:
        client.models.list()
    exc = info.value
    assert exc.status_code == 401 and exc.request_id == "r-401" and exc.code == "invalid_api_key"
    assert API_KEY not in str(exc) and API_KEY not in repr(exc)


def test_retries_through_generated_client(tc: ModuleType, client_for: Any) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            return httpx.Response(503, headers={"retry-after": "0"})
        return httpx.Response(200, json=CHAT_RESPONSE)

    client = client_for(handler)
    assert client.chat.completions.create(model="m", messages=[]).id == "chat-1"
    assert len(calls) == 3


# -- static typing of user code ---------------------------------------------------------------------
TYPED_EXAMPLE = """
from typing import assert_type

# Imported from the defining modules: the package __init__ re-exports these lazily and, until its
# TYPE_CHECKING imports use the `X as X` form, mypy --strict does not see them as exported.
from together_client._client import AsyncTogether, Together
from together_client._response import BinaryResponse
from together_client._pagination import AsyncPage, SyncPage
from together_client._streaming import AsyncStream, Stream
from together_client.models import ChatCompletionChunk, ChatCompletionResponse, RLTrainingSession


def sync_usage(client: Together) -> None:
    done = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert_type(done, ChatCompletionResponse)
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    assert_type(stream, Stream[ChatCompletionChunk])
    for chunk in stream:
        assert_type(chunk, ChatCompletionChunk)
    flag: bool = bool(len("x"))
    either = client.chat.completions.create(model="m", messages=[], stream=flag)
    assert_type(either, ChatCompletionResponse | Stream[ChatCompletionChunk])
    audio = client.audio.speech.create(model="m", input="hi", voice="v")
    assert_type(audio, BinaryResponse)
    raw = client.with_raw_response.files.list()
    raw.parse()
    client.files.retrieve("file-1", timeout=3.0, extra_headers={"X": "1"})
    page = client.post_training.sessions.list(limit=10)
    assert_type(page, SyncPage[RLTrainingSession])
    assert_type(page.data, list[RLTrainingSession])
    for session in page:
        assert_type(session, RLTrainingSession)
    client.audio.transcriptions.create(file="https://example.com/a.wav")


async def async_usage(client: AsyncTogether) -> None:
    done = await client.chat.completions.create(model="m", messages=[])
    assert_type(done, ChatCompletionResponse)
    stream = await client.chat.completions.create(model="m", messages=[], stream=True)
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    async for chunk in stream:
        assert_type(chunk, ChatCompletionChunk)
    first = await client.post_training.sessions.list()
    assert_type(first, AsyncPage[RLTrainingSession])
    async for session in client.post_training.sessions.list():
        assert_type(session, RLTrainingSession)
"""


@pytest.mark.slow
def test_generated_package_and_usage_pass_mypy_strict(generated_src: Path, tmp_path: Path) -> None:
    example = generated_src / "typed_usage_example.py"
    example.write_text(TYPED_EXAMPLE)
    try:
        done = subprocess.run(
            # The client's own files (runtime, _client, resources; models come in by import) and the
            # example; other renderers' output (mcp/) is type-checked by its own tests.
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--no-incremental",
                *sorted(
                    str(p.relative_to(generated_src))
                    for p in (generated_src / "together_client").glob("_*.py")
                ),
                "together_client/resources",
                example.name,
            ],
            cwd=generated_src,
            capture_output=True,
            text=True,
        )
    finally:
        example.unlink()
    assert done.returncode == 0, done.stdout + done.stderr


def test_answer_formats_are_the_official_sdk_types(client_for: Any) -> None:
    """`format: uuid` stays the string the API sent (the official types are `str`: code passes
    ids on, concatenates or JSON-dumps them); `date-time` is a `datetime`, as there."""
    batch_id = "01234567-8901-2345-6789-012345678901"
    answer = {"id": batch_id, "created_at": "2024-01-15T14:30:00Z", "job_deadline": "2024-01-15T15:30:00"}
    batch = client_for(Recorder(json=answer)).batches.retrieve(batch_id)
    assert type(batch.id) is str and batch.id == batch_id
    assert json.loads(json.dumps({"id": batch.id})) == {"id": batch_id}
    assert isinstance(batch.created_at, datetime) and batch.created_at.tzinfo is not None
    assert isinstance(batch.job_deadline, datetime) and batch.job_deadline.tzinfo is None


def test_raw_answer_of_a_binary_method_streaming_events_is_a_binary_one(
    tc: ModuleType, client_for: Any
) -> None:
    """`audio.speech.create(stream=True)` answers events, yet its raw answer is a BinaryAPIResponse,
    as in the official SDK; `.parse()` still gives the event stream."""
    events = b'data: {"type": "delta", "delta": "AAA="}\n\ndata: [DONE]\n\n'
    client = client_for(Recorder(content=events, headers={"content-type": "text/event-stream"}))
    raw = client.audio.speech.with_raw_response.create(model="m", input="hi", voice="v", stream=True)
    assert isinstance(raw, tc.BinaryAPIResponse) and raw.read() == events
    with client.audio.speech.with_streaming_response.create(
        model="m", input="hi", voice="v", stream=True
    ) as s:
        assert type(s).__name__ == "StreamedBinaryAPIResponse" and s.read() == events
