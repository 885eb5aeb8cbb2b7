"""A misbehaving HTTP/1.1 server on 127.0.0.1, written on raw asyncio streams so it can do what no
framework allows: trickle bytes, lie about lengths, send broken gzip, loop redirects, cut the
connection mid-body. The first path segment picks the misbehaviour (see ``BEHAVIOURS``); it runs
in a daemon thread so sync and async clients can both call it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import zlib
from collections.abc import Awaitable, Callable
from functools import cache

from togen.core.loopback import bind, url_of

Writer = asyncio.StreamWriter
Behaviour = Callable[[Writer, str], Awaitable[None]]

TRICKLE_INTERVAL = 0.1  # seconds between bytes of a trickle: well under any read timeout used
BOMB_SIZE = 200 * 1024 * 1024  # bytes a gzip bomb expands to


def head(status: int, headers: dict[str, str] | None = None, reason: str = "X") -> bytes:
    fields = [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", *fields]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(status: int, body: bytes, content_type: str = "application/json", **extra: str) -> bytes:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return head(status, headers) + body


@cache
def gzip_bomb() -> bytes:
    """BOMB_SIZE zero bytes, gzip-compressed (about 200 KB), built without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(BOMB_SIZE // len(block))]
    return b"".join(parts) + compressor.flush()


async def send(writer: Writer, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


async def trickle(writer: Writer, data: bytes) -> None:
    for index in range(len(data)):
        await send(writer, data[index : index + 1])
        await asyncio.sleep(TRICKLE_INTERVAL)


async def redirect_loop(writer: Writer, path: str) -> None:
    await send(writer, head(302, {"Location": path, "Content-Length": "0"}))


async def redirect_without_location(writer: Writer, path: str) -> None:
    await send(writer, head(302, {"Content-Length": "0"}))


async def corrupt_gzip(writer: Writer, path: str) -> None:
    body = b"\x1f\x8b\x08\x00garbage, not deflate" * 4
    await send(writer, answer(200, body, Content_Encoding="gzip"))


async def gzip_bomb_answer(writer: Writer, path: str) -> None:
    await send(writer, answer(200, gzip_bomb(), Content_Encoding="gzip"))


async def retry_after_huge(writer: Writer, path: str) -> None:
    body = b'{"error": {"message": "slow down", "type": "rate_limit"}}'
    await send(writer, answer(429, body, Retry_After="99999"))


async def trickle_body(writer: Writer, path: str) -> None:
    body = b'{"id": "' + b"x" * 200 + b'"}'
    await send(writer, head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
    await trickle(writer, body)


async def trickle_gzip_body(writer: Writer, path: str) -> None:
    body = _gzip(b'{"id": "' + b"x" * 5000 + b'"}')
    await send(writer, head(200, {"Content-Encoding": "gzip", "Content-Length": str(len(body))}))
    await trickle(writer, body)


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


async def trickle_head(writer: Writer, path: str) -> None:
    await trickle(writer, b"HTTP/1.1 200 OK\r\nX-Slow: yyyyy\r\n\r\n{}")  # about 3 s


LONG_HEAD = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 600 + b"\r\n\r\n{}"  # a byte per 0.1 s: ~63 s


async def trickle_head_long(writer: Writer, path: str) -> None:
    await trickle(writer, LONG_HEAD)


_answered_once: set[str] = set()


async def trickle_head_then_ok(writer: Writer, path: str) -> None:
    """The first request for a path (make it unique per test) gets the long head trickle, the
    next ones a quick answer: a retry must get a deadline of its own."""
    if path in _answered_once:
        await ok(writer, path)
        return
    _answered_once.add(path)
    await trickle_head_long(writer, path)


SLOW_BODY_SIZE = 768 * 1024
SLOW_BODY_PIECE = 24 * 1024  # one piece per 0.1 s (240 KiB/s): ~3.2 s in all, each read well under 1 s


async def slow_large_body(writer: Writer, path: str) -> None:
    """A large answer at a slow but sane speed: takes longer than the timeout, and must succeed."""
    body = b'{"id": "' + b"x" * (SLOW_BODY_SIZE - 10) + b'"}'
    await send(writer, head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
    for start in range(0, len(body), SLOW_BODY_PIECE):
        await send(writer, body[start : start + SLOW_BODY_PIECE])
        await asyncio.sleep(TRICKLE_INTERVAL)


SLOW_READ_PIECE = 16 * 1024  # /slow-reader takes an upload in at one piece per 0.05 s (320 KiB/s)
SLOW_READ_BUFFER = 16 * 1024  # SO_RCVBUF, so the client's writes wait for the server's reads


async def read_slowly(reader: asyncio.StreamReader, size: int) -> None:
    while size > 0:
        size -= len(await reader.readexactly(min(size, SLOW_READ_PIECE)))
        await asyncio.sleep(0.05)


async def slow_sse(writer: Writer, path: str) -> None:
    """Server-sent events spread over ~3 s (longer than the timeout): a stream has no overall deadline."""
    await send(writer, head(200, {"Content-Type": "text/event-stream"}))
    for index in range(30):
        await send(writer, b'data: {"id": "e%d"}\n\n' % index)
        await asyncio.sleep(TRICKLE_INTERVAL)
    await send(writer, b"data: [DONE]\n\n")


async def silence(writer: Writer, path: str) -> None:
    await asyncio.sleep(30)


async def close_at_once(writer: Writer, path: str) -> None:
    return


async def cut_mid_body(writer: Writer, path: str) -> None:
    await send(writer, head(200, {"Content-Type": "application/json", "Content-Length": "500"}) + b'{"id": "')


async def not_http(writer: Writer, path: str) -> None:
    await send(writer, b"SSH-2.0-OpenSSH_9.6\r\n\r\n")


async def huge_headers(writer: Writer, path: str) -> None:
    await send(writer, b"HTTP/1.1 200 OK\r\nX-Big: " + b"z" * 300_000 + b"\r\nContent-Length: 2\r\n\r\n{}")


async def wrong_shape_list(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b'[{"id": "a"}]'))


async def wrong_shape_dict(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b'{"data": [{"id": "a"}]}'))


async def wrong_shape_string(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b'"ok"'))


async def not_json(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b"{not json"))


