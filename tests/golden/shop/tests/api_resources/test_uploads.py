"""Every method of `uploads` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_uploads_create(client: Together, consume: Any) -> None:
    consume(client.uploads.create(file=("train.jsonl", b'{"text": "hello"}\n'), purpose="inventory"))


def test_uploads_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.uploads.create(file=("train.jsonl", b'{"text": "hello"}\n'), purpose="inventory"))


@pytest.mark.anyio
async def test_async_uploads_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.uploads.create(file=("train.jsonl", b'{"text": "hello"}\n'), purpose="inventory")
    )


@pytest.mark.anyio
async def test_async_uploads_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.uploads.create(file=("train.jsonl", b'{"text": "hello"}\n'), purpose="inventory")
    )
