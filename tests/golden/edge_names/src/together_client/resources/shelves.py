"""Resource `shelves` of the Together API (generated; do not edit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import httpx

from .._base_client import header_params
from .._base_client import path_template as _path
from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Body, Headers, NotGiven, Query
from ..models import (
    Book,
    Shelf,
)

if TYPE_CHECKING:  # what only signatures name: a call never loads the request types
    from ..models import (
        ShelfMeta,
    )

__all__ = [
    "AsyncBooks",
    "AsyncShelves",
    "Books",
    "Shelves",
]


class Books(SyncAPIResource):
    """Operations on `shelves.books`."""

    @cached_property
    def with_raw_response(self) -> BooksWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return BooksWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> BooksWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return BooksWithStreamingResponse(self)

    def retrieve(
        self,
        book_isbn: str,
        *,
        shelf_id: str,
        from_: str | NotGiven = NOT_GIVEN,
        class_: Literal["fiction", "non-fiction", "\u00fcberblick"] | NotGiven = NOT_GIVEN,
        x_request_id: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Book:
        """Fetch one book (livre) from a shelf.

        `GET /api/shelves/{shelf-id}/books/{book.isbn}`
        """
        return self._client.request(
            "GET",
            _path("/api/shelves/{shelf_id}/books/{book_isbn}", book_isbn=book_isbn, shelf_id=shelf_id),
            params={
                "from": from_,
                "class": class_,
            },
            extra_headers=header_params(
                {
                    "X-Request-ID": x_request_id,
                },
                extra_headers,
            ),
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Book,
        )


class BooksWithRawResponse:
    def __init__(self, resource: Books) -> None:
        self._resource = resource
        self.retrieve = to_raw_response_wrapper(resource.retrieve)


class BooksWithStreamingResponse:
    def __init__(self, resource: Books) -> None:
        self._resource = resource
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)


class AsyncBooks(AsyncAPIResource):
    """Operations on `shelves.books`."""

    @cached_property
    def with_raw_response(self) -> AsyncBooksWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncBooksWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncBooksWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncBooksWithStreamingResponse(self)

    async def retrieve(
        self,
        book_isbn: str,
        *,
        shelf_id: str,
        from_: str | NotGiven = NOT_GIVEN,
        class_: Literal["fiction", "non-fiction", "\u00fcberblick"] | NotGiven = NOT_GIVEN,
        x_request_id: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Book:
        """Fetch one book (livre) from a shelf.

        `GET /api/shelves/{shelf-id}/books/{book.isbn}`
        """
        return await self._client.request(
            "GET",
            _path("/api/shelves/{shelf_id}/books/{book_isbn}", book_isbn=book_isbn, shelf_id=shelf_id),
            params={
                "from": from_,
                "class": class_,
            },
            extra_headers=header_params(
                {
                    "X-Request-ID": x_request_id,
                },
                extra_headers,
            ),
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Book,
        )


class AsyncBooksWithRawResponse:
    def __init__(self, resource: AsyncBooks) -> None:
        self._resource = resource
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)


class AsyncBooksWithStreamingResponse:
    def __init__(self, resource: AsyncBooks) -> None:
        self._resource = resource
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)


class Shelves(SyncAPIResource):
    """Operations on `shelves`."""

    @cached_property
    def books(self) -> Books:
        return Books(self._client)

    @cached_property
    def with_raw_response(self) -> ShelvesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return ShelvesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ShelvesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return ShelvesWithStreamingResponse(self)

    def create(
        self,
        *,
        name: str,
        label: Literal["red", "green"] | None | NotGiven = NOT_GIVEN,
        books: Sequence[Book | Mapping[str, Any]] | NotGiven = NOT_GIVEN,
        meta: ShelfMeta | Mapping[str, Any] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Shelf:
        """Add a shelf.

        `POST /api/shelves`
        """
        return self._client.request(
            "POST",
            "/api/shelves",
            body={
                "name": name,
                "label": label,
                "books": books,
                "meta": meta,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Shelf,
        )

    def list(
        self,
        *,
        import_: bool | NotGiven = NOT_GIVEN,
        async_: int | None | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> list[Shelf]:
        """Every shelf.

        `GET /api/shelves`
        """
        return self._client.request(
            "GET",
            "/api/shelves",
            params={
                "import": import_,
                "async": async_,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=list[Shelf],
        )


class ShelvesWithRawResponse:
    def __init__(self, resource: Shelves) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)
        self.list = to_raw_response_wrapper(resource.list)

    @cached_property
    def books(self) -> BooksWithRawResponse:
        return self._resource.books.with_raw_response


class ShelvesWithStreamingResponse:
    def __init__(self, resource: Shelves) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)
        self.list = to_streamed_response_wrapper(resource.list)

    @cached_property
    def books(self) -> BooksWithStreamingResponse:
        return self._resource.books.with_streaming_response


class AsyncShelves(AsyncAPIResource):
    """Operations on `shelves`."""

    @cached_property
    def books(self) -> AsyncBooks:
        return AsyncBooks(self._client)

    @cached_property
    def with_raw_response(self) -> AsyncShelvesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncShelvesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncShelvesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncShelvesWithStreamingResponse(self)

    async def create(
        self,
        *,
        name: str,
        label: Literal["red", "green"] | None | NotGiven = NOT_GIVEN,
        books: Sequence[Book | Mapping[str, Any]] | NotGiven = NOT_GIVEN,
        meta: ShelfMeta | Mapping[str, Any] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Shelf:
        """Add a shelf.

        `POST /api/shelves`
        """
        return await self._client.request(
            "POST",
            "/api/shelves",
            body={
                "name": name,
                "label": label,
                "books": books,
                "meta": meta,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Shelf,
        )

    async def list(
        self,
        *,
        import_: bool | NotGiven = NOT_GIVEN,
        async_: int | None | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> list[Shelf]:
        """Every shelf.

        `GET /api/shelves`
        """
        return await self._client.request(
            "GET",
            "/api/shelves",
            params={
                "import": import_,
                "async": async_,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=list[Shelf],
        )


class AsyncShelvesWithRawResponse:
    def __init__(self, resource: AsyncShelves) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)
        self.list = async_to_raw_response_wrapper(resource.list)

    @cached_property
    def books(self) -> AsyncBooksWithRawResponse:
        return self._resource.books.with_raw_response


class AsyncShelvesWithStreamingResponse:
    def __init__(self, resource: AsyncShelves) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
        self.list = async_to_streamed_response_wrapper(resource.list)

    @cached_property
    def books(self) -> AsyncBooksWithStreamingResponse:
        return self._resource.books.with_streaming_response
