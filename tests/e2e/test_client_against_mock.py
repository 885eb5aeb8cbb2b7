"""The generated client against the real spec-driven mock server on loopback (sync and async)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CHAT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"
EMBED_MODEL = "BAAI/bge-large-en-v1.5"
MESSAGES = [{"role": "user", "content": "Say hello to the mock"}]


@pytest.fixture
def client(tc: ModuleType, mock_server: Any) -> Iterator[Any]:
    with tc.Together(base_url=mock_server, api_key=mock_server.api_key, max_retries=0) as c:
        yield c


def run_async(tc: ModuleType, mock_server: Any, body: Callable[[Any], Any]) -> None:
    async def main() -> None:
        async with tc.AsyncTogether(
            base_url=mock_server, api_key=mock_server.api_key, max_retries=0
        ) as client:
            await body(client)

    asyncio.run(main())


def training_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    line = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
    path.write_text((json.dumps(line) + "\n") * 3)
    return path


# -- sync --------------------------------------------------------------------------------------------
def test_chat_plain_and_streaming(tc: ModuleType, client: Any) -> None:
    answer = client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    assert isinstance(answer, tc.models.ChatCompletionResponse)
    text = answer.choices[0].message.content
    assert answer.model == CHAT_MODEL and text
    with client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, stream=True) as stream:
        chunks = list(stream)
    assert len(chunks) >= 2 and all(isinstance(c, tc.models.ChatCompletionChunk) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == text


def test_embeddings(client: Any) -> None:
    answer = client.embeddings.create(model=EMBED_MODEL, input=["alpha", "beta"])
    assert len(answer.data) == 2 and len(answer.data[0].embedding) == 1024


def test_files_round_trip(tc: ModuleType, client: Any, tmp_path: Path) -> None:
    path = training_file(tmp_path)
    uploaded = client.files.upload(path, purpose="fine-tune")  # as with the official SDK
    assert uploaded.filename == "train.jsonl" and uploaded.bytes == path.stat().st_size
    assert uploaded.id in [f.id for f in client.files.list().data]
    assert client.files.retrieve(uploaded.id).filename == "train.jsonl"
    content = client.files.content(uploaded.id)
    assert isinstance(content, tc.BinaryAPIResponse) and content.content == path.read_bytes()
    deleted = client.files.delete(uploaded.id)
    assert deleted.deleted is True and deleted.id == uploaded.id
    assert uploaded.id not in [f.id for f in client.files.list().data]
    with pytest.raises(tc.NotFoundError) as info:
        client.files.retrieve(uploaded.id)
    assert info.value.status_code == 404


def test_audio_speech_bytes(tc: ModuleType, client: Any, tmp_path: Path) -> None:
    audio = client.audio.speech.create(model="hexgrad/Kokoro-82M", input="Hello there", voice="af_alloy")
    assert isinstance(audio, tc.BinaryAPIResponse)
    assert audio.content[:4] == b"RIFF" and audio.content[8:12] == b"WAVE"
    audio.write_to_file(tmp_path / "a.wav")
    assert (tmp_path / "a.wav").read_bytes() == audio.content


def test_audio_transcription_file_or_url(tc: ModuleType, client: Any, tmp_path: Path) -> None:
    """`file` is `oneOf [binary, uri]`: a local file uploads as a part, a URL goes as a form field."""
    wav = client.audio.speech.create(model="hexgrad/Kokoro-82M", input="Hi", voice="af_alloy").content
    (tmp_path / "clip.wav").write_bytes(wav)
    for value in (tmp_path / "clip.wav", wav, "https://example.com/clip.wav"):
        done = client.audio.transcriptions.create(file=value, model="openai/whisper-large-v3", language="en")
        assert done.text
        assert client.audio.translations.create(file=value).text


def test_v2_server_videos(client: Any) -> None:
    job = client.videos.create(model="google/veo-3.0", prompt="a cat on a skateboard")
    assert job.id and job.object == "video"
    assert client.videos.retrieve(job.id).id == job.id
    raw = client.with_raw_response.videos.retrieve(job.id)
    assert raw.url.path == f"/v2/videos/{job.id}" and raw.parse().id == job.id


def test_models_list_and_user_agent(tc: ModuleType, client: Any) -> None:
    raw = client.with_raw_response.models.list()
    assert raw.http_response.request.headers["user-agent"] == f"together-client/{tc.__version__}"
    assert CHAT_MODEL in [m.id for m in raw.parse()]


def test_paging_against_the_mock(client: Any) -> None:
    page = client.post_training.sessions.list(limit=2)
    assert isinstance(page.data, list)
    assert len(list(page)) >= len(page.data)  # terminates even though the mock always says has_more


def test_wrong_key_is_an_authentication_error(tc: ModuleType, mock_server_factory: Any) -> None:
    url = mock_server_factory(api_key="k")
    bad = tc.Together(base_url=url, api_key="wrong-SECRET-key", max_retries=0)
    with bad, pytest.raises(tc.AuthenticationError) as info:
        bad.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    error = info.value
    assert error.status_code == 401 and isinstance(error, tc.APIStatusError)
    assert "wrong-SECRET-key" not in str(error) and "wrong-SECRET-key" not in repr(error)
    with tc.Together(base_url=url, api_key="k", max_retries=0) as good:
        assert good.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES).choices

    async def wrong(client: Any) -> None:
        with pytest.raises(tc.AuthenticationError):
            await client.embeddings.create(model=EMBED_MODEL, input="x")

    async def main() -> None:
        async with tc.AsyncTogether(base_url=url, api_key="nope", max_retries=0) as client:
            await wrong(client)

    asyncio.run(main())


# -- async twins ---------------------------------------------------------------------------------------
def test_async_chat_embeddings_stream(tc: ModuleType, mock_server: Any) -> None:
    async def body(client: Any) -> None:
        answer = await client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
        text = answer.choices[0].message.content
        stream = await client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, stream=True)
        async with stream:
            chunks = [c async for c in stream]
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == text
        embedded = await client.embeddings.create(model=EMBED_MODEL, input="alpha")
        assert len(embedded.data[0].embedding) == 1024

    run_async(tc, mock_server, body)


def test_async_files_audio_videos(tc: ModuleType, mock_server: Any, tmp_path: Path) -> None:
    path = training_file(tmp_path)

    async def body(client: Any) -> None:
        uploaded = await client.files.upload(path, purpose="fine-tune")
        assert uploaded.id in [f.id for f in (await client.files.list()).data]
        assert (await client.files.retrieve(uploaded.id)).filename == "train.jsonl"
        assert (await client.files.content(uploaded.id)).content == path.read_bytes()
        assert (await client.files.delete(uploaded.id)).deleted is True
        audio = await client.audio.speech.create(model="hexgrad/Kokoro-82M", input="Hi", voice="af_alloy")
        assert audio.content[:4] == b"RIFF"
        heard = await client.audio.transcriptions.create(file=("clip.wav", audio.content))
        assert heard.text
        job = await client.videos.create(model="google/veo-3.0", prompt="a cat")
        assert (await client.videos.retrieve(job.id)).id == job.id
        assert isinstance([s async for s in client.post_training.sessions.list(limit=2)], list)

    run_async(tc, mock_server, body)
