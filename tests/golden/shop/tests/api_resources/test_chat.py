"""Every method of `chat` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_chat_create(client: Together, consume: Any) -> None:
    consume(client.chat.create(messages=[{"role": "user", "content": "This is a mock response from togen."}]))


def test_chat_create_with_all_params(client: Together, consume: Any) -> None:
    consume(
        client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=False
        )
    )


def test_chat_create_streaming(client: Together, consume: Any) -> None:
    consume(
        client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=True
        )
    )


@pytest.mark.anyio
async def test_async_chat_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}]
        )
    )


@pytest.mark.anyio
async def test_async_chat_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=False
        )
    )
