"""Every method of `videos` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_videos_create(client: Together, consume: Any) -> None:
    consume(client.videos.create())


def test_videos_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.videos.create(prompt="string"))


def test_raw_response_videos_create(client: Together, consume: Any) -> None:
    response = client.videos.with_raw_response.create()
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_videos_create(client: Together, consume: Any) -> None:
    with client.videos.with_streaming_response.create() as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_videos_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.videos.create())


@pytest.mark.anyio
async def test_async_videos_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.videos.create(prompt="string"))


@pytest.mark.anyio
async def test_async_raw_response_videos_create(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.videos.with_raw_response.create()
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_videos_create(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.videos.with_streaming_response.create() as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
