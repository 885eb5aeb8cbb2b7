"""Python type expressions of the generated client: JSON Schema -> `TypeExpr`.

A `TypeExpr` is an immutable piece of Python source that knows what it needs imported:
the model classes it names and the names from `typing`, `collections.abc` and the runtime
(`Any`, `Literal`, `Mapping`, `Sequence`, `FileTypes`, `cast`). Expressions are built with
the combinators below, so a module's imports are the union of its expressions' imports,
never read back from the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from togen.spec.ir import API
from togen.spec.view import SchemaView

MAX_DEPTH = 8
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}


@dataclass(frozen=True)
class TypeExpr:
    text: str
    models: frozenset[str] = frozenset()  # model classes named (their names in the models package)
    typing: frozenset[str] = frozenset()  # other names the module imports for it
    members: tuple[TypeExpr, ...] = ()  # the alternatives, when a union
    literal: tuple[str, ...] = ()  # the values (Python source), when a `Literal[...]`
    model: str | None = None  # the model's name in the models package, when the expression is one model
    compound: bool = False  # a union or a `Literal` somewhere inside: not usable as `type[T]`

    def __str__(self) -> str:
        return self.text

    @property
    def alternatives(self) -> tuple[TypeExpr, ...]:
        return self.members or (self,)


def atom(text: str, *typing: str) -> TypeExpr:
    return TypeExpr(text, typing=frozenset(typing))


ANY = atom("Any", "Any")
OBJECT = atom("object")
NONE = atom("None")
FILE = atom("FileTypes", "FileTypes")
BINARY_RESPONSE = atom("BinaryAPIResponse")  # the async methods say AsyncBinaryAPIResponse


def model(name: str, local: str) -> TypeExpr:
    """The model class `name` of the models package, imported as `local`."""
    return TypeExpr(local, models=frozenset({name}), model=name)


def params_typed_dict(name: str) -> TypeExpr:
    """The TypedDict `name` of params.py (imported only for type checkers, as `_params`)."""
    return TypeExpr(f"_params.{name}", typing=frozenset({PARAMS_MODULE}))


PARAMS_MODULE = "_params"


def generic(origin: str, *args: TypeExpr, typing: str | None = None) -> TypeExpr:
    """`origin[arg, ...]`, e.g. `list[X]`, `Sequence[X]`, `Mapping[str, X]`."""
    return TypeExpr(
        f"{origin}[{', '.join(a.text for a in args)}]",
        frozenset().union(*(a.models for a in args)),
        frozenset({typing} if typing else ()).union(*(a.typing for a in args)),
        compound=any(a.compound for a in args),
    )


STR = atom("str")
MAPPING_ANY = generic("Mapping", STR, ANY, typing="Mapping")


def literal(values: Iterable[Any]) -> TypeExpr | None:
    """`Literal[...]` of the values a Literal can hold (not floats or containers); None if none."""
    items = [
        json.dumps(v) if isinstance(v, str) else repr(v) for v in values if isinstance(v, bool | int | str)
    ]
    unique = tuple(dict.fromkeys(items))
    if not unique:
        return None
    return TypeExpr(
        f"Literal[{', '.join(unique)}]", typing=frozenset({"Literal"}), literal=unique, compound=True
    )


def union(parts: Iterable[TypeExpr | None], unknown: TypeExpr = OBJECT) -> TypeExpr:
    """`A | B | ...`: flat, without repeats; `unknown` if any part is `object` or `unknown`;
    Literals merged into the first; the plain-mapping alternative after the models; None last."""
    flat: list[TypeExpr] = []
    for part in parts:
        for member in part.alternatives if part is not None else ():
            if all(member.text != m.text for m in flat):
                flat.append(member)
    if any(m.text in (unknown.text, OBJECT.text) for m in flat):
        return unknown
    literals = [m for m in flat if m.literal]
    if len(literals) > 1:  # Literal["a"] | Literal["b"] -> Literal["a", "b"]
        merged = literal_of_items(item for m in literals for item in m.literal)
        flat = [merged if m is literals[0] else m for m in flat if m not in literals[1:]]
    flat.sort(key=lambda m: (m.text == NONE.text) * 2 + (m.text == MAPPING_ANY.text))
    if not flat:
        return unknown
    if len(flat) == 1:
        return flat[0]
    return TypeExpr(
        " | ".join(m.text for m in flat),
        frozenset().union(*(m.models for m in flat)),
        frozenset().union(*(m.typing for m in flat)),
        members=tuple(flat),
        compound=True,
    )


def literal_of_items(items: Iterable[str]) -> TypeExpr:
    unique = tuple(dict.fromkeys(items))
    return TypeExpr(
        f"Literal[{', '.join(unique)}]", typing=frozenset({"Literal"}), literal=unique, compound=True
    )


def optional(expr: TypeExpr) -> TypeExpr:
    """`X | None`."""
    return union([expr, NONE])


class TypeMapper:
    """JSON Schema -> `TypeExpr` for one resource module.

    Inputs take a dict typed by its TypedDict of params.py (a model without one, or any
    mapping), any sequence; outputs name the models.
    A model whose name is taken in the module (`taken`) is imported as `<Name>Model`.
    """

    def __init__(
        self,
        api: API,
        class_names: dict[str, str],
        model_classes: set[str],
        taken: Iterable[str] = (),
        param_classes: Iterable[str] = (),
    ) -> None:
        self.api = api
        self.class_names = class_names  # component -> name in the models package
        self.model_classes = model_classes  # names in the models package that are BaseModel classes
        self.param_classes = frozenset(param_classes)  # names in params.py that are TypedDicts
        self.taken = frozenset(taken)

    def local(self, name: str) -> str:
        """The name the module imports model `name` as."""
        return f"{name}Model" if name in self.taken else name

    def _model(self, component: str) -> TypeExpr | None:
        name = self.class_names.get(component)
        return model(name, self.local(name)) if name is not None else None

    # -- inputs ---------------------------------------------------------------------------------
    def input(self, schema: Any, depth: int = 0) -> TypeExpr:
        if not isinstance(schema, dict) or not schema or depth > MAX_DEPTH:
            return OBJECT
        component = self.api.ref_name(schema)
        if component is not None:
            name = self.class_names.get(component)
            # One type per request shape, as the official SDK's `...Param`s: the TypedDict of
            # params.py (whether or not responses have a model of the same schema), checked key
            # by key; a model without one takes any mapping too.
            if name is not None and name in self.param_classes:
                return params_typed_dict(name)
            found = self._model(component)
            if found is not None and found.model in self.model_classes:
                return union([found, MAPPING_ANY])
            return self.input(self.api.resolve(schema), depth + 1)
        return self._common(schema, depth, inputs=True)

    # -- outputs --------------------------------------------------------------------------------
    def output(self, schema: Any, depth: int = 0) -> TypeExpr:
        if not isinstance(schema, dict) or not schema or depth > MAX_DEPTH:
            return ANY
        component = self.api.ref_name(schema)
        if component is not None:
            found = self._model(component)
            return found if found is not None else self.output(self.api.resolve(schema), depth + 1)
        return self._common(schema, depth, inputs=False)

    def _common(self, schema: dict[str, Any], depth: int, *, inputs: bool) -> TypeExpr:
        recurse = self.input if inputs else self.output
        unknown = OBJECT if inputs else ANY
        view = self.api.view(schema)
        none = NONE if view.nullable_keyword else None
        if view.has_const:
            return union([literal([view.const]) or unknown, none])
        if view.enum:
            values = [v for v in view.enum if v is not None]
            return union([literal(values) or unknown, NONE if none or None in view.enum else None])
        if view.branches:
            return union([*(recurse(b.written, depth + 1) for b in view.branches), none], unknown)
        if len(view.all_of) == 1:
            return union([recurse(view.all_of[0].written, depth + 1), none], unknown)
        kinds = view.declared or (view.kind,)
        return union([*(self._base(view, kind, depth, inputs=inputs) for kind in kinds), none], unknown)

    def _base(self, view: SchemaView, kind: str | None, depth: int, *, inputs: bool) -> TypeExpr:
        """The type of the values of one JSON type `kind` of the schema."""
        recurse = self.input if inputs else self.output
        unknown = OBJECT if inputs else ANY
        if kind == "string" and view.is_binary:
            return FILE if inputs else atom("bytes")
        if kind in _SCALARS:
            return atom(_SCALARS[kind])
        if kind == "array":
            items = view.items
            item = recurse(items.written, depth + 1) if items is not None and items.written else unknown
            return generic("Sequence", item, typing="Sequence") if inputs else generic("list", item)
        if kind == "object":
            extra = view.additional
            value = (
                recurse(extra.written, depth + 1)
                if isinstance(extra, SchemaView) and extra.written and not view.properties
                else ANY
            )
            return generic("Mapping", STR, value, typing="Mapping") if inputs else generic("dict", STR, value)
        return unknown

    # -- casts ------------------------------------------------------------------------------------
    def cast(self, expr: TypeExpr) -> TypeExpr:
        """The `cast_to=` value for a result type: a model class itself, else a typed cast of
        the runtime expression where mypy would not take the expression as `type[T]`."""
        if expr.model is not None and expr.model in self.model_classes:
            return expr
        if expr.text == NONE.text:
            return atom("type(None)")
        if expr.text == ANY.text:
            return TypeExpr('_cast("type[Any]", object)', typing=frozenset({"Any", "cast"}))
        if expr.model is None and not expr.compound:
            return expr  # list[Model], dict[str, Any], str: already a type mypy accepts as type[T]
        if expr.text.startswith(("list[", "dict[")) and not _union_at_top(expr.text):
            return expr  # list[A | B]: a class too (a cast of it is "redundant" to mypy --strict)
        # escaped: the type's own string literals (`Literal["[DONE]"]`) must not end the cast's string
        cast_type = json.dumps(f"type[{expr.text}]")
        return TypeExpr(f"_cast({cast_type}, {expr.text})", expr.models, expr.typing | {"cast"})


def _union_at_top(text: str) -> bool:
    """`A | B` at bracket depth 0 (`list[A | B]` is no union; `list[A] | None` is)."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and text.startswith(" | ", index):
            return True
    return False
