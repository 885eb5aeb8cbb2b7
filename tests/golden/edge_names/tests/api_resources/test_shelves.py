"""Every method of `shelves` against the mock: required arguments only, all of them, and
the required call through `with_raw_response` / `with_streaming_response`, sync and async, with
strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_shelves_books_retrieve(client: Together, consume: Any) -> None:
    consume(
        client.shelves.books.retrieve("book.isbn-retrieve-required", shelf_id="shelf-id-retrieve-required")
    )


def test_shelves_books_retrieve_with_all_params(client: Together, consume: Any) -> None:
    consume(
        client.shelves.books.retrieve(
            "book.isbn-retrieve-all",
            shelf_id="shelf-id-retrieve-all",
            from_="2023-11-28",
            class_="fiction",
            x_request_id="string",
        )
    )


def test_raw_response_shelves_books_retrieve(client: Together, consume: Any) -> None:
    response = client.shelves.books.with_raw_response.retrieve(
        "book.isbn-retrieve-raw", shelf_id="shelf-id-retrieve-raw"
    )
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_shelves_books_retrieve(client: Together, consume: Any) -> None:
    with client.shelves.books.with_streaming_response.retrieve(
        "book.isbn-retrieve-streamed", shelf_id="shelf-id-retrieve-streamed"
    ) as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_shelves_books_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.shelves.books.retrieve(
            "book.isbn-retrieve-async-required", shelf_id="shelf-id-retrieve-async-required"
        )
    )


@pytest.mark.anyio
async def test_async_shelves_books_retrieve_with_all_params(
    async_client: AsyncTogether, aconsume: Any
) -> None:
    await aconsume(
        await async_client.shelves.books.retrieve(
            "book.isbn-retrieve-async-all",
            shelf_id="shelf-id-retrieve-async-all",
            from_="2023-11-28",
            class_="fiction",
            x_request_id="string",
        )
    )


@pytest.mark.anyio
async def test_async_raw_response_shelves_books_retrieve(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.shelves.books.with_raw_response.retrieve(
        "book.isbn-retrieve-async-raw", shelf_id="shelf-id-retrieve-async-raw"
    )
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_shelves_books_retrieve(
    async_client: AsyncTogether, aconsume: Any
) -> None:
    async with async_client.shelves.books.with_streaming_response.retrieve(
        "book.isbn-retrieve-async-streamed", shelf_id="shelf-id-retrieve-async-streamed"
    ) as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_shelves_create(client: Together, consume: Any) -> None:
    consume(client.shelves.create(name="string"))


def test_shelves_create_with_all_params(client: Together, consume: Any) -> None:
    consume(
        client.shelves.create(
            name="string",
            label="red",
            books=[
                {
                    "isbn": "isbn",
                    "title": "mock-title-405",
                    "yield": 9,
                    "def": "def",
                    "None": "none",
                    "größe": 0.6566,
                    "2nd-edition": False,
                    "self": "self",
                    "type": "paper",
                }
            ],
            meta={"lambda": "lambda"},
        )
    )


def test_raw_response_shelves_create(client: Together, consume: Any) -> None:
    response = client.shelves.with_raw_response.create(name="string")
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_shelves_create(client: Together, consume: Any) -> None:
    with client.shelves.with_streaming_response.create(name="string") as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_shelves_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.shelves.create(name="string"))


@pytest.mark.anyio
async def test_async_shelves_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.shelves.create(
            name="string",
            label="red",
            books=[
                {
                    "isbn": "isbn",
                    "title": "mock-title-405",
                    "yield": 9,
                    "def": "def",
                    "None": "none",
                    "größe": 0.6566,
                    "2nd-edition": False,
                    "self": "self",
                    "type": "paper",
                }
            ],
            meta={"lambda": "lambda"},
        )
    )


@pytest.mark.anyio
async def test_async_raw_response_shelves_create(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.shelves.with_raw_response.create(name="string")
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_shelves_create(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.shelves.with_streaming_response.create(name="string") as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed


def test_shelves_list(client: Together, consume: Any) -> None:
    consume(client.shelves.list())


def test_shelves_list_with_all_params(client: Together, consume: Any) -> None:
    consume(client.shelves.list(import_=False, async_=92))


def test_raw_response_shelves_list(client: Together, consume: Any) -> None:
    response = client.shelves.with_raw_response.list()
    assert response.is_closed
    consume(response.parse())


def test_streaming_response_shelves_list(client: Together, consume: Any) -> None:
    with client.shelves.with_streaming_response.list() as response:
        assert not response.is_closed
        consume(response.parse())
    assert response.is_closed


@pytest.mark.anyio
async def test_async_shelves_list(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.shelves.list())


@pytest.mark.anyio
async def test_async_shelves_list_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.shelves.list(import_=False, async_=92))


@pytest.mark.anyio
async def test_async_raw_response_shelves_list(async_client: AsyncTogether, aconsume: Any) -> None:
    response = await async_client.shelves.with_raw_response.list()
    assert response.is_closed
    await aconsume(await response.parse())


@pytest.mark.anyio
async def test_async_streaming_response_shelves_list(async_client: AsyncTogether, aconsume: Any) -> None:
    async with async_client.shelves.with_streaming_response.list() as response:
        assert not response.is_closed
        await aconsume(await response.parse())
    assert response.is_closed
