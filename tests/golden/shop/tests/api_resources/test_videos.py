"""Every method of `videos` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_videos_create(client: Together, consume: Any) -> None:
    consume(client.videos.create())


def test_videos_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.videos.create(prompt="string"))


@pytest.mark.anyio
async def test_async_videos_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.videos.create())


@pytest.mark.anyio
async def test_async_videos_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.videos.create(prompt="string"))
