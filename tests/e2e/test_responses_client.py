"""The generated client's `responses.create` against the mock, sync and async: a typed
`Response` with `output_text`, and `stream=True` as a typed stream of events (a union
discriminated on `type`, no `[DONE]`).

Types are checked by class name: tests/render imports its own render of the package under
the same module name, and in a shared xdist worker the client's lazy imports may resolve
to that twin, whose classes are equal in all but identity."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.responses_data import MODEL, UNSUPPORTED_MODEL, WEATHER_TOOL


def name(value: Any) -> str:
    return type(value).__name__


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, tc: Any, mock_server: Any) -> Callable[..., Any]:
    """call(lambda client: client.responses.create(...)) with a sync or an async client;
    a stream is read to the end (a list of events)."""
    if request.param == "sync":

        def run_sync(action: Callable[[Any], Any]) -> Any:
            with tc.Together(api_key=mock_server.api_key, base_url=mock_server, max_retries=0) as client:
                result = action(client)
                return list(result) if name(result) == "Stream" else result

        return run_sync

    def run_async(action: Callable[[Any], Any]) -> Any:
        async def main() -> Any:
            async with tc.AsyncTogether(
                api_key=mock_server.api_key, base_url=mock_server, max_retries=0
            ) as client:
                result = await action(client)
                if name(result) == "AsyncStream":
                    return [event async for event in result]
                return result

        return asyncio.run(main())

    return run_async


def test_create_returns_a_typed_response(tc, call):
    response = call(lambda c: c.responses.create(model=MODEL, input="Does Together support it?"))
    assert name(response) == "Response"
    assert response.status == "completed"
    assert response.output_text
    assert name(response.output[-1]) == "ResponseOutputMessage"


def test_stream_true_is_a_typed_event_stream(tc, call):
    events = call(lambda c: c.responses.create(model=MODEL, input="Write a haiku.", stream=True))
    assert name(events[0]) == "ResponseCreatedEvent"
    assert name(events[-1]) == "ResponseCompletedEvent"
    deltas = [e for e in events if name(e) == "ResponseOutputTextDeltaEvent"]
    assert deltas and all(e.type == "response.output_text.delta" for e in deltas)
    assert "".join(e.delta for e in deltas) == events[-1].response.output_text != ""
    assert [e.sequence_number for e in events] == list(range(len(events)))


def test_function_tool_gives_a_function_call(tc, call):
    response = call(
        lambda c: c.responses.create(
            model=MODEL,
            input="What is the weather in San Francisco?",
            tools=[WEATHER_TOOL],
            tool_choice={"type": "function", "name": "get_weather"},
        )
    )
    (item,) = response.output
    assert name(item) == "ResponseFunctionCall"
    assert item.name == "get_weather" and item.call_id
    assert json.loads(item.arguments)["location"]


def test_previous_response_id_is_a_400(tc, call):
    # The overlay types previous_response_id as null (any id is refused): send one anyway.
    with pytest.raises(Exception) as caught:  # noqa: B017 (the class is checked by name)
        call(
            lambda c: c.responses.create(
                model=MODEL, input="Go on", extra_body={"previous_response_id": "resp_123"}
            )
        )
    assert name(caught.value) == "BadRequestError"
    assert caught.value.status_code == 400
    assert "previous_response_id" in str(caught.value)


def test_unsupported_model_is_a_400(tc, call):
    with pytest.raises(Exception) as caught:  # noqa: B017 (the class is checked by name)
        call(lambda c: c.responses.create(model=UNSUPPORTED_MODEL, input="hi"))
    assert name(caught.value) == "BadRequestError"
    assert "The requested model does not support the Responses api" in str(caught.value)
