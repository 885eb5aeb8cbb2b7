"""`sdk:openai`: the derivation on another Stainless-generated SDK than Together's (the openai
package is installed beside it), and what it met there: a streamed upload (multipart body
with `stream`) and hand-written methods that poll."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from togen.sdk.derive import Recorded, Sampler, Sdk, record_method
from togen.sdk.source import derived_bytes


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(derived_bytes("sdk:openai"))
    return data


def test_the_openai_sdk_gives_a_document_of_its_own_surface(document: dict[str, Any]) -> None:
    assert document["x-togen-sdk"]["package"] == "openai"
    chat = document["paths"]["/chat/completions"]["post"]
    assert {"chat.completions.create", chat["x-togen-sdk-method"]} <= {
        chat["x-togen-sdk-method"],
        *chat.get("x-togen-sdk-aliases", []),
    }
    assert set(chat["responses"]["200"]["content"]) == {"application/json", "text/event-stream"}
    assert document["paths"]["/embeddings"]["post"]["x-togen-sdk-method"] == "embeddings.create"


def test_a_streamed_upload_keeps_its_form_parts_and_says_it_streams(document: dict[str, Any]) -> None:
    """`audio.transcriptions.create(file=..., stream=True)` sends form parts: the `stream`
    property goes on the multipart body (the derivation looked for a JSON one: KeyError)."""
    body = document["paths"]["/audio/transcriptions"]["post"]["requestBody"]["content"]
    assert list(body) == ["multipart/form-data"]
    schema = body["multipart/form-data"]["schema"]
    assert schema["properties"]["stream"] == {"type": "boolean"}
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}


def test_a_hand_written_polling_method_is_probed_without_pausing(tmp_path: Path) -> None:
    """openai's `files.wait_for_processing(id, poll_interval=5.0)` polls with made-up answers that
    never finish: the probe gives it no pause between its requests (it slept 15 s)."""
    pauses: list[float] = []
    raw_calls: list[Recorded] = []

    def wait_for_processing(id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 1800) -> None:
        pauses.append(poll_interval)
        raise RuntimeError("gave up")

    sampler = Sampler(Sdk("fake", "0", object, (), None), tmp_path)
    found = record_method("files.wait_for_processing", wait_for_processing, sampler, raw_calls, [0])
    assert pauses == [0]
    assert found.skipped is not None and "RuntimeError" in found.skipped


def test_every_mcp_tool_of_the_openai_surface_has_a_valid_name() -> None:
    """`togen generate --spec sdk:openai` stopped at a method whose joined name is longer than
    the 64 characters of an MCP tool name; such a name keeps its start and gains a hash."""
    from togen.render.mcp_schemas import TOOL_NAME, build_tools
    from togen.spec.cache import load_api

    api = load_api("sdk:openai", verify_lock=False, overlays=[])
    names = [tool["name"] for tool in build_tools(api).tools]
    assert len(names) == len(set(names)) == len(api.operations)
    assert all(TOOL_NAME.match(name) for name in names)
    long = "organization_workload_identity_providers_federation_rules_create_post"
    assert long not in names
    assert [name for name in names if name.startswith(long[:55]) and len(name) == 64]
