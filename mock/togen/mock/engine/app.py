"""The mock's ASGI application: `MockApp`, built from the IR at startup.

It is a `Context` (context.py: the server's shared state) that builds one
`OperationHandler` per HTTP operation (handler.py), routes requests to them or to the
mock's own routes (router.py), turns a `MockError` into the operation's documented error
shape, answers a bug in the mock with a 500 instead of dying, and writes the access log:

    127.0.0.1 "POST /v1/chat/completions" 200 0.9ms chat.completions.create

Endpoint behaviours come from the registry (registry.py), filled by the modules of
`togen.mock.behaviours`, which the app factory imports (server.py); this module never
imports them.
"""

from __future__ import annotations

import logging
import time
import traceback

from togen.mock.engine import crud
from togen.mock.engine.call import Call, MockError, Receive, Scope, Send
from togen.mock.engine.context import Context, Settings
from togen.mock.engine.handler import OperationHandler
from togen.mock.engine.registry import BEHAVIOURS, INSTALLERS, PRECHECKS
from togen.mock.engine.router import Endpoint, Router, Target
from togen.mock.engine.state import Collection, plan_roles, prefix_for
from togen.spec.ir import API

__all__ = ["MockApp", "Settings"]

log = logging.getLogger("togen.mock")


class MockApp(Context):
    """The ASGI callable."""

    def __init__(self, api: API, settings: Settings | None = None) -> None:
        started = time.perf_counter()
        super().__init__(api, settings)
        roles = plan_roles(api.operations)
        self.handlers: dict[str, OperationHandler] = {}
        for op in api.operations:
            role = roles.get(op.key)
            if role is not None and role.collection not in self.collections:
                self.collections[role.collection] = Collection(role.collection, prefix_for(role.collection))
            self.handlers[op.key] = OperationHandler(
                self,
                op,
                role,
                behaviour=BEHAVIOURS.get(op.key),
                precheck=PRECHECKS.get(op.key),
                stateful=crud.stateful if role is not None else None,
            )
        for handler in self.handlers.values():
            if handler.role is not None and handler.role.kind == "retrieve":
                self.collections[handler.role.collection].retrieve = handler
        self.router = Router()
        self.router.add_operations(list(self.handlers.values()))
        for install in INSTALLERS:
            install(self)
        self.startup_seconds = time.perf_counter() - started

    def add_route(self, method: str, path: str, endpoint: Endpoint) -> None:
        """A route outside the spec (health, SDK compatibility): `{name}` segments are path params."""
        self.router.add_route(method, path, endpoint)

    def route(self, method: str, path: str) -> tuple[Target, dict[str, str]]:
        return self.router.route(method, path)

    # ------------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.http(scope, receive, send)
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1003})

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method = scope["method"]
        path = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        label = "-"
        target: Target | None = None
        try:
            target, params = self.route(method, path)
            call = Call(scope, receive, headers, params)
            if isinstance(target, OperationHandler):
                label = target.op.key
                response = await target.handle(call)
            else:
                label = getattr(target, "__name__", "extra")
                response = await target(call)
        except MockError as exc:
            response = target.error_response(exc) if isinstance(target, OperationHandler) else exc.response()
        except Exception as exc:  # a bug in the mock: answer, log, keep serving
            log.error("internal error on %s %s: %s\n%s", method, path, exc, traceback.format_exc())
            response = MockError(
                500, f"Mock internal error: {type(exc).__name__}", type="server_error"
            ).response()
        await response(scope, receive, send)
        if self.settings.access_log:
            client = scope.get("client") or ("-", 0)
            log.info(
                '%s "%s %s" %d %.1fms %s',
                client[0],
                method,
                path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                label,
            )
