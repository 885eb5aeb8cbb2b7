from __future__ import annotations

import pytest

from tests.conftest import CURRENT_SPEC, FIXTURES
from togen.spec.ir import API
from togen.spec.naming import NamesConfig, derive_name, identifier
from togen.spec.pipeline import load_api


@pytest.fixture(scope="module")
def shop() -> API:
    return load_api(str(FIXTURES / "shop_30.yaml"))


@pytest.fixture(scope="module")
def together() -> API:
    return load_api(str(CURRENT_SPEC))


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
        "rl.checkpoints.download",
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
    assert kinds["deployments.storage.download"] == "redirect"
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
    assert together.operation("rl.sessions.list").pagination is not None


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
