"""Resource `trees` of the Together API (generated; do not edit)."""

from __future__ import annotations

from functools import cached_property

import httpx

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
    Node,
)

__all__ = [
    "AsyncTrees",
    "Trees",
]


class Trees(SyncAPIResource):
    """Operations on `trees`."""

    @cached_property
    def with_raw_response(self) -> TreesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return TreesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> TreesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return TreesWithStreamingResponse(self)

    def retrieve(
        self,
        tree_id: int,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Node:
        """GET /v2/trees/{tree_id}.

        `GET /v2/trees/{tree_id}`
        """
        return self._client.request(
            "GET",
            _path("/v2/trees/{tree_id}", tree_id=tree_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Node,
        )


class TreesWithRawResponse:
    def __init__(self, resource: Trees) -> None:
        self._resource = resource
        self.retrieve = to_raw_response_wrapper(resource.retrieve)


class TreesWithStreamingResponse:
    def __init__(self, resource: Trees) -> None:
        self._resource = resource
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)


class AsyncTrees(AsyncAPIResource):
    """Operations on `trees`."""

    @cached_property
    def with_raw_response(self) -> AsyncTreesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncTreesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncTreesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncTreesWithStreamingResponse(self)

    async def retrieve(
        self,
        tree_id: int,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Node:
        """GET /v2/trees/{tree_id}.

        `GET /v2/trees/{tree_id}`
        """
        return await self._client.request(
            "GET",
            _path("/v2/trees/{tree_id}", tree_id=tree_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Node,
        )


class AsyncTreesWithRawResponse:
    def __init__(self, resource: AsyncTrees) -> None:
        self._resource = resource
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)


class AsyncTreesWithStreamingResponse:
    def __init__(self, resource: AsyncTrees) -> None:
        self._resource = resource
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)
