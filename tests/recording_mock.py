"""The real `togen mock` app on loopback (uvicorn in a thread), recording every request it
receives at the ASGI level: route, body, status, and the spec operation it reached. Tests hold
what a client sent against what the server got, not against what the client says it sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from togen.mock.engine.app import MockApp, Settings
from togen.mock.engine.call import MockError
from togen.mock.engine.handler import OperationHandler
from togen.mock.server import BackgroundServer, app_for, load_api_cached


@dataclass
class Seen:
    method: str
    path: str
    status: int
    operation: str | None  # the spec operation's SDK name, None outside the spec
    body: bytearray = field(default_factory=bytearray)  # the request body as received


@dataclass
class Recorder:
    """The mock app, recording every request's route, body and status."""

    app: MockApp
    seen: list[Seen] = field(default_factory=list)
    url: str = ""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            target, _ = self.app.route(scope["method"], scope["path"])
        except MockError:
            target = None
        operation = target.op.key if isinstance(target, OperationHandler) else None
        # recorded before the answer: a client may finish reading a stream before the app returns
        seen = Seen(scope["method"], scope["path"], 0, operation)
        self.seen.append(seen)

        async def recording_receive() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                seen.body += message.get("body", b"")
            return message

        async def recording_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                seen.status = message["status"]
            await send(message)

        await self.app(scope, recording_receive, recording_send)


@contextmanager
def recording_mock(api_key: str) -> Iterator[Recorder]:
    """The mock of the current spec on a free loopback port, accepting `api_key`."""
    recording = Recorder(app_for(load_api_cached(None), Settings(api_key=api_key, access_log=False)))
    server = BackgroundServer(recording).start()  # type: ignore[arg-type]
    recording.url = server.url
    try:
        yield recording
    finally:
        server.stop()
