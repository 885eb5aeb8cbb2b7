"""`responses.create` (POST /v1/responses, from the project overlay
spec/overlays/020-responses-api.yaml): the answer is built by responses_api.py and, with
`stream: true`, replayed as typed events (responses_stream.py).

Two documented limitations are answered here: `previous_response_id` other than null is a
400 naming the limitation, checked before the schema (which allows only null); and
`GET` / `DELETE /v1/responses/{id}` answer 404, as Together stores no responses (the
overlay does not describe them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import Response

from togen.mock.engine.call import Call, MockError, dumps, json_response
from togen.mock.engine.registry import behaviour, precheck, routes
from togen.mock.together import responses_api, responses_stream

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp
    from togen.mock.engine.handler import OperationHandler

NO_PREVIOUS_RESPONSE = (
    "previous_response_id is not supported: responses are not stored, "
    "send the earlier turns in `input` instead."
)


@precheck("responses.create")
def no_previous_response(handler: OperationHandler, call: Call) -> None:
    """Documented 400s that must win over schema validation."""
    if call.json.get("previous_response_id") is not None:
        raise MockError(400, NO_PREVIOUS_RESPONSE, param="previous_response_id", code="unsupported_parameter")


@behaviour("responses.create")
def create(handler: OperationHandler, call: Call) -> Response:
    response = responses_api.build(handler, call)
    if call.json.get("stream") is True:
        return handler.sse(responses_stream.events(response))
    return json_response(dumps(response), handler.status)


@routes
def install(app: MockApp) -> None:
    if "responses.create" not in app.handlers:
        return

    async def not_stored(call: Call) -> Response:
        app.check_auth(call)
        response_id = call.path_params.get("response_id", "")
        raise MockError(
            404, f"Response {response_id!r} not found: responses are not stored.", code="not_found"
        )

    app.add_route("GET", "/v1/responses/{response_id}", not_stored)
    app.add_route("DELETE", "/v1/responses/{response_id}", not_stored)
