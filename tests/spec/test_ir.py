from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CURRENT_SPEC, FIXTURES
from togen.spec.ir import API
from togen.spec.naming import NamesConfig, derive_name, identifier
from togen.spec.pipeline import load_api_uncached, resolve_spec


@pytest.fixture(scope="module")
def shop() -> API:
    return load_api_uncached(str(FIXTURES / "shop_30.yaml"))


@pytest.fixture(scope="module")
def together() -> API:
    return load_api_uncached(str(CURRENT_SPEC))


def test_config_lookup_ignores_path_parameter_names() -> None:
    config = NamesConfig.read()
    assert config.lookup("get", "/v1/endpoints/{id}") == ("endpoints", "retrieve")
    assert config.lookup("GET", "/v1/endpoints/{endpointId}") == ("endpoints", "retrieve")
    assert config.lookup("get", "/v1/unknown") is None


def test_derived_names() -> None:
    assert derive_name("get", "/v1/fine-tunes/{id}") == ("fine_tunes", "retrieve")
    assert derive_name("get", "/v1/fine-tunes") == ("fine_tunes", "list")
    assert derive_name("post", "/v2/videos") == ("videos", "create")
    assert identifier("class") == "class_"
    assert identifier("sale-price") == "sale_price"
    assert identifier("endpointId") == "endpoint_id"


def test_every_together_operation_is_named_by_config(together: API) -> None:
    upstream = [op for op in together.all_operations if op.origin == "upstream"]
    assert len(upstream) == 99
    assert [op.signature for op in together.all_operations if op.origin == "project"] == [
        "POST /v1/responses"
    ]
    assert [op.signature for op in together.all_operations if not op.named_in_config] == []
    keys = [op.key for op in together.all_operations]
    assert len(keys) == len(set(keys))
    for key in (
        "chat.completions.create",
        "files.upload",
        "fine_tuning.list",
        "endpoints.retrieve",
        "post_training.checkpoints.download",
    ):
        assert key in keys


def test_unnamed_operations_get_derived_names_and_warnings(shop: API) -> None:
    assert shop.operation("GET /v1/items").key == "items.list"
    assert any(f.code == "unnamed-operation" for f in shop.findings)


def test_effective_paths_carry_the_server_base_path(together: API) -> None:
    assert together.operation("chat.completions.create").effective_path == "/v1/chat/completions"
    assert together.operation("videos.create").effective_path == "/v2/videos"
    assert together.default_server_url == "https://api.together.ai"


def test_response_kinds(together: API) -> None:
    kinds = {op.key: op.primary_response.kind for op in together.operations if op.primary_response}
    assert kinds["files.content"] == "binary"
    assert kinds["audio.speech.create"] == "binary"
    assert kinds["beta.jig.storage.download"] == "redirect"
    assert kinds["endpoints.delete"] == "empty"
    assert kinds["models.list"] == "json"
    assert [op.key for op in together.unsupported] == [
        "audio.speech.websocket",
        "audio.transcriptions.realtime",
    ]


def test_streams_split_chunk_schema_from_terminator(together: API) -> None:
    streams = {op.key: op.streaming for op in together.operations if op.streaming}
    assert set(streams) == {
        "chat.completions.create",
        "completions.create",
        "audio.speech.create",
        "responses.create",
    }
    responses = streams["responses.create"]
    assert responses is not None and responses.stream_terminator is None
    assert responses.stream_chunk_schema == {"$ref": "#/components/schemas/ResponseStreamEvent"}
    chat = streams["chat.completions.create"]
    assert chat is not None
    assert chat.stream_chunk_schema == {"$ref": "#/components/schemas/ChatCompletionChunk"}
    assert chat.stream_terminator == "[DONE]"


def test_request_bodies_and_parameters(shop: API) -> None:
    upload = shop.operation("uploads.create")
    assert upload.request_body is not None and upload.request_body.kind == "multipart"
    tags = next(p for p in shop.operation("items.list").parameters if p.name == "tags")
    assert (tags.location, tags.style, tags.explode) == ("query", "form", False)
    item_id = shop.operation("items.retrieve").parameters[0]
    assert (item_id.location, item_id.required) == ("path", True)


def test_pagination_is_detected(shop: API, together: API) -> None:
    paging = shop.operation("items.list").pagination
    assert paging is not None
    assert (paging.cursor_param, paging.items_field, paging.has_more_field, paging.next_cursor_field) == (
        "after",
        "data",
        "has_more",
        "next_cursor",
    )
    assert together.operation("post_training.sessions.list").pagination is not None


