"""Every method of `chat` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together
from together_client._pagination import AsyncPage, SyncPage
from together_client._response import BinaryResponse
from together_client._streaming import AsyncStream, Stream

API_KEY = "test-key"


MAX_ITEMS = 20  # of a stream or an auto-paging list: the mock may always have more pages


def consume(result: Any) -> None:
    """Read a result, so a streamed, paged or binary body is parsed and checked too."""
    if isinstance(result, BinaryResponse):
        assert result.content is not None
    elif isinstance(result, (Stream, SyncPage)):
        for index, _ in enumerate(result):
            if index >= MAX_ITEMS:
                break


async def aconsume(result: Any) -> None:
    if isinstance(result, BinaryResponse):
        assert result.content is not None
    elif isinstance(result, (AsyncStream, AsyncPage)):
        index = 0
        async for _ in result:
            index += 1
            if index >= MAX_ITEMS:
                break


@pytest.fixture
def client(base_url: str) -> Any:
    with Together(api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True) as c:
        yield c


def test_chat_create(client: Together) -> None:
    consume(client.chat.create(messages=[{"role": "user", "content": "This is a mock response from togen."}]))


def test_chat_create_with_all_params(client: Together) -> None:
    consume(
        client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=False
        )
    )


def test_chat_create_streaming(client: Together) -> None:
    consume(
        client.chat.create(
            messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=True
        )
    )


@pytest.mark.anyio
async def test_async_chat_create(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(
            await client.chat.create(
                messages=[{"role": "user", "content": "This is a mock response from togen."}]
            )
        )


@pytest.mark.anyio
async def test_async_chat_create_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(
            await client.chat.create(
                messages=[{"role": "user", "content": "This is a mock response from togen."}], stream=False
            )
        )
