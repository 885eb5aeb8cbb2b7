"""Every method of `items` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_items_create(client: Together, consume: Any) -> None:
    consume(client.items.create(name="string"))


def test_items_create_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.create(name="string", kind="tool"))


@pytest.mark.anyio
async def test_async_items_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.create(name="string"))


@pytest.mark.anyio
async def test_async_items_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.create(name="string", kind="tool"))


def test_items_delete(client: Together, consume: Any) -> None:
    consume(client.items.delete("item-id-delete-required"))


def test_items_delete_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.delete("item-id-delete-all"))


@pytest.mark.anyio
async def test_async_items_delete(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.delete("item-id-delete-async-required"))


@pytest.mark.anyio
async def test_async_items_delete_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.delete("item-id-delete-async-all"))


def test_items_image_list(client: Together, consume: Any) -> None:
    consume(client.items.image.list("item-id-list-required"))


def test_items_image_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.image.list("item-id-list-all"))


@pytest.mark.anyio
async def test_async_items_image_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.image.list("item-id-list-async-required"))


@pytest.mark.anyio
async def test_async_items_image_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.image.list("item-id-list-async-all"))


def test_items_list(client: Together, consume: Any) -> None:
    consume(client.items.list())


def test_items_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.list(limit=20, after="string", tags=["string"]))


@pytest.mark.anyio
async def test_async_items_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.list())


@pytest.mark.anyio
async def test_async_items_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.list(limit=20, after="string", tags=["string"]))


def test_items_retrieve(client: Together, consume: Any) -> None:
    consume(client.items.retrieve("item-id-retrieve-required"))


def test_items_retrieve_with_all_params(client: Together, consume: Any) -> None:
    consume(client.items.retrieve("item-id-retrieve-all"))


@pytest.mark.anyio
async def test_async_items_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.retrieve("item-id-retrieve-async-required"))


@pytest.mark.anyio
async def test_async_items_retrieve_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.items.retrieve("item-id-retrieve-async-all"))
