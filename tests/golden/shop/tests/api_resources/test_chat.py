"""Every method of `chat` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

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


def test_raw_response_chat_create(client: Together, consume: Any) -> None:
    response = client.chat.with_raw_response.create(
        messages=[{"role": "user", "content": "This is a mock response from togen."}]
    )
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_chat_create(client: Together, consume: Any) -> None:
    with client.chat.with_streaming_response.create(
        messages=[{"role": "user", "content": "This is a mock response from togen."}]
    ) as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


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


@pytest.mark.anyio
async def test_async_raw_response_chat_create(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.chat.with_raw_response.create(
        messages=[{"role": "user", "content": "This is a mock response from togen."}]
    )
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_chat_create(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.chat.with_streaming_response.create(
        messages=[{"role": "user", "content": "This is a mock response from togen."}]
    ) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
