"""Every method of `items` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_items_create(client: Together, consume: Any) -> None:
    consume(client.items.create(name="string"))


def test_items_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.create(name="string", kind="tool"))


def test_raw_response_items_create(client: Together, consume: Any) -> None:
    response = client.items.with_raw_response.create(name="string")
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_items_create(client: Together, consume: Any) -> None:
    with client.items.with_streaming_response.create(name="string") as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_items_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.create(name="string"))


@pytest.mark.anyio
async def test_async_items_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.create(name="string", kind="tool"))


@pytest.mark.anyio
async def test_async_raw_response_items_create(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.items.with_raw_response.create(name="string")
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_items_create(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.items.with_streaming_response.create(name="string") as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_items_delete(client: Together, consume: Any) -> None:
    consume(client.items.delete("item-id-delete-required"))


def test_items_delete_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.delete("item-id-delete-all"))


def test_raw_response_items_delete(client: Together, consume: Any) -> None:
    response = client.items.with_raw_response.delete("item-id-delete-raw")
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_items_delete(client: Together, consume: Any) -> None:
    with client.items.with_streaming_response.delete("item-id-delete-streamed") as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_items_delete(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.delete("item-id-delete-async-required"))


@pytest.mark.anyio
async def test_async_items_delete_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.delete("item-id-delete-async-all"))


@pytest.mark.anyio
async def test_async_raw_response_items_delete(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.items.with_raw_response.delete("item-id-delete-async-raw")
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_items_delete(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.items.with_streaming_response.delete("item-id-delete-async-streamed") as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_items_image_list(client: Together, consume: Any) -> None:
    consume(client.items.image.list("item-id-list-required"))


def test_items_image_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.image.list("item-id-list-all"))


def test_raw_response_items_image_list(client: Together, consume: Any) -> None:
    response = client.items.image.with_raw_response.list("item-id-list-raw")
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_items_image_list(client: Together, consume: Any) -> None:
    with client.items.image.with_streaming_response.list("item-id-list-streamed") as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_items_image_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.image.list("item-id-list-async-required"))


@pytest.mark.anyio
async def test_async_items_image_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.image.list("item-id-list-async-all"))


@pytest.mark.anyio
async def test_async_raw_response_items_image_list(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.items.image.with_raw_response.list("item-id-list-async-raw")
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_items_image_list(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.items.image.with_streaming_response.list(
        "item-id-list-async-streamed"
    ) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_items_list(client: Together, consume: Any) -> None:
    consume(client.items.list())


def test_items_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.list(limit=20, after="string", tags=["string"]))


def test_raw_response_items_list(client: Together, consume: Any) -> None:
    response = client.items.with_raw_response.list()
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_items_list(client: Together, consume: Any) -> None:
    with client.items.with_streaming_response.list() as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_items_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.list())


@pytest.mark.anyio
async def test_async_items_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.list(limit=20, after="string", tags=["string"]))


@pytest.mark.anyio
async def test_async_raw_response_items_list(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.items.with_raw_response.list()
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_items_list(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.items.with_streaming_response.list() as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_items_retrieve(client: Together, consume: Any) -> None:
    consume(client.items.retrieve("item-id-retrieve-required"))


def test_items_retrieve_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.retrieve("item-id-retrieve-all"))


def test_raw_response_items_retrieve(client: Together, consume: Any) -> None:
    response = client.items.with_raw_response.retrieve("item-id-retrieve-raw")
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_items_retrieve(client: Together, consume: Any) -> None:
    with client.items.with_streaming_response.retrieve("item-id-retrieve-streamed") as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_items_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.retrieve("item-id-retrieve-async-required"))


@pytest.mark.anyio
async def test_async_items_retrieve_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.retrieve("item-id-retrieve-async-all"))


@pytest.mark.anyio
async def test_async_raw_response_items_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.items.with_raw_response.retrieve("item-id-retrieve-async-raw")
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_items_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.items.with_streaming_response.retrieve(
        "item-id-retrieve-async-streamed"
    ) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
