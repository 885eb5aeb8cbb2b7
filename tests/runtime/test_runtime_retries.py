from __future__ import annotations

import asyncio
import email.utils
from typing import Any

import httpx
import pytest


def ok() -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


def test_retry_count_and_exponential_backoff(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(500))
    client = make_client(rec, max_retries=5)
    with pytest.raises(rt.exceptions.InternalServerError):
        client.request("GET", "/v1/models", cast_to=object)
    assert rec.calls == 6
    # random() == 0 -> no jitter: 0.5 * 2**n capped at 8
    assert client.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_default_max_retries_is_two(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(503))
    client = make_client(rec)
    with pytest.raises(rt.exceptions.InternalServerError):
        client.request("GET", "/v1/models", cast_to=object)
    assert rec.calls == 3 and len(client.sleeps) == 2


@pytest.mark.parametrize("jitter", [0.0, 0.3, 0.999])
def test_backoff_bounds_with_jitter(make_client: Any, recorder: Any, jitter: float) -> None:
    client = make_client(recorder(ok()))
    client._random = lambda: jitter
    for n in range(12):
        delay = client._retry_delay(n, None)
        ceiling = min(0.5 * 2**n, 8.0)
        assert 0.75 * ceiling <= delay <= ceiling


def test_success_after_retries(make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(429), httpx.Response(502), ok())
    client = make_client(rec)
    assert client.request("GET", "/v1/models", cast_to=object) == {"ok": True}
    assert rec.calls == 3


def test_no_retry_when_max_retries_zero(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(429))
    client = make_client(rec, max_retries=0)
    with pytest.raises(rt.exceptions.RateLimitError):
        client.request("GET", "/v1/models", cast_to=object)
    assert rec.calls == 1 and client.sleeps == []


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "0"}, 0.5),  # not a wait: backoff, as the official SDK does
        ({"retry-after": "60"}, 60.0),
        ({"retry-after": "99999"}, 0.5),  # beyond 60 s: ignored in favour of backoff (official SDK too)
        ({"retry-after-ms": "junk", "retry-after": "2"}, 2.0),
        ({"retry-after": "soon"}, 0.5),  # unparsable -> backoff
    ],
)
def test_retry_after_honoured(
    make_client: Any, recorder: Any, headers: dict[str, str], expected: float
) -> None:
    rec = recorder(httpx.Response(429, headers=headers), ok())
    client = make_client(rec)
    client.request("GET", "/v1/models", cast_to=object)
    assert client.sleeps == [expected]


def test_retry_after_http_date_uses_clock(make_client: Any, recorder: Any) -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 7, usegmt=True)
    rec = recorder(httpx.Response(503, headers={"retry-after": date}), ok())
    client = make_client(rec)
    client._clock = lambda: now
    client.request("GET", "/v1/models", cast_to=object)
    assert client.sleeps == [7.0]


@pytest.mark.parametrize(
    ("method", "status", "headers", "retried"),
    [
        ("GET", 500, {}, True),
        ("POST", 500, {}, False),  # the server may have acted
        ("POST", 503, {}, True),
        ("POST", 429, {}, True),
        ("POST", 408, {}, True),
        ("POST", 409, {}, True),
        ("POST", 500, {"x-should-retry": "true"}, True),
        ("GET", 503, {"x-should-retry": "false"}, False),
        ("GET", 400, {}, False),
        ("GET", 404, {}, False),
        ("GET", 400, {"x-should-retry": "true"}, True),
        ("DELETE", 500, {}, True),
    ],
)
def test_which_statuses_are_retried(
    make_client: Any, recorder: Any, method: str, status: int, headers: dict[str, str], retried: bool
) -> None:
    rec = recorder(httpx.Response(status, headers=headers), ok())
    client = make_client(rec)
    try:
        client.request(method, "/v1/x", cast_to=object)
    except Exception:
        assert not retried
    assert rec.calls == (2 if retried else 1)


@pytest.mark.parametrize(
    ("method", "error", "retried"),
    [
        ("POST", httpx.ConnectError("refused"), True),
        ("POST", httpx.ConnectTimeout("connect"), True),
        ("POST", httpx.ReadTimeout("read"), False),
        ("POST", httpx.RemoteProtocolError("reset"), False),
        ("GET", httpx.ReadTimeout("read"), True),
        ("GET", httpx.ReadError("reset"), True),
        ("GET", httpx.ConnectError("refused"), True),
    ],
)
def test_which_connection_errors_are_retried(
    rt: Any, make_client: Any, recorder: Any, method: str, error: Exception, retried: bool
) -> None:
    rec = recorder(error, ok())
    client = make_client(rec)
    if retried:
        assert client.request(method, "/v1/x", cast_to=object) == {"ok": True}
        assert rec.calls == 2
    else:
        with pytest.raises(rt.exceptions.APIConnectionError):
            client.request(method, "/v1/x", cast_to=object)
        assert rec.calls == 1


def test_connection_error_exhausts_retries(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.ConnectError("refused"))
    client = make_client(rec, max_retries=3)
    with pytest.raises(rt.exceptions.APIConnectionError):
        client.request("POST", "/v1/x", cast_to=object)
    assert rec.calls == 4
    assert client.sleeps == [0.5, 1.0, 2.0]


def test_retried_request_resends_body(make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(503), ok())
    client = make_client(rec)
    client.request("POST", "/v1/files", cast_to=object, files={"file": b"abc"}, body={"purpose": "fine-tune"})
    assert rec.requests[0].read() == rec.requests[1].read()
    assert b"abc" in rec.requests[1].read()


def test_async_retries(rt: Any, make_async_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(500, headers={"retry-after": "2"}), httpx.Response(500), ok())

    async def main() -> Any:
        async with make_async_client(rec) as client:
            result = await client.request("GET", "/v1/models", cast_to=object)
            return result, client.sleeps

    result, sleeps = asyncio.run(main())
    assert result == {"ok": True}
    assert sleeps == [2.0, 1.0]
    assert rec.calls == 3


def test_async_errors_raise_typed(rt: Any, make_async_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(401, json={"error": {"message": "bad key"}}))

    async def main() -> None:
        client = make_async_client(rec)
        await client.request("GET", "/v1/models", cast_to=object)

    with pytest.raises(rt.exceptions.AuthenticationError, match="bad key"):
        asyncio.run(main())
