"""`--with-sdk` (so far on `togen mock`): the public spec with the SDK's surface merged in.

The merge rule (togen.sdk.merge): the spec stays the base and loses nothing; the SDK adds the
operations, parameters, properties and enum values the spec lacks, each marked
`x-togen-provenance: sdk`. Checked on the real spec and SDK, and through the official SDK
against a real mock on loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import together

from tests.conftest import ROOT
from togen.core.loopback import LoopbackServer, free_port, stop_process, wait_for_http
from togen.mock.engine.context import Settings
from togen.mock.server import app_for, load_api_cached
from togen.sdk.merge import load_with_sdk, merge_documents
from togen.spec.ir import API, Pagination

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec() -> API:
    return load_api_cached(None)


@pytest.fixture(scope="module")
def merged() -> API:
    return load_with_sdk(None)


def test_the_sdks_pages_are_the_pages_of_its_operations(spec: API, merged: API) -> None:
    """An operation the SDK adds is paged exactly when the SDK answers it with a page class
    (`x-togen-pagination`): its next page is there while the cursor field is set, as the
    SDK's `next_page_info()` says; a list the SDK answers with its first page's model stays a
    plain answer however cursor-like it looks. The spec's own operations keep their paging."""
    page = merged.operation("projects.list").pagination
    assert page == Pagination("after", "data", "next_cursor", "next_cursor", "limit")
    assert merged.operation("endpoints.rollouts.list").pagination is not None
    assert merged.operation("post_training.checkpoints.list").pagination is None
    ours = spec.operation("post_training.sessions.list").pagination
    assert ours is not None and merged.operation("post_training.sessions.list").pagination == ours


def _body_properties(operation: dict[str, Any], document: dict[str, Any]) -> set[str]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema") or {}
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return set(schema.get("properties") or {})


def test_nothing_the_spec_says_is_lost(spec: API, merged: API) -> None:
    for path, item in spec.document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            after = merged.document["paths"][path][method]
            assert after.get("x-togen-provenance", "upstream") != "sdk"
            before_params = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            after_params = {(p["in"], p["name"]): p for p in after.get("parameters", [])}
            assert before_params <= set(after_params)
            for key in set(after_params) - before_params:
                assert after_params[key]["x-togen-provenance"] == "sdk"
                assert not after_params[key].get("required")
            assert _body_properties(operation, spec.document) <= _body_properties(after, merged.document)
    assert set(spec.schemas) <= set(merged.schemas)


def test_the_sdk_adds_operations_fields_and_enum_values(spec: API, merged: API) -> None:
    routes = {(op.method, op.effective_path): op for op in merged.all_operations}
    whoami = routes["GET", "/v3/whoami"]
    assert whoami.origin == "sdk" and whoami.key == "whoami"
    assert routes["GET", "/v2/supported-models"].key == "models.list_supported"
    assert len(merged.all_operations) == len(spec.all_operations) + 99
    sample = merged.document["paths"]["/rl/training-sessions/{session_id}/operations/sample"]["post"]
    field = sample["requestBody"]["content"]["application/json"]["schema"]
    while "$ref" in field:
        field = merged.document["components"]["schemas"][field["$ref"].rpartition("/")[2]]
    assert field["properties"]["model_inputs"]["x-togen-provenance"] == "sdk"
    fine_tune = next(op for op in merged.all_operations if op.signature == "GET /v1/fine-tunes/{id}")
    answer = merged.resolve(fine_tune.primary_response.contents[0].schema)  # type: ignore[union-attr]
    assert "user_id" in answer["properties"] and "user_id" in answer["required"]


@pytest.fixture(scope="module")
def clients(spec: API, merged: API) -> Iterator[tuple[together.Together, together.Together]]:
    settings = Settings(stateless=True, access_log=False)
    with (
        LoopbackServer(app_for(merged, settings)) as with_sdk,
        LoopbackServer(app_for(spec, settings)) as plain,
    ):
        yield (
            together.Together(api_key="k", base_url=with_sdk.url, project_id="proj-1", max_retries=0),
            together.Together(api_key="k", base_url=plain.url, project_id="proj-1", max_retries=0),
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.whoami(),
        lambda c: c.projects.list(),
        lambda c: c.models.list_supported(),
        lambda c: c.endpoints.hardware.list(),
        lambda c: c.post_training.supported_models.get(),
        lambda c: c.endpoints.retrieve("ep-1"),
        lambda c: c.beta.jig.list_revisions("dep-1"),
    ],
    ids=[
        "whoami",
        "projects.list",
        "models.list_supported",
        "endpoints.hardware.list",
        "post_training.supported_models.get",
        "endpoints.retrieve",
        "beta.jig.list_revisions",
    ],
)
def test_official_methods_the_spec_lacks_are_served(
    call: Any, clients: tuple[together.Together, ...]
) -> None:
    with_sdk, plain = clients
    assert call(with_sdk) is not None  # parsed by the SDK's own models
    with pytest.raises(together.NotFoundError):
        call(plain)


