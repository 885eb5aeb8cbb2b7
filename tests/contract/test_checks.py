"""Each custom check fed a good and a bad response."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis

from togen.contract.checks import CHECKS, CheckTarget, binary_problems, sse_problems
from togen.contract.prepare import prepare
from togen.core.sse import parse_sse
from togen.spec.pipeline import resolve_spec
from togen.spec.schema_set import SchemaSet


@pytest.fixture(scope="module")
def api() -> Any:
    return resolve_spec(None).api


@pytest.fixture(scope="module")
def env(api: Any) -> Any:
    prepared = prepare(api)
    schema = schemathesis.openapi.from_dict(prepared.document)
    ops = {r.ok().definition.raw["operationId"]: r.ok() for r in schema.get_all_operations()}
    return prepared, ops, CheckTarget(api.document, prepared.operations)


def response(status: int, content_type: str | None, body: bytes, url: str = "http://x/v1/y") -> Any:
    headers = {"content-type": [content_type]} if content_type else {}
    request = requests.Request("POST", url).prepare()
    return schemathesis.Response(status, headers, body, request=request, elapsed=0.01, verify=True)


def case_for(env: Any, key: str, body: Any = None) -> Any:
    prepared, ops, _ = env
    op = prepared.by_key(key)
    kwargs = {"body": body, "media_type": "application/json"} if body is not None else {}
    params = {p.name: "x" for p in op.parameters_in("path")}
    return ops[op.operation_id].Case(path_parameters=params, **kwargs)


def chunk() -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": "hi"}, "finish_reason": None}],
    }


def stream(*events: str) -> bytes:
    return "".join(f"data: {e}\n\n" for e in events).encode()


GOOD_STREAM = stream(json.dumps(chunk()), "[DONE]")


def run(env: Any, name: str, response: Any, case: Any) -> Any:
    """The registered response check `name`, bound as the engine binds it."""
    (bound,) = CHECKS.bind(env[2], [name])
    assert bound.__name__ == name  # schemathesis names the failure after it
    return bound(None, response, case)


def test_parse_sse_joins_multiline_data_and_skips_comments() -> None:
    events = parse_sse(": comment\nevent: x\ndata: a\ndata: b\n\ndata: c\n\n")
    assert [(e.event, e.data) for e in events] == [("x", "a\nb"), (None, "c")]


def test_sse_problems_good_and_bad(api: Any) -> None:
    validator = SchemaSet(api.document)
    schema = api.operation("chat.completions.create").streaming.stream_chunk_schema
    assert sse_problems(GOOD_STREAM.decode(), schema, validator) == []
    assert "does not end with" in sse_problems(stream(json.dumps(chunk())).decode(), schema, validator)[0]
    assert "not JSON" in sse_problems(stream("{oops", "[DONE]").decode(), schema, validator)[0]
    bad = dict(chunk(), choices="nope")
    assert "chunk schema" in sse_problems(stream(json.dumps(bad), "[DONE]").decode(), schema, validator)[0]
    error = stream(json.dumps(chunk()), json.dumps({"error": {"message": "boom"}}), "[DONE]").decode()
    assert any("mid-stream error event" in p for p in sse_problems(error, schema, validator))
    after = stream(json.dumps(chunk()), "[DONE]", json.dumps(chunk())).decode()
    assert any("after" in p for p in sse_problems(after, schema, validator))


def test_sse_conformance_check(env: Any) -> None:
    case = case_for(env, "chat.completions.create", {"model": "m", "messages": [], "stream": True})
    assert run(env, "sse_conformance", response(200, "text/event-stream", GOOD_STREAM), case) is True
    with pytest.raises(AssertionError, match=r"\[DONE\]"):
        run(env, "sse_conformance", response(200, "text/event-stream", stream(json.dumps(chunk()))), case)
    # A JSON answer is not this check's business.
    assert run(env, "sse_conformance", response(200, "application/json", b"{}"), case) is None


def test_streaming_requested_check(env: Any) -> None:
    case = case_for(env, "chat.completions.create", {"model": "m", "messages": [], "stream": True})
    assert run(env, "streaming_requested", response(200, "text/event-stream", GOOD_STREAM), case) is True
    with pytest.raises(AssertionError, match="not SSE"):
        run(env, "streaming_requested", response(200, "application/json", b"{}"), case)


def test_binary_problems_and_check(api: Any, env: Any) -> None:
    op = api.operation("audio.speech.create")
    assert binary_problems(op, 200, "audio/wav", b"RIFF....") == []
    assert binary_problems(op, 200, "audio/wav", b"") == ["binary response with an empty body"]
    assert "undeclared Content-Type" in binary_problems(op, 200, "text/plain", b"x")[0]
    case = case_for(env, "audio.speech.create", {"model": "m", "input": "hi", "voice": "v"})
    assert run(env, "binary_conformance", response(200, "audio/mpeg", b"ID3"), case) is True
    with pytest.raises(AssertionError, match="empty body"):
        run(env, "binary_conformance", response(200, "audio/mpeg", b""), case)


def test_status_code_conformance_check(env: Any) -> None:
    case = case_for(env, "files.retrieve")
    assert run(env, "status_code_conformance", response(200, "application/json", b"{}"), case) is True
    # Not in the spec, but every path-parameter operation may answer 404.
    assert run(env, "status_code_conformance", response(404, "application/json", b"{}"), case) is True
    with pytest.raises(AssertionError, match="undocumented status 418"):
        run(env, "status_code_conformance", response(418, "application/json", b"{}"), case)


def test_error_shape_check(env: Any) -> None:
    case = case_for(env, "files.retrieve")
    good = json.dumps({"error": {"message": "no such file"}}).encode()
    assert run(env, "error_shape", response(404, "application/json", good), case) is True
    with pytest.raises(AssertionError, match="is not"):
        run(env, "error_shape", response(404, "application/json", b'{"detail": "x"}'), case)
    with pytest.raises(AssertionError, match="not application/json"):
        run(env, "error_shape", response(404, "text/html", b"<h1>404</h1>"), case)


def test_multipart_binary_generates(env: Any) -> None:
    """format: binary inside a oneOf (audio transcriptions) used to crash schemathesis."""
    from hypothesis import HealthCheck, given, settings

    prepared, ops, _ = env
    op = ops[prepared.by_key("audio.transcriptions.create").operation_id]
    seen = []

    @settings(max_examples=3, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy())
    def draw(case: Any) -> None:
        seen.append(case.as_transport_kwargs(base_url="http://x"))

    draw()
    assert seen and all("files" in kwargs for kwargs in seen)


def test_sse_cut_short_is_not_missing_done() -> None:
    validator = SchemaSet({})
    text = 'data: {"a": 1}\n\ndata: {"a": 2}\n\n'
    assert sse_problems(text, None, validator) == ["stream does not end with `data: [DONE]`"]
    assert sse_problems(text, None, validator, complete=False) == []


def test_negatable_only_when_something_can_be_invalid(api: Any) -> None:
    from togen.contract.runner import negatable

    assert not negatable(api, api.operation("files.retrieve"))  # a path id: any string
    assert negatable(api, api.operation("files.list")) or not api.operation("files.list").parameters
    assert negatable(api, api.operation("chat.completions.create"))  # a body
    assert negatable(api, api.operation("post_training.sessions.list"))  # query parameters


def test_semantics_fix_keeps_schema_validity() -> None:
    from togen.contract.semantics import fix
    from togen.spec.request_rules import IMAGE_URL, TOOL_PARAMETERS

    body = {
        "model": "m",
        "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}],
        "tools": [{"type": "function", "function": {"parameters": {"type": 5}}}, {"type": "x"}],
        "tool_choice": {"type": "function", "function": {"name": "undeclared"}},
        "response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": {"type": 1}}},
    }
    fixed = fix(body, lambda value: True)
    assert fixed is not body and body["tool_choice"]  # the original is left alone
    assert "tool_choice" not in fixed
    assert [t["function"]["name"] for t in fixed["tools"]] == ["contract_tool_0", "contract_tool_1"]
    assert fixed["tools"][0]["function"]["parameters"] == TOOL_PARAMETERS
    assert fixed["response_format"]["json_schema"]["schema"] == {"type": "object"}
    assert fixed["messages"][0]["content"][0]["image_url"]["url"] == IMAGE_URL
    # a declared tool may be forced; a rewrite that breaks the schema is not applied
    named = {"tools": [{"function": {"name": "f"}}], "tool_choice": {"function": {"name": "f"}}}
    assert fix(named, lambda value: True) == named
    assert fix(body, lambda value: False) is body
