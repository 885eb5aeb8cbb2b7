"""The mock's Responses API over plain HTTP: every answer and every stream event valid
against the overlay's schemas, the documented event order, tool choice, MCP items, the
documented 400s and 404s, and the contract suite's SSE check on the stream."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from tests.responses_data import MCP_TOOL, MODEL, UNSUPPORTED_MODEL, WEATHER_TOOL
from togen.contract.checks import sse_problems
from togen.core.sse import parse_sse
from togen.mock.engine.conforming import conforming
from togen.spec.schema_set import SchemaSet

RESPONSE = {"$ref": "#/components/schemas/Response"}
EVENT = {"$ref": "#/components/schemas/ResponseStreamEvent"}
RESPONSES_MODELS = [
    "MiniMaxAI/MiniMax-M2.7",
    "moonshotai/Kimi-K2.7-Code",
    "moonshotai/Kimi-K2.6",
    "zai-org/GLM-5.1",
    "deepseek-ai/DeepSeek-V4-Pro",
]


@pytest.fixture(scope="module")
def http(mock_server: Any) -> Any:
    with httpx.Client(
        base_url=mock_server, headers={"Authorization": f"Bearer {mock_server.api_key}"}
    ) as client:
        yield client


@pytest.fixture(scope="module")
def validator(mock_server: Any) -> SchemaSet:
    return SchemaSet(mock_server.app.api.document)


def create(http: httpx.Client, **body: Any) -> httpx.Response:
    body.setdefault("model", MODEL)
    body.setdefault("input", "Hello there")
    return http.post("/v1/responses", json=body)


def ok(http: httpx.Client, validator: SchemaSet, **body: Any) -> dict[str, Any]:
    answer = create(http, **body)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    assert validator.error_messages(RESPONSE, data) == []
    return data


def kinds(response: dict[str, Any]) -> list[str]:
    return [item["type"] for item in response["output"]]


def stream(http: httpx.Client, **body: Any) -> str:
    answer = create(http, stream=True, **body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    return answer.text


@pytest.mark.parametrize("model", RESPONSES_MODELS)
def test_the_documented_models_answer_with_a_message(http, validator, model):
    response = ok(http, validator, model=model)
    assert response["model"] == model and response["status"] == "completed"
    assert kinds(response) == ["message"]
    text = response["output"][0]["content"][0]["text"]
    assert text.startswith("<think>")  # reasoning models: reasoning inline in the text


def test_a_catalog_model_without_the_flag_is_refused(http):
    answer = create(http, model=UNSUPPORTED_MODEL)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "The requested model does not support the Responses api"


def test_previous_response_id_is_refused_with_the_reason(http):
    answer = create(http, previous_response_id="resp_abc")
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "previous_response_id"
    assert create(http, previous_response_id=None).status_code == 200


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_stored_responses_do_not_exist(http, method):
    answer = http.request(method, "/v1/responses/resp_abc")
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "Response 'resp_abc' not found: responses are not stored."
    assert http.request("PUT", "/v1/responses/resp_abc").status_code == 405
    assert httpx.request(method, str(http.base_url) + "/v1/responses/resp_abc").status_code == 401


def test_same_request_same_answer(http):
    assert create(http).json() == create(http).json()


@pytest.mark.parametrize(
    ("tool_choice", "prompt", "expected"),
    [
        ("auto", "What is the weather in Paris?", ["function_call"]),  # mentions the function
        ("auto", "Tell me a joke", ["message"]),
        (None, "Use get_weather for Lyon", ["function_call"]),  # "auto" is the default
        ("required", "Tell me a joke", ["function_call"]),
        ({"type": "function", "name": "get_weather"}, "Tell me a joke", ["function_call"]),
        ("none", "What is the weather in Paris?", ["message"]),
    ],
)
def test_tool_choice(http, validator, tool_choice, prompt, expected):
    body: dict[str, Any] = {"input": prompt, "tools": [WEATHER_TOOL]}
    if tool_choice is not None:
        body["tool_choice"] = tool_choice
    response = ok(http, validator, **body)
    assert kinds(response) == expected
    if expected == ["function_call"]:
        arguments = json.loads(response["output"][0]["arguments"])
        jsonschema.validate(arguments, WEATHER_TOOL["parameters"])


def test_a_function_result_gets_a_text_answer(http, validator):
    first = ok(http, validator, input="Weather in Paris?", tools=[WEATHER_TOOL])
    call = first["output"][0]
    follow_up = [
        {"role": "user", "content": "Weather in Paris?"},
        {k: call[k] for k in ("type", "call_id", "name", "arguments")},
        {"type": "function_call_output", "call_id": call["call_id"], "output": '{"temperature": 21}'},
    ]
    assert kinds(ok(http, validator, input=follow_up, tools=[WEATHER_TOOL])) == ["message"]


def test_mcp_tools_are_listed_and_called(http, validator):
    response = ok(http, validator, input="Search the repo docs", tools=[MCP_TOOL])
    assert kinds(response) == ["mcp_list_tools", "mcp_call", "message"]
    limited = ok(http, validator, tools=[{**MCP_TOOL, "allowed_tools": ["ask_question"]}])
    assert [t["name"] for t in limited["output"][0]["tools"]] == ["ask_question"]
    assert limited["output"][1]["name"] == "ask_question"


def test_native_tools_are_ignored(http, validator):
    assert kinds(ok(http, validator, tools=[{"type": "web_search"}])) == ["message"]


def test_max_output_tokens_makes_it_incomplete(http, validator):
    response = ok(http, validator, max_output_tokens=3)
    assert response["status"] == "incomplete"
    assert response["incomplete_details"] == {"reason": "max_output_tokens"}
    assert len(response["output"][0]["content"][0]["text"].split()) == 3


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {},
            [
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.content_part.added",
                "response.output_text.delta+",
                "response.output_text.done",
                "response.content_part.done",
                "response.output_item.done",
                "response.completed",
            ],
        ),
        (
            {"tools": [WEATHER_TOOL], "tool_choice": "required"},
            [
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.function_call_arguments.delta+",
                "response.function_call_arguments.done",
                "response.output_item.done",
                "response.completed",
            ],
        ),
    ],
)
def test_stream_events_in_the_documented_order(http, validator, body, expected):
    text = stream(http, **body)
    events = parse_sse(text)
    payloads = [json.loads(e.data) for e in events]
    assert "[DONE]" not in text
    assert [e.event for e in events] == [p["type"] for p in payloads]
    assert [p["sequence_number"] for p in payloads] == list(range(len(payloads)))
    for payload in payloads:
        assert validator.error_messages(EVENT, payload) == [], payload["type"]
    collapsed: list[str] = []
    for payload in payloads:
        kind = payload["type"]
        if kind.endswith(".delta"):
            kind += "+"
            if collapsed and collapsed[-1] == kind:
                continue
        collapsed.append(kind)
    assert collapsed == expected
    final = payloads[-1]["response"]
    assert final == create(http, **body).json()


def test_contract_sse_check_accepts_the_stream_and_catches_a_bad_event(http, validator):
    text = stream(http, tools=[MCP_TOOL])
    assert sse_problems(text, EVENT, validator, None) == []
    broken = text.replace('"type":"response.output_text.delta"', '"type":"response.output_text.delta2"', 1)
    assert any("chunk schema" in p for p in sse_problems(broken, EVENT, validator, None))


def test_conforming_arguments_follow_the_schema():
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string", "minLength": 3},
            "days": {"type": "integer", "minimum": 1, "maximum": 14},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "when": {"type": "string", "format": "date"},
            "mode": {"enum": ["fast", "slow"]},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
            "where": {
                "type": "object",
                "properties": {"lat": {"type": "number"}, "ok": {"type": "boolean"}},
                "required": ["lat", "ok"],
            },
            "maybe": {"anyOf": [{"type": "null"}, {"type": "integer", "const": 7}]},
            "optional": {"type": "string"},
        },
        "required": ["city", "days", "ratio", "when", "mode", "tags", "where", "maybe"],
    }
    value = conforming(schema, "Weather in New York please")
    jsonschema.validate(value, schema)
    assert "optional" not in value
    assert value["city"] == "New York"
