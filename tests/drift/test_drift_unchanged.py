"""What the diff skips as unchanged: members it never reads (prose, scalar examples, code
samples) leave no trace wherever they sat, and nothing else is ever taken away."""

from __future__ import annotations

import json

import pytest

from togen.drift.unchanged import Unchanged, _text


@pytest.mark.parametrize(
    ("with_prose", "without"),
    [
        ({"type": "string", "description": "x"}, {"type": "string"}),
        ({"description": "x", "type": "string"}, {"type": "string"}),
        ({"a": 1, "description": "x", "example": 2}, {"a": 1}),
        ({"description": "x", "example": "y", "summary": "z"}, {}),
        ({"items": {"description": "x"}, "type": "array"}, {"items": {}, "type": "array"}),
        (
            {"x-codeSamples": [{"lang": "sh", "source": "curl"}], "summary": "s", "tags": ["a"]},
            {"tags": ["a"]},
        ),
    ],
)
def test_unread_members_leave_no_trace(with_prose: dict, without: dict) -> None:
    assert _text(with_prose) == _text(without)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"enum": ["a, , b"]}, {"enum": ["a, b"]}),
        ({"default": '{"description": "x"}'}, {"default": "{}"}),
        ({"pattern": '", "description": "x"}'}, {"pattern": '"}'}),
        ({"description": "x", "type": "string"}, {"description": "x", "type": "integer"}),
        ({"example": {"a": 1}}, {"example": {"a": 2}}),  # only scalar examples are skipped
    ],
)
def test_anything_else_still_differs(old: dict, new: dict) -> None:
    assert _text(old) != _text(new)


def test_a_component_is_unchanged_only_when_all_it_reaches_is() -> None:
    def document(leaf_type: str, prose: str) -> dict:
        schemas = {
            "Top": {"properties": {"mid": {"$ref": "#/components/schemas/Mid"}}, "description": prose},
            "Mid": {"properties": {"leaf": {"$ref": "#/components/schemas/Leaf"}}},
            "Leaf": {"type": leaf_type},
            "Loop": {"properties": {"self": {"$ref": "#/components/schemas/Loop"}}},
        }
        return json.loads(json.dumps({"components": {"schemas": schemas}}))

    same = Unchanged(document("string", "old words"), document("string", "new words"))
    assert all(same.component(name) for name in ("Top", "Mid", "Leaf", "Loop"))
    changed = Unchanged(document("string", "a"), document("integer", "a"))
    assert [name for name in ("Top", "Mid", "Leaf", "Loop") if changed.component(name)] == ["Loop"]
    # asked from the leaf up, the answers are the same
    changed = Unchanged(document("string", "a"), document("integer", "a"))
    assert [name for name in ("Loop", "Leaf", "Mid", "Top") if changed.component(name)] == ["Loop"]
