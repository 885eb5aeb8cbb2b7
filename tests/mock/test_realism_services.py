"""Mock realism beyond chat: embeddings, rerank, images, unknown models, rate limits."""

from __future__ import annotations

import base64
import math
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import httpx
import openai
import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED_SRC = ROOT / "generated" / "src"
EMBEDDING_MODEL = "BAAI/bge-large-en-v1.5"


@pytest.fixture(scope="module")
def oa(mock_server):
    return openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


def test_embeddings_are_deterministic_unit_vectors(oa):
    texts = ["the cat sat", "the dog ran", "the cat sat"]
    first = oa.embeddings.create(model=EMBEDDING_MODEL, input=texts)
    again = oa.embeddings.create(model=EMBEDDING_MODEL, input=texts[:1])
    vectors = [d.embedding for d in first.data]
    assert [d.index for d in first.data] == [0, 1, 2]
    assert all(len(v) == 1024 for v in vectors)  # the catalog's dimension for this model
    assert all(abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-5 for v in vectors)
    assert vectors[0] == vectors[2] == again.data[0].embedding
    assert vectors[0] != vectors[1]


def test_rerank_orders_by_relevance(mock_server):
    documents = ["Paris is the capital of France", "Bananas are yellow", "France borders Spain", "Cats purr"]
    with httpx.Client(
        base_url=mock_server.v1, headers={"Authorization": f"Bearer {mock_server.api_key}"}
    ) as h:
        body = {
            "model": "Salesforce/Llama-Rank-v1",
            "query": "capital of France",
            "documents": documents,
            "top_n": 3,
            "return_documents": True,
        }
        results = h.post("/rerank", json=body).json()["results"]
    scores = [r["relevance_score"] for r in results]
    assert len(results) == 3 and scores == sorted(scores, reverse=True)
    assert results[0]["index"] == 0 and results[0]["document"]["text"] == documents[0]


def _decode_png(png: bytes) -> tuple[int, int]:
    """(width, height) after checking every chunk's CRC and inflating the pixel rows."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    offset, chunks = 8, {}
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, data = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + data) == crc, kind
        chunks[kind] = chunks.get(kind, b"") + data
        offset += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    rows = zlib.decompress(chunks[b"IDAT"])
    assert len(rows) == height * (1 + width * channels * depth // 8) and b"IEND" in chunks
    return width, height


def test_base64_png_decodes(oa):
    answer = oa.images.generate(
        model="black-forest-labs/FLUX.1-schnell",
        prompt="a lighthouse",
        n=2,
        response_format="b64_json",
        extra_body={"response_format": "base64", "width": 64, "height": 48},
    )
    assert len(answer.data) == 2
    for item in answer.data:
        assert _decode_png(base64.b64decode(item.b64_json)) == (64, 48)


def test_unknown_model_strict_and_lenient(mock_server, mock_server_factory):
    messages = [{"role": "user", "content": "hi"}]
    lenient = openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)
    assert lenient.chat.completions.create(model="no/such-model", messages=messages).choices
    strict_url = mock_server_factory(strict_models=True)
    strict = openai.OpenAI(api_key=strict_url.api_key, base_url=strict_url.v1, max_retries=0)
    with pytest.raises(openai.NotFoundError) as caught:
        strict.chat.completions.create(model="no/such-model", messages=messages)
    assert "no/such-model" in caught.value.message


def test_rate_limit_answers_429_with_retry_after(mock_server_factory):
    url = mock_server_factory(rate_limit=3)
    with httpx.Client(base_url=url.v1) as h:
        statuses = [h.get("/models", headers={"Authorization": "Bearer key-a"}).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = h.get("/models", headers={"Authorization": "Bearer key-a"})
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1 and int(limited.headers["retry-after-ms"]) > 0
        assert limited.json()["error"]["code"] == "rate_limit_exceeded"
        # per key: another key has its own budget
        assert h.get("/models", headers={"Authorization": "Bearer key-b"}).status_code == 200


@pytest.mark.skipif(
    not (GENERATED_SRC / "together_client").is_dir(), reason="generated/ not built (make generate)"
)
def test_generated_client_retries_after_429_and_succeeds(mock_server_factory):
    """The generated client, answered 429 by `--rate-limit`, waits for the Retry-After and succeeds.

    The key's bucket is emptied in the client's own process right before the call: emptied before
    the process starts (its interpreter and imports take seconds on a busy machine), the bucket
    would refill meanwhile and the call would succeed at once. One token comes every 5 s and the
    bucket counts as empty only when the next token is over 4 s away, so the call, sent a few
    lines later, meets the 429 however slow the machine is."""
    url = mock_server_factory(rate_limit=12)  # one token every 5 s
    key = "rate-limited-key"
    script = textwrap.dedent(
        f"""
        import time
        import httpx
        from together_client import Together
        client = Together(api_key={key!r}, base_url={str(url)!r}, max_retries=3)
        with httpx.Client(base_url={url.v1!r}, headers={{"Authorization": "Bearer {key}"}}) as h:
            while True:
                answer = h.get("/models")
                if answer.status_code == 429:
                    next_token = int(answer.headers["retry-after-ms"]) / 1000
                    if next_token > 4:
                        break
                    time.sleep(next_token)  # a token is due soon: take it too
        raw = client.models.with_raw_response.list()
        models = raw.parse()
        count = len(models.data) if hasattr(models, "data") else len(models)
        print(count, raw.retries_taken)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(GENERATED_SRC), str(ROOT)])}
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    count, retries = done.stdout.split()
    assert int(count) > 0
    assert int(retries) >= 1  # answered 429 first, then waited and succeeded
