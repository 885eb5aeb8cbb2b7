"""Shared fixtures of the tests of `together_client` (generated; do not edit).

`TEST_API_BASE_URL` names a running mock (`togen mock --port 4010`); without it, togen's pytest
plugin (installed with togen) starts one `togen mock` for the session; else `http://127.0.0.1:4010`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The checkout's package, also when an installed one is on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from together_client import AsyncTogether, Together  # noqa: E402
from together_client._pagination import AsyncCursorPagination, SyncCursorPagination  # noqa: E402
from together_client._response import AsyncBinaryAPIResponse, BinaryAPIResponse  # noqa: E402
from together_client._streaming import AsyncStream, Stream  # noqa: E402

API_KEY = "test-key"
MAX_ITEMS = 20  # read of a stream or an auto-paging list: the mock may always have more pages


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest) -> str:
    url = os.environ.get("TEST_API_BASE_URL")
    if url:
        return url
    try:
        return str(request.getfixturevalue("mock_server"))
    except pytest.FixtureLookupError:
        return "http://127.0.0.1:4010"


@pytest.fixture(params=["asyncio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(base_url: str) -> Iterator[Together]:
    with Together(api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True) as c:
        yield c


@pytest.fixture
async def async_client(base_url: str) -> AsyncIterator[AsyncTogether]:
    async with AsyncTogether(
        api_key=API_KEY, base_url=base_url, max_retries=0, strict_response_validation=True
    ) as c:
        yield c


@pytest.fixture
def consume() -> Callable[[Any], None]:
    """Reads a result, so a streamed, paged or binary body is parsed and checked too."""

    def read(result: Any) -> None:
        if isinstance(result, BinaryAPIResponse):
            assert result.is_closed and result.read() is not None
        elif isinstance(result, (Stream, SyncCursorPagination)):
            for index, _ in enumerate(result):
                if index >= MAX_ITEMS:
                    break

    return read


@pytest.fixture
def aconsume() -> Callable[[Any], Awaitable[None]]:
    async def read(result: Any) -> None:
        if isinstance(result, AsyncBinaryAPIResponse):
            assert result.is_closed and await result.read() is not None
        elif isinstance(result, (AsyncStream, AsyncCursorPagination)):
            index = 0
            async for _ in result:
                index += 1
                if index >= MAX_ITEMS:
                    break

    return read