def test_resource_tree(together: API) -> None:
    root = together.root
    assert set(root.children["chat"].children) == {"completions"}
    assert [op.method_name for op in root.children["files"].operations] == [
        "content",
        "delete",
        "list",
        "retrieve",
        "upload",
    ]


def test_resolve_follows_refs(together: API) -> None:
    op = together.operation("chat.completions.create")
    assert op.request_body is not None
    resolved = together.resolve(op.request_body.schema)
    assert {"model", "messages"} <= set(resolved["required"])


# ----------------------------------------------------------------------------- signatures


def _load(tmp_path: Path, document: dict[str, Any]) -> API:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document))
    return resolve_spec(str(path), verify_lock=False, overlays=[]).api


def _spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Fixture", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
    }


CLASHING = {
    "/things/{thing-id}/parts/{class}": {
        "post": {
            "operationId": "clash",
            "parameters": [
                {"name": "class", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                {"name": "thing-id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "model", "in": "query", "schema": {"type": "string"}},
                {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file", "model"],
                            "properties": {
                                "model": {"type": "string"},
                                "extra_body": {"type": "string"},
                                "file": {"type": "string", "format": "binary"},
                                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                "audio": {
                                    "oneOf": [{"type": "string", "format": "binary"}, {"type": "string"}]
                                },
                                "id": {"type": "string", "readOnly": True},
                            },
                        }
                    }
                },
            },
            "responses": {"200": {"description": "ok"}},
        }
    }
}


def test_signature_decides_final_names_once(tmp_path: Path) -> None:
    op = _load(tmp_path, _spec(CLASHING)).operation("clash")
    signature = op.arguments
    # the last path parameter is positional (as in the official SDK), earlier ones are required
    # keywords; names that clash get a suffix of their location
    assert [(a.name, a.wire) for a in signature.positional] == [("class_", "class")]
    assert [(a.name, a.location) for a in signature.arguments] == [
        ("class_", "path"),
        ("timeout_query", "query"),  # `timeout` is reserved by the generated method
        ("thing_id", "path"),
        ("model", "query"),
        ("x_trace", "header"),  # no cookie parameters
        ("model_body", "body"),  # clashes with the query parameter
        ("extra_body_body", "body"),  # reserved
        ("file", "file"),
        ("files", "file"),
        ("audio", "file"),  # no readOnly `id`
    ]
    assert [a.name for a in signature.keywords][:4] == ["thing_id", "model_body", "file", "timeout_query"]
    assert [a.name for a in signature.keywords if a.required] == ["thing_id", "model_body", "file"]
    files = {a.name: (a.file_list, a.text_ok) for a in signature.files}
    assert files == {"file": (False, False), "files": (True, False), "audio": (False, True)}
    assert not signature.whole_body and signature.stream is None


def test_a_body_without_properties_is_one_argument(tmp_path: Path) -> None:
    paths = {
        "/raw": {
            "put": {
                "operationId": "raw",
                "parameters": [{"name": "body", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "done"}},
            }
        }
    }
    signature = _load(tmp_path, _spec(paths)).operation("raw").arguments
    assert signature.whole_body
    assert [(a.name, a.wire, a.location) for a in signature.arguments] == [
        ("body", "body", "query"),
        ("body_body", "", "body"),
    ]


def test_stream_argument_and_allof_bodies(together: API) -> None:
    chat = together.operation("chat.completions.create").arguments
    assert chat.stream is not None and chat.stream.name == "stream" and chat.stream.location == "body"
    assert {"model", "messages"} <= {a.name for a in chat.keywords if a.required}
    upload = together.operation("files.upload").arguments
    assert [a.name for a in upload.files] == ["file"]


def test_client_mcp_and_drift_read_one_signature(together: API) -> None:
    from togen.drift.canonical import Canonicalizer
    from togen.drift.surface import method_parameters
    from togen.render.mcp_schemas import build_tools

    routes = build_tools(together)
    tools = {tool["name"]: tool for tool in routes.tools}
    canon = Canonicalizer(together.document)
    for op in together.operations:
        signature = op.arguments
        names = [a.name for a in signature.arguments if a.location != "header"]
        assert list(tools[op.tool_name]["inputSchema"]["properties"]) == names, op.key
        assert sorted(a.name for a in signature.files) == sorted(routes.routes[op.tool_name].files)
        surface = method_parameters(together, canon, op)
        assert [k for k in surface if not k.startswith("#")] == [a.name for a in signature.keywords]
        assert [surface[f"#{i}"][2] for i in range(len(signature.positional))] == [
            f"path:{a.name}" for a in signature.positional
        ]
