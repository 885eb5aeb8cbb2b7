"""Binary bodies and the response wrappers behind ``with_raw_response`` and ``with_streaming_response``.

Names and semantics follow the official SDK: ``APIResponse``/``AsyncAPIResponse`` with ``.parse()``,
``.read()``, ``.text()``, ``.json()``, ``.iter_bytes()``, ``.iter_text()``, ``.iter_lines()``,
``.elapsed``, ``.retries_taken``; ``with_streaming_response`` returns a context manager that does
not read the body before ``.parse()`` or the ``iter_*`` methods ask for it.
"""

from __future__ import annotations

import contextvars
import copy
import datetime
import functools
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, Literal, ParamSpec, TypeVar, cast, overload

import httpx

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedBinaryAPIResponse",
    "BinaryAPIResponse",
    "BinaryResponse",
    "ResponseContextManager",
    "StreamedBinaryAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_P = ParamSpec("_P")

ResponseMode = Literal["parsed", "raw", "streamed"]

# How the base client answers the call running in this context: the parsed result (default), an
# APIResponse whose body is read ("raw"), or an APIResponse whose body is left unread ("streamed").
RESPONSE_MODE: contextvars.ContextVar[ResponseMode] = contextvars.ContextVar(
    "together_response_mode", default="parsed"
)

# Parses the response body into the method's result (``to=None``) or into the given type.
Parser = Callable[[Any], Any]


class _BaseAPIResponse:
    """What sync and async responses share: everything that needs no I/O."""

    http_response: httpx.Response
    retries_taken: int
    """How many times the request was retried before this response (0: the first attempt)."""

    def __init__(
        self,
        response: httpx.Response,
        parser: Parser,
        *,
        retries_taken: int = 0,
        is_stream: bool = False,
    ) -> None:
        self.http_response = response
        self.retries_taken = retries_taken
        self._parser = parser
        self._is_stream = is_stream  # an SSE stream: .parse() hands over the unread body
        self._parsed: dict[Any, Any] = {}

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to the end of the body (available once the body is read)."""
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        from ._exceptions import request_id_of

        return request_id_of(self.http_response)

    def _parse_read(self, to: Any) -> Any:
        """Parse a body that has been read (or an SSE stream); cached per target type."""
        if to not in self._parsed:
            self._parsed[to] = self._parser(to)
        return self._parsed[to]

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] "
            f"{self.method} {self.url}>"
        )


class APIResponse(_BaseAPIResponse, Generic[_R]):
    """The HTTP response of one call; ``.parse()`` gives what the method returns."""

    @overload
    def parse(self, *, to: type[_T]) -> _T: ...

    @overload
    def parse(self) -> _R: ...

    def parse(self, *, to: type[_T] | None = None) -> _R | _T:
        """The typed result (a model, a Stream, the bytes of a binary body or None), parsed once per type.
        ``to=`` parses the body into another type (a model, ``dict``, ``list[...]``, ``str``)."""
        if not self._is_stream:
            self.read()
        return cast("_R | _T", self._parse_read(to))

    @property
    def content(self) -> bytes:
        """The body (reads it in full)."""
        return self.read()

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        return json.loads(self.read())

    def close(self) -> None:
        self.http_response.close()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The decoded body in chunks, read from the network as you iterate (streaming responses)."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body to ``file`` as it arrives, replacing the file."""
        with open(file, "wb") as fh:
            fh.writelines(self.http_response.iter_bytes(chunk_size))

    write_to_file = stream_to_file


class AsyncAPIResponse(_BaseAPIResponse, Generic[_R]):
    """Async twin of :class:`APIResponse`: the methods that may read the body are coroutines."""

    @overload
    async def parse(self, *, to: type[_T]) -> _T: ...

    @overload
    async def parse(self) -> _R: ...

    async def parse(self, *, to: type[_T] | None = None) -> _R | _T:
        if not self._is_stream:
            await self.read()
        return cast("_R | _T", self._parse_read(to))

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        return json.loads(await self.read())

    async def close(self) -> None:
        await self.http_response.aclose()

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        with open(file, "wb") as fh:  # noqa: ASYNC230 - local disk writes of chunks already in memory
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                fh.write(chunk)

    write_to_file = stream_to_file


class BinaryAPIResponse(APIResponse[bytes]):
    """What a method answering bytes (audio, file contents) returns, its body read in full: the
    official SDK's class and methods (``.read()``, ``.text()``, ``.json()``, ``.iter_bytes()``,
    ``.write_to_file(path)``, ``.is_closed``); ``.parse()`` gives the bytes."""

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type")
        return value

    def write_to_file(self, file: str | os.PathLike[str]) -> None:  # type: ignore[override]
        """Write the body to ``file``, replacing it."""
        with open(file, "wb") as fh:
            fh.writelines(self.iter_bytes())


class AsyncBinaryAPIResponse(AsyncAPIResponse[bytes]):
    """Async twin of :class:`BinaryAPIResponse` (the body is read before it is returned)."""

    @property
    def content(self) -> bytes:
        """The body, read in full before the call returned."""
        return self.http_response.content

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type")
        return value

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:  # type: ignore[override]
        """Write the body to ``file``, replacing it."""
        with open(file, "wb") as fh:  # noqa: ASYNC230 - local disk writes of a body already in memory
            async for chunk in self.iter_bytes():
                fh.write(chunk)


class StreamedBinaryAPIResponse(APIResponse[bytes]):
    """What ``with_streaming_response`` gives for a method answering bytes: the body is read as
    you ask for it; ``.stream_to_file(path)`` writes it as it arrives."""


