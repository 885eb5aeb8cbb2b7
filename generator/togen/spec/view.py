"""One typed reading of a schema: `SchemaView`, what a schema of the normalized spec means.

Which JSON types a schema allows, whether it takes null, what its `oneOf`/`anyOf` branches
and discriminator are, its `allOf` parts merged, its enum/const, format, read/write-only
flags and its properties, items and additional properties (as views themselves) are read
here once; the generator, the mock, the contract suite and the drift report read these
answers instead of looking at the raw keywords. `$ref`s are followed with the pointers of
`togen.spec.schema`, the one owner of resolution.

Nullability has three spellings, all read as `nullable`: OpenAPI 3.0's `nullable: true`,
3.1's `type: [..., "null"]` (with `enum: [..., null]`), and a `oneOf`/`anyOf` with a null
branch (what the normalizer writes for a nullable `$ref`).

Views are cached per schema object, by identity (`Views.of`): the normalized document is
never changed once loaded, a `$ref` target reached along many paths is one object (so one
view), and consumers hold the dicts, not their pointers, so identity is the key they can
give for free. The cache keeps each schema alive beside its view so an id is never reused.
Schemas built on the fly (a merge of two schemas while synthesizing an example) are read
with `Views.transient`, which does not grow the cache.

The two readings a normalizer needs before the document is final (`declared_types`,
`const_value`) are plain functions of one dict: the view uses them too.

Drift's `togen.drift.canonical.Node` is built from these views rather than being one: it
adds a comparison normal form (types intersected across `allOf`, one-branch unions folded
into their parent, unions of bare types folded into a type list) that the generator must
not apply, since it names a model per branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from togen.core.computed_once import computed_once
from togen.core.errors import SpecError
from togen.spec.schema import component_name, holds_bytes, merge_all_of, resolve_pointer

MAX_REF_HOPS = 50  # a `$ref` chain longer than this is a cycle: it stops where it is
NULL = "null"

# ----------------------------------------------------------------------------- one dict


def declared_types(schema: dict[str, Any]) -> tuple[str, ...]:
    """The type names a schema declares (`type: x` or `type: [x, y]`), null included."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return (kind,)
    if isinstance(kind, list):
        return tuple(k for k in kind if isinstance(k, str))
    return ()


def const_value(schema: dict[str, Any]) -> Any:
    """The one value a schema allows (`const`, or an enum of one value), else None."""
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    return None


_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties")
_ARRAY_KEYWORDS = ("items", "prefixItems")
_STRING_KEYWORDS = ("minLength", "maxLength", "format")
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "multipleOf")


