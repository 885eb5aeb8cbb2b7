"""Binary bodies and the raw-response wrapper behind ``client.with_raw_response``."""

from __future__ import annotations

import contextvars
import functools
import os
from collections.abc import Awaitable, Callable, Iterator
from typing import Generic, ParamSpec, TypeVar, cast

import httpx

__all__ = [
    "APIResponse",
    "BinaryResponse",
    "async_to_raw_response_wrapper",
    "to_raw_response_wrapper",
]

_T = TypeVar("_T")
_P = ParamSpec("_P")

# Set while a ``with_raw_response`` call runs; the base client then returns an APIResponse.
RAW_RESPONSE: contextvars.ContextVar[bool] = contextvars.ContextVar("together_raw_response", default=False)


class BinaryResponse:
    """A binary response body (audio, file contents), read in full."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        return self.response.content

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str | None:
        value: str | None = self.response.headers.get("content-type")
        return value

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to ``file``, replacing it."""
        with open(file, "wb") as fh:
            fh.writelines(self.response.iter_bytes())

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}] {self.content_type} {len(self.content)} bytes>"


class APIResponse(Generic[_T]):
    """The HTTP response of one call, before it is parsed; ``.parse()`` gives what the method returns."""

    def __init__(self, response: httpx.Response, parser: Callable[[], _T]) -> None:
        self.http_response = response
        self._parser = parser
        self._parsed: list[_T] = []

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def request_id(self) -> str | None:
        from ._exceptions import request_id_of

        return request_id_of(self.http_response)

    @property
    def content(self) -> bytes:
        """The body (reads it in full, also for streams)."""
        return self.http_response.read()

    @property
    def text(self) -> str:
        self.http_response.read()
        return self.http_response.text

    def parse(self) -> _T:
        """The typed result: a model, a Stream, a BinaryResponse or None. Parsed once, then cached."""
        if not self._parsed:
            self._parsed.append(self._parser())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.http_response.request.method} {self.url}>"


def to_raw_response_wrapper(func: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    """Wrap a resource method so it returns an :class:`APIResponse` of its result."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        token = RAW_RESPONSE.set(True)
        try:
            return cast("APIResponse[_T]", func(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[APIResponse[_T]]]:
    """Async twin of :func:`to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        token = RAW_RESPONSE.set(True)
        try:
            return cast("APIResponse[_T]", await func(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(token)

    return wrapped
