"""The default httpx clients: httpx.Client / httpx.AsyncClient with this client's defaults, whose
connections keep every socket read and write of an attempt within the attempt's deadline
(``_timeouts.py``), so a server trickling the response head cannot hold a sync call either.

Imported when a client is built (it imports httpcore, which httpx itself loads only then).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any, TypeVar

import httpcore
import httpx

from ._timeouts import CURRENT_ATTEMPT, DEFAULT_TIMEOUT

__all__ = ["DefaultAsyncHttpxClient", "DefaultHttpxClient"]


WRITE_PIECE = 64 * 1024


def _pieces(buffer: bytes) -> list[bytes]:
    """A large request body goes out in pieces, so the deadline grows as it is sent (one write of
    megabytes would otherwise have to fit in the time left when it started)."""
    if len(buffer) <= WRITE_PIECE:
        return [buffer]
    return [buffer[start : start + WRITE_PIECE] for start in range(0, len(buffer), WRITE_PIECE)]


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes stop at the deadline of the attempt being sent."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        attempt = CURRENT_ATTEMPT.get()
        if attempt is None:
            return self._stream.read(max_bytes, timeout)
        data = self._stream.read(max_bytes, attempt.socket_timeout(timeout, httpcore.ReadTimeout))
        attempt.count(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        attempt = CURRENT_ATTEMPT.get()
        if attempt is None:
            self._stream.write(buffer, timeout)
            return
        for piece in _pieces(buffer):
            self._stream.write(piece, attempt.socket_timeout(timeout, httpcore.WriteTimeout))
            attempt.count(len(piece))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # The TLS handshake is part of connecting: it keeps the connect timeout.
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpx's network backend, handing out :class:`_DeadlineStream` connections. Connecting keeps
    the connect timeout."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    """Async twin of :class:`_DeadlineStream`."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        attempt = CURRENT_ATTEMPT.get()
        if attempt is None:
            return await self._stream.read(max_bytes, timeout)
        data = await self._stream.read(max_bytes, attempt.socket_timeout(timeout, httpcore.ReadTimeout))
        attempt.count(len(data))
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        attempt = CURRENT_ATTEMPT.get()
        if attempt is None:
            await self._stream.write(buffer, timeout)
            return
        for piece in _pieces(buffer):
            await self._stream.write(piece, attempt.socket_timeout(timeout, httpcore.WriteTimeout))
            attempt.count(len(piece))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _AsyncDeadlineStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    """Async twin of :class:`_DeadlineBackend`."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _AsyncDeadlineStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _AsyncDeadlineStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def bound_by_deadlines(transport: object) -> bool:
    """Give ``transport``'s connection pool our deadline backend; True if it has it now.

    httpx's HTTPTransport takes no network backend argument (encode/httpx#3749 proposes one), but
    the httpcore pool it builds does (``httpcore.ConnectionPool(network_backend=...)``), and keeps
    it in ``_network_backend`` to hand to each new connection. So the pool's backend is wrapped in
    place before any connection exists. If a future httpx stores it elsewhere, calls still work,
    with per-read timeouts and the body check only (tests/runtime checks this loudly).
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, (_DeadlineBackend, _AsyncDeadlineBackend)):
        return True
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    elif isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _AsyncDeadlineBackend(backend)  # type: ignore[union-attr]
    else:
        return False
    return True


_TransportT = TypeVar("_TransportT")


def _bounded(transport: _TransportT) -> _TransportT:
    bound_by_deadlines(transport)
    return transport


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"timeout": DEFAULT_TIMEOUT, "follow_redirects": True, **kwargs}


class DefaultHttpxClient(httpx.Client):
    """``httpx.Client`` with this client's defaults (``timeout``, ``follow_redirects=True``), as the
    official SDK's ``DefaultHttpxClient``: pass it as ``http_client=`` to set proxies, limits or
    certificates. A plain ``httpx.Client`` works too: the API client gives its transports (and
    those of ``mounts=``) the deadline backend when it is handed the client."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))

    # httpx builds its transports in these two methods (the direct one, and one per proxy,
    # including proxies from the environment): the ones it builds get the deadline backend.
    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.BaseTransport:
        return _bounded(super()._init_transport(*args, **kwargs))

    def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx.BaseTransport:
        return _bounded(super()._init_proxy_transport(*args, **kwargs))


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    """Async twin of :class:`DefaultHttpxClient`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))

    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        return _bounded(super()._init_transport(*args, **kwargs))

    def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        return _bounded(super()._init_proxy_transport(*args, **kwargs))
