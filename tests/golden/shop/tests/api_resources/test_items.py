"""Every method of `items` against the mock: required arguments only, then all of them,
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


def test_items_create(client: Together) -> None:
    consume(client.items.create(name="string"))


def test_items_create_with_all_params(client: Together) -> None:
    consume(client.items.create(name="string", kind="tool"))


@pytest.mark.anyio
async def test_async_items_create(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.create(name="string"))


@pytest.mark.anyio
async def test_async_items_create_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.create(name="string", kind="tool"))


def test_items_delete(client: Together) -> None:
    consume(client.items.delete("string"))


def test_items_delete_with_all_params(client: Together) -> None:
    consume(client.items.delete("string"))


@pytest.mark.anyio
async def test_async_items_delete(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.delete("string"))


@pytest.mark.anyio
async def test_async_items_delete_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.delete("string"))


def test_items_image_list(client: Together) -> None:
    consume(client.items.image.list("string"))


def test_items_image_list_with_all_params(client: Together) -> None:
    consume(client.items.image.list("string"))


@pytest.mark.anyio
async def test_async_items_image_list(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.image.list("string"))


@pytest.mark.anyio
async def test_async_items_image_list_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.image.list("string"))


def test_items_list(client: Together) -> None:
    consume(client.items.list())


def test_items_list_with_all_params(client: Together) -> None:
    consume(client.items.list(limit=20, after="string", tags=["string"]))


@pytest.mark.anyio
async def test_async_items_list(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.list())


@pytest.mark.anyio
async def test_async_items_list_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.list(limit=20, after="string", tags=["string"]))


def test_items_retrieve(client: Together) -> None:
    consume(client.items.retrieve("string"))


def test_items_retrieve_with_all_params(client: Together) -> None:
    consume(client.items.retrieve("string"))


@pytest.mark.anyio
async def test_async_items_retrieve(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.retrieve("string"))


@pytest.mark.anyio
async def test_async_items_retrieve_with_all_params(base_url: str) -> None:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as client:
        await aconsume(await client.items.retrieve("string"))
