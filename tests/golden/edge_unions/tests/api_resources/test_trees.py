"""Every method of `trees` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_trees_retrieve(client: Together, consume: Any) -> None:
    consume(client.trees.retrieve(75))


def test_trees_retrieve_with_all_params(client: Together, consume: Any) -> None:
    consume(client.trees.retrieve(73))


@pytest.mark.anyio
async def test_async_trees_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.trees.retrieve(75))


@pytest.mark.anyio
async def test_async_trees_retrieve_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.trees.retrieve(73))