def inferred_type(schema: dict[str, Any]) -> str | None:
    """The type a value of the schema is made as: the first non-null declared type (`null`
    when that is all it declares); without `type`, the one its keywords imply
    (`properties` an object, `items` an array, `format` a string, `minimum` a number)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != NULL]
        kind = non_null[0] if non_null else NULL
    if kind is None:
        for implied, keywords in (
            ("object", _OBJECT_KEYWORDS),
            ("array", _ARRAY_KEYWORDS),
            ("string", _STRING_KEYWORDS),
            ("number", _NUMBER_KEYWORDS),
        ):
            if any(k in schema for k in keywords):
                return implied
    return kind if isinstance(kind, str) else None


# ----------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class Discriminator:
    """`discriminator`: the property whose value names the branch, and value -> `$ref`."""

    property_name: str
    mapping: dict[str, str]


@dataclass(frozen=True, eq=False)
class SchemaView:
    """A schema read once. `written` is the schema as the spec writes it (maybe a `$ref`),
    `schema` the one it stands for after its `$ref` chain (`refs`). Every other attribute
    is computed on first use and kept."""

    written: dict[str, Any]
    schema: dict[str, Any]
    refs: tuple[str, ...]
    views: Views = field(repr=False)

    # -- where it comes from --------------------------------------------------------------------
    @property
    def ref(self) -> str | None:
        """The `$ref` as written (the first of the chain)."""
        return self.refs[0] if self.refs else None

    @computed_once
    def component(self) -> str | None:
        """The component the written `$ref` names (`#/components/schemas/Name`)."""
        return component_name(self.ref)

    @computed_once
    def target_component(self) -> str | None:
        """The last component along the `$ref` chain: the one whose content this is."""
        for ref in reversed(self.refs):
            name = component_name(ref)
            if name is not None:
                return name
        return None

    # -- types and values -------------------------------------------------------------------------
    @computed_once
    def declared(self) -> tuple[str, ...]:
        """The `type` names as written, null included, in order."""
        return declared_types(self.schema)

    @computed_once
    def types(self) -> tuple[str, ...]:
        """The non-null JSON types the schema declares, in order (empty: not said)."""
        return tuple(k for k in self.declared if k != NULL)

    @computed_once
    def type_set(self) -> frozenset[str] | None:
        """The declared types as a set, null included; None when no type is declared (any)."""
        return frozenset(self.declared) if self.declared else None

    @property
    def type(self) -> str | None:
        """The first non-null declared type."""
        return self.types[0] if self.types else None

    @computed_once
    def kind(self) -> str | None:
        """The type a value is made as, implied by keywords when not declared."""
        return inferred_type(self.schema)

    @property
    def is_array(self) -> bool:
        return "array" in self.declared

    @computed_once
    def is_null(self) -> bool:
        """Only null: `type: null` with no properties (a null branch of a union)."""
        return self.declared == (NULL,) and not self.schema.get("properties")

    @property
    def nullable_keyword(self) -> bool:
        """OpenAPI 3.0's `nullable: true` (the normalizer rewrites it as a 3.1 type list)."""
        return self.schema.get("nullable") is True

    @computed_once
    def nullable(self) -> bool:
        """Whether null is allowed, in any of its three spellings (see the module doc)."""
        return (
            self.nullable_keyword
            or NULL in self.declared
            or (self.enum is not None and None in self.enum)
            or any(branch.is_null for branch in self.branches)
        )

    @property
    def has_const(self) -> bool:
        return "const" in self.schema

    @property
    def const(self) -> Any:
        return self.schema.get("const")

    @computed_once
    def values(self) -> tuple[Any, ...] | None:
        """The values the schema is limited to: `(const,)`, else `enum`; None when any."""
        return (self.const,) if self.has_const else self.enum

    @computed_once
    def enum(self) -> tuple[Any, ...] | None:
        """`enum` as written (null included), None when there is none."""
        values = self.schema.get("enum")
        return tuple(values) if isinstance(values, list) else None

    @property
    def format(self) -> str | None:
        value = self.schema.get("format")
        return value if isinstance(value, str) else None

    @property
    def read_only(self) -> bool:
        return self.schema.get("readOnly") is True

    @property
    def write_only(self) -> bool:
        return self.schema.get("writeOnly") is True

    @computed_once
    def is_binary(self) -> bool:
        """A string of raw bytes (`togen.spec.schema.is_binary`), null perhaps allowed too."""
        return set(self.types) <= {"string"} and holds_bytes(self.schema)

    # -- unions -----------------------------------------------------------------------------------
    @computed_once
    def branch_keyword(self) -> str | None:
        """`oneOf` or `anyOf`, whichever holds the branches (`oneOf` first)."""
        for keyword in ("oneOf", "anyOf"):
            branches = self.schema.get(keyword)
            if isinstance(branches, list) and branches:
                return keyword
        return None

    @computed_once
    def branches(self) -> tuple[SchemaView, ...]:
        """The `oneOf`/`anyOf` branches, null branches included."""
        if self.branch_keyword is None:
            return ()
        return tuple(self.views.of(b) for b in self.schema[self.branch_keyword] if isinstance(b, dict))

    @computed_once
    def non_null_branches(self) -> tuple[SchemaView, ...]:
        return tuple(b for b in self.branches if not b.is_null)

    @computed_once
    def discriminator(self) -> Discriminator | None:
        found = self.schema.get("discriminator")
        if not isinstance(found, dict) or not isinstance(found.get("propertyName"), str):
            return None
        mapping = found.get("mapping")
        return Discriminator(
            found["propertyName"],
            {k: v for k, v in mapping.items() if isinstance(v, str)} if isinstance(mapping, dict) else {},
        )

    # -- allOf --------------------------------------------------------------------------------------
    @computed_once
    def all_of(self) -> tuple[SchemaView, ...]:
        parts = self.schema.get("allOf")
        if not isinstance(parts, list):
            return ()
        return tuple(self.views.of(p) for p in parts if isinstance(p, dict))

    @computed_once
    def merged(self) -> SchemaView:
        """The schema with its `allOf` parts folded in (`merge_all_of`); itself without any."""
        if "allOf" not in self.schema:
            return self
        merged = merge_all_of(self.schema, self.views.resolve)
        return self.views.transient(merged)

    # -- objects and arrays -------------------------------------------------------------------------
    @computed_once
    def properties(self) -> dict[str, SchemaView]:
        """The properties that are schemas (a boolean schema is left out)."""
        found = self.schema.get("properties")
        if not isinstance(found, dict):
            return {}
        return {name: self.views.of(sub) for name, sub in found.items() if isinstance(sub, dict)}

    @computed_once
    def required(self) -> tuple[str, ...]:
        names = self.schema.get("required")
        return tuple(n for n in names if isinstance(n, str)) if isinstance(names, list) else ()

    @computed_once
    def items(self) -> SchemaView | None:
        found = self.schema.get("items")
        return self.views.of(found) if isinstance(found, dict) else None

    @computed_once
    def additional(self) -> bool | SchemaView | None:
        """`additionalProperties`: False/True, a view of its schema, None when not said."""
        found = self.schema.get("additionalProperties")
        if isinstance(found, bool) or found is None:
            return found
        return self.views.of(found) if isinstance(found, dict) else None


