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
from togen.loopback import LoopbackServer, free_port, stop_process, wait_for_http
from togen.mock.context import Settings
from togen.mock.server import app_for, load_api_cached
from togen.sdk.merge import load_with_sdk
from togen.spec.ir import API

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec() -> API:
    return load_api_cached(None)


@pytest.fixture(scope="module")
def merged() -> API:
    return load_with_sdk(None)


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
