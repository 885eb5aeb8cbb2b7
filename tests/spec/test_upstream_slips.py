"""Issue 15, item 2: upstream mistakes of real spec versions are repaired with a warning when
the intent is unambiguous; everything else the model generator would choke on is a finding of
ours with its pointer; `togen validate` lists every fatal finding, in text and in JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT
from togen.core.errors import FatalFindings
from togen.render.generate import generate
from togen.spec.naming import NamesConfig, PackageConfig
from togen.spec.normalize import normalize
from togen.spec.validate import validate

NO_NAMES = NamesConfig(PackageConfig())
TOGEN = [sys.executable, "-m", "togen"]


def _doc(schemas: dict[str, Any], response: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": response or {"type": "object"}}},
                        }
                    }
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _normalize(document: dict[str, Any]) -> Any:
    return normalize(document, file="s.yaml", overlays=[], names=NO_NAMES)


def test_required_under_properties_moves_up_with_a_warning() -> None:
    properties = {"role": {"type": "string"}, "content": {"type": "string"}, "required": ["role", "content"]}
    schema = {"type": "object", "required": ["role"], "properties": properties}
    result = _normalize(_doc({"Tool": schema}))
    fixed = result.document["components"]["schemas"]["Tool"]
    assert fixed["required"] == ["role", "content"] and set(fixed["properties"]) == {"role", "content"}
    (finding,) = [f for f in result.findings if f.code == "required-misplaced"]
    assert finding.severity == "warning" and finding.pointer == "/components/schemas/Tool/properties/required"
    assert "moved up" in finding.message


def test_required_under_properties_naming_unknown_fields_is_fatal() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}, "required": ["a", "zzz"]}}
    with pytest.raises(FatalFindings) as info:
        _normalize(_doc({"T": schema}))
    assert info.value.where == "/components/schemas/T/properties/required"
    assert "property 'required' is not a schema (a list)" in str(info.value)


def test_a_misprefixed_ref_naming_one_schema_is_repointed() -> None:
    document = _doc({"ModelVoices": {"type": "object"}}, {"$ref": "#/schema/components/ModelVoices"})
    result = _normalize(document)
    (finding,) = [f for f in result.findings if f.code == "ref-repaired"]
    assert (
        finding.pointer.endswith("/schema/$ref") and "'#/components/schemas/ModelVoices'" in finding.message
    )


@pytest.mark.parametrize(
    ("schemas", "ref", "expected"),
    [
        ({}, "#/schema/components/ModelVoices", "dangling reference '#/schema/components/ModelVoices'"),
        (  # two components of that name: ambiguous
            {"Voices": {"type": "object"}},
            "#/nowhere/Voices",
            "2 components are named 'Voices'",
        ),
    ],
)
def test_other_dangling_refs_stay_fatal(schemas: dict[str, Any], ref: str, expected: str) -> None:
    document = _doc(schemas, {"$ref": ref})
    document["components"]["parameters"] = {
        "Voices": {"name": "v", "in": "query", "schema": {"type": "string"}}
    }
    with pytest.raises(FatalFindings, match=expected):
        _normalize(document)


@pytest.mark.parametrize(
    ("schema", "pointer", "message"),
    [
        ({"properties": {"a": "text"}}, "/properties/a", "property 'a' is not a schema (a string)"),
        ({"properties": ["a"]}, "/properties", "`properties` is not a mapping"),
        ({"required": [1]}, "/required", "`required` is not a list of names"),
        ({"enum": "a"}, "/enum", "`enum` is not a list (a string)"),
        ({"type": 5}, "/type", "`type` 5 is not a JSON Schema type"),
        ({"oneOf": {"a": 1}}, "/oneOf", "`oneOf` is not a list of schemas"),
        ({"items": [{"type": "string"}, {"type": "integer"}]}, "/items", "`items` is not a schema (a list)"),
    ],
)
def test_schema_shapes_the_model_generator_chokes_on_are_our_findings(
    schema: dict[str, Any], pointer: str, message: str
) -> None:
    with pytest.raises(FatalFindings) as info:
        _normalize(_doc({"S": schema}))
    assert info.value.where == f"/components/schemas/S{pointer}" and message in info.value.message


def test_type_names_of_programming_languages_are_read_as_json_types() -> None:
    schemas = {
        "S": {"type": "object", "properties": {"f": {"type": "float"}, "x": {"type": ["strin", "null"]}}}
    }
    result = _normalize(_doc(schemas))
    properties = result.document["components"]["schemas"]["S"]["properties"]
    assert properties["f"]["type"] == "number" and "type" not in properties["x"]
    assert [f.code for f in result.findings].count("type-repaired") == 2


def test_swagger_style_required_flags_move_to_the_parent() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string", "required": True}, "b": {"required": False}},
    }
    result = _normalize(_doc({"S": schema}))
    fixed = result.document["components"]["schemas"]["S"]
    assert fixed["required"] == ["a"] and "required" not in fixed["properties"]["b"]
    assert [f.code for f in result.findings].count("required-moved") == 2


def test_the_upstream_slips_generate_and_import(tmp_path: Path) -> None:
    out = tmp_path / "client"
    result = generate(str(FIXTURES / "upstream_slips.yaml"), out)
    assert any("spec problems worked around" in w for w in result.warnings)
    script = (
        "from together_client.models import ToolMessageParam, ModelVoices\n"
        "import pydantic\n"
        "try:\n    ToolMessageParam.model_validate({'role': 'tool'})\nexcept pydantic.ValidationError: pass\n"
        "else:\n    raise SystemExit('required fields were lost')\n"
        "ModelVoices.model_validate({'model': 'm'})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = validate(str(FIXTURES / "upstream_slips.yaml"), run_validator=False)
    repairs = {f.code: f for f in report.findings}
    assert repairs["required-misplaced"].line and repairs["ref-repaired"].line  # file:line and pointer
    assert repairs["items-list"].pointer.endswith("/schema/items") and repairs["items-list"].line
    assert repairs["ref-repaired"].pointer.endswith("/schema/items/0/$ref")  # where the file has it
    assert not report.fatal


def test_items_as_a_list_of_one_schema_is_that_schema_with_a_warning() -> None:
    """As the upstream version of 2025-11-14 has it, nested too: an array of arrays."""
    inner = {"type": "array", "items": [{"type": "integer"}]}
    result = _normalize(_doc({"Grid": {"type": "array", "items": [inner]}}))
    grid = result.document["components"]["schemas"]["Grid"]
    assert grid["items"] == {"type": "array", "items": {"type": "integer"}}
    pointers = [f.pointer for f in result.findings if f.code == "items-list"]
    assert pointers == ["/components/schemas/Grid/items", "/components/schemas/Grid/items/items"]
    assert all(f.severity == "warning" for f in result.findings if f.code == "items-list")


def test_validate_lists_every_fatal_finding_and_json_is_json() -> None:
    spec = str(FIXTURES / "fatal_many.yaml")
    text = subprocess.run([*TOGEN, "validate", "--spec", spec], capture_output=True, text=True, cwd=ROOT)
    assert text.returncode == 2, text.stderr
    fatal = [line for line in text.stdout.splitlines() if ": fatal: " in line]
    assert len(fatal) == 5, text.stdout
    assert any("'#/components/schemas/Missing'" in line for line in fatal)
    assert any("'#/components/schemas/AlsoMissing'" in line for line in fatal)
    assert "5 fatal" in text.stdout.splitlines()[-1]
    done = subprocess.run(
        [*TOGEN, "validate", "--spec", spec, "--format", "json"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["counts"]["fatal"] == 5 and report["operations"] is None
    assert all(f["pointer"] and f["line"] for f in report["findings"] if f["fatal"])
    # an unparsable file: still JSON
    done = subprocess.run(
        [*TOGEN, "validate", "--spec", str(FIXTURES / "invalid_yaml.yaml"), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    (finding,) = json.loads(done.stdout)["findings"]
    assert finding["fatal"] and finding["line"] == 9 and "invalid YAML" in finding["message"]


def test_generate_stops_at_fatal_findings_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [*TOGEN, "generate", "--spec", str(FIXTURES / "fatal_many.yaml"), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert "dangling reference" in line and "(and 4 more: `togen validate` lists them)" in line
    assert "Traceback" not in done.stderr and not (tmp_path / "o").exists()


def test_generate_names_a_duplicate_operation_id_and_both_operations(tmp_path: Path) -> None:
    spec = tmp_path / "dup.yaml"
    ok = '{"200": {description: ok, content: {application/json: {schema: {type: object}}}}}'
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: dup, version: '1'}\n"
        "servers: [{url: 'https://api.example.test/v1'}]\n"
        "paths:\n"
        f"  /a:\n    get: {{operationId: listThings, responses: {ok}}}\n"
        f"  /b:\n    post: {{operationId: listThings, responses: {ok}}}\n"
    )
    done = subprocess.run(
        [*TOGEN, "generate", "--spec", str(spec), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "listThings" in line]
    assert line.startswith("warning: ") and "GET /v1/a" in line and "POST /v1/b" in line, line
    assert (tmp_path / "o" / "src" / "together_client" / "resources" / "b.py").exists()
    report = validate(str(spec), run_validator=False)
    (finding,) = [f for f in report.findings if f.code == "duplicate-operation-id"]
    assert finding.pointer == "/paths/~1b/post/operationId" and finding.line == 8
