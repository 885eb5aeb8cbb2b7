"""The per-attempt deadline (`_timeouts.py`) and the network backend that holds every socket read
and write to it (`_transport.py`), on real loopback sockets. No assertion depends on how fast the
machine is: deadlines are either long gone (``started`` moved back) or far away, and which of the
two cut a read (the deadline or the socket timeout) is told by what was read, not by the clock."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx
import pytest

from togen.core.loopback import bind

HANG = 60.0  # seconds: the socket timeout of each read and write, far more than any deadline used here
FAR = 600.0  # seconds: a deadline no busy machine reaches while a test runs


def request_with(read: float | None) -> httpx.Request:
    return httpx.Request("GET", "http://127.0.0.1/", extensions={"timeout": {"read": read}})


@contextmanager
def attempt(rt: Any, read: float | None) -> Iterator[Any]:
    deadline = rt.timeouts.AttemptDeadline(request_with(read))
    token = rt.timeouts.CURRENT_ATTEMPT.set(deadline)
    try:
        yield deadline
    finally:
        rt.timeouts.CURRENT_ATTEMPT.reset(token)


@contextmanager
def connected(rt: Any) -> Iterator[tuple[httpcore.NetworkStream, socket.socket]]:
    """A connection through the deadline backend, and the server's end of it."""
    listener = bind("127.0.0.1")
    listener.listen(1)
    host, port = listener.getsockname()[:2]
    backend = rt.transport._DeadlineBackend(httpcore.SyncBackend())
    stream = backend.connect_tcp(host, port, timeout=HANG)
    peer, _ = listener.accept()
    try:
        yield stream, peer
    finally:
        stream.close()
        peer.close()
        listener.close()


def trickle(peer: socket.socket, interval: float, count: int) -> threading.Thread:
    def run() -> None:
        for _ in range(count):
            try:
                peer.sendall(b"y")
            except OSError:
                return
            time.sleep(interval)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_reads_stop_at_the_attempt_deadline_though_each_is_within_its_timeout(rt: Any) -> None:
    """A byte every 0.05 s for a minute, each read allowed HANG: the reads end at the 2 s deadline,
    long before the trickle does (without the deadline they would read all of it)."""
    count = 1200
    with connected(rt) as (stream, peer):
        peer.sendall(b"y")  # waiting before the attempt starts: its first read gets a byte
        with attempt(rt, read=2.0) as deadline:
            trickle(peer, interval=0.05, count=count)
            received = b""
            with pytest.raises(httpcore.ReadTimeout):
                while True:
                    received += stream.read(1024, timeout=HANG)
    assert received and set(received) == {ord("y")}
    assert deadline.transferred == len(received) and deadline.metered
    assert len(received) < count


def test_outside_an_attempt_a_read_keeps_its_own_timeout(rt: Any) -> None:
    """The same slow byte is read outside an attempt (a stream's body read later) and cut inside one."""
    with connected(rt) as (stream, peer):
        first = threading.Timer(0.5, peer.sendall, args=(b"z",))
        first.start()
        assert stream.read(10, timeout=HANG) == b"z"
        with attempt(rt, read=0.1):
            # Sent at least 0.5 s after the attempt started: always past its 0.1 s deadline.
            second = threading.Timer(0.5, peer.sendall, args=(b"z",))
            second.start()
            with pytest.raises(httpcore.ReadTimeout):
                stream.read(10, timeout=HANG)
        second.join(HANG)


def test_writes_count_and_stop_at_the_deadline(rt: Any) -> None:
    with connected(rt) as (stream, peer), attempt(rt, read=FAR) as deadline:
        stream.write(b"x" * 100, timeout=HANG)
        assert peer.recv(1000) == b"x" * 100
        assert deadline.transferred == 100
        deadline.started -= 2 * FAR  # the attempt is long over
        with pytest.raises(httpcore.WriteTimeout, match="timeout"):
            stream.write(b"late", timeout=HANG)