_NOT_A_SCHEMA: dict[str, Any] = {}  # what a non-dict "schema" (None, True) is read as


class Views:
    """The views of one normalized document's schemas, cached per schema object."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._cache: dict[int, tuple[Any, SchemaView]] = {}

    def of(self, schema: Any) -> SchemaView:
        """The view of a schema of the document (cached by identity, see the module doc)."""
        hit = self._cache.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        view = self.transient(schema)
        self._cache[id(schema)] = (schema, view)  # the schema is kept alive with its id
        return view

    def transient(self, schema: Any) -> SchemaView:
        """The view of a schema made on the fly, not cached (it would only grow the cache)."""
        written = schema if isinstance(schema, dict) else _NOT_A_SCHEMA
        target, refs = self.follow(written)
        return SchemaView(written, target, refs, self)

    def follow(self, schema: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """(the schema a `$ref` chain ends at, the `$ref`s followed). A reference that leads
        nowhere reads as `{}` (any value): the normalizer reports such references first."""
        refs: list[str] = []
        target: Any = schema
        for _ in range(MAX_REF_HOPS):
            ref = target.get("$ref") if isinstance(target, dict) else None
            if not isinstance(ref, str):
                break
            refs.append(ref)
            try:
                target = resolve_pointer(self.document, ref)
            except SpecError:
                return {}, tuple(refs)
        return (target if isinstance(target, dict) else {}), tuple(refs)

    def resolve(self, schema: Any) -> dict[str, Any]:
        """The schema a `$ref` chain ends at (as `togen.spec.schema.resolve_schema`), without
        caching a view of `schema` (it may be made on the fly)."""
        return self.follow(schema if isinstance(schema, dict) else _NOT_A_SCHEMA)[0]
