"""Resource `videos` of the Together API (generated; do not edit)."""

from __future__ import annotations

from functools import cached_property

import httpx

from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Body, Headers, NotGiven, Query
from ..models import (
    VideosCreateResponse,
)

__all__ = [
    "AsyncVideos",
    "Videos",
]


class Videos(SyncAPIResource):
    """Operations on `videos`."""

    @cached_property
    def with_raw_response(self) -> VideosWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return VideosWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> VideosWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return VideosWithStreamingResponse(self)

    def create(
        self,
        *,
        prompt: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> VideosCreateResponse:
        """POST /v2/videos.

        `POST /v2/videos`
        """
        return self._client.request(
            "POST",
            "/v2/videos",
            body={
                "prompt": prompt,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=VideosCreateResponse,
        )


class VideosWithRawResponse:
    def __init__(self, resource: Videos) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)


class VideosWithStreamingResponse:
    def __init__(self, resource: Videos) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncVideos(AsyncAPIResource):
    """Operations on `videos`."""

    @cached_property
    def with_raw_response(self) -> AsyncVideosWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncVideosWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncVideosWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncVideosWithStreamingResponse(self)

    async def create(
        self,
        *,
        prompt: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> VideosCreateResponse:
        """POST /v2/videos.

        `POST /v2/videos`
        """
        return await self._client.request(
            "POST",
            "/v2/videos",
            body={
                "prompt": prompt,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=VideosCreateResponse,
        )


class AsyncVideosWithRawResponse:
    def __init__(self, resource: AsyncVideos) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncVideosWithStreamingResponse:
    def __init__(self, resource: AsyncVideos) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
