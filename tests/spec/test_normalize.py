from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from togen.core.errors import Finding, SpecError
from togen.spec.loader import load_spec
from togen.spec.naming import NamesConfig, PackageConfig
from togen.spec.normalize import (
    Overlay,
    apply_overlays,
    normalize,
    pascal_case,
    read_overlays,
    schema_class_name,
)

NO_NAMES = NamesConfig(PackageConfig())


def _normalized(
    path: Path = FIXTURES / "shop_30.yaml", overlays: list[Overlay] | None = None
) -> dict[str, Any]:
    loaded = load_spec(str(path))
    return normalize(loaded.document, file=loaded.name, overlays=overlays or [], names=NO_NAMES).document


def _minimal(schemas: dict[str, Any], version: str = "3.1.0") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def test_nullable_becomes_type_list_and_enum_gains_null() -> None:
    schemas = _normalized()["components"]["schemas"]
    assert schemas["Item"]["properties"]["price"]["type"] == ["number", "null"]
    kind = schemas["ItemCreate"]["properties"]["kind"]
    assert kind["type"] == ["string", "null"] and kind["enum"] == ["tool", "part", None]
    assert "nullable" not in str(schemas)


def test_nullable_ref_becomes_any_of_null_without_stray_type() -> None:
    doc = _minimal(
        {
            "A": {"type": "object"},
            "B": {
                "properties": {"a": {"$ref": "#/components/schemas/A", "type": "object", "nullable": True}}
            },
        }
    )
    result = normalize(doc, overlays=[], names=NO_NAMES).document
    assert result["components"]["schemas"]["B"]["properties"]["a"] == {
        "anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]
    }


def test_nullable_type_beside_any_of_gets_a_null_branch() -> None:
    """Fine-tunes' `training_type` is `type: object, nullable: true, anyOf: [Full, LoRA]`; the
    together SDK sends null, which the type allowed but no branch did (a 400 on the mock)."""
    doc = _minimal(
        {
            "A": {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]},
            "B": {
                "properties": {
                    "a": {"type": "object", "nullable": True, "anyOf": [{"$ref": "#/components/schemas/A"}]}
                }
            },
        }
    )
    result = normalize(doc, overlays=[], names=NO_NAMES).document
    a = result["components"]["schemas"]["B"]["properties"]["a"]
    assert a["type"] == ["object", "null"]
    assert a["anyOf"] == [{"$ref": "#/components/schemas/A"}, {"type": "null"}]


def test_boolean_exclusive_bounds_become_numbers() -> None:
    schemas = _normalized()["components"]["schemas"]
    assert schemas["Item"]["properties"]["price"]["exclusiveMinimum"] == 0
    assert "minimum" not in schemas["Item"]["properties"]["price"]


def test_wrong_typed_defaults_are_coerced_or_dropped_with_findings() -> None:
    loaded = load_spec(str(FIXTURES / "shop_30.yaml"))
    result = normalize(loaded.document, file=loaded.name, overlays=[], names=NO_NAMES)
    schemas = result.document["components"]["schemas"]
    assert "default" not in schemas["Item"]["properties"]["active"]  # "auto" is no boolean
    codes = {(f.code, f.pointer) for f in result.findings}
    assert ("default-dropped", "/components/schemas/Item/properties/active") in codes
    limit = result.document["paths"]["/items"]["get"]["parameters"][0]["schema"]
    assert limit["default"] == 20  # "20" -> 20
    assert any(f.code == "default-coerced" for f in result.findings)


def test_const_tagged_one_of_gets_a_discriminator() -> None:
    message = _normalized()["components"]["schemas"]["Message"]
    assert message["discriminator"] == {
        "propertyName": "role",
        "mapping": {"user": "#/components/schemas/UserMessage", "tool": "#/components/schemas/ToolMessage"},
    }


def test_stainless_const_adds_const() -> None:
    doc = _minimal(
        {
            "T": {
                "type": "object",
                "properties": {"type": {"type": "string", "enum": ["text"], "x-stainless-const": True}},
            }
        }
    )
    result = normalize(doc, overlays=[], names=NO_NAMES).document
    assert result["components"]["schemas"]["T"]["properties"]["type"]["const"] == "text"


def test_parameters_are_inlined_merged_and_based() -> None:
    paths = _normalized()["paths"]
    get_item = paths["/items/{item_id}"]["get"]
    assert [p["name"] for p in get_item["parameters"]] == ["item_id"]
    assert paths["/items"]["get"]["parameters"][0]["name"] == "limit"
    assert get_item["x-togen-base-path"] == "/v1"
    assert paths["/videos"]["post"]["x-togen-base-path"] == "/v2"
    assert paths["/items"]["post"]["operationId"] == "postItems"  # derived: the spec has none


