"""How long a call may take: the default timeouts and the deadline of each attempt.

httpx's timeouts bound each read and each write, not their sum, so a server sending one byte per
second (of the body or of the response head) would hold a call forever. Each attempt therefore has
a deadline: its read timeout plus one second per ``MIN_TRANSFER_RATE`` bytes sent or received, so
a trickle ends after about the timeout while an upload or a download at any sane speed never trips
it. The attempt being sent is in ``CURRENT_ATTEMPT``; the transports of the default httpx client
(``_transport.py``) clamp every socket read and write to its deadline, response head included. With
a user's own ``http_client`` only the body is checked, chunk by chunk, as it arrives.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextvars import ContextVar

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
MIN_TRANSFER_RATE = 16 * 1024  # bytes per second of allowance beyond the read timeout


class AttemptDeadline:
    """The time one attempt (request sent, response head and body received) may take."""

    __slots__ = ("metered", "request", "seconds", "started", "transferred")

    def __init__(self, request: httpx.Request) -> None:
        timeouts: Mapping[str, float | None] = request.extensions.get("timeout") or {}
        self.request = request
        self.seconds = timeouts.get("read")  # None: no deadline, as httpx's timeout=None
        self.started = time.monotonic()
        self.transferred = 0
        self.metered = False  # True once a transport of ours counts this attempt's bytes at the socket

    def remaining(self) -> float | None:
        if self.seconds is None:
            return None
        return self.started + self.seconds + self.transferred / MIN_TRANSFER_RATE - time.monotonic()

    def socket_timeout(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """The timeout for the next socket read or write: the caller's, but never past the deadline
        (past it: ``expired``). The transport calls it, then counts the bytes with :meth:`count`."""
        self.metered = True
        left = self.remaining()
        if left is None:
            return timeout
        if left <= 0:
            raise expired(self.message())
        return left if timeout is None else min(timeout, left)

    def count(self, size: int) -> None:
        self.transferred += size

    def count_body(self, size: int) -> None:
        """A chunk of the body arrived. It is counted here only when no transport of ours counted it
        at the socket (a user's own http client); then the deadline is checked."""
        if not self.metered:
            self.transferred += size
        left = self.remaining()
        if left is not None and left < 0:
            raise httpx.ReadTimeout(self.message(), request=self.request)

    def message(self) -> str:
        return (
            f"Response not complete within the {self.seconds:g}s timeout "
            f"(plus 1s per {MIN_TRANSFER_RATE} bytes transferred)"
        )


# The attempt the current thread (sync) or task (async) is sending; None outside the send loop,
# so a streamed body (SSE, with_streaming_response) read later has per-read timeouts only.
CURRENT_ATTEMPT: ContextVar[AttemptDeadline | None] = ContextVar("attempt_deadline", default=None)
