"""Property tests: random JSON Schemas from the supported subset always get conforming content,
as structured output and as tool-call arguments; random regexes always fully match."""

from __future__ import annotations

import json
import re

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER
PATTERNS = [r"^[a-z]{3}$", r"^[A-Z][a-z]+$", r"^\d{2}-\d{2}$", r"^(red|green|blue)$"]
FORMATS = ["date", "date-time", "email", "uuid", "ipv4"]
names = st.sampled_from(["id", "name", "size", "tags", "meta", "when", "ok", "kind"])


def _string() -> st.SearchStrategy[dict]:
    bounded = st.integers(0, 4).flatmap(
        lambda low: st.integers(low, low + 6).map(lambda high: {"minLength": low, "maxLength": high})
    )
    return st.one_of(
        st.just({}),
        bounded,
        st.sampled_from(PATTERNS).map(lambda p: {"pattern": p}),
        st.sampled_from(FORMATS).map(lambda f: {"format": f}),
    ).map(lambda extra: {"type": "string", **extra})


def _integer() -> st.SearchStrategy[dict]:
    return st.tuples(st.integers(-50, 50), st.integers(0, 100), st.sampled_from([None, 1, 3])).map(
        lambda t: {
            "type": "integer",
            "minimum": t[0],
            "maximum": t[0] + t[1] + (t[2] or 1),
            **({"multipleOf": t[2]} if t[2] else {}),
        }
    )


LEAVES = st.one_of(
    _string(),
    _integer(),
    st.just({"type": "number", "minimum": 0, "maximum": 1}),
    st.just({"type": "boolean"}),
    st.just({"type": "null"}),
    st.lists(st.sampled_from(["a", "b", 1, None]), min_size=1, max_size=3, unique=True).map(
        lambda e: {"enum": e}
    ),
    st.sampled_from(["x", 2, True]).map(lambda c: {"const": c}),
)


def _extend(children: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    def obj(props: dict, required: list, closed: bool) -> dict:
        schema = {"type": "object", "properties": props, "required": [r for r in required if r in props]}
        if closed:
            schema["additionalProperties"] = False
        return schema

    objects = st.builds(
        obj,
        st.dictionaries(names, children, max_size=4),
        st.lists(names, max_size=3, unique=True),
        st.booleans(),
    )
    arrays = st.tuples(children, st.integers(0, 2), st.integers(0, 3)).map(
        lambda t: {"type": "array", "items": t[0], "minItems": t[1], "maxItems": t[1] + t[2]}
    )
    any_of = st.lists(children, min_size=2, max_size=3).map(lambda b: {"anyOf": b})
    return st.one_of(objects, arrays, any_of)


SCHEMAS = st.recursive(LEAVES, _extend, max_leaves=8)


def _with_defs(schema: dict, shared: dict) -> dict:
    """Wrap: the generated schema under `$defs`, referenced from the root object."""
    return {
        "type": "object",
        "properties": {"value": {"$ref": "#/$defs/Value"}, "extra": shared},
        "required": ["value"],
        "additionalProperties": False,
        "$defs": {"Value": schema},
    }


@pytest.fixture(scope="module")
def http(mock_server):
    with httpx.Client(
        base_url=mock_server.v1, headers={"Authorization": f"Bearer {mock_server.api_key}"}, timeout=30
    ) as client:
        yield client


# No deadline and no `too_slow` health check: both time the machine, and a busy one is slow.
LOAD_SAFE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
FAST = settings(max_examples=25, deadline=None, database=None, suppress_health_check=LOAD_SAFE)


def _ask(http, content: str, seed: int, **extra):
    """The first choice's message of a chat completion that must succeed."""
    body = {"model": MODEL, "messages": [{"role": "user", "content": content}], "seed": seed, **extra}
    answer = http.post("/chat/completions", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["choices"][0]["message"]


@FAST
@given(schema=SCHEMAS, shared=LEAVES, seed=st.integers(0, 2**31))
def test_random_schemas_get_conforming_content(http, schema, shared, seed):
    root = _with_defs(schema, shared)
    message = _ask(http, "data", seed, response_format={"type": "json_schema", "schema": root})
    content = message["content"]
    jsonschema.validate(json.loads(content), root, format_checker=FORMAT_CHECKER)


@FAST
@given(schema=SCHEMAS, seed=st.integers(0, 2**31))
def test_random_parameter_schemas_get_conforming_arguments(http, schema, seed):
    parameters = {"type": "object", "properties": {"arg": schema}, "required": ["arg"]}
    tools = [{"type": "function", "function": {"name": "f", "parameters": parameters}}]
    (call,) = _ask(http, "go", seed, tools=tools, tool_choice="required")["tool_calls"]
    arguments = json.loads(call["function"]["arguments"])
    jsonschema.validate(arguments, parameters, format_checker=FORMAT_CHECKER)
    assert set(arguments) <= {"arg"}  # no undeclared keys: f(**arguments) works


ATOMS = st.sampled_from([r"[a-z]", r"\d", r"(ab|cd)", r"[A-F0-9]", r"x", r"(yes|no|maybe)"])
QUANTIFIERS = st.sampled_from(["", "?", "*", "+", "{2}", "{1,3}"])
REGEXES = st.lists(st.tuples(ATOMS, QUANTIFIERS).map("".join), min_size=1, max_size=5).map("".join)


@settings(max_examples=20, deadline=None, database=None, suppress_health_check=LOAD_SAFE)
@given(pattern=REGEXES, seed=st.integers(0, 2**31))
def test_random_regexes_fully_match(http, pattern, seed):
    message = _ask(http, "x", seed, response_format={"type": "regex", "pattern": pattern})
    assert re.fullmatch(pattern, message["content"])
