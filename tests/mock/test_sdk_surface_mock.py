"""`togen mock --spec sdk:openai`: the mock serving a surface derived from another SDK than
Together's, driven by that SDK (openai) on loopback, streaming included."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from togen.core.loopback import LoopbackServer
from togen.mock.engine.context import Settings
from togen.mock.server import app_for, load_api_cached

MESSAGES = [{"role": "user", "content": "Say hello to the mock"}]


@pytest.fixture(scope="module")
def client() -> Iterator[openai.OpenAI]:
    app = app_for(load_api_cached("sdk:openai", verify_lock=False, overlays=[]), Settings(access_log=False))
    with LoopbackServer(app) as mock:
        # the derived paths carry no /v1: the SDK's base URL is the server's root
        yield openai.OpenAI(api_key="togen-test-key", base_url=mock.url, max_retries=0)


def test_plain_calls_answer_the_sdks_models(client: openai.OpenAI) -> None:
    answer = client.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert answer.choices[0].message.content
    assert len(client.embeddings.create(model="m", input="hi").data) == 1
    assert client.files.retrieve("file-1").id == "file-1"


def test_a_create_that_streams_answers_with_the_stream(client: openai.OpenAI) -> None:
    """openai's chat completions are a stored collection (create, retrieve, list, delete): a
    `stream: true` create is still answered with its event stream, not with a stored record
    the SDK reads as no events at all."""
    stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    assert len(chunks) >= 2
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].choices[0].finish_reason == "stop"