def test_togen_mock_with_sdk_serves_the_sdk_surface() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "togen", "mock", "--with-sdk", "--stateless", "--port", str(port), "-q"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        auth = {"Authorization": "Bearer k"}
        wait_for_http(f"http://127.0.0.1:{port}/v3/whoami", timeout=120, process=process, headers=auth)
        assert httpx.get(f"http://127.0.0.1:{port}/v3/whoami", headers=auth).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/v1/models", headers=auth).status_code == 200
    finally:
        stop_process(process)
    log = process.stderr.read() if process.stderr else ""
    assert "+ sdk:together" in log


def _document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "servers": [{"url": "/v1"}],
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _post(body: dict[str, Any] | None = None, answer: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    if answer is not None:
        operation["responses"]["200"]["content"] = {"application/json": {"schema": answer}}
    return operation


def test_a_request_property_the_sdk_does_not_require_becomes_optional_and_is_noted() -> None:
    spec_body = {
        "type": "object",
        "properties": {"prompts": {"type": "array"}, "seed": {"type": "integer"}},
        "required": ["prompts", "seed"],
    }
    sdk_body = {
        "type": "object",
        "properties": {"model_inputs": {"type": "array"}, "seed": {"type": "integer"}},
        "required": ["model_inputs", "seed"],
    }
    merged = merge_documents(
        _document({"/sample": {"post": _post(spec_body)}}),
        _document({"/v1/sample": {"post": _post(sdk_body)}}),
    )
    body = merged["paths"]["/sample"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["seed"]  # the SDK's own required field the spec lacks is not added
    assert body["x-togen-sdk-optional"] == ["prompts"]
    assert set(body["properties"]) == {"prompts", "seed", "model_inputs"}


def test_an_answer_the_sdk_reads_as_a_union_gets_its_variants() -> None:
    spec_answer = {"type": "object", "properties": {"price": {"type": "number"}}}
    variants = {
        "Available": {
            "type": "object",
            "properties": {"available": {"const": True}, "price": {"type": "number"}},
            "required": ["available"],
        },
        "Unavailable": {
            "type": "object",
            "properties": {"available": {"const": False}, "reason": {"type": "string"}},
            "required": ["available", "reason"],
        },
    }
    sdk_answer = {
        "anyOf": [{"$ref": "#/components/schemas/Available"}, {"$ref": "#/components/schemas/Unavailable"}]
    }
    merged = merge_documents(
        _document({"/estimate": {"post": _post(answer=spec_answer)}}),
        _document({"/v1/estimate": {"post": _post(answer=sdk_answer)}}, variants),
    )
    answer = merged["paths"]["/estimate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["properties"] == spec_answer["properties"]  # the spec's object stays
    assert [branch["$ref"].rpartition("/")[2] for branch in answer["anyOf"]] == ["Available", "Unavailable"]
    assert all(branch["x-togen-provenance"] == "sdk" for branch in answer["anyOf"])
    # a union the spec states itself is left as the spec says
    own = {**spec_answer, "anyOf": [{"type": "object"}]}
    again = merge_documents(
        _document({"/estimate": {"post": _post(answer=own)}}),
        _document({"/v1/estimate": {"post": _post(answer=sdk_answer)}}, variants),
    )
    assert (
        again["paths"]["/estimate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        == own
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.post_training.operations.sample(
            session_id="s-1",
            model_inputs=[{"chunks": [{"encoded_text": {"tokens": [1, 2]}}]}],
            idempotency_key="k-1",
        ),
        lambda c: c.post_training.sessions.create(model_resources_id="123e4567-e89b-12d3-a456-426614174000"),
        lambda c: c.clusters.create(
            billing_type="RESERVED",
            cluster_name="c",
            gpu_type="H100_SXM",
            num_gpus=0,
            nvidia_version_id="n",
            region="r",
        ),
        lambda c: c.fine_tuning.estimate_price(training_file="file-1"),
    ],
    ids=["sample model_inputs", "sessions.create", "clusters.create nvidia_version", "estimate_price"],
)
def test_the_sdks_calls_on_operations_both_describe_validate(call: Any, clients: tuple[Any, ...]) -> None:
    with_sdk, _ = clients
    # the SDK's own validation of answers (its test suite's strict mode): a union must match a variant
    strict = together.Together(
        api_key="k", base_url=str(with_sdk.base_url), max_retries=0, _strict_response_validation=True
    )
    with strict:
        assert call(strict) is not None


def test_the_specs_upload_keeps_the_files_collection_beside_the_sdks_post_files(merged: API) -> None:
    """`--with-sdk` adds the SDK's `POST /v1/files` (its presigned upload's first step); the
    spec's `files.upload` stays the collection's create, so an upload is a record of its bytes."""
    with LoopbackServer(app_for(merged, Settings(access_log=False))) as mock:
        auth = {"Authorization": "Bearer k"}
        upload = httpx.post(
            f"{mock.url}/v1/files/upload",
            headers=auth,
            data={"file_name": "train.jsonl", "purpose": "fine-tune"},
            files={"file": ("train.jsonl", b'{"text": "x"}\n')},
        )
        assert upload.status_code == 200 and upload.json()["filename"] == "train.jsonl"
        content = httpx.get(f"{mock.url}/v1/files/{upload.json()['id']}/content", headers=auth)
        assert content.content == b'{"text": "x"}\n'