class AsyncStreamedBinaryAPIResponse(AsyncAPIResponse[bytes]):
    """Async twin of :class:`StreamedBinaryAPIResponse`."""


# The name of earlier releases (sync and async clients both answered it).
BinaryResponse = BinaryAPIResponse


class ResponseContextManager(Generic[_R]):
    """Sends the request on ``__enter__``, closes the response on ``__exit__``."""

    def __init__(self, send: Callable[[], _R]) -> None:
        self._send = send
        self._response: _R | None = None

    def __enter__(self) -> _R:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(self._response, APIResponse):
            self._response.close()


class AsyncResponseContextManager(Generic[_R]):
    """Async twin of :class:`ResponseContextManager` (``async with``)."""

    def __init__(self, send: Callable[[], Awaitable[_R]]) -> None:
        self._send = send
        self._response: _R | None = None

    async def __aenter__(self) -> _R:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(self._response, AsyncAPIResponse):
            await self._response.close()


# `mode` and `func` are positional-only: a method's own argument may be called `mode` (the
# SDK's clusters.remediations.create has one) and travels in **kwargs.
def _in_mode(mode: ResponseMode, func: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
    token = RESPONSE_MODE.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        RESPONSE_MODE.reset(token)


async def _in_mode_async(
    mode: ResponseMode, func: Callable[_P, Awaitable[_T]], /, *args: _P.args, **kwargs: _P.kwargs
) -> _T:
    token = RESPONSE_MODE.set(mode)
    try:
        return await func(*args, **kwargs)
    finally:
        RESPONSE_MODE.reset(token)


def _as_extension(func: Callable[..., Any], wrap_twin: Callable[[Any], Any]) -> Callable[..., Any]:
    """`func`, a bound method of the extension layer (`lib/`) that replaces a generated method,
    called on a copy of its resource whose generated twin `_<name>` is wrapped by `wrap_twin`.

    So the raw or streamed variant of `files.upload` behaves as `files.upload` (the local file
    check, any other request it makes, such as the model limits `fine_tuning.create` may read,
    answered as usual) and only the request it replaces answers raw: what the method returns."""
    bound = cast(Any, func)
    resource, twin = bound.__self__, "_" + bound.__name__

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        replica = copy.copy(resource)
        setattr(replica, twin, wrap_twin(getattr(resource, twin)))
        return bound.__func__(replica, *args, **kwargs)

    return call


def _checked(result: _T) -> _T:
    if not isinstance(result, APIResponse | AsyncAPIResponse):
        raise TypeError(f"an extension method must return what its generated twin returns, not {result!r}")
    return result


def _in_mode_of(mode: ResponseMode, func: Callable[_P, _T]) -> Callable[_P, _T]:
    return functools.partial(_in_mode, mode, func)


def _in_mode_async_of(mode: ResponseMode, func: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[_T]]:
    return functools.partial(_in_mode_async, mode, func)


def to_raw_response_wrapper(
    func: Callable[_P, _T], *, extension: bool = False
) -> Callable[_P, APIResponse[_T]]:
    """Wrap a resource method so it returns an :class:`APIResponse` of its result (body read).

    ``extension=True``: ``func`` is a hand-written method of the extension layer that calls the
    generated ``_<name>``; only that call answers raw (see :func:`_as_extension`)."""
    if extension:
        call = _as_extension(func, functools.partial(_in_mode_of, "raw"))

        @functools.wraps(func)
        def replaced(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
            return cast("APIResponse[_T]", _checked(call(*args, **kwargs)))

        return replaced

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        return cast("APIResponse[_T]", _in_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_T]], *, extension: bool = False
) -> Callable[_P, Awaitable[AsyncAPIResponse[_T]]]:
    """Async twin of :func:`to_raw_response_wrapper`."""
    if extension:
        call = _as_extension(func, functools.partial(_in_mode_async_of, "raw"))

        @functools.wraps(func)
        async def replaced(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_T]:
            return cast("AsyncAPIResponse[_T]", _checked(await call(*args, **kwargs)))

        return replaced

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_T]:
        return cast("AsyncAPIResponse[_T]", await _in_mode_async("raw", func, *args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _T], *, extension: bool = False
) -> Callable[_P, ResponseContextManager[APIResponse[_T]]]:
    """Wrap a resource method so it returns a context manager of an :class:`APIResponse` whose body
    is read only when asked (``iter_bytes()``, ``iter_lines()``, ``parse()``). The request is sent
    on ``__enter__``. ``extension=True``: as in :func:`to_raw_response_wrapper`."""
    call = _as_extension(func, functools.partial(_in_mode_of, "streamed")) if extension else None

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_T]]:
        def send() -> APIResponse[_T]:
            if call is not None:
                return cast("APIResponse[_T]", _checked(call(*args, **kwargs)))
            return cast("APIResponse[_T]", _in_mode("streamed", func, *args, **kwargs))

        return ResponseContextManager(send)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_T]], *, extension: bool = False
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_T]]]:
    """Async twin of :func:`to_streamed_response_wrapper` (``async with``)."""
    call = _as_extension(func, functools.partial(_in_mode_async_of, "streamed")) if extension else None

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[AsyncAPIResponse[_T]]:
        async def send() -> AsyncAPIResponse[_T]:
            if call is not None:
                return cast("AsyncAPIResponse[_T]", _checked(await call(*args, **kwargs)))
            return cast("AsyncAPIResponse[_T]", await _in_mode_async("streamed", func, *args, **kwargs))

        return AsyncResponseContextManager(send)

    return wrapped
