"""A user's own tests of code that calls the API, mocking HTTP the usual ways (respx, and
pytest-httpx's `httpx_mock`), with default clients, sync and async: the mocks see every request.

They patch httpx's transports (respx: the httpcore pool below them; pytest-httpx:
`HTTPTransport.handle_request`). The attempt deadline of the default clients lives below the
pool (the socket reads and writes of its connections), so it never goes around them."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import httpx
import pytest
import respx

BASE_URL = "http://api.together.test"  # never resolved: a request the mock misses fails loudly
FILE = {"id": "file-1", "object": "file", "filename": "train.jsonl", "bytes": 3, "purpose": "fine-tune"}


def options() -> dict[str, Any]:
    return {"api_key": "sk-user-test", "base_url": BASE_URL, "max_retries": 0}


def test_respx_sync_and_async(tc: ModuleType) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get("/v1/files/file-1").mock(return_value=httpx.Response(200, json=FILE))
        with tc.Together(**options()) as client:
            assert client.files.retrieve("file-1").filename == "train.jsonl"

        async def main() -> str:
            async with tc.AsyncTogether(**options()) as client:
                return (await client.files.retrieve("file-1")).filename

        assert asyncio.run(main()) == "train.jsonl"
        assert route.call_count == 2
        assert route.calls.last.request.headers["authorization"] == "Bearer sk-user-test"


def test_respx_binary_answer_with_a_client_built_before_the_mock(tc: ModuleType) -> None:
    """As in the official SDK's tests: a session-wide client, a mock per test."""
    client = tc.Together(**options())  # built (and its transport) before the mock starts
    with respx.mock(base_url=BASE_URL) as router:
        body = httpx.Response(200, json={"foo": "bar"})
        router.get("/v1/files/file-1/content").mock(return_value=body)
        content = client.files.content("file-1")
    client.close()
    assert content.is_closed and content.json() == {"foo": "bar"}


def test_pytest_httpx_sync(tc: ModuleType, httpx_mock: Any) -> None:
    httpx_mock.add_response(url=f"{BASE_URL}/v1/files/file-1", json=FILE)
    with tc.Together(**options()) as client:
        assert client.files.retrieve("file-1").id == "file-1"
    assert httpx_mock.get_request().url.path == "/v1/files/file-1"


def test_pytest_httpx_async(tc: ModuleType, httpx_mock: Any) -> None:
    httpx_mock.add_response(url=f"{BASE_URL}/v1/files/file-1", json=FILE)

    async def main() -> str:
        async with tc.AsyncTogether(**options()) as client:
            return (await client.files.retrieve("file-1")).id

    assert asyncio.run(main()) == "file-1"


def test_pytest_httpx_sees_errors_as_typed_ones(tc: ModuleType, httpx_mock: Any) -> None:
    httpx_mock.add_response(
        url=f"{BASE_URL}/v1/files/missing", status_code=404, json={"error": {"message": "no"}}
    )
    with tc.Together(**options()) as client, pytest.raises(tc.NotFoundError):
        client.files.retrieve("missing")
