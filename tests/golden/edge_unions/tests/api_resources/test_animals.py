"""Every method of `animals` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_animals_create(client: Together, consume: Any) -> None:
    consume(client.animals.create(body={"species": "cat", "name": "mock-name-387"}))


def test_animals_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.animals.create(body={"species": "cat", "name": "mock-name-284", "lives": 9}))


def test_raw_response_animals_create(client: Together, consume: Any) -> None:
    response = client.animals.with_raw_response.create(body={"species": "cat", "name": "mock-name-387"})
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_animals_create(client: Together, consume: Any) -> None:
    with client.animals.with_streaming_response.create(
        body={"species": "cat", "name": "mock-name-387"}
    ) as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_animals_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.animals.create(body={"species": "cat", "name": "mock-name-387"}))


@pytest.mark.anyio
async def test_async_animals_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.animals.create(body={"species": "cat", "name": "mock-name-284", "lives": 9})
    )


@pytest.mark.anyio
async def test_async_raw_response_animals_create(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.animals.with_raw_response.create(
        body={"species": "cat", "name": "mock-name-387"}
    )
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_animals_create(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.animals.with_streaming_response.create(
        body={"species": "cat", "name": "mock-name-387"}
    ) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
