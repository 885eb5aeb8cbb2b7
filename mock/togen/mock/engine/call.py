"""What every part of the mock shares about one HTTP exchange: the request as the handlers
see it (`Call`), the error answer in Together's shape (`MockError`) and the ways to answer
(`dumps`, `json_response`, `sse_response`), plus the mock's own URL prefixes.

This module imports nothing else of the mock, so the router, the handlers, the stateful
collections and the endpoint behaviours can all depend on it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.responses import JSONResponse, Response, StreamingResponse

from togen.core.sse import encode_event

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

UPLOAD_PATH = "/_mock/uploads/"  # the together SDK's presigned upload target
STORAGE_PATH = "/_mock/storage/"  # where the mock's redirects point


class MockError(Exception):
    """An error answer in Together's shape: {"error": {"message", "type", "param", "code"}}."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": type, "param": param, "code": code}}
        self.headers = headers or {}

    def response(self) -> Response:
        return JSONResponse(self.body, self.status, headers=self.headers)


def bad_request(message: str, param: str, code: str = "invalid_request_error") -> MockError:
    """A 400 about the request body field at `param` (`messages/0/content`)."""
    return MockError(400, message, param=f"body/{param}", code=code)


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status, headers=headers, media_type="application/json")


def sse_response(chunks: list[Any], status: int, terminator: str | None) -> Response:
    """`chunks` as server-sent events: `data: <json>` each, then `data: <terminator>`. Without
    a terminator (typed event streams such as the Responses API's), each chunk's `type` is
    also its `event:` line."""
    payload = []
    for chunk in chunks:
        kind = chunk.get("type") if isinstance(chunk, dict) and terminator is None else None
        data = dumps(chunk).decode()
        if kind == "":  # an empty event name still gets its line, as it always has
            payload.append(("event: \n" + encode_event(data)).encode())
        else:
            payload.append(encode_event(data, kind if isinstance(kind, str) else None).encode())
    if terminator is not None:
        payload.append(encode_event(terminator).encode())

    async def stream() -> Any:
        for part in payload:
            yield part

    return StreamingResponse(
        stream(),
        status,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@dataclass
class Call:
    """One request as the handlers see it."""

    scope: Scope
    receive: Receive
    headers: dict[str, str]
    path_params: dict[str, str]
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None  # parsed JSON, or a dict of multipart fields
    files: dict[str, bytes] = field(default_factory=dict)  # multipart file parts
    raw: bytes = b""

    @property
    def base_url(self) -> str:
        host = self.headers.get("host") or "{}:{}".format(*(self.scope.get("server") or ("127.0.0.1", 80)))
        return f"{self.scope.get('scheme', 'http')}://{host}"

    @property
    def json(self) -> dict[str, Any]:
        """The JSON (or multipart) body when it is an object, else {}."""
        return self.body if isinstance(self.body, dict) else {}


def storage_url(call: Call) -> str:
    """Where the mock's redirects point: its own storage route (behaviours/service.py), so a
    client that follows the redirect gets bytes instead of a host that does not resolve."""
    name = call.scope["path"].rstrip("/").rsplit("/", 1)[-1] or "file"
    return f"{call.base_url}{STORAGE_PATH}{quote(name, safe='')}"
