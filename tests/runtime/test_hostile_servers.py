"""The hostile-server matrix: against a real misbehaving server on 127.0.0.1, every call of the
sync and the async client ends in one of our typed errors or a correct value, and no
httpx/json/zlib exception escapes.

Nothing here depends on how fast the machine is. Only the calls that must be cut at their deadline
(trickles, silence) have a short timeout (``TIMEOUT``), and the bound they must end within is ten
times it, far below what the trickles would last; every other call has a timeout no busy machine
reaches (``PATIENT``), as a call answered at once must not turn into a timeout under load. The slow
but legitimate answers pause 0.1 s between pieces, a twentieth of their timeout. Every call also
runs under a hard limit (``HARD_LIMIT``), far below what the long trickles would last.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeAliasType

from tests.runtime.hostile_server import BOMB_SIZE, SLOW_BODY_SIZE, HostileServer

API_KEY = "sk-test-SECRET-1234567890"
TIMEOUT = 1.0  # seconds, for the calls cut at their deadline; trickles send a byte every 0.1 s
DEADLINE_BOUND = 10 * TIMEOUT  # a call cut at its deadline ends within this (a trickle lasts 3.5-63 s)
PATIENT = 60.0  # seconds, for the calls answered at once: never reached, however busy the machine
SLOW_TIMEOUT = 2.0  # seconds, for the slow but legitimate answers: they last longer (~3 s)
CAP = 8 * 1024 * 1024
CAPPED = {"max_response_size": CAP}
HARD_LIMIT = 40.0  # seconds: a call still running then has hung (a long head trickle lasts ~63 s)


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
    timeout: float = PATIENT
    bound: float | None = None  # seconds the call must end within (None: HARD_LIMIT only)
    slow: bool = False  # the answer lasts longer than the timeout (else the case proves nothing)
    options: dict[str, Any] = field(default_factory=dict)


def cut(path: str, call: str) -> Case:
    """A call that must end at its deadline, after ~TIMEOUT, though the server would go on."""
    return Case(path, call, "APITimeoutError", "timed out", timeout=TIMEOUT, bound=DEADLINE_BOUND)


def slow(path: str, call: str) -> Case:
    """A slow but legitimate answer, longer than the timeout: it must succeed."""
    return Case(path, call, "value", timeout=SLOW_TIMEOUT, slow=True)


CASES = [
    Case("/ok", "json", "value"),
    Case("/redirect-loop", "json", "APIConnectionError", "Too many redirects"),
    Case("/redirect-without-location", "json", "APIStatusError", "302"),
    Case("/corrupt-gzip", "json", "APIConnectionError", "could not be decoded"),
    Case("/corrupt-gzip", "binary", "APIConnectionError", "could not be decoded"),
    Case("/gzip-bomb", "json", "APIResponseTooLargeError", "max_response_size", options=CAPPED),
    Case("/gzip-bomb", "binary", "APIResponseTooLargeError", "max_response_size", options=CAPPED),
    # Retry-After: 99999 is ignored: one retry after ~0.5 s backoff, not after 60 s.
    Case(
        "/retry-after-huge",
        "json",
        "RateLimitError",
        "slow down",
        bound=DEADLINE_BOUND,
        options={"max_retries": 1},
    ),  # fmt: skip
    cut("/trickle-body", "json"),
    cut("/trickle-body", "binary"),
    cut("/trickle-body", "post"),
    cut("/trickle-gzip-body", "json"),
    # A response head trickled a byte at a time: every socket read of the attempt stops at its
    # deadline, so the call ends after ~the timeout however long the head would last.
    cut("/trickle-head", "json"),
    cut("/trickle-head-long", "json"),
    cut("/trickle-head-long", "post"),
    cut("/trickle-head-long", "binary"),
    cut("/trickle-head-long", "stream"),
    # Longer than the timeout but at a sane speed: the deadline grows 1 s per 16 KiB received, and
    # a stream has no overall deadline at all.
    slow("/slow-large-body", "json"),
    slow("/slow-large-body", "binary"),
    slow("/slow-sse", "stream"),
    cut("/silence", "json"),
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
    return {"api_key": API_KEY, "timeout": case.timeout, "max_retries": 0, **case.options}


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


def run_bounded(call: Callable[[], object]) -> tuple[object, float]:
    """``call()``'s value or exception and how long it took, run in a thread that must end within
    HARD_LIMIT (a sync call cannot be interrupted, so the test gives up on it instead)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as exc:  # noqa: BLE001 - what escapes is the thing under test
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=run, name="bounded-call", daemon=True)
    worker.start()
    worker.join(HARD_LIMIT)
    if worker.is_alive():
        pytest.fail(f"the call was still running after {HARD_LIMIT}s")
    return outcome[0], time.monotonic() - started


async def arun_bounded(call: Callable[[], Any]) -> tuple[object, float]:
    """Async twin of :func:`run_bounded` (an async call is cancelled at HARD_LIMIT)."""
    started = time.monotonic()
    try:
        outcome: object = await asyncio.wait_for(call(), HARD_LIMIT)
    except TimeoutError:
        pytest.fail(f"the call was still running after {HARD_LIMIT}s")
    except Exception as exc:  # noqa: BLE001 - what escapes is the thing under test
        outcome = exc
    return outcome, time.monotonic() - started


