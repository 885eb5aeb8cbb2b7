"""Resource `events` of the Together API (generated; do not edit)."""

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
    EventsListResponseItemEscaped,
    EventsListResponseItemFed,
)

__all__ = [
    "AsyncEvents",
    "Events",
]


class Events(SyncAPIResource):
    """Operations on `events`."""

    @cached_property
    def with_raw_response(self) -> EventsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return EventsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> EventsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return EventsWithStreamingResponse(self)

    def list(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> list[EventsListResponseItemFed | EventsListResponseItemEscaped]:
        """GET /v2/events.

        `GET /v2/events`
        """
        return self._client.request(
            "GET",
            "/v2/events",
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=list[EventsListResponseItemFed | EventsListResponseItemEscaped],
        )


class EventsWithRawResponse:
    def __init__(self, resource: Events) -> None:
        self._resource = resource
        self.list = to_raw_response_wrapper(resource.list)


class EventsWithStreamingResponse:
    def __init__(self, resource: Events) -> None:
        self._resource = resource
        self.list = to_streamed_response_wrapper(resource.list)


class AsyncEvents(AsyncAPIResource):
    """Operations on `events`."""

    @cached_property
    def with_raw_response(self) -> AsyncEventsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncEventsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncEventsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncEventsWithStreamingResponse(self)

    async def list(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> list[EventsListResponseItemFed | EventsListResponseItemEscaped]:
        """GET /v2/events.

        `GET /v2/events`
        """
        return await self._client.request(
            "GET",
            "/v2/events",
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=list[EventsListResponseItemFed | EventsListResponseItemEscaped],
        )


class AsyncEventsWithRawResponse:
    def __init__(self, resource: AsyncEvents) -> None:
        self._resource = resource
        self.list = async_to_raw_response_wrapper(resource.list)


class AsyncEventsWithStreamingResponse:
    def __init__(self, resource: AsyncEvents) -> None:
        self._resource = resource
        self.list = async_to_streamed_response_wrapper(resource.list)
