from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict


class Chunk(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    text: str = ""


SSE = {"content-type": "text/event-stream; charset=utf-8"}


def event(data: str, name: str | None = None) -> bytes:
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {data}\n\n".encode()


def chunks(n: int) -> list[bytes]:
    return [event(f'{{"id": "c{i}", "text": "t{i}", "extra": {i}}}') for i in range(n)]


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that can fail part-way and records whether it was closed."""

    def __init__(self, parts: list[bytes], fail: Exception | None = None) -> None:
        self.parts, self.fail, self.closed, self.sent = parts, fail, False, 0

    def __iter__(self) -> Iterator[bytes]:
        for part in self.parts:
            self.sent += 1
            yield part
        if self.fail is not None:
            raise self.fail

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.__iter__():
            yield part

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def stream_of(make_client: Any, body: Body, status: int = 200, **kw: Any) -> Any:
    client = make_client(lambda request: httpx.Response(status, headers=SSE, stream=body))
    return client.request_stream("POST", "/v1/chat/completions", cast_to=Chunk, body={"stream": True}, **kw)


def test_stream_yields_typed_chunks_until_done(make_client: Any) -> None:
    body = Body([b": keep-alive\n\n", *chunks(3), event("[DONE]"), *chunks(2)])
    stream = stream_of(make_client, body, expect_done=True)
    items = list(stream)
    assert [c.id for c in items] == ["c0", "c1", "c2"]
    assert all(isinstance(c, Chunk) for c in items)
    assert items[1].model_extra == {"extra": 1}  # unknown fields kept
    assert body.closed
    assert stream.response.is_closed


def test_stream_request_headers(make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(200, headers=SSE, content=event("[DONE]")))
    client = make_client(rec)
    list(client.request_stream("POST", "/v1/chat/completions", cast_to=Chunk, body={"stream": True}))
    assert rec.requests[0].headers["accept"] == "text/event-stream"


def test_break_closes_connection(make_client: Any) -> None:
    body = Body(chunks(10))
    stream = stream_of(make_client, body)
    for chunk in stream:
        if chunk.id == "c1":
            break
    assert body.closed
    assert body.sent < 10


def test_context_manager_closes(make_client: Any) -> None:
    body = Body(chunks(5))
    with stream_of(make_client, body) as stream:
        assert next(stream).id == "c0"
        assert next(stream).id == "c1"
    assert body.closed


def test_stream_cut_off_by_transport(rt: Any, make_client: Any) -> None:
    body = Body(chunks(2), fail=httpx.RemoteProtocolError("peer closed connection"))
    stream = stream_of(make_client, body)
    seen = []
    with pytest.raises(rt.exceptions.APIConnectionError, match="interrupted"):
        for chunk in stream:
            seen.append(chunk.id)
    assert seen == ["c0", "c1"]
    assert body.closed


def test_stream_read_timeout(rt: Any, make_client: Any) -> None:
    stream = stream_of(make_client, Body(chunks(1), fail=httpx.ReadTimeout("slow")))
    with pytest.raises(rt.exceptions.APITimeoutError):
        list(stream)


def test_stream_ended_before_done(rt: Any, make_client: Any) -> None:
    with pytest.raises(rt.exceptions.APIConnectionError, match=r"\[DONE\]"):
        list(stream_of(make_client, Body(chunks(2)), expect_done=True))
    # without expect_done a clean end of stream is a normal end
    assert len(list(stream_of(make_client, Body(chunks(2))))) == 2


@pytest.mark.parametrize(
    "error_event",
    [
        event('{"error": {"message": "overloaded", "type": "server_error"}}'),
        event('{"message": "overloaded", "type": "server_error"}', name="error"),
        event('{"error": {"message": "overloaded"}}', name="error"),
        event("overloaded", name="error"),
    ],
)
def test_error_event_mid_stream(rt: Any, make_client: Any, error_event: bytes) -> None:
    body = Body([*chunks(2), error_event, *chunks(2)])
    seen = []
    with pytest.raises(rt.exceptions.APIError, match="overloaded") as info:
        for chunk in stream_of(make_client, body):
            seen.append(chunk.id)
    assert not isinstance(info.value, rt.exceptions.APIStatusError)
    assert seen == ["c0", "c1"]
    assert body.closed


def test_named_events_are_yielded(make_client: Any) -> None:
    body = Body([event('{"id": "r1", "text": "hi"}', name="response.output_text.delta")])
    assert [c.id for c in stream_of(make_client, body)] == ["r1"]


def test_error_status_before_stream(rt: Any, make_client: Any) -> None:
    client = make_client(
        lambda r: httpx.Response(429, json={"error": {"message": "slow down"}}), max_retries=0
    )
    with pytest.raises(rt.exceptions.RateLimitError, match="slow down"):
        client.request_stream("POST", "/v1/chat/completions", cast_to=Chunk)


def test_wrong_content_type(rt: Any, make_client: Any) -> None:
    client = make_client(lambda r: httpx.Response(200, json={"id": "x"}))
    stream = client.request_stream("POST", "/v1/chat/completions", cast_to=Chunk)
    with pytest.raises(rt.exceptions.APIResponseValidationError):
        list(stream)


def test_async_stream(rt: Any, make_async_client: Any) -> None:
    body = Body([*chunks(3), event("[DONE]")])

    async def main() -> list[str]:
        client = make_async_client(lambda r: httpx.Response(200, headers=SSE, stream=body))
        stream = await client.request_stream("POST", "/v1/chat/completions", cast_to=Chunk, expect_done=True)
        return [c.id async for c in stream]

    assert asyncio.run(main()) == ["c0", "c1", "c2"]
    assert body.closed


def test_async_stream_context_manager_and_error(rt: Any, make_async_client: Any) -> None:
    body = Body([*chunks(1), event('{"error": {"message": "boom"}}')])

    async def main() -> list[str]:
        client = make_async_client(lambda r: httpx.Response(200, headers=SSE, stream=body))
        seen: list[str] = []
        async with await client.request_stream("POST", "/v1/x", cast_to=Chunk) as stream:
            async for chunk in stream:
                seen.append(chunk.id)
        return seen

    with pytest.raises(rt.exceptions.APIError, match="boom"):
        asyncio.run(main())
    assert body.closed


def test_async_early_exit_with_context_manager(make_async_client: Any) -> None:
    body = Body(chunks(10))

    async def main() -> str:
        client = make_async_client(lambda r: httpx.Response(200, headers=SSE, stream=body))
        async with await client.request_stream("POST", "/v1/x", cast_to=Chunk) as stream:
            first = await stream.__anext__()
        return str(first.id)

    assert asyncio.run(main()) == "c0"
    assert body.closed