def check_value(case: Case, outcome: object) -> None:
    assert not isinstance(outcome, BaseException), repr(outcome)
    if case.call == "binary":
        assert isinstance(outcome, bytes) and len(outcome) == SLOW_BODY_SIZE
    elif case.call == "stream":
        assert isinstance(outcome, list) and outcome and all(isinstance(item, Item) for item in outcome)
    else:
        assert isinstance(outcome, Item)


def check(rt: Any, case: Case, outcome: object, elapsed: float) -> None:
    expected = case.expected
    if expected == "value":
        check_value(case, outcome)
    else:
        assert isinstance(outcome, rt.exceptions.TogetherError), f"leaked {type(outcome).__name__}: {outcome}"
        assert type(outcome).__name__ == expected, f"{type(outcome).__name__}: {outcome}"
        assert case.match in str(outcome)
    if case.bound is not None:
        assert elapsed < case.bound, f"{case.path} took {elapsed:.1f}s (bound {case.bound}s)"
    if case.slow:  # a lower bound: the server's pauses make it hold on any machine
        assert elapsed > case.timeout, f"{case.path} took {elapsed:.1f}s: not longer than its timeout"


def case_id(case: Case) -> str:
    return f"{case.path.strip('/')}-{case.call}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_sync_client_against_hostile_server(rt: Any, server: HostileServer, case: Case) -> None:
    client = rt.base_client.SyncAPIClient(base_url=server.url, **options_of(case))
    try:
        outcome, elapsed = run_bounded(lambda: call_sync(client, case))
    finally:
        client.close()
    check(rt, case, outcome, elapsed)


def async_http_client(rt: Any, transport: str) -> Any:
    """None: the default client (httpx); "aiohttp": DefaultAioHttpClient, as the official SDK's."""
    if transport == "httpx":
        return None
    return rt.aiohttp.DefaultAioHttpClient(timeout=TIMEOUT)


# Where aiohttp answers a broken server differently, and as well: bytes after the declared
# Content-Length are a protocol error to aiohttp (httpx reads the 5 declared bytes: not JSON).
AIOHTTP_EXPECTED = {("/content-length-lie", "json"): ("APIConnectionError", "Connection error")}


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_async_client_against_hostile_server(
    rt: Any, server: HostileServer, case: Case, transport: str
) -> None:
    async def main() -> tuple[object, float]:
        http_client = async_http_client(rt, transport)
        client = rt.base_client.AsyncAPIClient(
            base_url=server.url, http_client=http_client, **options_of(case)
        )
        try:
            return await arun_bounded(lambda: call_async(client, case))
        finally:
            await client.close()
            if http_client is not None:
                await http_client.aclose()  # the caller's own client: the API client leaves it open

    if transport == "aiohttp" and (case.path, case.call) in AIOHTTP_EXPECTED:
        expected, match = AIOHTTP_EXPECTED[case.path, case.call]
        case = dataclasses.replace(case, expected=expected, match=match)
    outcome, elapsed = asyncio.run(main())
    check(rt, case, outcome, elapsed)


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


RETRY_TIMEOUT = 5.0  # cuts the first attempt's trickle; the retry, answered at once, needs far less


def test_each_retry_of_a_trickled_head_gets_its_own_deadline(rt: Any, server: HostileServer) -> None:
    """The first attempt's head trickles (cut at its deadline), the retry is answered at once: the
    GET succeeds on its second attempt, not cut short by the first attempt's spent deadline."""
    path = f"/trickle-head-then-ok/{uuid.uuid4().hex}/v1/items/1"
    client = rt.base_client.SyncAPIClient(
        base_url=server.url, api_key=API_KEY, timeout=RETRY_TIMEOUT, max_retries=1
    )
    try:
        outcome, _ = run_bounded(lambda: client.request("GET", path, cast_to=Item))
    finally:
        client.close()
    assert isinstance(outcome, Item), repr(outcome)
    assert server.requests.count(path) == 2


def test_async_each_retry_of_a_trickled_head_gets_its_own_deadline(rt: Any, server: HostileServer) -> None:
    path = f"/trickle-head-then-ok/{uuid.uuid4().hex}/v1/items/1"

    async def main() -> tuple[object, float]:
        client = rt.base_client.AsyncAPIClient(
            base_url=server.url, api_key=API_KEY, timeout=RETRY_TIMEOUT, max_retries=1
        )
        try:
            return await arun_bounded(lambda: client.request("GET", path, cast_to=Item))
        finally:
            await client.close()

    outcome, _ = asyncio.run(main())
    assert isinstance(outcome, Item), repr(outcome)
    assert server.requests.count(path) == 2


