"""Resource `uploads` of the Together API (generated; do not edit)."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import httpx

from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Body, FileTypes, Headers, NotGiven, Query
from ..models import (
    UploadsCreateResponse,
)

__all__ = [
    "AsyncUploads",
    "Uploads",
]


class Uploads(SyncAPIResource):
    """Operations on `uploads`."""

    @cached_property
    def with_raw_response(self) -> UploadsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return UploadsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> UploadsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return UploadsWithStreamingResponse(self)

    def create(
        self,
        *,
        file: FileTypes,
        purpose: Literal["inventory", "images"],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> UploadsCreateResponse:
        """POST /v1/uploads.

        `POST /v1/uploads`
        """
        return self._client.request(
            "POST",
            "/v1/uploads",
            body={
                "purpose": purpose,
            },
            files={
                "file": file,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=UploadsCreateResponse,
        )


class UploadsWithRawResponse:
    def __init__(self, resource: Uploads) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)


class UploadsWithStreamingResponse:
    def __init__(self, resource: Uploads) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncUploads(AsyncAPIResource):
    """Operations on `uploads`."""

    @cached_property
    def with_raw_response(self) -> AsyncUploadsWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncUploadsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncUploadsWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncUploadsWithStreamingResponse(self)

    async def create(
        self,
        *,
        file: FileTypes,
        purpose: Literal["inventory", "images"],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> UploadsCreateResponse:
        """POST /v1/uploads.

        `POST /v1/uploads`
        """
        return await self._client.request(
            "POST",
            "/v1/uploads",
            body={
                "purpose": purpose,
            },
            files={
                "file": file,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=UploadsCreateResponse,
        )


class AsyncUploadsWithRawResponse:
    def __init__(self, resource: AsyncUploads) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncUploadsWithStreamingResponse:
    def __init__(self, resource: AsyncUploads) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
