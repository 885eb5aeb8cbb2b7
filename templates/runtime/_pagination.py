"""Cursor pages of list endpoints: iterate a page for every item of every page, fetched on demand.

``for item in client.x.list(): ...`` walks all pages; ``page.data`` / ``page.next_cursor`` /
``page.has_next_page()`` / ``page.get_next_page()`` / ``page.iter_pages()`` give the pages
themselves (the official SDK's names: its ``SyncCursorPagination``), ``page.has_more`` the
server's flag and ``page.page`` the parsed response model. The public module is ``pagination``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = [
    "AsyncCursorPagination",
    "AsyncPage",
    "AsyncPaginator",
    "PageInfo",
    "SyncCursorPagination",
    "SyncPage",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class PageInfo:
    """Where a page keeps its items and cursor (dotted paths into the body), and the cursor parameter."""

    cursor_param: str
    items: str
    has_more: str
    next_cursor: str | None = None  # None: the last item's `id` is the cursor


def _get(value: object, dotted: str) -> object:
    for key in dotted.split("."):
        if value is None:
            return None
        value = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
    return value


class _PageBase(Generic[_T]):
    def __init__(self, page: Any, info: PageInfo) -> None:
        self.page: Any = page  # the parsed response model of this page
        self._info = info
        items = _get(page, info.items)
        self.data: list[_T] = list(items) if isinstance(items, list) else []
        self.has_more: bool = bool(_get(page, info.has_more))
        cursor = _get(page, info.next_cursor) if info.next_cursor else None
        if cursor is None and info.next_cursor is None and self.data:
            cursor = _get(self.data[-1], "id")
        self.next_cursor: str | None = None if cursor is None else str(cursor)

    def has_next_page(self) -> bool:
        # An empty page never leads on: a server answering has_more with no items would loop.
        return self.has_more and bool(self.next_cursor) and bool(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.data)} has_more={self.has_more}>"


class SyncCursorPagination(_PageBase[_T]):
    def __init__(self, page: Any, info: PageInfo, fetch: Callable[[str], SyncCursorPagination[_T]]) -> None:
        super().__init__(page, info)
        self._fetch = fetch

    def get_next_page(self) -> SyncCursorPagination[_T]:
        if not self.has_next_page() or self.next_cursor is None:
            raise StopIteration("No next page")
        return self._fetch(self.next_cursor)

    def iter_pages(self) -> Iterator[SyncCursorPagination[_T]]:
        page: SyncCursorPagination[_T] = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPagination(_PageBase[_T]):
    def __init__(
        self, page: Any, info: PageInfo, fetch: Callable[[str], Awaitable[AsyncCursorPagination[_T]]]
    ) -> None:
        super().__init__(page, info)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncCursorPagination[_T]:
        if not self.has_next_page() or self.next_cursor is None:
            raise StopAsyncIteration("No next page")
        return await self._fetch(self.next_cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPagination[_T]]:
        page: AsyncCursorPagination[_T] = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[_T]):
    """What an async list method returns: ``await`` it for the first page, or ``async for`` the items."""

    def __init__(self, first: Callable[[], Awaitable[AsyncCursorPagination[_T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncCursorPagination[_T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self
        async for item in page:
            yield item


# The names of earlier releases.
SyncPage = SyncCursorPagination
AsyncPage = AsyncCursorPagination
