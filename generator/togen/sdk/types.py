"""Python type annotations of an SDK's request side -> JSON Schema (OpenAPI 3.1).

The request parameters of a Stainless SDK are TypedDicts (`<package>.types.*_params`) whose
fields are `Required[...]`/`NotRequired[...]`, `Literal` enums, unions, nested TypedDicts,
`Iterable[...]`/`SequenceNotStr[...]` lists, and the SDK's file type (a union of `IO[bytes]`,
`bytes`, `PathLike` and tuples). Method signatures use the same types plus `Omit`/`NotGiven`
("not sent"). Wire names come from `Annotated[..., PropertyInfo(alias=...)]` metadata, read by
duck typing (any metadata object with a string `alias`).

Each TypedDict becomes one component named after its class; where two classes share a name
(nested `Message`, `ResponseFormat` ...), each gets its module path under the SDK's `types`
package instead (`chat.completion_create_params.ResponseFormat`), so names stay stable
whichever classes are met first. Pydantic models met on the request side (rare) are handed
to `ModelSchemas`, which builds the answers' components.
"""

from __future__ import annotations

import collections.abc
import datetime
import os
import types
import typing
from typing import Any

import typing_extensions

JsonSchema = dict[str, Any]

REQUEST_REF = "#/requests/"  # until the document is put together: `final_names` renames them
_BINARY: JsonSchema = {"type": "string", "format": "binary"}
_SCALARS: dict[Any, JsonSchema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    datetime.datetime: {"type": "string", "format": "date-time"},
    datetime.date: {"type": "string", "format": "date"},
    object: {},
    Any: {},
}
_WRAPPERS = ("Required", "NotRequired", "ReadOnly")


def unwrap(annotation: Any) -> tuple[Any, bool | None, str | None]:
    """(the bare type, True/False for `Required`/`NotRequired` or None, the wire alias)."""
    required: bool | None = None
    alias: str | None = None
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            for meta in annotation.__metadata__:
                name = getattr(meta, "alias", None)
                if isinstance(name, str) and name:
                    alias = name
            annotation = annotation.__origin__
            continue
        name = getattr(origin, "_name", None) or getattr(origin, "__name__", None)
        if origin is not None and name in _WRAPPERS:
            if required is None and name != "ReadOnly":
                required = name == "Required"
            annotation = typing.get_args(annotation)[0]
            continue
        return annotation, required, alias


def is_binary(annotation: Any) -> bool:
    """The SDK's file type: a union holding `IO[bytes]`, `bytes` or a path-like."""
    bare = unwrap(annotation)[0]
    if bare in (bytes, bytearray, os.PathLike) or typing.get_origin(bare) in (typing.IO, os.PathLike):
        return True
    if typing.get_origin(bare) in (typing.Union, types.UnionType):
        return any(
            a in (bytes, os.PathLike) or typing.get_origin(a) is typing.IO for a in typing.get_args(bare)
        )
    return bare is typing.IO or bare is typing.BinaryIO


