"""Mock realism, chat: tools, structured outputs, sampling, reasoning, vision — through the
official `openai` SDK against the mock on loopback."""

from __future__ import annotations

import base64
import json
import re

import jsonschema
import openai
import pytest
from pydantic import BaseModel, Field

from togen.mock.together import media

MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
REASONING_MODEL = "deepseek-ai/DeepSeek-R1"
VISION_MODEL = "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8"
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a location.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {
                    "type": "object",
                    "properties": {
                        "city": {"type": "string", "minLength": 1},
                        "country": {"type": "string", "enum": ["FR", "US", "JP"]},
                        "coordinates": {
                            "type": "array",
                            "items": {"type": "number", "minimum": -180, "maximum": 180},
                            "minItems": 2,
                            "maxItems": 2,
                        },
                    },
                    "required": ["city", "country", "coordinates"],
                    "additionalProperties": False,
                },
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["location", "unit", "days"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}
STOCKS = {
    "type": "function",
    "function": {
        "name": "lookup_stock_price",
        "parameters": {
            "type": "object",
            "properties": {"ticker": {"type": "string", "pattern": "^[A-Z]{1,5}$"}},
            "required": ["ticker"],
        },
    },
}


@pytest.fixture(scope="module")
def oa(mock_server):
    return openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


# ----------------------------------------------------------------------------- function calling


def test_forced_tool_call_arguments_validate(oa):
    answer = oa.chat.completions.create(
        model=MODEL,
        messages=_user("Hello there"),
        tools=[WEATHER, STOCKS],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    choice = answer.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls
    assert call.type == "function" and call.function.name == "get_weather"
    assert re.fullmatch(r"call_[a-z0-9]{24}", call.id)
    jsonschema.validate(json.loads(call.function.arguments), WEATHER["function"]["parameters"])


def test_required_calls_a_tool(oa):
    answer = oa.chat.completions.create(
        model=MODEL, messages=_user("Hello"), tools=[STOCKS], tool_choice="required"
    )
    (call,) = answer.choices[0].message.tool_calls
    assert re.fullmatch(r"[A-Z]{1,5}", json.loads(call.function.arguments)["ticker"])


def test_auto_calls_the_tool_the_message_names_and_none_never_does(oa):
    asked = _user("What is the weather like in Paris today?")
    auto = oa.chat.completions.create(
        model=MODEL, messages=asked, tools=[WEATHER, STOCKS], tool_choice="auto"
    )
    assert auto.choices[0].finish_reason == "tool_calls"
    assert [c.function.name for c in auto.choices[0].message.tool_calls] == ["get_weather"]
    unrelated = oa.chat.completions.create(
        model=MODEL, messages=_user("Tell me a joke"), tools=[WEATHER, STOCKS]
    )
    assert unrelated.choices[0].finish_reason == "stop"
    assert unrelated.choices[0].message.tool_calls is None and unrelated.choices[0].message.content
    never = oa.chat.completions.create(model=MODEL, messages=asked, tools=[WEATHER], tool_choice="none")
    assert never.choices[0].finish_reason == "stop" and not never.choices[0].message.tool_calls


def test_parallel_tool_calls(oa):
    both = _user("Weather in Tokyo, and the stock price of its biggest company?")
    answer = oa.chat.completions.create(model=MODEL, messages=both, tools=[WEATHER, STOCKS])
    names = [c.function.name for c in answer.choices[0].message.tool_calls]
    assert names == ["get_weather", "lookup_stock_price"]
    twice = oa.chat.completions.create(
        model=MODEL, messages=_user("weather?"), tools=[WEATHER], parallel_tool_calls=True
    )
    calls = twice.choices[0].message.tool_calls
    assert len(calls) == 2 and len({c.id for c in calls}) == 2
    single = oa.chat.completions.create(
        model=MODEL, messages=both, tools=[WEATHER, STOCKS], parallel_tool_calls=False
    )
    assert len(single.choices[0].message.tool_calls) == 1


def test_tool_results_get_a_text_answer(oa):
    messages: list = _user("What's the weather in Paris?")
    first = oa.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER])
    message = first.choices[0].message
    messages.append(message)  # the SDK's own message object, as agent loops do
    for call in message.tool_calls:
        messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps({"temp": 21})})
    final = oa.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER])
    assert final.choices[0].finish_reason == "stop"
    assert final.choices[0].message.content and not final.choices[0].message.tool_calls


