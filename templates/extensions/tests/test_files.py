"""`files.upload` of the extension layer (lib/files.py) and its raw and streamed variants, sync
and async, against the mock (hand-written; copied from togen's templates/extensions/tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def train_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "hello"}\n')
    return path


def test_upload(client: Any, train_file: Path) -> None:
    assert client.files.upload(train_file).filename == "train.jsonl"


def test_raw_response_upload(client: Any, train_file: Path) -> None:
    response = client.files.with_raw_response.upload(file=str(train_file), purpose="fine-tune", check=True)
    assert response.status_code == 200
    assert response.parse().filename == "train.jsonl"


def test_streaming_response_upload(client: Any, train_file: Path) -> None:
    with client.files.with_streaming_response.upload(train_file, purpose="eval") as response:
        assert not response.http_response.is_stream_consumed
        assert response.parse().purpose == "eval"
    assert response.is_closed


def test_raw_response_upload_checks_the_file_first(client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1]\n")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        client.files.with_raw_response.upload(bad)


@pytest.mark.anyio
async def test_async_raw_response_upload(async_client: Any, train_file: Path) -> None:
    response = await async_client.files.with_raw_response.upload(train_file)
    assert (await response.parse()).filename == "train.jsonl"


@pytest.mark.anyio
async def test_async_streaming_response_upload(async_client: Any, train_file: Path) -> None:
    async with async_client.files.with_streaming_response.upload(train_file) as response:
        assert (await response.parse()).filename == "train.jsonl"
    assert response.is_closed
