"""A response body the transport has not read yet, for tests of what the client reads when.

httpx reads a `content=` or `json=` body at once; tests that check lazy reading (binary
answers, pages parsed on demand) hand the response this stream instead."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx


class Unread(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, content: bytes) -> None:
        self.content = content

    def __iter__(self) -> Iterator[bytes]:
        yield self.content

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.content
