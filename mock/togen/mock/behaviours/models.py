"""`models.list`: the catalog shipped in `catalog.json` (the models the docs name), each
entry without the mock's `x-mock` flags and only where it is valid against the spec's
item schema; serialized once when the app is built."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.engine.call import Call, dumps, json_response
from togen.mock.engine.conforming import fitted
from togen.mock.engine.crud import items_location
from togen.mock.engine.registry import behaviour, routes

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp
    from togen.mock.engine.handler import OperationHandler


@behaviour("models.list")
def models_list(handler: OperationHandler, call: Call) -> Response:
    return json_response(handler.app.models_bytes, handler.status)


@routes
def install(app: MockApp) -> None:
    handler = app.handlers.get("models.list")
    if handler is None or handler.response_schema is None:
        return
    item_schema, path = items_location(app.schemas, handler.response_schema, handler.op)
    entries = [{k: v for k, v in m.items() if k != "x-mock"} for m in app.catalog.values()]
    valid = [e for e in entries if item_schema is None or app.schemas.is_valid(item_schema, e)]
    body: Any = valid
    if path:
        body = dict(handler.template) if isinstance(handler.template, dict) else {}
        body[path[0]] = valid
    # a spec version whose answer is neither a list nor holds one gets what it describes
    app.models_bytes = dumps(fitted(app.schemas, app.synth, handler.response_schema, body, "models.list"))