def test_unknown_forced_function_is_a_400(oa):
    with pytest.raises(openai.BadRequestError) as caught:
        oa.chat.completions.create(
            model=MODEL,
            messages=_user("hi"),
            tools=[WEATHER],
            tool_choice={"type": "function", "function": {"name": "nope"}},
        )
    assert "nope" in caught.value.message


def test_streamed_tool_call_is_reassembled_by_the_sdk(oa):
    with oa.chat.completions.stream(
        model=MODEL,
        messages=_user("Weather in Lyon please"),
        tools=[WEATHER],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_completion()
    assert "tool_calls.function.arguments.delta" in kinds and "tool_calls.function.arguments.done" in kinds
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.function.name == "get_weather" and call.id.startswith("call_")
    jsonschema.validate(json.loads(call.function.arguments), WEATHER["function"]["parameters"])
    # the same call as the non-streamed answer
    plain = oa.chat.completions.create(
        model=MODEL,
        messages=_user("Weather in Lyon please"),
        tools=[WEATHER],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    assert plain.choices[0].message.tool_calls[0].function.arguments == call.function.arguments


# ----------------------------------------------------------------------------- structured outputs


class Address(BaseModel):
    street: str
    city: str
    postcode: str = Field(pattern=r"^[0-9]{5}$")


class CalendarEvent(BaseModel):
    name: str
    kind: str = Field(json_schema_extra={"enum": ["meeting", "party", "fair"]})
    participants: list[str] = Field(min_length=1, max_length=4)
    venue: Address
    priority: int | None


def test_parse_returns_a_pydantic_instance(oa):
    completion = oa.chat.completions.parse(
        model=MODEL,
        messages=_user("Alice and Bob are going to a science fair on Friday."),
        response_format=CalendarEvent,
    )
    event = completion.choices[0].message.parsed
    assert isinstance(event, CalendarEvent)
    assert isinstance(event.venue, Address)
    assert 1 <= len(event.participants) <= 4 and event.kind in ("meeting", "party", "fair")


NESTED_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "when": {"type": "string", "format": "date"},
        "email": {"type": "string", "format": "email"},
        "tags": {"type": "array", "items": {"enum": ["a", "b", "c"]}, "minItems": 2, "maxItems": 3},
        "owner": {"$ref": "#/$defs/Person"},
        "score": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}]},
    },
    "required": ["id", "when", "email", "tags", "owner", "score"],
    "additionalProperties": False,
    "$defs": {
        "Person": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
            "required": ["name", "age"],
        }
    },
}


def test_together_form_json_schema(oa):
    answer = oa.chat.completions.create(
        model=MODEL,
        messages=_user("Describe a record"),
        response_format={"type": "json_schema", "schema": NESTED_SCHEMA},  # type: ignore[typeddict-item]
    )
    value = json.loads(answer.choices[0].message.content)
    jsonschema.validate(value, NESTED_SCHEMA, format_checker=FORMAT_CHECKER)


def test_openai_form_json_schema_and_json_object(oa):
    answer = oa.chat.completions.create(
        model=MODEL,
        messages=_user("Describe a record"),
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "record", "schema": NESTED_SCHEMA, "strict": True},
        },
    )
    jsonschema.validate(
        json.loads(answer.choices[0].message.content), NESTED_SCHEMA, format_checker=FORMAT_CHECKER
    )
    plain = oa.chat.completions.create(
        model=MODEL, messages=_user("JSON please"), response_format={"type": "json_object"}
    )
    assert isinstance(json.loads(plain.choices[0].message.content), dict)


def test_regex_with_alternation_and_repetition(oa):
    pattern = r"(cat|dog|bird)-[a-z]{2,4}(,[0-9]+)*"
    answer = oa.chat.completions.create(
        model=MODEL,
        messages=_user("An animal tag"),
        response_format={"type": "regex", "pattern": pattern},  # type: ignore[typeddict-item,misc]
        n=3,
    )
    contents = [c.message.content for c in answer.choices]
    assert all(re.fullmatch(pattern, c) for c in contents), contents


def test_unsatisfiable_schema_is_a_400_naming_the_keyword(oa):
    for schema, keyword in (
        ({"type": "string", "minLength": 5, "maxLength": 2}, "minLength"),
        ({"type": "object", "if": {"required": ["a"]}, "then": {}}, "if"),
        ({"$ref": "https://example.com/schema.json"}, "$ref"),
    ):
        with pytest.raises(openai.BadRequestError) as caught:
            oa.chat.completions.create(
                model=MODEL,
                messages=_user("x"),
                response_format={"type": "json_schema", "schema": schema},  # type: ignore[typeddict-item]
            )
        assert f"`{keyword}`" in caught.value.message


