"""Every method of `animals` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_animals_create(client: Together, consume: Any) -> None:
    consume(client.animals.create(body={"species": "cat", "name": "mock-name-387"}))


def test_animals_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.animals.create(body={"species": "cat", "name": "mock-name-284", "lives": 9}))


@pytest.mark.anyio
async def test_async_animals_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.animals.create(body={"species": "cat", "name": "mock-name-387"}))


@pytest.mark.anyio
async def test_async_animals_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.animals.create(body={"species": "cat", "name": "mock-name-284", "lives": 9})
    )
