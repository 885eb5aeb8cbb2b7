"""The mock's own service routes: `GET /healthz` (status, operation count and how the mock
checks API keys: `"auth": "any-key"` when any non-empty bearer token is accepted, `"key"`
when only `--api-key`'s is; `togen contract` reads it to know whether an invalid-token
probe can fail here) and the
storage route its redirects point to (`GET /_mock/storage/{name}`, e.g. from
beta.jig.storage.download), which answers a small octet-stream."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import Response

from togen.mock.engine.call import STORAGE_PATH, Call, dumps, json_response
from togen.mock.engine.registry import routes

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp


@routes
def install(app: MockApp) -> None:
    async def healthz(call: Call) -> Response:
        health = {"status": "ok", "operations": len(app.handlers), "auth": app.settings.auth}
        return json_response(dumps(health))

    async def stored_file(call: Call) -> Response:
        """Target of the mock's redirects (e.g. beta.jig.storage.download)."""
        name = call.path_params.get("name", "file")
        return Response(f"mock storage object {name}\n".encode(), media_type="application/octet-stream")

    app.add_route("GET", "/healthz", healthz)
    app.add_route("GET", STORAGE_PATH + "{name}", stored_file)
