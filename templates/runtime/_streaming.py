"""Typed iteration over Server-Sent Events responses (parsing by httpx-sse)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx
from httpx_sse import EventSource, ServerSentEvent, SSEError

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
)

__all__ = ["AsyncStream", "Stream"]

_T = TypeVar("_T")

DONE = "[DONE]"


def _decode(sse: ServerSentEvent, response: httpx.Response) -> object:
    """The JSON data of one event; raises APIError for an error event."""
    try:
        data: object = json.loads(sse.data)
    except ValueError:
        if sse.event == "error":
            raise APIError(sse.data or "An error occurred during streaming", response.request) from None
        raise APIResponseValidationError(response, sse.data, message="Stream event is not JSON") from None
    error: Any = None
    if sse.event == "error":
        error = data
    elif isinstance(data, dict) and data.get("error"):
        error = data["error"]
    if error is not None:
        inner = error.get("error", error) if isinstance(error, dict) else error
        message = inner.get("message") if isinstance(inner, dict) else inner
        if not isinstance(message, str) or not message:
            message = "An error occurred during streaming"
        raise APIError(message, response.request, body=data, response=response)
    return data


def _transport_error(exc: httpx.TransportError, response: httpx.Response) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(response.request)
    return APIConnectionError(message=f"Stream interrupted: {type(exc).__name__}", request=response.request)


def _ended_early(response: httpx.Response) -> APIConnectionError:
    return APIConnectionError(message="Stream ended before the [DONE] event", request=response.request)


class _StreamBase(Generic[_T]):
    def __init__(
        self,
        *,
        response: httpx.Response,
        parse: Callable[[object], _T],
        expect_done: bool = False,
    ) -> None:
        self.response = response
        self._parse = parse
        self._expect_done = expect_done

    def _handle(self, sse: ServerSentEvent) -> tuple[bool, _T | None]:
        """(done, item) for one event; item None means skip."""
        if sse.data.startswith(DONE):
            return True, None
        if not sse.data and sse.event in (None, "", "message"):
            return False, None
        return False, self._parse(_decode(sse, self.response))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.response.status_code}] {self.response.url}>"


class Stream(_StreamBase[_T]):
    """Iterate typed chunks; stops at ``data: [DONE]``; closes the connection when the loop ends.

    Use as a context manager (``with client.chat.completions.create(..., stream=True) as s:``)
    to close the connection also when the loop is left early.
    """

    _iterator: Iterator[_T] | None = None

    def __iter__(self) -> Iterator[_T]:
        try:
            source = EventSource(self.response).iter_sse()
            done = False
            while True:
                try:
                    sse = next(source)
                except StopIteration:
                    break
                except SSEError as exc:  # a subclass of httpx.TransportError: test it first
                    raise APIResponseValidationError(self.response, None, message=str(exc)) from exc
                except httpx.TransportError as exc:
                    raise _transport_error(exc, self.response) from exc
                done, item = self._handle(sse)
                if done:
                    break
                if item is not None:
                    yield item
            if self._expect_done and not done:
                raise _ended_early(self.response)
        finally:
            self.close()

    def __next__(self) -> _T:
        if self._iterator is None:
            self._iterator = iter(self)
        return next(self._iterator)

    def close(self) -> None:
        """Release the connection (safe to call more than once)."""
        self.response.close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(_StreamBase[_T]):
    """Async twin of :class:`Stream`; ``async with`` closes the connection on early exit."""

    _iterator: AsyncIterator[_T] | None = None

    async def __aiter__(self) -> AsyncIterator[_T]:
        try:
            source = EventSource(self.response).aiter_sse()
            done = False
            while True:
                try:
                    sse = await source.__anext__()
                except StopAsyncIteration:
                    break
                except SSEError as exc:  # a subclass of httpx.TransportError: test it first
                    raise APIResponseValidationError(self.response, None, message=str(exc)) from exc
                except httpx.TransportError as exc:
                    raise _transport_error(exc, self.response) from exc
                done, item = self._handle(sse)
                if done:
                    break
                if item is not None:
                    yield item
            if self._expect_done and not done:
                raise _ended_early(self.response)
        finally:
            await self.close()

    async def __anext__(self) -> _T:
        if self._iterator is None:
            self._iterator = self.__aiter__()
        return await self._iterator.__anext__()

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