# ----------------------------------------------------------------------------- sampling


def test_n_stop_and_max_tokens(oa):
    three = oa.chat.completions.create(model=MODEL, messages=_user("Say something"), n=3)
    assert [c.index for c in three.choices] == [0, 1, 2]
    assert len({c.message.content for c in three.choices}) == 3
    full = three.choices[0].message.content
    stop_word = full.split()[3]
    stopped = oa.chat.completions.create(model=MODEL, messages=_user("Say something"), stop=[stop_word])
    assert stopped.choices[0].finish_reason == "stop"
    assert stopped.choices[0].message.content == full[: full.index(stop_word)]
    cut = oa.chat.completions.create(model=MODEL, messages=_user("Say something"), max_tokens=4)
    assert cut.choices[0].finish_reason == "length"
    assert len(cut.choices[0].message.content.split()) == 4 == cut.usage.completion_tokens


def test_seed_determinism(oa):
    def ask(seed: int) -> str:
        answer = oa.chat.completions.create(model=MODEL, messages=_user("Pick a word"), seed=seed)
        return answer.choices[0].message.content

    assert ask(7) == ask(7)
    assert ask(7) != ask(8)

    def structured(seed: int) -> str:
        answer = oa.chat.completions.create(
            model=MODEL,
            messages=_user("Describe a record"),
            seed=seed,
            response_format={"type": "json_schema", "schema": NESTED_SCHEMA},  # type: ignore[typeddict-item]
        )
        return answer.choices[0].message.content

    assert structured(1) == structured(1)


def test_logprobs_entries_per_token(oa):
    answer = oa.chat.completions.create(
        model=MODEL, messages=_user("hi"), logprobs=True, top_logprobs=3, max_tokens=5
    )
    content = answer.choices[0].logprobs.content
    assert [t.token for t in content] == [
        w if i == 0 else " " + w for i, w in enumerate(answer.choices[0].message.content.split())
    ]
    assert all(len(t.top_logprobs) == 3 and t.top_logprobs[0].token == t.token for t in content)
    together_form = oa.chat.completions.create(
        model=MODEL,
        messages=_user("hi"),
        max_tokens=5,
        extra_body={"logprobs": 2},
    )
    extra = together_form.choices[0].logprobs.model_extra
    assert len(extra["tokens"]) == len(extra["token_logprobs"]) == 5
    assert all(len(t.top_logprobs) == 2 for t in together_form.choices[0].logprobs.content)


def test_stream_usage_chunk(oa):
    chunks = list(
        oa.chat.completions.create(
            model=MODEL, messages=_user("hi"), stream=True, stream_options={"include_usage": True}
        )
    )
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].usage.completion_tokens == len(text.split())
    with oa.chat.completions.stream(
        model=MODEL, messages=_user("hi"), stream_options={"include_usage": True}
    ) as s:
        final = s.get_final_completion()
    assert final.choices[0].message.content == text and final.usage.completion_tokens == len(text.split())


# ----------------------------------------------------------------------------- reasoning and vision


def test_reasoning_model_thinks_and_effort_changes_the_length(oa):
    def think(effort: str) -> str:
        answer = oa.chat.completions.create(
            model=REASONING_MODEL, messages=_user("Which is bigger: 9.9 or 9.11?"), reasoning_effort=effort
        )
        content = answer.choices[0].message.content
        match = re.match(r"<think>\n(.*?)\n</think>\n\n\S", content, re.S)
        assert match, content
        assert answer.choices[0].message.model_extra["reasoning"] == match.group(1)
        return match.group(1)

    assert len(think("low").split()) < len(think("medium").split()) < len(think("high").split())
    plain = oa.chat.completions.create(model=MODEL, messages=_user("Which is bigger: 9.9 or 9.11?"))
    assert "<think>" not in plain.choices[0].message.content


def test_vision_parts_are_validated_and_never_fetched(oa):
    png = base64.b64encode(media.png(4, 4, "x")).decode()
    for url in ("https://unreachable.invalid/cat.jpg", f"data:image/png;base64,{png}"):
        answer = oa.chat.completions.create(
            model=VISION_MODEL,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is in this image?"},
                        {"type": "image_url", "image_url": {"url": url}},
                    ],
                }
            ],
        )
        assert answer.choices[0].message.content
    for url in ("data:image/png;base64,not-base64!", "data:image/png;base64,aGVsbG8=", "ftp://x/y.png"):
        with pytest.raises(openai.BadRequestError):
            oa.chat.completions.create(
                model=VISION_MODEL,
                messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}],
            )
