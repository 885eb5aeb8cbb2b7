"""`sdk:together`: the OpenAPI document derived from the installed official SDK.

Checked against the SDK itself by an independent route: `tests/official_sdk.py` walks the same
client through an `httpx.MockTransport` (real requests, no recording client) and every method
it finds must be in the document at the route it sent. The document must validate, carry its
provenance, and be the same bytes in another process with another hash seed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.official_sdk import PATH_VALUE, official_methods
from togen.core.errors import SpecError
from togen.sdk.source import derived_bytes

TOGEN = [sys.executable, "-m", "togen"]
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(derived_bytes("sdk:together"))
    return data


def operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """{SDK method (and alias): (METHOD, path, operation)}."""
    found = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                for name in [operation["x-togen-sdk-method"], *operation.get("x-togen-sdk-aliases", [])]:
                    found[name] = (method.upper(), path, operation)
    return found


def test_every_operation_carries_its_provenance_and_method(document: dict[str, Any]) -> None:
    ids = []
    for item in document["paths"].values():
        for operation in item.values():
            assert operation["x-togen-provenance"] == "sdk"
            assert operation["operationId"] == operation["x-togen-sdk-method"].replace(".", "_")
            ids.append(operation["operationId"])
    assert len(ids) == len(set(ids)) > 170
    assert document["x-togen-sdk"]["package"] == "together"
    assert document["info"]["version"] == document["x-togen-sdk"]["version"]
    assert "x-togen-sdk-skipped" not in document  # every method sent its request


def test_routes_the_public_spec_lacks_are_there(document: dict[str, Any]) -> None:
    ops = operations(document)
    assert ops["whoami"][:2] == ("GET", "/v3/whoami")
    assert ops["projects.list"][:2] == ("GET", "/v1/projects")
    assert ops["organization.usage.costs.list"][:2] == ("GET", "/v1/billing/usage")
    assert ops["models.list_supported"][:2] == ("GET", "/v2/supported-models")
    assert ops["endpoints.hardware.list"][:2] == ("GET", "/v2/public/inference-instance-types")
    assert ops["beta.jig.queue.clear"][0] == "POST"
    assert ops["fine_tuning.preview"][1] == "/v1/fine-tunes/preview"


def test_every_method_the_sdk_sends_is_at_the_route_it_sends(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The independent walk (real httpx requests through a MockTransport) agrees on the route
    of every method: its path with each argument where the document has a parameter."""
    ops = operations(document)
    walked = official_methods(tmp_path_factory.mktemp("walk"))
    assert len(walked) > 170
    missing, wrong = [], []
    for method in walked:
        if method.name not in ops:
            missing.append(method.name)
            continue
        verb, template, _operation = ops[method.name]
        pattern = "^" + re.sub(r"\\{[^}/]+\\}", "[^/]+", re.escape(template)) + "$"
        if verb != method.method or not re.match(pattern, method.path):
            wrong.append(f"{method.name}: SDK {method.method} {method.path}, document {verb} {template}")
    assert missing == []
    assert wrong == []
    assert PATH_VALUE  # the walk puts it in every path parameter


def test_parameters_body_and_aliases_come_from_the_typed_dicts(document: dict[str, Any]) -> None:
    ops = operations(document)
    _, path, listing = ops["endpoints.list"]
    assert path == "/v2/projects/{project_id}/endpoints"
    params = {(p["in"], p["name"]): p for p in listing["parameters"]}
    assert params["path", "project_id"]["required"] is True
    assert params["query", "orderBy"]["schema"] == {"type": "string"}  # alias of order_by
    assert params["query", "limit"]["schema"] == {"type": "integer"}
    body = ops["chat.completions.create"][2]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"messages", "model"}
    assert body["properties"]["stream"] == {"type": "boolean"}
    message = body["properties"]["messages"]["items"]["anyOf"]
    assert {"$ref": "#/components/schemas/ChatCompletionUserMessageParam"} in message
    speech = ops["audio.speech.create"][2]["requestBody"]["content"]["application/json"]["schema"]
    assert speech["properties"]["response_format"]["enum"] == ["mp3", "wav", "raw"]
    upload = ops["audio.transcriptions.create"][2]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "file" in upload["schema"]["required"]
    # no files, but sent as form parts under the SDK's own header (its presigned upload's first step)
    presign = ops["files.upload"][2]["requestBody"]["content"]
    assert list(presign) == ["multipart/form-data"]
    assert {"file_name", "purpose"} <= set(presign["multipart/form-data"]["schema"]["properties"])


def test_answers_streams_binaries_and_pages(document: dict[str, Any]) -> None:
    ops = operations(document)
    schemas = document["components"]["schemas"]
    chat = ops["chat.completions.create"][2]["responses"]["200"]["content"]
    assert chat["application/json"]["schema"] == {"$ref": "#/components/schemas/ChatCompletion"}
    events = chat["text/event-stream"]["schema"]["oneOf"]
    assert events[0]["properties"]["data"] == {"$ref": "#/components/schemas/ChatCompletionChunk"}
    assert events[1]["properties"]["data"] == {"const": "[DONE]"}
    assert "ChatCompletion" in schemas and "ChatCompletionChunk" in schemas
    content = ops["files.content"][2]["responses"]["200"]["content"]
    assert [s["schema"] for s in content.values()] == [{"type": "string", "format": "binary"}]
    page = ops["endpoints.list"][2]["responses"]["200"]
    assert page["x-togen-pagination"] == {
        "page": "SyncCursorPagination",
        "items": "data",
        "next": {"after": "next_cursor"},
    }
    # the page's component is named as a class (datamodel-code-generator's name of it)
    assert page["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SyncCursorPaginationEndpoint"
    }
    page_schema = schemas["SyncCursorPaginationEndpoint"]
    assert page_schema["properties"]["data"]["items"] == {"$ref": "#/components/schemas/Endpoint"}
    # a union answer the SDK exports under a name is a component of that name
    whoami = ops["whoami"][2]["responses"]["200"]["content"]["application/json"]["schema"]
    assert whoami == {"$ref": "#/components/schemas/WhoamiResponse"}
    assert {"$ref": "#/components/schemas/WhoamiProjectAPIKey"} in schemas["WhoamiResponse"]["anyOf"]
    assert schemas["WhoamiResponse"]["x-togen-sdk-type"] == "WhoamiResponse"


