"""The hostile-server matrix: against a real misbehaving server on 127.0.0.1, every call of the
sync and the async client ends in one of our typed errors or a correct value, within a bound
derived from its timeout, and no httpx/json/zlib exception escapes.

The bounds are hang detectors (several times the expected time), not speed measurements.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeAliasType

from tests.runtime.hostile_server import BOMB_SIZE, HostileServer

API_KEY = "sk-test-SECRET-1234567890"
TIMEOUT = 1.0  # seconds; the server's trickles send a byte every 0.1 s, so no single read times out
CAP = 8 * 1024 * 1024
CAPPED = {"max_response_size": CAP}


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str


ItemList = TypeAliasType("ItemList", list[Item])  # as datamodel-code-generator emits ModelInfoList


@dataclass(frozen=True)
class Case:
    path: str
    call: str  # json | list | binary | stream | post
    expected: str  # the exception class name, or "value"
    match: str = ""  # in the exception message
    bound: float = 4 * TIMEOUT  # seconds: a hang detector
    options: dict[str, Any] = field(default_factory=dict)
    sync_bound: float | None = None  # where the sync client differs (documented limitation)


CASES = [
    Case("/ok", "json", "value"),
    Case("/redirect-loop", "json", "APIConnectionError", "Too many redirects"),
    Case("/redirect-without-location", "json", "APIStatusError", "302"),
    Case("/corrupt-gzip", "json", "APIConnectionError", "could not be decoded"),
    Case("/corrupt-gzip", "binary", "APIConnectionError", "could not be decoded"),
    Case("/gzip-bomb", "json", "APIResponseTooLargeError", "max_response_size", options=CAPPED),
    Case("/gzip-bomb", "binary", "APIResponseTooLargeError", "max_response_size", options=CAPPED),
    # Retry-After: 99999 is ignored: one retry after ~0.5 s backoff, not after 60 s.
    Case("/retry-after-huge", "json", "RateLimitError", "slow down", options={"max_retries": 1}),
    Case("/trickle-body", "json", "APITimeoutError", "timed out"),
    Case("/trickle-body", "binary", "APITimeoutError", "timed out"),
    Case("/trickle-body", "post", "APITimeoutError", "timed out"),
    Case("/trickle-gzip-body", "json", "APITimeoutError", "timed out"),
    # httpx cannot cancel a blocking read, so the sync client notices a trickled response head
    # only once it is complete (then the budget is spent: timeout); the async client cancels it.
    Case("/trickle-head", "json", "APITimeoutError", "timed out", sync_bound=12.0),
    Case("/silence", "json", "APITimeoutError", "timed out"),
    Case("/close-at-once", "json", "APIConnectionError", "Connection error", options={"max_retries": 1}),
    Case("/cut-mid-body", "json", "APIConnectionError", "Connection error"),
    Case("/not-http", "json", "APIConnectionError", "Connection error"),
    Case("/huge-headers", "json", "APIConnectionError", "Connection error"),
    Case("/wrong-shape-list", "json", "APIResponseValidationError", "Item"),
    Case("/wrong-shape-string", "json", "APIResponseValidationError", "Item"),
    Case("/wrong-shape-dict", "list", "APIResponseValidationError", "list"),
    Case("/not-json", "json", "APIResponseValidationError", "not JSON"),
    Case("/empty-200", "json", "APIResponseValidationError", "got none"),
    Case("/html-500", "json", "InternalServerError", "Bad gateway"),
    Case("/json-error-200", "json", "APIResponseValidationError", "model not found"),
    Case("/json-error-200", "binary", "APIResponseValidationError", "model not found"),
    Case("/content-length-lie", "json", "APIResponseValidationError", "not JSON"),
    Case("/sse-without-done", "stream", "APIConnectionError", "[DONE]"),
    Case("/sse-error-event", "stream", "APIError", "overloaded"),
    Case("/sse-not-json", "stream", "APIResponseValidationError", "not JSON"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with HostileServer() as running:
        yield running


def options_of(case: Case) -> dict[str, Any]:
    return {"api_key": API_KEY, "timeout": TIMEOUT, "max_retries": 0, **case.options}


def call_sync(client: Any, case: Case) -> object:
    if case.call == "json":
        return client.request("GET", case.path + "/v1/items/1", cast_to=Item)
    if case.call == "post":
        return client.request("POST", case.path + "/v1/items", cast_to=Item, body={"name": "x"})
    if case.call == "list":
        return client.request("GET", case.path + "/v1/items", cast_to=ItemList)
    if case.call == "binary":
        return client.request_binary("GET", case.path + "/v1/files/f/content", accept="audio/wav").content
    stream = client.request_stream("POST", case.path + "/v1/chat", cast_to=Item, body={}, expect_done=True)
    return list(stream)


async def call_async(client: Any, case: Case) -> object:
    if case.call == "json":
        return await client.request("GET", case.path + "/v1/items/1", cast_to=Item)
    if case.call == "post":
        return await client.request("POST", case.path + "/v1/items", cast_to=Item, body={"name": "x"})
    if case.call == "list":
        return await client.request("GET", case.path + "/v1/items", cast_to=ItemList)
    if case.call == "binary":
        binary = await client.request_binary("GET", case.path + "/v1/files/f/content", accept="audio/wav")
        return binary.content
    stream = await client.request_stream(
        "POST", case.path + "/v1/chat", cast_to=Item, body={}, expect_done=True
    )
    return [item async for item in stream]


def check(rt: Any, case: Case, outcome: object, elapsed: float, bound: float) -> None:
    expected = case.expected
    if expected == "value":
        assert not isinstance(outcome, BaseException), repr(outcome)
        assert isinstance(outcome, Item)
    else:
        assert isinstance(outcome, rt.exceptions.TogetherError), f"leaked {type(outcome).__name__}: {outcome}"
        assert type(outcome).__name__ == expected, f"{type(outcome).__name__}: {outcome}"
        assert case.match in str(outcome)
    assert elapsed < bound, f"{case.path} took {elapsed:.1f}s (bound {bound}s)"


def case_id(case: Case) -> str:
    return f"{case.path.strip('/')}-{case.call}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_sync_client_against_hostile_server(rt: Any, server: HostileServer, case: Case) -> None:
    client = rt.base_client.SyncAPIClient(base_url=server.url, **options_of(case))
    started = time.monotonic()
    try:
        outcome: object = call_sync(client, case)
    except Exception as exc:  # noqa: BLE001 - what escapes is the thing under test
        outcome = exc
    finally:
        client.close()
    check(rt, case, outcome, time.monotonic() - started, case.sync_bound or case.bound)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_async_client_against_hostile_server(rt: Any, server: HostileServer, case: Case) -> None:
    async def main() -> tuple[object, float]:
        client = rt.base_client.AsyncAPIClient(base_url=server.url, **options_of(case))
        started = time.monotonic()
        try:
            outcome: object = await call_async(client, case)
        except Exception as exc:  # noqa: BLE001 - what escapes is the thing under test
            outcome = exc
        finally:
            await client.close()
        return outcome, time.monotonic() - started

    outcome, elapsed = asyncio.run(main())
    check(rt, case, outcome, elapsed, case.bound)


def test_retry_after_beyond_a_minute_falls_back_to_backoff(rt: Any, server: HostileServer) -> None:
    """The server saw both attempts; the client waited the backoff (~0.5 s), not 99999 s or 60 s."""
    client = rt.base_client.SyncAPIClient(base_url=server.url, api_key=API_KEY, max_retries=1)
    waits: list[float] = []
    client._sleep = waits.append
    before = len(server.requests)
    with pytest.raises(rt.exceptions.RateLimitError):
        client.request("GET", "/retry-after-huge/v1/models", cast_to=object)
    assert len(server.requests) - before == 2
    assert len(waits) == 1 and 0.3 < waits[0] <= 0.5


def test_size_cap_counts_decoded_bytes_and_stops_early(rt: Any, server: HostileServer) -> None:
    """The 200 MB expansion is refused at the cap, not read whole; without a cap (the default, as
    in the official SDK) the client reads it all."""
    capped = rt.base_client.SyncAPIClient(base_url=server.url, api_key=API_KEY, max_response_size=CAP)
    with pytest.raises(rt.exceptions.APIResponseTooLargeError) as caught:
        capped.request_binary("GET", "/gzip-bomb/v1/files/f/content")
    assert caught.value.limit == CAP and caught.value.status_code == 200
    uncapped = rt.base_client.SyncAPIClient(base_url=server.url, api_key=API_KEY)
    assert len(uncapped.request_binary("GET", "/gzip-bomb/v1/files/f/content").content) == BOMB_SIZE
