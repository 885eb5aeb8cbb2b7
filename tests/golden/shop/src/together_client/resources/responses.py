"""Resource `responses` of the Together API (generated; do not edit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Literal, overload
from typing import cast as _cast

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
    Response,
    ResponseFunctionCall,
    ResponseFunctionCallOutput,
    ResponseFunctionTool,
    ResponseInputMessage,
    ResponseMcpTool,
    ResponseNativeTool,
    ResponseStreamEvent,
    ResponseToolChoiceFunction,
)

if TYPE_CHECKING:  # the request TypedDicts exist for type checkers only
    from .. import params as _params

__all__ = [
    "AsyncResponses",
    "Responses",
]


class Responses(SyncAPIResource):
    """Operations on `responses`."""

    @cached_property
    def with_raw_response(self) -> ResponsesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return ResponsesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ResponsesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return ResponsesWithStreamingResponse(self)

    @overload
    def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response: ...

    @overload
    def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Stream[ResponseStreamEvent]: ...

    @overload
    def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: bool,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response | Stream[ResponseStreamEvent]: ...

    def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: bool | NotGiven = NOT_GIVEN,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response | Stream[ResponseStreamEvent]:
        """Create a model response.

        Generates a model response from text or input items, with optional function tools and remote MCP
        servers. OpenAI-compatible (beta): stored responses and previous_response_id are not supported.

        Args:
          model: A model enabled for the Responses API, e.g. MiniMaxAI/MiniMax-M2.7.
          input: Text, or a list of input items (messages, function call outputs).
          instructions: A system (developer) message inserted before the input.
          tools: Function tools and remote MCP servers the model may use.
          tool_choice: How the model chooses tools.
          parallel_tool_calls: Whether the model may call several tools at once.
          stream: Stream the response as server-sent events.
          store: Accepted for compatibility; responses are not stored.
          previous_response_id: Not supported (responses are not stored); any id answers 400.
          max_output_tokens: Upper bound on the tokens generated, reasoning included.

        `POST /v1/responses`
        """
        if stream is True:
            return self._client.request_stream(
                "POST",
                "/v1/responses",
                body={
                    "model": model,
                    "input": input,
                    "instructions": instructions,
                    "tools": tools,
                    "tool_choice": tool_choice,
                    "parallel_tool_calls": parallel_tool_calls,
                    "stream": stream,
                    "store": store,
                    "previous_response_id": previous_response_id,
                    "temperature": temperature,
                    "top_p": top_p,
                    "max_output_tokens": max_output_tokens,
                    "metadata": metadata,
                    "user": user,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                cast_to=_cast("type[ResponseStreamEvent]", ResponseStreamEvent),
                expect_done=False,
            )

        return self._client.request(
            "POST",
            "/v1/responses",
            body={
                "model": model,
                "input": input,
                "instructions": instructions,
                "tools": tools,
                "tool_choice": tool_choice,
                "parallel_tool_calls": parallel_tool_calls,
                "stream": stream,
                "store": store,
                "previous_response_id": previous_response_id,
                "temperature": temperature,
                "top_p": top_p,
                "max_output_tokens": max_output_tokens,
                "metadata": metadata,
                "user": user,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Response,
        )


class ResponsesWithRawResponse:
    def __init__(self, resource: Responses) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)


class ResponsesWithStreamingResponse:
    def __init__(self, resource: Responses) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncResponses(AsyncAPIResource):
    """Operations on `responses`."""

    @cached_property
    def with_raw_response(self) -> AsyncResponsesWithRawResponse:
        """The same methods, returning the raw HTTP response (headers, status, `.parse()`)."""
        return AsyncResponsesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncResponsesWithStreamingResponse:
        """The same methods, returning a context manager of the response, its body not yet read."""
        return AsyncResponsesWithStreamingResponse(self)

    @overload
    async def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[ResponseStreamEvent]: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: bool,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response | AsyncStream[ResponseStreamEvent]: ...

    async def create(
        self,
        *,
        model: str,
        input: str
        | Sequence[
            ResponseInputMessage
            | _params.ResponseInputMessage
            | ResponseFunctionCall
            | _params.ResponseFunctionCall
            | ResponseFunctionCallOutput
            | _params.ResponseFunctionCallOutput
        ],
        instructions: str | None | NotGiven = NOT_GIVEN,
        tools: Sequence[
            ResponseFunctionTool
            | _params.ResponseFunctionTool
            | ResponseMcpTool
            | _params.ResponseMcpTool
            | ResponseNativeTool
            | _params.ResponseNativeTool
        ]
        | NotGiven = NOT_GIVEN,
        tool_choice: Literal["auto", "none", "required"]
        | ResponseToolChoiceFunction
        | _params.ResponseToolChoiceFunction
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | NotGiven = NOT_GIVEN,
        stream: bool | NotGiven = NOT_GIVEN,
        store: bool | NotGiven = NOT_GIVEN,
        previous_response_id: None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        max_output_tokens: int | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | None | NotGiven = NOT_GIVEN,
        user: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> Response | AsyncStream[ResponseStreamEvent]:
        """Create a model response.

        Generates a model response from text or input items, with optional function tools and remote MCP
        servers. OpenAI-compatible (beta): stored responses and previous_response_id are not supported.

        Args:
          model: A model enabled for the Responses API, e.g. MiniMaxAI/MiniMax-M2.7.
          input: Text, or a list of input items (messages, function call outputs).
          instructions: A system (developer) message inserted before the input.
          tools: Function tools and remote MCP servers the model may use.
          tool_choice: How the model chooses tools.
          parallel_tool_calls: Whether the model may call several tools at once.
          stream: Stream the response as server-sent events.
          store: Accepted for compatibility; responses are not stored.
          previous_response_id: Not supported (responses are not stored); any id answers 400.
          max_output_tokens: Upper bound on the tokens generated, reasoning included.

        `POST /v1/responses`
        """
        if stream is True:
            return await self._client.request_stream(
                "POST",
                "/v1/responses",
                body={
                    "model": model,
                    "input": input,
                    "instructions": instructions,
                    "tools": tools,
                    "tool_choice": tool_choice,
                    "parallel_tool_calls": parallel_tool_calls,
                    "stream": stream,
                    "store": store,
                    "previous_response_id": previous_response_id,
                    "temperature": temperature,
                    "top_p": top_p,
                    "max_output_tokens": max_output_tokens,
                    "metadata": metadata,
                    "user": user,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                cast_to=_cast("type[ResponseStreamEvent]", ResponseStreamEvent),
                expect_done=False,
            )

        return await self._client.request(
            "POST",
            "/v1/responses",
            body={
                "model": model,
                "input": input,
                "instructions": instructions,
                "tools": tools,
                "tool_choice": tool_choice,
                "parallel_tool_calls": parallel_tool_calls,
                "stream": stream,
                "store": store,
                "previous_response_id": previous_response_id,
                "temperature": temperature,
                "top_p": top_p,
                "max_output_tokens": max_output_tokens,
                "metadata": metadata,
                "user": user,
            },
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            cast_to=Response,
        )


class AsyncResponsesWithRawResponse:
    def __init__(self, resource: AsyncResponses) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncResponsesWithStreamingResponse:
    def __init__(self, resource: AsyncResponses) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
