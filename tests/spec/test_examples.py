"""Values synthesized from recursive schemas (the mock's answers, the contract suite's and the
package tests' arguments): generation stops, and where it stops the value stays valid."""

from __future__ import annotations

from typing import Any

import pytest

from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import Synthesizer

NODE = "#/components/schemas/Node"


def document(schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "components": {"schemas": schemas}}


RECURSIVE = {
    # a parent that may be null, children that may be empty (the edge_unions fixture)
    "nullable parent": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "parent": {"anyOf": [{"$ref": NODE}, {"type": "null"}]},
            "children": {"type": "array", "items": {"$ref": NODE}},
        },
    },
    # the same, required, the reference wrapped in an allOf (merging inlines it)
    "required nullable parent": {
        "type": "object",
        "required": ["id", "parent"],
        "properties": {
            "id": {"type": "string", "minLength": 3},
            "parent": {"anyOf": [{"allOf": [{"$ref": NODE}], "description": "up"}, {"type": "null"}]},
        },
    },
    # recursion through a required one-of whose other branch ends it
    "required union": {
        "type": "object",
        "required": ["next"],
        "properties": {"next": {"oneOf": [{"$ref": NODE}, {"type": "string", "enum": ["end"]}]}},
    },
    # a required list of itself: the empty list ends it
    "required children": {
        "type": "object",
        "required": ["name", "children"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": NODE}},
        },
    },
}


@pytest.mark.parametrize("case", sorted(RECURSIVE))
@pytest.mark.parametrize("max_depth", [0, 1, 3, 10])
def test_recursive_values_end_and_are_valid(case: str, max_depth: int) -> None:
    schemas = SchemaSet(document({"Node": RECURSIVE[case]}))
    synthesizer = Synthesizer(schemas, seed=3, optional_depth=max_depth, max_depth=max_depth)
    for key in ("a", "b", "c"):
        value = synthesizer.generate({"$ref": NODE}, key)
        assert schemas.error_messages({"$ref": NODE}, value) == [], (case, value)


@pytest.mark.parametrize("link", [{"$ref": NODE}, {"allOf": [{"$ref": NODE}], "description": "next"}])
def test_a_required_endless_chain_still_ends(link: dict[str, Any]) -> None:
    """No finite value is valid; generation must still end (with a value of the right type)."""
    endless = {"type": "object", "required": ["next"], "properties": {"next": link}}
    schemas = SchemaSet(document({"Node": endless}))
    value = Synthesizer(schemas, seed=1).generate({"$ref": NODE}, "k")
    depth = 0
    while isinstance(value, dict) and "next" in value:
        value, depth = value["next"], depth + 1
    assert value == {} and depth >= 1