GIVEN_CLIENTS = {
    "DefaultHttpxClient": lambda rt: rt.transport.DefaultHttpxClient(timeout=TIMEOUT),
    "httpx.Client": lambda rt: httpx.Client(timeout=TIMEOUT),
    "httpx.Client(mounts=)": lambda rt: httpx.Client(
        timeout=TIMEOUT, mounts={"http://127.0.0.1": httpx.HTTPTransport(retries=0)}
    ),
}


@pytest.mark.parametrize("given", sorted(GIVEN_CLIENTS))
def test_a_given_http_client_keeps_the_whole_deadline(rt: Any, server: HostileServer, given: str) -> None:
    """``http_client=`` of any kind (to set proxies, limits, mounts...): a trickled response head
    still ends at the attempt's deadline, whichever transport serves the request."""
    http_client = GIVEN_CLIENTS[given](rt)
    client = rt.base_client.SyncAPIClient(
        base_url=server.url, api_key=API_KEY, max_retries=0, http_client=http_client
    )
    with http_client:
        outcome, elapsed = run_bounded(
            lambda: client.request("GET", "/trickle-head-long/v1/items/1", cast_to=Item)
        )
    assert isinstance(outcome, rt.exceptions.APITimeoutError), repr(outcome)
    assert elapsed < DEADLINE_BOUND


def test_async_a_given_http_client_keeps_the_whole_deadline(rt: Any, server: HostileServer) -> None:
    async def main() -> tuple[object, float]:
        mounted = httpx.AsyncHTTPTransport(retries=0)
        async with httpx.AsyncClient(timeout=TIMEOUT, mounts={"http://127.0.0.1": mounted}) as http_client:
            client = rt.base_client.AsyncAPIClient(
                base_url=server.url, api_key=API_KEY, max_retries=0, http_client=http_client
            )
            started = time.monotonic()
            try:
                outcome: object = await asyncio.wait_for(
                    client.request("GET", "/trickle-head-long/v1/items/1", cast_to=Item), HARD_LIMIT
                )
            except Exception as exc:
                outcome = exc
            return outcome, time.monotonic() - started

    outcome, elapsed = asyncio.run(main())
    assert isinstance(outcome, rt.exceptions.APITimeoutError), repr(outcome)
    assert elapsed < DEADLINE_BOUND


def test_a_given_http_client_is_unchanged_for_other_code(rt: Any, server: HostileServer) -> None:
    """Its transports get the deadline backend, which outside the API client's calls passes every
    read and write through: the user's own requests through the same client work as before."""
    with httpx.Client(timeout=5.0) as http_client:
        rt.base_client.SyncAPIClient(base_url=server.url, api_key=API_KEY, http_client=http_client)
        backend = http_client._transport._pool._network_backend  # type: ignore[attr-defined]
        assert isinstance(backend, rt.transport._DeadlineBackend)
        answer = http_client.get(f"{server.url}/ok/v1/items/1")
    assert answer.status_code == 200 and answer.json()["id"]


UPLOAD = {"text": "x" * 1_500_000}  # /slow-reader takes ~4.6 s to read it, at 320 KiB/s
UPLOAD_TIMEOUT = 3.0  # shorter than the upload, ~10 times the silence once our last bytes are buffered
SMALL_SEND_BUFFER = [(socket.SOL_SOCKET, socket.SO_SNDBUF, 16 * 1024)]  # writes last as the upload does


def test_a_slow_but_sane_upload_succeeds(rt: Any, server: HostileServer) -> None:
    """Longer than the timeout, at a sane speed: bytes sent extend the deadline as received ones do
    (the default client given a transport of the user's: it gets the deadline backend too)."""
    transport = httpx.HTTPTransport(socket_options=SMALL_SEND_BUFFER)
    http_client = rt.transport.DefaultHttpxClient(timeout=UPLOAD_TIMEOUT, transport=transport)
    client = rt.base_client.SyncAPIClient(
        base_url=server.url, api_key=API_KEY, max_retries=0, http_client=http_client
    )
    with http_client:
        outcome, elapsed = run_bounded(
            lambda: client.request("POST", "/slow-reader/v1/items", cast_to=Item, body=UPLOAD)
        )
    assert isinstance(outcome, Item), repr(outcome)
    assert elapsed > UPLOAD_TIMEOUT  # else the case proves nothing: the upload was not slow


def test_async_a_slow_but_sane_upload_succeeds(rt: Any, server: HostileServer) -> None:
    async def main() -> tuple[object, float]:
        transport = httpx.AsyncHTTPTransport(socket_options=SMALL_SEND_BUFFER)
        http_client = rt.transport.DefaultAsyncHttpxClient(timeout=UPLOAD_TIMEOUT, transport=transport)
        client = rt.base_client.AsyncAPIClient(
            base_url=server.url, api_key=API_KEY, max_retries=0, http_client=http_client
        )
        async with http_client:
            return await arun_bounded(
                lambda: client.request("POST", "/slow-reader/v1/items", cast_to=Item, body=UPLOAD)
            )

    outcome, elapsed = asyncio.run(main())
    assert isinstance(outcome, Item), repr(outcome)
    assert elapsed > UPLOAD_TIMEOUT