async def empty_200(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b""))


async def html_500(writer: Writer, path: str) -> None:
    await send(writer, answer(500, b"<html><body>Bad gateway</body></html>", "text/html"))


async def json_error_200(writer: Writer, path: str) -> None:
    body = json.dumps({"error": {"message": "model not found", "type": "invalid_request_error"}}).encode()
    await send(writer, answer(200, body))


async def content_length_lie(writer: Writer, path: str) -> None:
    declared = head(200, {"Content-Type": "application/json", "Content-Length": "5"})
    await send(writer, declared + b'{"id": "abc"}')


async def sse_without_done(writer: Writer, path: str) -> None:
    events = b'data: {"id": "a"}\n\ndata: {"id": "b"}\n\n'
    await send(writer, answer(200, events, "text/event-stream"))


async def sse_error_event(writer: Writer, path: str) -> None:
    events = (
        b'data: {"id": "a"}\n\nevent: error\ndata: {"error": {"message": "overloaded"}}\n\ndata: [DONE]\n\n'
    )
    await send(writer, answer(200, events, "text/event-stream"))


async def sse_not_json(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b"data: <html>\n\ndata: [DONE]\n\n", "text/event-stream"))


async def ok(writer: Writer, path: str) -> None:
    await send(writer, answer(200, b'{"id": "fine"}'))


BEHAVIOURS: dict[str, Behaviour] = {
    "/redirect-loop": redirect_loop,
    "/redirect-without-location": redirect_without_location,
    "/corrupt-gzip": corrupt_gzip,
    "/gzip-bomb": gzip_bomb_answer,
    "/retry-after-huge": retry_after_huge,
    "/trickle-body": trickle_body,
    "/trickle-gzip-body": trickle_gzip_body,
    "/trickle-head": trickle_head,
    "/trickle-head-long": trickle_head_long,
    "/trickle-head-then-ok": trickle_head_then_ok,
    "/slow-large-body": slow_large_body,
    "/slow-sse": slow_sse,
    "/slow-reader": ok,  # after reading the request body slowly: see HostileServer._handle
    "/silence": silence,
    "/close-at-once": close_at_once,
    "/cut-mid-body": cut_mid_body,
    "/not-http": not_http,
    "/huge-headers": huge_headers,
    "/wrong-shape-list": wrong_shape_list,
    "/wrong-shape-dict": wrong_shape_dict,
    "/wrong-shape-string": wrong_shape_string,
    "/not-json": not_json,
    "/empty-200": empty_200,
    "/html-500": html_500,
    "/json-error-200": json_error_200,
    "/content-length-lie": content_length_lie,
    "/sse-without-done": sse_without_done,
    "/sse-error-event": sse_error_event,
    "/sse-not-json": sse_not_json,
    "/ok": ok,
}


class HostileServer:
    """``with HostileServer() as server: httpx.get(server.url + "/trickle-body")``."""

    def __init__(self) -> None:
        self.socket = bind("127.0.0.1")
        self.socket.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVBUF, SLOW_READ_BUFFER
        )  # inherited when accepted
        self.url = url_of(self.socket)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hostile-server", daemon=True)
        self.requests: list[str] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        try:
            head_bytes = await reader.readuntil(b"\r\n\r\n")
            request_line = head_bytes.split(b"\r\n", 1)[0].decode("latin-1")
            path = request_line.split(" ")[1].split("?")[0]
            for line in head_bytes.split(b"\r\n")[1:]:
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length" and value.strip():
                    if path.startswith("/slow-reader/"):
                        await read_slowly(reader, int(value))
                    else:
                        await reader.readexactly(int(value))
            self.requests.append(path)
            # The first path segment picks the behaviour, so a client whose base URL is
            # ``server.url + "/trickle-body"`` gets it on every operation path.
            behaviour = BEHAVIOURS.get("/" + path.split("/")[1])
            if behaviour is None:
                await send(writer, answer(404, b'{"error": {"message": "no such behaviour"}}'))
            else:
                await behaviour(writer, path)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the client gave up first (expected for trickles), or the server is stopping
        finally:
            writer.close()

    def __enter__(self) -> HostileServer:
        gzip_bomb()  # built before any client waits for it
        self.thread.start()
        started = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, sock=self.socket), self.loop
        )
        self.server = started.result(timeout=10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            self.server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.socket.close()