class RequestSchemas:
    """JSON Schema of request annotations; TypedDicts become components (`self.components`)."""

    def __init__(
        self,
        types_package: str,
        not_sent: tuple[type, ...],
        model_ref: collections.abc.Callable[[type], JsonSchema],
    ) -> None:
        self.types_package = types_package  # `together.types`: component names are relative to it
        self.not_sent = not_sent  # Omit, NotGiven: a union member meaning "leave it out"
        self.model_ref = model_ref  # pydantic models: a $ref into the answers' components
        self.components: dict[str, JsonSchema] = {}
        self._names: dict[type, str] = {}
        self._by_name: dict[str, list[type]] = {}
        self.classes: dict[str, type] = {}

    # -- names -------------------------------------------------------------------------------
    def register_names(self, classes: collections.abc.Iterable[type]) -> None:
        """Know every TypedDict up front, so a shared class name is qualified for all of them."""
        for cls in classes:
            bucket = self._by_name.setdefault(cls.__qualname__, [])
            if cls not in bucket:
                bucket.append(cls)

    def name_of(self, cls: type) -> str:
        if cls not in self._names:
            self.register_names([cls])
            short = cls.__qualname__
            if len(self._by_name[short]) > 1:
                short = self.qualified(cls)
            self._names[cls] = short
            self.classes[short] = cls
        return self._names[cls]

    def qualified(self, cls: type) -> str:
        module = cls.__module__
        prefix = self.types_package + "."
        module = module[len(prefix) :] if module.startswith(prefix) else module
        return f"{module}.{cls.__qualname__}"

    def final_names(self, taken: collections.abc.Container[str]) -> dict[str, str]:
        """{name used so far: component name}, qualifying a name the answers' components
        (pydantic models of the same class name) use already."""
        return {
            name: self.qualified(self.classes[name]) if name in taken else name for name in self.components
        }

    # -- schemas -----------------------------------------------------------------------------
    def of(self, annotation: Any) -> JsonSchema:
        bare = unwrap(annotation)[0]
        if is_binary(bare):
            return dict(_BINARY)
        if isinstance(bare, (typing.ForwardRef, str)):
            return {}
        scalar = _SCALARS.get(bare)
        if scalar is not None:
            return dict(scalar)
        origin = typing.get_origin(bare)
        args = typing.get_args(bare)
        if origin is typing.Literal:
            return _enum(args)
        if origin in (typing.Union, types.UnionType):
            return self._union(args)
        if typing_extensions.is_typeddict(bare):
            return {"$ref": f"{REQUEST_REF}{self._typed_dict(bare)}"}
        if isinstance(bare, type) and hasattr(bare, "model_json_schema"):
            return self.model_ref(bare)
        if isinstance(bare, type) and issubclass(bare, (dict, collections.abc.Mapping)):
            return {"type": "object"}
        if isinstance(bare, type) and issubclass(bare, (list, tuple, set, frozenset)):
            return {"type": "array"}
        if origin is not None:
            return self._generic(origin, args)
        return {}

    def _union(self, args: tuple[Any, ...]) -> JsonSchema:
        members = [a for a in args if not (isinstance(a, type) and issubclass(a, self.not_sent))]
        if any(is_binary(a) for a in members):
            return dict(_BINARY)
        literals = [a for a in members if typing.get_origin(unwrap(a)[0]) is typing.Literal]
        if len(literals) == len(members) and literals:  # Literal['a'] | Literal['b']: one enum
            values = [v for a in literals for v in typing.get_args(unwrap(a)[0])]
            return _enum(tuple(dict.fromkeys(values)))
        schemas: list[JsonSchema] = []
        for member in members:
            schema = self.of(member)
            if schema not in schemas:
                schemas.append(schema)
        if len(schemas) == 1:
            return schemas[0]
        if {} in schemas:
            return {}
        return {"anyOf": schemas}

    def _generic(self, origin: Any, args: tuple[Any, ...]) -> JsonSchema:
        if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
            value = self.of(args[1]) if len(args) == 2 else {}
            return {"type": "object", "additionalProperties": value} if value else {"type": "object"}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.of(args[0])}
            return {"type": "array", "prefixItems": [self.of(a) for a in args]}
        iterable = isinstance(origin, type) and (
            issubclass(origin, (list, set, frozenset))
            or origin in (collections.abc.Iterable, collections.abc.Sequence, collections.abc.Iterator)
            or "Sequence" in origin.__name__
        )
        if iterable:
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        return {}

    def _typed_dict(self, cls: type) -> str:
        name = self.name_of(cls)
        if name in self.components:
            return name
        self.components[name] = {}  # placeholder: a recursive field refers to the name
        self.components[name] = self.typed_dict_schema(cls)
        return name

    def typed_dict_schema(self, cls: type, only: collections.abc.Container[str] | None = None) -> JsonSchema:
        """An object schema of a TypedDict's fields (wire names), `only` those given."""
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        total = getattr(cls, "__total__", True)
        for name, annotation in typed_dict_fields(cls).items():
            _bare, is_required, alias = unwrap(annotation)
            wire = alias or name
            if only is not None and wire not in only:
                continue
            properties[wire] = self.of(annotation)
            if is_required or (is_required is None and total):
                required.append(wire)
        schema: JsonSchema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        return schema


def typed_dict_fields(cls: type) -> dict[str, Any]:
    """A TypedDict's field annotations, `Required`/`Annotated` kept (postponed annotations
    resolved in the defining modules)."""
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:  # a name only importable for type checkers: the raw annotations
        fields: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            fields.update(getattr(base, "__annotations__", {}))
        return fields


def _enum(values: tuple[Any, ...]) -> JsonSchema:
    schema: JsonSchema = {"enum": list(values)}
    kinds = {type(v) for v in values}
    if kinds == {str}:
        schema = {"type": "string", **schema}
    elif kinds == {bool}:
        schema = {"type": "boolean", **schema}
    elif kinds == {int}:
        schema = {"type": "integer", **schema}
    return schema
