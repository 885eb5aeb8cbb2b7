"""The mock's two validators agree: a compiled jsonschema-rs validator decides the accept
path of every request schema, the pure-Python one decides and explains a rejection."""

from __future__ import annotations

from typing import Any

import pytest

from togen.mock.engine.app import MockApp
from togen.mock.engine.validation import Schemas

CHAT = {"model": "m/x", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def app(mock_server) -> MockApp:
    return mock_server.app


def _request_schemas(app: MockApp) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for key, handler in app.handlers.items():
        if handler.body_schema is not None:
            found.append((key, handler.body_schema))
        found += [(f"{key}:{spec.param.name}", spec.param.schema) for spec in handler.params]
    return found


def test_every_request_schema_compiles(app: MockApp) -> None:
    missing = [key for key, schema in _request_schemas(app) if app.schemas.compiled(schema) is None]
    assert missing == []


def test_compiled_accept_path_never_accepts_what_python_rejects(app: MockApp) -> None:
    """Synthesized request bodies (valid) and broken ones: wherever jsonschema-rs says valid,
    the Python validator says valid too."""
    schemas = app.schemas
    disagreements = []
    for key, schema in _request_schemas(app):
        valid = app.synth.generate(schema, f"validation:{key}")
        candidates = [valid, None, 17023141495, "x", [], {}]
        if isinstance(valid, dict):
            candidates += [{**valid, name: 2**40} for name in valid] + [{**valid, n: "?"} for n in valid]
        for value in candidates:
            if schemas.fast_valid(schema, value) and not schemas.validator(schema).is_valid(value):
                disagreements.append((key, value))
    assert disagreements == []


def test_int32_bounds_and_formats_hold_on_the_compiled_path() -> None:
    document = {
        "components": {
            "schemas": {
                "Q": {
                    "type": "object",
                    "properties": {
                        "limit": {"type": "integer", "format": "int32"},
                        "at": {"type": "string", "format": "date-time"},
                    },
                }
            }
        }
    }
    schemas = Schemas(document)
    schema = {"$ref": "#/components/schemas/Q"}
    assert schemas.first_error(schema, {"limit": 5, "at": "2024-01-01T00:00:00Z"}) is None
    assert not schemas.fast_valid(schema, {"limit": 17023141495})
    error = schemas.first_error(schema, {"limit": 17023141495})
    assert error is not None and "int32" in error.message
    assert schemas.first_error(schema, {"at": "2024-01-01T12:99:00Z"}) is not None


def test_a_value_only_the_compiled_validator_rejects_is_accepted() -> None:
    """jsonschema-rs checks formats the mock leaves as annotations (email): its rejection is
    not final, the Python validator accepts."""
    schemas = Schemas({})
    schema = {"type": "string", "format": "email"}
    assert not schemas.fast_valid(schema, "not-an-email")
    assert schemas.first_error(schema, "not-an-email") is None
    assert schemas.is_valid(schema, "not-an-email")


def test_rejections_keep_the_detailed_message(mock_server) -> None:
    import httpx

    answer = httpx.post(
        f"{mock_server}/v1/chat/completions",
        json={**CHAT, "messages": [{"role": "wizard", "content": "hi"}]},
        headers={"Authorization": "Bearer k"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "body/messages/0/role"
    assert "'wizard' is not one of" in answer.json()["error"]["message"]
