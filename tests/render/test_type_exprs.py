"""`TypeExpr`: type expressions that know their imports (no reading the text back)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES
from togen.render.client.types import (
    ANY,
    NONE,
    OBJECT,
    STR,
    TypeMapper,
    atom,
    generic,
    literal,
    model,
    optional,
    union,
)
from togen.spec.ir import API
from togen.spec.pipeline import load_api_uncached


def test_union_flattens_merges_literals_and_orders_none_last() -> None:
    a, b = literal(["a"]), literal(["b", "a"])
    found = union([NONE, a, union([STR, b]), STR])
    assert found.text == 'Literal["a", "b"] | str | None'
    assert found.typing == {"Literal"}
    assert [m.text for m in found.alternatives] == ['Literal["a", "b"]', "str", "None"]
    assert optional(STR).text == "str | None"
    assert union([STR, OBJECT]) is OBJECT  # anything goes
    assert union([STR, ANY], ANY) is ANY
    assert union([]) is OBJECT
    assert literal([1.5, {"x": 1}]) is None  # Literal holds no floats or containers
    assert literal([True, 3, "x"]).text == 'Literal[True, 3, "x"]'  # type: ignore[union-attr]


def test_imports_come_from_the_objects() -> None:
    item = model("Item", "ItemModel")
    mapping = generic("Mapping", STR, ANY, typing="Mapping")
    found = union([generic("Sequence", union([item, mapping]), typing="Sequence"), NONE])
    assert found.text == "Sequence[ItemModel | Mapping[str, Any]] | None"
    assert found.models == {"Item"}
    assert found.typing == {"Sequence", "Mapping", "Any"}
    assert found.compound and not generic("list", item).compound
    assert str(found) == found.text  # templates print them as they are


@pytest.fixture(scope="module")
def shop() -> API:
    return load_api_uncached(str(FIXTURES / "shop_30.yaml"))


def test_mapper_inputs_outputs_and_casts(shop: API) -> None:
    component = next(iter(shop.schemas))
    name = shop.class_name(component)
    ref: dict[str, Any] = {"$ref": f"#/components/schemas/{component}"}
    types = TypeMapper(shop, {component: name}, {name}, taken={name})
    local = f"{name}Model"  # a name the module already uses: imported under an alias
    assert types.output(ref).text == local and types.output(ref).models == {name}
    assert types.input(ref).text == f"{local} | Mapping[str, Any]"
    assert types.cast(types.output(ref)).text == local  # a model class is its own cast
    listed = types.output({"type": "array", "items": ref, "nullable": True})
    assert listed.text == f"list[{local}] | None"
    assert types.cast(listed).text == f'_cast("type[list[{local}] | None]", list[{local}] | None)'
    assert "cast" in types.cast(listed).typing
    assert types.cast(NONE).text == "type(None)"
    assert types.cast(ANY).typing == {"Any", "cast"}
    assert types.cast(generic("dict", STR, ANY)).text == "dict[str, Any]"
    binary = {"type": "string", "format": "binary"}
    assert types.input(binary).typing == {"FileTypes"} and types.output(binary) == atom("bytes")
    assert types.input({"enum": ["x", None]}).text == 'Literal["x"] | None'
    assert types.output({"type": ["string", "integer"]}).text == "str | int"


def test_a_cast_of_a_union_with_a_string_literal_is_valid_python(shop: API) -> None:
    """An SDK-derived stream event (`ChatCompletionChunk | Literal["[DONE]"]`): the literal's
    quotes must not end the cast's string (`togen generate --spec sdk:together` wrote a
    module ruff could not parse)."""
    import ast

    types = TypeMapper(shop, {}, set(), taken=set())
    chunk_or_done = types.output({"anyOf": [{"type": "integer"}, {"const": "[DONE]"}]})
    cast = types.cast(chunk_or_done).text
    call = ast.parse(cast, mode="eval").body
    assert isinstance(call, ast.Call) and isinstance(call.args[0], ast.Constant)
    assert call.args[0].value == f"type[{chunk_or_done.text}]"
