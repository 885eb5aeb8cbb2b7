"""Cursor auto-paging of list endpoints the IR marks as paged (`post_training.sessions.list`)."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx

from tests.render.unread_body import Unread


def session(i: int) -> dict[str, Any]:
    return {
        "id": f"s{i}",
        "status": "TRAINING_SESSION_STATUS_RUNNING",
        "base_model": "m",
        "inference_checkpoints": [],
        "training_checkpoints": [],
        "step": i,
        "created_at": "2026-01-02T00:00:00Z",
        "updated_at": "2026-01-02T00:00:05Z",
        "lora_config": {"rank": 8},
        "type": "SESSION_TYPE_TRAINER_ONLY",
    }


class Pages:
    """Three pages of two sessions each, keyed by the `after` cursor; records every query."""

    def __init__(self, last_has_more: bool = False) -> None:
        self.queries: list[dict[str, str]] = []
        self.last_has_more = last_has_more

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = dict(request.url.params)
        self.queries.append(query)
        index = {None: 0, "c1": 1, "c2": 2}[query.get("after")]
        meta = {"limit": 2, "has_more": index < 2 or self.last_has_more, "next_cursor": f"c{index + 1}"}
        if index == 2:
            meta["next_cursor"] = None if not self.last_has_more else "c3"
        return httpx.Response(200, json={"data": [session(2 * index), session(2 * index + 1)], "meta": meta})


def test_iterates_every_page(tc: ModuleType, client_for: Any) -> None:
    pages = Pages()
    client = client_for(pages)
    page = client.post_training.sessions.list(limit=2, status="TRAINING_SESSION_STATUS_RUNNING")
    # the official SDK's public names (`together.pagination`)
    pagination = importlib.import_module(f"{tc.__name__}.pagination")
    assert isinstance(page, pagination.SyncCursorPagination)
    assert [s.id for s in page.data] == ["s0", "s1"]  # the first page alone: one request
    assert page.has_more and page.next_cursor == "c1" and len(pages.queries) == 1
    assert page.page.meta.limit == 2  # the typed response model of the page
    assert [s.id for s in page] == [f"s{i}" for i in range(6)]
    assert [q.get("after") for q in pages.queries[1:]] == ["c1", "c2"]
    assert all(q["limit"] == "2" and q["status"] == "TRAINING_SESSION_STATUS_RUNNING" for q in pages.queries)
    assert [len(p.data) for p in page.iter_pages()] == [2, 2, 2]
    assert not list(page.iter_pages())[-1].has_next_page()


def test_stops_on_an_empty_page_even_if_has_more(tc: ModuleType, client_for: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [], "meta": {"has_more": True, "next_cursor": "x"}})

    client = client_for(handler)
    assert list(client.post_training.sessions.list()) == []


def test_raw_response_of_a_paged_method(tc: ModuleType, client_for: Any) -> None:
    client = client_for(Pages())
    raw = client.post_training.sessions.with_raw_response.list(limit=2)
    assert raw.status_code == 200
    assert [s.id for s in raw.parse()] == [f"s{i}" for i in range(6)]


def test_async_paging(tc: ModuleType, client_for: Any) -> None:
    async def main() -> None:
        pages = Pages()
        client = client_for(pages, is_async=True)
        items = [s.id async for s in client.post_training.sessions.list(limit=2)]
        assert items == [f"s{i}" for i in range(6)]
        first = await client.post_training.sessions.list(limit=2)
        pagination = importlib.import_module(f"{tc.__name__}.pagination")
        assert isinstance(first, pagination.AsyncCursorPagination)
        assert [s.id for s in first.data] == ["s0", "s1"] and first.has_more
        assert [len(p.data) async for p in first.iter_pages()] == [2, 2, 2]
        second = await first.get_next_page()
        assert [s.id for s in second.data] == ["s2", "s3"]
        assert [s.id async for s in second] == ["s2", "s3", "s4", "s5"]
        raw = await client.with_raw_response.post_training.sessions.list()
        assert raw.status_code == 200 and len((await raw.parse()).data) == 2
        await client.close()

    asyncio.run(main())


def unread_pages(pages: Pages) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = pages(request)
        return httpx.Response(
            200, headers={"content-type": "application/json"}, stream=Unread(answer.content)
        )

    return handler


def test_streaming_response_of_a_paged_method_reads_the_body_on_parse(
    tc: ModuleType, client_for: Any
) -> None:
    """As in the official SDK: the first page's body is left unread until `.parse()`; the next
    pages are fetched as the parsed page is iterated; `parse(to=dict)` reads the body as a dict."""
    pages = Pages()
    client = client_for(unread_pages(pages))
    with client.post_training.sessions.with_streaming_response.list(limit=2) as response:
        assert not response.is_closed and len(pages.queries) == 1
        assert response.parse(to=dict)["meta"]["next_cursor"] == "c1"
        assert [s.id for s in response.parse()] == [f"s{i}" for i in range(6)]
    assert response.is_closed

    async def main() -> None:
        client = client_for(unread_pages(Pages()), is_async=True)
        async with client.post_training.sessions.with_streaming_response.list(limit=2) as response:
            assert not response.is_closed
            assert [s.id async for s in await response.parse()] == [f"s{i}" for i in range(6)]
        await client.close()

    asyncio.run(main())
