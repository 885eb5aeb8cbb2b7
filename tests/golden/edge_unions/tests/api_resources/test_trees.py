"""Every method of `trees` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_trees_retrieve(client: Together, consume: Any) -> None:
    consume(client.trees.retrieve(75))


def test_trees_retrieve_with_all_params(client: Together, consume: Any) -> None:
    consume(client.trees.retrieve(73))


def test_raw_response_trees_retrieve(client: Together, consume: Any) -> None:
    response = client.trees.with_raw_response.retrieve(75)
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_trees_retrieve(client: Together, consume: Any) -> None:
    with client.trees.with_streaming_response.retrieve(75) as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_trees_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.trees.retrieve(75))


@pytest.mark.anyio
async def test_async_trees_retrieve_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.trees.retrieve(73))


@pytest.mark.anyio
async def test_async_raw_response_trees_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.trees.with_raw_response.retrieve(75)
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_trees_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.trees.with_streaming_response.retrieve(75) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
