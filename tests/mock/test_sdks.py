"""The official `together` and `openai` SDKs as clients of the real mock on loopback."""

from __future__ import annotations

import base64
import io
import json
import struct
from pathlib import Path

import openai
import pytest
import together

CHAT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"
MESSAGES = [{"role": "user", "content": "Say hello to the mock"}]


@pytest.fixture(scope="module")
def tg(mock_server):
    return together.Together(api_key=mock_server.api_key, base_url=mock_server, max_retries=0)


@pytest.fixture(scope="module")
def oa(mock_server):
    return openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


def test_together_chat_completion(tg):
    answer = tg.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    assert answer.model == CHAT_MODEL
    assert answer.choices[0].message.content
    assert answer.choices[0].finish_reason == "stop"
    assert answer.usage.completion_tokens == len(answer.choices[0].message.content.split())


def test_openai_chat_completion(oa):
    answer = oa.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, n=2, max_tokens=3)
    assert [c.index for c in answer.choices] == [0, 1]
    assert all(c.finish_reason == "length" for c in answer.choices)
    assert all(len(c.message.content.split()) == 3 for c in answer.choices)


@pytest.mark.parametrize("sdk", ["together", "openai"])
def test_streaming_chat(sdk, tg, oa):
    client = tg if sdk == "together" else oa
    plain = client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)
    stream = client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, stream=True)
    chunks = list(stream)
    assert len(chunks) >= 2
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.model == CHAT_MODEL for c in chunks)


def test_completions(tg, oa):
    answer = tg.completions.create(model="mistralai/Mixtral-8x7B-v0.1", prompt="Once upon a time")
    assert answer.choices[0].text
    legacy = oa.completions.create(
        model="mistralai/Mixtral-8x7B-v0.1", prompt="Once upon a time", stream=True
    )
    assert "".join(c.choices[0].text for c in legacy if c.choices) == answer.choices[0].text


def test_embeddings_deterministic_unit_vectors(tg, oa):
    model = "BAAI/bge-large-en-v1.5"
    first = tg.embeddings.create(model=model, input=["alpha", "beta"])
    again = oa.embeddings.create(model=model, input="alpha")
    assert len(first.data) == 2 and len(first.data[0].embedding) == 1024
    assert first.data[0].embedding == again.data[0].embedding
    assert first.data[0].embedding != first.data[1].embedding
    assert abs(sum(v * v for v in first.data[0].embedding) - 1.0) < 1e-4


def test_files_round_trip_together(tg, tmp_path: Path):
    path = tmp_path / "train.jsonl"
    lines = [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}] * 3
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    uploaded = tg.files.upload(file=path, purpose="fine-tune")
    assert uploaded.filename == "train.jsonl"
    assert uploaded.bytes == path.stat().st_size
    assert uploaded.id in [f.id for f in tg.files.list().data]
    assert tg.files.retrieve(uploaded.id).filename == "train.jsonl"
    assert tg.files.content(uploaded.id).read() == path.read_bytes()
    deleted = tg.files.delete(uploaded.id)
    assert deleted.deleted is True and deleted.id == uploaded.id
    assert uploaded.id not in [f.id for f in tg.files.list().data]
    with pytest.raises(together.NotFoundError):
        tg.files.retrieve(uploaded.id)


def test_files_round_trip_openai(oa):
    content = b'{"prompt": "a", "completion": "b"}\n'
    created = oa.files.create(file=("data.jsonl", io.BytesIO(content)), purpose="fine-tune")
    assert created.bytes == len(content)
    assert oa.files.retrieve(created.id).filename == "data.jsonl"
    assert oa.files.content(created.id).read() == content
    # .data, not iteration: FileList has no has_more, so the SDK would page forever (README)
    assert created.id in [f.id for f in oa.files.list().data]
    assert oa.files.delete(created.id).deleted is True


def test_images(tg, oa):
    answer = tg.images.generate(
        model="black-forest-labs/FLUX.1-schnell",
        prompt="a cat",
        n=2,
        width=64,
        height=32,
        response_format="base64",
    )
    assert len(answer.data) == 2
    png = base64.b64decode(answer.data[0].b64_json)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (64, 32)
    by_url = oa.images.generate(model="black-forest-labs/FLUX.1-schnell", prompt="a cat")
    assert by_url.data[0].url.startswith("http://127.0.0.1:")


def test_audio_speech_bytes(tg, oa):
    audio = tg.audio.speech.create(model="hexgrad/Kokoro-82M", input="Hello there", voice="af_alloy")
    data = audio.read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 1000
    mp3 = oa.audio.speech.create(
        model="hexgrad/Kokoro-82M", input="Hello", voice="af_alloy", response_format="mp3"
    )
    assert mp3.response.headers["content-type"] == "audio/mpeg"
    assert mp3.read()[:3] == b"ID3"


def test_rerank(tg):
    docs = ["Llamas live in Peru", "Pandas eat bamboo in China", "Guanacos live in Peru too"]
    answer = tg.rerank.create(
        model="Salesforce/Llama-Rank-v1",
        query="What animals live in Peru?",
        documents=docs,
        top_n=2,
        return_documents=True,
    )
    assert len(answer.results) == 2
    scores = [r.relevance_score for r in answer.results]
    assert scores == sorted(scores, reverse=True)
    assert {r.index for r in answer.results} == {0, 2}
    assert answer.results[0].document.text in docs


def test_wrong_key_is_an_authentication_error(mock_server_factory):
    url = mock_server_factory(api_key="the-right-key")
    with pytest.raises(together.AuthenticationError):
        together.Together(api_key="wrong", base_url=url, max_retries=0).chat.completions.create(
            model=CHAT_MODEL, messages=MESSAGES
        )
    with pytest.raises(openai.AuthenticationError) as caught:
        openai.OpenAI(api_key="wrong", base_url=url.v1, max_retries=0).embeddings.create(model="m", input="x")
    assert caught.value.body["code"] == "invalid_api_key"
    ok = openai.OpenAI(api_key="the-right-key", base_url=url.v1, max_retries=0)
    assert ok.embeddings.create(model="m", input="x").data