def test_answer_components_are_named_as_the_sdk_exports_their_classes(document: dict[str, Any]) -> None:
    """Of two classes named `PlacementProfile`, the one `together.types.endpoints` exports keeps
    the name and the other takes its module path under `together.types`; each exported class
    carries the official path of its type name."""
    schemas = document["components"]["schemas"]
    assert "endpoint_deployment.PlacementProfile" in schemas
    assert "preferredRegions" in schemas["PlacementProfile"]["properties"]
    assert schemas["PlacementProfile"]["x-togen-sdk-type"] == "endpoints.PlacementProfile"
    assert "x-togen-sdk-type" not in schemas["endpoint_deployment.PlacementProfile"]
    target = schemas["ShadowExperimentTarget"]
    assert target["x-togen-sdk-type"] == "endpoints.shadow_experiments.ShadowExperimentTarget"
    assert not [name for name in schemas if "__" in name or "[" in name or name.endswith("_")]


def test_the_presigned_uploads_first_step_documents_the_answers_the_sdk_goes_on_after(
    document: dict[str, Any],
) -> None:
    """`files.upload` sends `POST /v1/files` without following redirects and reads the 302's
    `Location` and `X-Together-File-Id` itself (mock/togen/mock/together/presigned_upload.py
    has the facts as recorded); a 200 carrying both it takes too, any other 3xx it refuses."""
    method, path, operation = operations(document)["files.upload"]
    assert (method, path) == ("POST", "/v1/files")
    responses = operation["responses"]
    assert sorted(responses) == ["200", "302"]
    header = {"required": True, "schema": {"type": "string"}}
    for status in ("200", "302"):
        assert responses[status]["headers"] == {"Location": header, "X-Together-File-Id": header}
    assert "content" not in responses["302"]
    # every other operation follows redirects as the SDK's client does: one success answer, no headers
    others = [op for name, (_m, _p, op) in operations(document).items() if name != "files.upload"]
    assert {tuple(op["responses"]) for op in others} == {("200",)}
    assert not any("headers" in op["responses"]["200"] for op in others)


def test_the_sdk_models_answers_validate_against_the_document(document: dict[str, Any]) -> None:
    """An answer the SDK's own model accepts validates against the schema the document gives."""
    from together.types.chat import ChatCompletion

    from togen.spec.schema_set import SchemaSet

    answer = {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "prompt": [],
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
    }
    ChatCompletion.model_validate(answer)
    schemas = SchemaSet(document)
    answers = operations(document)["chat.completions.create"][2]["responses"]["200"]
    schema = answers["content"]["application/json"]["schema"]
    assert schemas.error_messages(schema, answer) == []
    assert schemas.error_messages(schema, {**answer, "choices": "not a list"}) != []


def test_same_package_version_same_bytes_in_another_process(tmp_path: Path) -> None:
    out = tmp_path / "sdk.json"
    env = {**os.environ, "TOGEN_CACHE": "0", "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [*TOGEN, "sdk-spec", "together", "--output", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == derived_bytes("sdk:together")


def test_the_document_passes_togen_validate() -> None:
    done = subprocess.run(
        [*TOGEN, "validate", "--spec", "sdk:together"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 errors" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("package", "expected"),
    [
        (
            "no_such_sdk_package",
            "sdk:no_such_sdk_package: the package 'no_such_sdk_package' is not installed",
        ),
        ("httpx", "sdk:httpx: 'httpx' is not a Stainless-style SDK"),
    ],
)
def test_a_package_that_cannot_be_used_is_one_line_and_exit_2(
    package: str, expected: str, tmp_path: Path
) -> None:
    out = tmp_path / "kept.json"
    out.write_text("earlier output\n")
    done = subprocess.run(
        [*TOGEN, "sdk-spec", package, "--output", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and expected in done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_text() == "earlier output\n"
    with pytest.raises(SpecError, match="expected sdk:<python package>"):
        derived_bytes("sdk:not a package")


def test_the_document_cache_keeps_the_newest_and_only_its_own_files(tmp_path: Path) -> None:
    import time

    from togen.sdk.source import prune

    names = [f"together-3.1.{i}-{i:016x}.json" for i in range(10)]
    for index, name in enumerate(names):
        path = tmp_path / name
        path.write_text("{}")
        os.utime(path, (time.time() - 100 + index, time.time() - 100 + index))
    (tmp_path / "notes.json").write_text("mine")
    removed = prune(tmp_path, max_entries=8)
    assert sorted(p.name for p in removed) == sorted(names[:2])
    assert (tmp_path / "notes.json").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.glob("together-*.json")) == sorted(names[2:])


def test_a_damaged_cache_entry_is_derived_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry that is no JSON document (edited by hand, damaged) was served as the document,
    for every later run: `sdk:together: not an OpenAPI document`, until the cache was cleared."""
    monkeypatch.setenv("TOGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TOGEN_CACHE", raising=False)
    expected = derived_bytes("sdk:together")
    (entry,) = (tmp_path / "sdk").glob("together-*.json")
    entry.write_text("garbage{\n")
    assert derived_bytes("sdk:together") == expected
    assert entry.read_bytes() == expected
