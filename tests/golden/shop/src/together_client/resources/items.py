"""Resource `items` of the Together API (generated; do not edit)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

import httpx

from .._base_client import path_template as _path
from .._pagination import AsyncPaginator, PageInfo, SyncCursorPagination
from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    AsyncBinaryAPIResponse,
    BinaryAPIResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Body, Headers, NotGiven, Query
from ..models import (
    Item,
    ItemsListResponse,
)

__all__ = [
    "AsyncImage",
    "AsyncItems",
    "Image",
    "Items",
]


class Image(SyncAPIResource):
    """Operations on `items.image`."""

    @cached_property
    def with_raw_response(self) -> ImageWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return ImageWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ImageWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return ImageWithStreamingResponse(self)

    def list(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> BinaryAPIResponse:
        """GET /v1/items/{item_id}/image.

        `GET /v1/items/{item_id}/image`
        """
        return self._client.request_binary(
            "GET",
            _path("/v1/items/{item_id}/image", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept="image/png, */*;q=0.8",
        )


class ImageWithRawResponse:
    def __init__(self, resource: Image) -> None:
        self._resource = resource
        self.list = to_raw_response_wrapper(resource.list)


class ImageWithStreamingResponse:
    def __init__(self, resource: Image) -> None:
        self._resource = resource
        self.list = to_streamed_response_wrapper(resource.list)


class AsyncImage(AsyncAPIResource):
    """Operations on `items.image`."""

    @cached_property
    def with_raw_response(self) -> AsyncImageWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncImageWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncImageWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncImageWithStreamingResponse(self)

    async def list(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> AsyncBinaryAPIResponse:
        """GET /v1/items/{item_id}/image.

        `GET /v1/items/{item_id}/image`
        """
        return await self._client.request_binary(
            "GET",
            _path("/v1/items/{item_id}/image", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept="image/png, */*;q=0.8",
        )


class AsyncImageWithRawResponse:
    def __init__(self, resource: AsyncImage) -> None:
        self._resource = resource
        self.list = async_to_raw_response_wrapper(resource.list)


class AsyncImageWithStreamingResponse:
    def __init__(self, resource: AsyncImage) -> None:
        self._resource = resource
        self.list = async_to_streamed_response_wrapper(resource.list)


class Items(SyncAPIResource):
    """Operations on `items`."""

    @cached_property
    def image(self) -> Image:
        return Image(self._client)

    @cached_property
    def with_raw_response(self) -> ItemsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return ItemsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ItemsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return ItemsWithStreamingResponse(self)

    def create(
        self,
        *,
        name: str,
        kind: Literal["tool", "part"] | None | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Item:
        """Create an item.

        `POST /v1/items`
        """
        return self._client.request(
            "POST",
            "/v1/items",
            body={
                "name": name,
                "kind": kind,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Item,
        )

    def delete(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /v1/items/{item_id}.

        `DELETE /v1/items/{item_id}`
        """
        return self._client.request(
            "DELETE",
            _path("/v1/items/{item_id}", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=type(None),
        )

    def list(
        self,
        *,
        limit: int | NotGiven = NOT_GIVEN,
        after: str | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> SyncCursorPagination[Item]:
        """List items. Paged by cursor.

        `GET /v1/items`
        """
        return self._client.request_page(
            "GET",
            "/v1/items",
            params={
                "limit": limit,
                "after": after,
                "tags": tags,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=ItemsListResponse,
            item=Item,
            page=PageInfo("after", "data", "has_more", "next_cursor"),
        )

    def retrieve(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Item:
        """GET /v1/items/{item_id}.

        `GET /v1/items/{item_id}`
        """
        return self._client.request(
            "GET",
            _path("/v1/items/{item_id}", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Item,
        )


class ItemsWithRawResponse:
    def __init__(self, resource: Items) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)
        self.delete = to_raw_response_wrapper(resource.delete)
        self.list = to_raw_response_wrapper(resource.list)
        self.retrieve = to_raw_response_wrapper(resource.retrieve)

    @cached_property
    def image(self) -> ImageWithRawResponse:
        return self._resource.image.with_raw_response


class ItemsWithStreamingResponse:
    def __init__(self, resource: Items) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)
        self.delete = to_streamed_response_wrapper(resource.delete)
        self.list = to_streamed_response_wrapper(resource.list)
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)

    @cached_property
    def image(self) -> ImageWithStreamingResponse:
        return self._resource.image.with_streaming_response


class AsyncItems(AsyncAPIResource):
    """Operations on `items`."""

    @cached_property
    def image(self) -> AsyncImage:
        return AsyncImage(self._client)

    @cached_property
    def with_raw_response(self) -> AsyncItemsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncItemsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncItemsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncItemsWithStreamingResponse(self)

    async def create(
        self,
        *,
        name: str,
        kind: Literal["tool", "part"] | None | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Item:
        """Create an item.

        `POST /v1/items`
        """
        return await self._client.request(
            "POST",
            "/v1/items",
            body={
                "name": name,
                "kind": kind,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Item,
        )

    async def delete(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /v1/items/{item_id}.

        `DELETE /v1/items/{item_id}`
        """
        return await self._client.request(
            "DELETE",
            _path("/v1/items/{item_id}", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=type(None),
        )

    def list(
        self,
        *,
        limit: int | NotGiven = NOT_GIVEN,
        after: str | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Item]:
        """List items. Paged by cursor.

        `GET /v1/items`
        """
        return self._client.request_page(
            "GET",
            "/v1/items",
            params={
                "limit": limit,
                "after": after,
                "tags": tags,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=ItemsListResponse,
            item=Item,
            page=PageInfo("after", "data", "has_more", "next_cursor"),
        )

    async def retrieve(
        self,
        item_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Item:
        """GET /v1/items/{item_id}.

        `GET /v1/items/{item_id}`
        """
        return await self._client.request(
            "GET",
            _path("/v1/items/{item_id}", item_id=item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Item,
        )


class AsyncItemsWithRawResponse:
    def __init__(self, resource: AsyncItems) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)
        self.delete = async_to_raw_response_wrapper(resource.delete)
        self.list = async_to_raw_response_wrapper(resource.list)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)

    @cached_property
    def image(self) -> AsyncImageWithRawResponse:
        return self._resource.image.with_raw_response


class AsyncItemsWithStreamingResponse:
    def __init__(self, resource: AsyncItems) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
        self.delete = async_to_streamed_response_wrapper(resource.delete)
        self.list = async_to_streamed_response_wrapper(resource.list)
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)

    @cached_property
    def image(self) -> AsyncImageWithStreamingResponse:
        return self._resource.image.with_streaming_response
