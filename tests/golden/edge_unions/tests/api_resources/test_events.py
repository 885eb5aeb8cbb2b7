"""Every method of `events` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_events_list(client: Together, consume: Any) -> None:
    consume(client.events.list())


def test_events_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.events.list())


@pytest.mark.anyio
async def test_async_events_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.events.list())


@pytest.mark.anyio
async def test_async_events_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.events.list())