def test_inline_objects_are_hoisted_with_context_names() -> None:
    doc = _normalized()
    schemas = doc["components"]["schemas"]
    assert doc["components"]["schemas"]["Item"]["properties"]["dims"] == {
        "$ref": "#/components/schemas/ItemDims"
    }
    assert schemas["ItemDims"]["x-togen-origin"] == "/components/schemas/Item/properties/dims"
    body = doc["paths"]["/uploads"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body == {"$ref": "#/components/schemas/UploadsCreateRequest"}
    assert "ChunkChoicesItem" in schemas
    assert not [name for name in schemas if any(ch.isdigit() for ch in name)]


def test_overlay_actions_apply_and_missing_targets_are_skipped(tmp_path: Path) -> None:
    overlay = Overlay(
        tmp_path / "o.yaml",
        "test",
        [
            {"target": "/components/schemas/Item/properties/class", "remove": True, "reason": "r"},
            {"target": "/components/schemas/Item/properties/name/description", "set": "N", "reason": "r"},
            {
                "target": "/components/schemas/Item/properties/id/description",
                "set": "Id",
                "reason": "r",
                "create": True,
            },
            {
                "target": "/components/schemas/Nope/properties/x",
                "remove": True,
                "reason": "older specs lack it",
            },
            {
                "target": "/paths/~1extra",
                "create": True,
                "reason": "add",
                "set": {"get": {"responses": {"200": {"description": "ok"}}}},
            },
        ],
        "project",
    )
    loaded = load_spec(str(FIXTURES / "shop_30.yaml"))
    result = normalize(loaded.document, overlays=[overlay], names=NO_NAMES)
    item = result.document["components"]["schemas"]["Item"]
    assert "class" not in item["properties"] and item["properties"]["id"]["description"] == "Id"
    assert "description" not in item["properties"]["name"]  # `set` without `create` only replaces
    assert "/extra" in result.document["paths"]
    assert any(f.code == "overlay-skipped" for f in result.findings)


def test_overlay_targets_reach_into_lists_and_skip_absent_parents(tmp_path: Path) -> None:
    document: dict[str, Any] = {"a": [{"x": 1}, {"x": 2}], "b": None, "c~/d": {}}
    actions = [
        {"target": "/a/1/x", "set": 3, "reason": "r"},
        {"target": "/a/0", "merge": {"y": {"z": 1}}, "reason": "r"},
        {"target": "/a/5", "remove": True, "reason": "index past the end"},
        {"target": "/b/c", "set": 1, "create": True, "reason": "parent is null"},
        {"target": "/nope/c", "set": 1, "create": True, "reason": "parent is absent"},
        {"target": "/c~0~1d/e", "merge": {"f": 1}, "create": True, "reason": "escaped tokens"},
    ]
    findings: list[Finding] = []
    apply_overlays(document, [Overlay(tmp_path / "o.yaml", "test", actions, "project")], findings)
    assert document == {"a": [{"x": 1, "y": {"z": 1}}, {"x": 3}], "b": None, "c~/d": {"e": {"f": 1}}}
    assert [f.pointer for f in findings if f.code == "overlay-skipped"] == ["/a/5", "/b/c", "/nope/c"]


def test_names_other_packages_import_stay_importable() -> None:
    import togen.spec.normalize as package

    for name in ("HTTP_METHODS", "SCHEMA_NAME_KEY", "Normalized", "Overlay", "base_path_of"):
        assert hasattr(package, name), name
    assert set(package.__all__) <= set(dir(package))


def test_project_overlays_are_well_formed() -> None:
    for overlay in read_overlays():
        assert overlay.actions
        assert all(action["reason"] for action in overlay.actions)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("swagger2.yaml", "not-openapi"),
        ("dangling_ref.yaml", "bad-ref"),
        ("undeclared_param.yaml", "undeclared-path-param"),
    ],
)
def test_fatal_problems_raise_with_pointer(name: str, code: str) -> None:
    loaded = load_spec(str(FIXTURES / name))
    with pytest.raises(SpecError) as info:
        normalize(loaded.document, file=loaded.name, overlays=[], names=NO_NAMES)
    assert info.value.code == code
    assert str(info.value).startswith(str(FIXTURES / name) + ":/")


def test_input_document_is_not_modified() -> None:
    loaded = load_spec(str(FIXTURES / "shop_30.yaml"))
    before = repr(loaded.document)
    normalize(loaded.document, overlays=[], names=NO_NAMES)
    assert repr(loaded.document) == before


def test_names() -> None:
    assert schema_class_name("RL.TrainingSession") == "RLTrainingSession"
    assert schema_class_name("ChatCompletionRequest") == "ChatCompletionRequest"
    assert schema_class_name("class") == "Class"
    assert pascal_case("image_url") == "ImageUrl"
    assert pascal_case("sale-price") == "SalePrice"
