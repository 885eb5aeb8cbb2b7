"""Resource `animals` of the Together API (generated; do not edit)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING
from typing import cast as _cast

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
    Animal,
)

if TYPE_CHECKING:  # what only signatures name: a call never loads the request types
    from .. import params as _params

__all__ = [
    "Animals",
    "AsyncAnimals",
]


class Animals(SyncAPIResource):
    """Operations on `animals`."""

    @cached_property
    def with_raw_response(self) -> AnimalsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AnimalsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AnimalsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AnimalsWithStreamingResponse(self)

    def create(
        self,
        *,
        body: _params.Cat | _params.Dog,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Animal:
        """POST /v2/animals.

        `POST /v2/animals`
        """
        return self._client.request(
            "POST",
            "/v2/animals",
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=_cast("type[Animal]", Animal),
        )


class AnimalsWithRawResponse:
    def __init__(self, resource: Animals) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)


class AnimalsWithStreamingResponse:
    def __init__(self, resource: Animals) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncAnimals(AsyncAPIResource):
    """Operations on `animals`."""

    @cached_property
    def with_raw_response(self) -> AsyncAnimalsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncAnimalsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncAnimalsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncAnimalsWithStreamingResponse(self)

    async def create(
        self,
        *,
        body: _params.Cat | _params.Dog,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Animal:
        """POST /v2/animals.

        `POST /v2/animals`
        """
        return await self._client.request(
            "POST",
            "/v2/animals",
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=_cast("type[Animal]", Animal),
        )


class AsyncAnimalsWithRawResponse:
    def __init__(self, resource: AsyncAnimals) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncAnimalsWithStreamingResponse:
    def __init__(self, resource: AsyncAnimals) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
