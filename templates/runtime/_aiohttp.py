"""``DefaultAioHttpClient``: the async client on aiohttp (``httpx-aiohttp``), for many concurrent
calls, as the official SDK's (install the package's ``aiohttp`` extra, then
``AsyncTogether(http_client=DefaultAioHttpClient())``).

aiohttp owns its sockets, so the attempt deadline (``_timeouts.py``) cannot clamp each socket read
as the default httpx clients do. It is kept one layer up instead, in a transport wrapping
httpx-aiohttp's: the request and the response head must arrive within the time the attempt has
left (cancelled past it), and so must each chunk of the body; the request body counts as
transferred when it is handed over, so an upload earns its time as with the other clients.
Errors aiohttp raises that httpx-aiohttp leaves unmapped become httpx errors, so our typed
errors cover them. Imported only when the name is used (aiohttp is a large import).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx

from ._timeouts import CURRENT_ATTEMPT, DEFAULT_TIMEOUT, AttemptDeadline

__all__ = ["DefaultAioHttpClient"]

try:
    import aiohttp
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError:  # the `aiohttp` extra is not installed: the class says so when built
    aiohttp = None  # type: ignore[assignment]
    HttpxAiohttpClient = httpx.AsyncClient  # type: ignore[assignment,misc]


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    """aiohttp's errors that httpx-aiohttp passes through (or maps to a timeout although nothing
    timed out) as the httpx errors our client turns into typed ones."""
    try:
        yield
    except httpx.ConnectTimeout as exc:
        if isinstance(exc.__cause__, aiohttp.ServerDisconnectedError):
            raise httpx.RemoteProtocolError(str(exc.__cause__), request=request) from exc
        raise
    except aiohttp.ClientError as exc:  # malformed answers: not HTTP, huge headers, bad chunking
        raise httpx.RemoteProtocolError(f"{type(exc).__name__}: {exc}", request=request) from exc


@asynccontextmanager
async def _within(attempt: AttemptDeadline | None, request: httpx.Request) -> AsyncIterator[None]:
    """The block ends by the attempt's deadline (cancelled past it: a read timeout)."""
    left = None if attempt is None else attempt.remaining()
    if attempt is None or left is None:
        yield
        return
    if left <= 0:
        raise httpx.ReadTimeout(attempt.message(), request=request)
    try:
        async with asyncio.timeout(left):
            yield
    except TimeoutError as exc:
        raise httpx.ReadTimeout(attempt.message(), request=request) from exc


class _DeadlineBody(httpx.AsyncByteStream):
    """A response body whose every chunk arrives within the deadline of the attempt reading it
    (none outside an attempt: a stream read later has aiohttp's per-read timeout only)."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._inner.__aiter__()
        while True:
            attempt = CURRENT_ATTEMPT.get()
            try:
                with _as_httpx_errors(self._request):
                    async with _within(attempt, self._request):
                        chunk = await chunks.__anext__()
            except StopAsyncIteration:
                return
            if attempt is not None:
                attempt.metered = True  # counted here: the client's body check must not count it again
                attempt.count(len(chunk))
            yield chunk

    async def aclose(self) -> None:
        with _as_httpx_errors(self._request):
            await self._inner.aclose()


class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    """Any async transport, held to the attempt deadline by cancellation (see the module doc)."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = CURRENT_ATTEMPT.get()
        if attempt is not None:
            attempt.metered = True
            # aiohttp sends the body itself: it earns its time when handed over (1 s per 16 KiB)
            size = request.headers.get("content-length", "")
            attempt.count(int(size) if size.isdigit() else 0)
        with _as_httpx_errors(request):
            async with _within(attempt, request):
                response = await self.transport.handle_async_request(request)
        inner = response.stream
        if isinstance(inner, httpx.AsyncByteStream):
            response.stream = _DeadlineBody(inner, request)
        return response

    async def aclose(self) -> None:
        await self.transport.aclose()


class DefaultAioHttpClient(HttpxAiohttpClient):
    """``httpx.AsyncClient`` on aiohttp with this client's defaults (``timeout``,
    ``follow_redirects=True``), for ``AsyncTogether(http_client=DefaultAioHttpClient())``. Needs
    the ``aiohttp`` extra."""

    def __init__(self, **kwargs: Any) -> None:
        if aiohttp is None:
            raise RuntimeError(
                "DefaultAioHttpClient needs the `aiohttp` extra of this package "
                "(pip install '<package>[aiohttp]': httpx-aiohttp and aiohttp)"
            )
        super().__init__(**{"timeout": DEFAULT_TIMEOUT, "follow_redirects": True, **kwargs})

    # httpx builds its transports in these two methods (httpx-aiohttp's: aiohttp ones); each gets
    # the deadline.
    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        return AsyncDeadlineTransport(super()._init_transport(*args, **kwargs))

    def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        return AsyncDeadlineTransport(super()._init_proxy_transport(*args, **kwargs))
