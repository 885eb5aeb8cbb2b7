"""tools.json: one valid, self-contained tool per HTTP operation of the real spec."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from togen.render.mcp_schemas import build_tools, output_schema, short_description
from togen.spec.pipeline import load_api_uncached

NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@pytest.fixture(scope="module")
def api() -> Any:
    return load_api_uncached()


@pytest.fixture(scope="module")
def tools(tools_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {tool["name"]: tool for tool in tools_json["tools"]}


def _refs(schema: Any) -> list[str]:
    found = []
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            found.append(schema["$ref"])
        for value in schema.values():
            found += _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _refs(value)
    return found


def test_one_tool_per_http_operation(api: Any, tools: dict[str, dict[str, Any]]) -> None:
    assert sorted(tools) == sorted(op.tool_name for op in api.operations)
    assert not {op.tool_name for op in api.unsupported} & set(tools)  # websockets are not tools
    for name in ("chat_completions_create", "models_list", "files_upload", "embeddings_create"):
        assert name in tools


def test_names_titles_descriptions(tools: dict[str, dict[str, Any]]) -> None:
    for name, tool in tools.items():
        assert NAME.match(name), name
        assert tool["title"] and tool["description"], name
        assert "annotations" in tool and tool["annotations"]["openWorldHint"] is True


def test_input_schemas_are_valid_and_self_contained(tools: dict[str, dict[str, Any]]) -> None:
    for name, tool in tools.items():
        schema = tool["inputSchema"]
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object", name
        for ref in _refs(schema):
            assert ref.startswith("#/$defs/"), (name, ref)
            assert ref.removeprefix("#/$defs/") in schema.get("$defs", {}), (name, ref)
        text = json.dumps(schema)
        assert "#/components/" not in text and '"example"' not in text, name
        if "outputSchema" in tool:
            jsonschema.Draft202012Validator.check_schema(tool["outputSchema"])
            assert tool["outputSchema"]["type"] == "object"


def test_path_query_and_body_are_merged(tools: dict[str, dict[str, Any]]) -> None:
    endpoints = tools["endpoints_update"]["inputSchema"]
    assert "endpoint_id" in endpoints["properties"]  # path parameter, client keyword name
    assert "endpoint_id" in endpoints["required"]
    assert "state" in endpoints["properties"] or len(endpoints["properties"]) > 1  # body fields
    beta_jig_retrieve_logs = tools["beta_jig_retrieve_logs"]["inputSchema"]["properties"]
    assert {"id", "replica_id"} <= set(beta_jig_retrieve_logs)  # path + query
    chat = tools["chat_completions_create"]["inputSchema"]
    assert {"model", "messages"} <= set(chat["required"])


def test_union_branches_are_kept(api: Any, tools: dict[str, dict[str, Any]]) -> None:
    messages = tools["chat_completions_create"]["inputSchema"]["properties"]["messages"]
    source = api.resolve(api.resolve(api.operation("chat.completions.create").request_body.schema))
    source_items = api.resolve(api.resolve(source["properties"]["messages"])["items"])
    items = messages["items"]
    if "$ref" in items:
        defs = tools["chat_completions_create"]["inputSchema"]["$defs"]
        items = defs[items["$ref"].removeprefix("#/$defs/")]
    assert len(items["oneOf"]) == len(source_items["oneOf"])


def test_recursive_schemas_use_defs(api: Any) -> None:
    from togen.render.mcp_schemas import SchemaBuilder

    api.document["components"]["schemas"]["TestNode"] = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/TestNode"}}},
    }
    try:
        (converted,), defs = SchemaBuilder(api).build([{"$ref": "#/components/schemas/TestNode"}])
    finally:
        del api.document["components"]["schemas"]["TestNode"]
    assert converted == {"$ref": "#/$defs/TestNode"}
    assert defs["TestNode"]["properties"]["children"]["items"] == {"$ref": "#/$defs/TestNode"}
    jsonschema.Draft202012Validator.check_schema({**converted, "$defs": defs})


def test_binary_uploads_take_a_path_or_base64(tools: dict[str, dict[str, Any]]) -> None:
    file = tools["files_upload"]["inputSchema"]["properties"]["file"]
    validator = jsonschema.Draft202012Validator(file)
    assert validator.is_valid({"path": "/tmp/data.jsonl"})
    assert validator.is_valid({"base64": "eyJhIjoxfQ==", "filename": "data.jsonl"})
    assert not validator.is_valid({})


def test_annotations(tools: dict[str, dict[str, Any]]) -> None:
    assert tools["models_list"]["annotations"]["readOnlyHint"] is True
    assert tools["models_list"]["annotations"]["idempotentHint"] is True
    for name in ("files_delete", "batches_cancel", "fine_tuning_cancel", "endpoints_delete"):
        assert tools[name]["annotations"]["destructiveHint"] is True, name
    assert tools["chat_completions_create"]["annotations"]["destructiveHint"] is False
    assert "readOnlyHint" not in tools["chat_completions_create"]["annotations"]
    assert tools["clusters_update"]["annotations"]["idempotentHint"] is True  # PUT


def test_output_schemas_where_json(api: Any, tools: dict[str, dict[str, Any]]) -> None:
    assert "outputSchema" in tools["chat_completions_create"]
    assert "outputSchema" not in tools["audio_speech_create"]  # binary
    assert tools["models_list"]["outputSchema"]["properties"]["result"] == {"type": "array"}  # wrapped list
    schema = output_schema(api, {"type": "object", "properties": {"a": {"type": "string"}}})
    assert schema == {"type": "object", "properties": {"a": {}}}


def test_size_budget(tools_json: dict[str, Any]) -> None:
    size = len(json.dumps(tools_json, separators=(",", ":"), ensure_ascii=False).encode())
    assert size <= 110 * 1024, size


def test_descriptions_are_short() -> None:
    text = "Does a thing, e.g. this. Then [more](https://x.test) <br> detail. And more."
    assert short_description(text) == "Does a thing, e.g. this."
    assert len(short_description("word " * 100)) <= 100


def test_deterministic(api: Any) -> None:
    first = build_tools(api)
    second = build_tools(load_api_uncached())
    assert first.tools == second.tools
