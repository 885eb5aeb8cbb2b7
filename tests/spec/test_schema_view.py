"""SchemaView: the one typed reading of a schema (togen.spec.view)."""

from __future__ import annotations

from typing import Any

import pytest

from togen.spec.view import Discriminator, SchemaView, Views, declared_types, inferred_type


def views_of(schemas: dict[str, Any]) -> Views:
    return Views({"components": {"schemas": schemas}})


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True},  # OpenAPI 3.0
        {"type": ["string", "null"]},  # OpenAPI 3.1
        {"enum": ["a", None]},
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"oneOf": [ref("Text"), {"type": "null"}]},
    ],
)
def test_every_spelling_of_null_is_nullable(schema: dict[str, Any]) -> None:
    view = views_of({"Text": {"type": "string"}}).of(schema)
    assert view.nullable


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": "string", "nullable": False},
        {"enum": ["a", "b"]},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "null", "properties": {"a": {}}}, {"type": "string"}]},
    ],
)
def test_schemas_without_null_are_not_nullable(schema: dict[str, Any]) -> None:
    assert not Views({}).of(schema).nullable


def test_types_keep_their_order_and_leave_null_out() -> None:
    view = Views({}).of({"type": ["integer", "null", "string"]})
    assert view.declared == ("integer", "null", "string")
    assert view.types == ("integer", "string")
    assert view.type == "integer"
    assert view.type_set == frozenset({"integer", "null", "string"})
    assert Views({}).of({}).type_set is None


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"type": ["null", "array"]}, "array"),
        ({"type": ["null"]}, "null"),
        ({"required": ["a"]}, "object"),
        ({"items": {}}, "array"),
        ({"format": "date-time"}, "string"),
        ({"minimum": 0}, "number"),
        ({"description": "anything"}, None),
    ],
)
def test_kind_is_declared_else_implied_by_keywords(schema: dict[str, Any], kind: str | None) -> None:
    assert inferred_type(schema) == kind
    assert Views({}).of(schema).kind == kind


def test_declared_types_ignores_what_is_not_a_type_name() -> None:
    assert declared_types({"type": ["string", 3]}) == ("string",)
    assert declared_types({"type": 3}) == ()


def test_ref_is_followed_to_its_component() -> None:
    views = views_of({"Alias": ref("Pet"), "Pet": {"type": "object", "required": ["name"]}})
    view = views.of(ref("Alias"))
    assert view.refs == ("#/components/schemas/Alias", "#/components/schemas/Pet")
    assert view.component == "Alias"
    assert view.target_component == "Pet"
    assert view.type == "object"
    assert view.required == ("name",)


def test_a_ref_to_nothing_reads_as_any_value() -> None:
    view = Views({}).of(ref("Missing"))
    assert view.schema == {}
    assert view.kind is None


def test_ref_cycle_stops_instead_of_hanging() -> None:
    views = views_of({"A": ref("B"), "B": ref("A")})
    view = views.of(ref("A"))
    assert "$ref" in view.schema  # the chain stops where the hop limit is reached
    assert view.types == ()


def test_recursive_properties_are_views_of_the_same_schema() -> None:
    document = {"components": {"schemas": {"Node": {"type": "object", "properties": {"next": ref("Node")}}}}}
    views = Views(document)
    node = views.of(document["components"]["schemas"]["Node"])
    assert node.properties["next"].schema is node.schema
    assert node.properties["next"].properties["next"].properties["next"].schema is node.schema


def test_allof_merges_properties_and_required_across_refs() -> None:
    views = views_of(
        {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
            "Named": {
                "allOf": [ref("Base"), {"properties": {"name": {"type": "string"}}, "required": ["name"]}]
            },
        }
    )
    merged = views.of(ref("Named")).merged
    assert list(merged.properties) == ["id", "name"]
    assert merged.required == ("id", "name")
    assert merged.type == "object"  # taken from the first part that says it


def test_allof_that_reaches_itself_merges_once() -> None:
    views = views_of({"Loop": {"allOf": [ref("Loop"), {"properties": {"a": {"type": "integer"}}}]}})
    merged = views.of(ref("Loop")).merged
    assert list(merged.properties) == ["a"]


def test_schema_without_allof_is_its_own_merge() -> None:
    view = Views({}).of({"type": "string"})
    assert view.merged is view


def test_branches_with_discriminator() -> None:
    views = views_of(
        {
            "Cat": {"type": "object", "properties": {"pet_type": {"const": "cat"}}},
            "Dog": {"type": "object", "properties": {"pet_type": {"const": "dog"}}},
            "Pet": {
                "oneOf": [ref("Cat"), ref("Dog"), {"type": "null"}],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
                },
            },
        }
    )
    pet = views.of(ref("Pet"))
    assert pet.branch_keyword == "oneOf"
    assert [b.component for b in pet.branches] == ["Cat", "Dog", None]
    assert [b.component for b in pet.non_null_branches] == ["Cat", "Dog"]
    assert pet.discriminator == Discriminator(
        "pet_type", {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}
    )
    assert pet.non_null_branches[1].properties["pet_type"].const == "dog"
    assert pet.nullable


def test_oneof_wins_over_anyof_and_empty_lists_hold_no_branches() -> None:
    view = Views({}).of({"anyOf": [], "oneOf": [{"type": "string"}]})
    assert view.branch_keyword == "oneOf"
    assert Views({}).of({"oneOf": []}).branches == ()


def test_values_formats_and_flags() -> None:
    view = Views({}).of({"const": "x", "format": "uuid", "readOnly": True})
    assert view.values == ("x",)
    assert (view.format, view.read_only, view.write_only) == ("uuid", True, False)
    assert Views({}).of({"enum": ["a", None]}).values == ("a", None)
    assert Views({}).of({"type": "string"}).values is None


def test_items_and_additional_properties() -> None:
    views = Views({})
    assert views.of({"type": "array", "items": {"type": "integer"}}).items.type == "integer"  # type: ignore[union-attr]
    assert views.of({"additionalProperties": False}).additional is False
    extra = views.of({"additionalProperties": {"type": "string"}}).additional
    assert isinstance(extra, SchemaView) and extra.type == "string"
    assert views.of({}).additional is None


def test_nullable_binary_is_binary() -> None:
    assert Views({}).of({"type": ["string", "null"], "format": "binary"}).is_binary
    assert not Views({}).of({"type": ["integer", "string"], "format": "binary"}).is_binary


def test_views_are_cached_per_schema_object() -> None:
    views = Views({})
    schema = {"type": "string"}
    assert views.of(schema) is views.of(schema)
    assert views.of({"type": "string"}) is not views.of(schema)  # an equal dict is another schema
    assert views.transient(schema) is not views.of(schema)