def test_the_deadline_grows_one_second_per_16_kib_transferred(rt: Any) -> None:
    deadline = rt.timeouts.AttemptDeadline(request_with(FAR))
    before = deadline.remaining()
    assert FAR / 2 < before <= FAR
    deadline.count(int(FAR) * rt.timeouts.MIN_TRANSFER_RATE)  # FAR seconds more
    after = deadline.remaining()
    assert before + FAR / 2 < after <= before + FAR
    assert deadline.socket_timeout(0.25, TimeoutError) == 0.25  # the caller's timeout when sooner
    assert after - FAR / 2 < deadline.socket_timeout(None, TimeoutError) <= after  # else what is left
    unbounded = rt.timeouts.AttemptDeadline(request_with(None))  # timeout=None: no deadline
    assert unbounded.remaining() is None and unbounded.socket_timeout(5.0, TimeoutError) == 5.0


def test_body_chunks_are_counted_once(rt: Any) -> None:
    """Counted by the body check only when no transport of ours counted them at the socket."""
    deadline = rt.timeouts.AttemptDeadline(request_with(FAR))
    deadline.count_body(100)
    assert deadline.transferred == 100
    deadline.socket_timeout(None, TimeoutError)  # what the transport does first
    deadline.count_body(100)
    assert deadline.transferred == 100
    deadline.started -= 2 * FAR
    with pytest.raises(httpx.ReadTimeout):
        deadline.count_body(1)


def transports_of(client: httpx.Client | httpx.AsyncClient) -> list[object]:
    return [client._transport, *(t for t in client._mounts.values() if t is not None)]


def test_the_default_clients_bound_every_transport_httpx_builds(
    rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fails loudly if httpx stops building its transports in `_init_transport` /
    `_init_proxy_transport` or the httpcore pool stops keeping its backend in `_network_backend`:
    the deadline then no longer reaches the socket (see `bound_by_deadlines`)."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # proxies from the environment too
    transport_module = rt.transport
    for client in (
        transport_module.DefaultHttpxClient(),
        transport_module.DefaultHttpxClient(proxy="http://127.0.0.1:9"),
        transport_module.DefaultAsyncHttpxClient(),
        transport_module.DefaultAsyncHttpxClient(proxy="http://127.0.0.1:9"),
    ):
        transports = transports_of(client)
        assert len(transports) >= 2  # the direct one and the proxy's
        for transport in transports:
            backend = transport._pool._network_backend  # type: ignore[attr-defined]
            expected = (transport_module._DeadlineBackend, transport_module._AsyncDeadlineBackend)
            assert isinstance(backend, expected), type(backend)
    assert transport_module.bound_by_deadlines(object()) is False
    plain = httpx.HTTPTransport()
    assert transport_module.bound_by_deadlines(plain) and transport_module.bound_by_deadlines(plain)
    assert isinstance(plain._pool._network_backend, transport_module._DeadlineBackend)  # wrapped once


def test_clients_build_the_default_httpx_clients_and_keep_a_given_one(rt: Any) -> None:
    sync = rt.base_client.SyncAPIClient(base_url="http://127.0.0.1:9", api_key="k", timeout=3.0)
    async_ = rt.base_client.AsyncAPIClient(base_url="http://127.0.0.1:9", api_key="k")
    assert type(sync._client) is rt.transport.DefaultHttpxClient
    assert sync._client.timeout == httpx.Timeout(3.0) and sync._client.follow_redirects
    assert type(async_._client) is rt.transport.DefaultAsyncHttpxClient
    assert async_._client.timeout == rt.timeouts.DEFAULT_TIMEOUT
    given = httpx.Client()
    assert (
        rt.base_client.SyncAPIClient(base_url="http://127.0.0.1:9", api_key="k", http_client=given)._client
        is given
    )


def test_a_large_write_goes_out_in_pieces(rt: Any) -> None:
    """So the deadline grows while a large body is sent, piece by piece."""
    piece = rt.transport.WRITE_PIECE
    assert rt.transport._pieces(b"small") == [b"small"]
    pieces = rt.transport._pieces(b"x" * (2 * piece + 1))
    assert [len(p) for p in pieces] == [piece, piece, 1]
