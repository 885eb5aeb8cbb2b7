"""Resource `chat` of the Together API (generated; do not edit)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Literal, overload

import httpx

from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._streaming import AsyncStream, Stream
from .._types import NOT_GIVEN, Body, Headers, NotGiven, Query
from ..models import (
    Chunk,
)

if TYPE_CHECKING:  # what only signatures name: a call never loads the request types
    from .. import params as _params

__all__ = [
    "AsyncChat",
    "Chat",
]


class Chat(SyncAPIResource):
    """Operations on `chat`."""

    @cached_property
    def with_raw_response(self) -> ChatWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return ChatWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ChatWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return ChatWithStreamingResponse(self)

    @overload
    def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk: ...

    @overload
    def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: Literal[True],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Stream[Chunk]: ...

    @overload
    def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: bool,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk | Stream[Chunk]: ...

    def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: bool | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk | Stream[Chunk]:
        """POST /v1/chat.

        `POST /v1/chat`
        """
        if stream is True:
            return self._client.request_stream(
                "POST",
                "/v1/chat",
                body={
                    "messages": messages,
                    "stream": stream,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                cast_to=Chunk,
                expect_done=True,
            )

        return self._client.request(
            "POST",
            "/v1/chat",
            body={
                "messages": messages,
                "stream": stream,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Chunk,
        )


class ChatWithRawResponse:
    def __init__(self, resource: Chat) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)


class ChatWithStreamingResponse:
    def __init__(self, resource: Chat) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncChat(AsyncAPIResource):
    """Operations on `chat`."""

    @cached_property
    def with_raw_response(self) -> AsyncChatWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncChatWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncChatWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncChatWithStreamingResponse(self)

    @overload
    async def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk: ...

    @overload
    async def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: Literal[True],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[Chunk]: ...

    @overload
    async def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: bool,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk | AsyncStream[Chunk]: ...

    async def create(
        self,
        *,
        messages: Sequence[_params.UserMessage | _params.ToolMessage],
        stream: bool | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Chunk | AsyncStream[Chunk]:
        """POST /v1/chat.

        `POST /v1/chat`
        """
        if stream is True:
            return await self._client.request_stream(
                "POST",
                "/v1/chat",
                body={
                    "messages": messages,
                    "stream": stream,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                cast_to=Chunk,
                expect_done=True,
            )

        return await self._client.request(
            "POST",
            "/v1/chat",
            body={
                "messages": messages,
                "stream": stream,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Chunk,
        )


class AsyncChatWithRawResponse:
    def __init__(self, resource: AsyncChat) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncChatWithStreamingResponse:
    def __init__(self, resource: AsyncChat) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
