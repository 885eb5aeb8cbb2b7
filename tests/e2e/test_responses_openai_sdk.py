"""The official openai SDK's Responses API against the mock (base URL `.../v1`)."""

from __future__ import annotations

import asyncio
import json

import openai
import pytest

from tests.responses_data import MCP_TOOL, MODEL, UNSUPPORTED_MODEL, WEATHER_TOOL


def test_create_output_text(oa):
    response = oa.responses.create(model=MODEL, input="Does Together AI support the Responses API?")
    assert response.status == "completed"
    assert response.model == MODEL
    assert response.output_text
    assert response.output[-1].type == "message"
    assert response.output[-1].content[0].text == response.output_text
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens


def test_stream_deltas_then_completed(oa):
    with oa.responses.stream(model=MODEL, input="Write a haiku about the ocean.") as stream:
        events = list(stream)
        final = stream.get_final_response()
    kinds = [e.type for e in events]
    assert kinds[0] == "response.created"
    assert kinds[-1] == "response.completed"
    assert "response.output_text.delta" in kinds
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == final.output_text != ""
    assert [e.sequence_number for e in events] == sorted({e.sequence_number for e in events})


def test_create_stream_true_matches_plain(oa):
    plain = oa.responses.create(model=MODEL, input="Same question twice")
    events = list(oa.responses.create(model=MODEL, input="Same question twice", stream=True))
    assert events[-1].type == "response.completed"
    assert events[-1].response.output_text == plain.output_text


def test_function_tool_call(oa):
    response = oa.responses.create(
        model=MODEL,
        input="What is the weather in San Francisco?",
        tools=[WEATHER_TOOL],
        tool_choice="auto",
    )
    calls = [item for item in response.output if item.type == "function_call"]
    assert len(calls) == 1
    call = calls[0]
    assert call.name == "get_weather"
    assert call.call_id
    arguments = json.loads(call.arguments)
    assert set(arguments) == {"location", "unit"}
    assert isinstance(arguments["location"], str) and arguments["location"]
    assert arguments["unit"] in ("celsius", "fahrenheit")


def test_function_tool_call_streamed(oa):
    with oa.responses.stream(
        model=MODEL, input="Any weather?", tools=[WEATHER_TOOL], tool_choice="required"
    ) as stream:
        kinds = [e.type for e in stream]
        final = stream.get_final_response()
    assert "response.function_call_arguments.delta" in kinds
    assert kinds[-1] == "response.completed"
    call = final.output[-1]
    assert call.type == "function_call"
    assert json.loads(call.arguments)["unit"] == "celsius"


def test_remote_mcp_items(oa):
    response = oa.responses.create(
        model=MODEL, input="What transport protocols does the python-sdk repo support?", tools=[MCP_TOOL]
    )
    kinds = [item.type for item in response.output]
    assert kinds == ["mcp_list_tools", "mcp_call", "message"]
    listed, called = response.output[0], response.output[1]
    assert listed.server_label == called.server_label == "deepwiki"
    assert called.name in {tool.name for tool in listed.tools}
    assert json.loads(called.arguments)
    assert called.output
    assert response.output_text


def test_previous_response_id_is_a_400(oa):
    with pytest.raises(openai.BadRequestError) as caught:
        oa.responses.create(model=MODEL, input="Go on", previous_response_id="resp_123")
    assert caught.value.status_code == 400
    assert "previous_response_id" in caught.value.message


def test_unsupported_model_is_a_400(oa):
    with pytest.raises(openai.BadRequestError) as caught:
        oa.responses.create(model=UNSUPPORTED_MODEL, input="hi")
    assert caught.value.status_code == 400
    assert "The requested model does not support the Responses api" in caught.value.message


def test_retrieve_and_delete_are_404(oa):
    with pytest.raises(openai.NotFoundError):
        oa.responses.retrieve("resp_123")
    with pytest.raises(openai.NotFoundError):
        oa.responses.delete("resp_123")


def test_async_create_and_stream(oa_async):
    async def main() -> tuple[str, list[str], str]:
        response = await oa_async.responses.create(model=MODEL, input="hello")
        async with oa_async.responses.stream(model=MODEL, input="hello") as stream:
            kinds = [event.type async for event in stream]
            final = await stream.get_final_response()
        return response.output_text, kinds, final.output_text

    text, kinds, streamed = asyncio.run(main())
    assert text and streamed == text
    assert kinds[-1] == "response.completed"
