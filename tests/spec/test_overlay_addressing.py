"""Issue 15, item 4: overlay actions address operations by method + effective URL, resolved
against each spec's own servers, so `/v1` in the server URL or in every path gives one IR."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from togen.spec.ir import API
from togen.spec.loader import load_spec
from togen.spec.normalize.overlays import read_overlays
from togen.spec.pipeline import load_api_uncached


def _v1_in_paths(document: dict[str, Any]) -> dict[str, Any]:
    """The same API with `/v1` moved from the server URL into every path (as upstream wrote it
    until October 2025); operations with servers of their own (`/v2/videos`) keep them."""
    moved = copy.deepcopy(document)
    (server,) = moved["servers"]
    assert server["url"].endswith("/v1")
    server["url"] = server["url"].removesuffix("/v1")
    own = {
        p
        for p, item in document["paths"].items()
        if any("servers" in op for op in item.values() if isinstance(op, dict))
    }
    moved["paths"] = {(p if p in own else "/v1" + p): item for p, item in document["paths"].items()}
    return moved


def _surface(api: API) -> dict[str, Any]:
    """What a client, the mock and drift see of the IR (not where it sat in the document)."""
    operations = {
        op.signature: (
            op.key,
            op.origin,
            [(a.name, a.wire, a.location, a.required) for a in op.arguments.arguments],
            op.request_body.schema if op.request_body else None,
            [(r.status, r.kind, [c.schema for c in r.contents]) for r in op.responses],
        )
        for op in api.all_operations
    }
    schemas = json.loads(json.dumps(api.schemas).replace("~1v1~1", "~1"))  # pointers in x-togen-origin
    return {"operations": operations, "schemas": schemas}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[API, API]:
    loaded = load_spec(None)
    folder = tmp_path_factory.mktemp("v1")
    in_server, in_paths = folder / "v1_in_server.json", folder / "v1_in_paths.json"
    in_server.write_text(json.dumps(loaded.document))
    in_paths.write_text(json.dumps(_v1_in_paths(loaded.document)))
    return load_api_uncached(str(in_server)), load_api_uncached(str(in_paths))


def test_v1_in_servers_or_in_paths_gives_the_same_ir(both: tuple[API, API]) -> None:
    in_server, in_paths = both
    assert in_server.operation("POST /v1/responses").origin == "project"
    assert in_paths.operation("POST /v1/responses").origin == "project"
    assert not [op.signature for op in in_paths.all_operations if op.effective_path == "/responses"]
    a, b = _surface(in_server), _surface(in_paths)
    assert sorted(a["operations"]) == sorted(b["operations"])
    for signature, value in a["operations"].items():
        assert value == b["operations"][signature], signature
    assert a["schemas"] == b["schemas"]


def test_operation_fixes_reach_the_operation_wherever_v1_is(both: tuple[API, API]) -> None:
    """010-upstream-fixes removes a stray `type: boolean` inside POST /v1/fine-tunes's body."""
    for api in both:
        body = api.operation("POST /v1/fine-tunes").request_body
        assert body is not None
        train_on_inputs = api.resolve(body.schema)["properties"]["train_on_inputs"]
        assert "type" not in api.resolve(train_on_inputs), api.spec_name


def test_together_overlays_do_not_touch_other_apis() -> None:
    api = load_api_uncached(str(FIXTURES / "shop_30.yaml"))
    assert not [op for op in api.all_operations if op.origin == "project"]
    skipped = [f for f in api.findings if f.code == "overlay-skipped" and "applies to" in f.message]
    assert len(skipped) == len([o for o in read_overlays() if o.applies_to])


def test_an_operation_another_server_serves_is_added_with_that_server(tmp_path: Path) -> None:
    from togen.spec.normalize.overlays import Overlay, apply_overlays

    document = {"openapi": "3.1.0", "servers": [{"url": "https://api.example.test/v2"}], "paths": {}}
    action = {"operation": "POST /v1/things", "create": True, "reason": "r", "set": {"responses": {}}}
    overlay = Overlay(tmp_path / "x.yaml", "", [action], "project")
    apply_overlays(document, [overlay], [])
    assert document["paths"]["/v1/things"]["post"]["servers"] == [{"url": "https://api.example.test"}]
