"""Schemas as sets of accepted values: the canonical `Node` of a schema.

A `Node` is built from the typed readings of `togen.spec.view` (each schema's types,
null spellings, values, branches, properties): what it adds is the comparison normal form
drift needs, which a view of one schema does not decide, and which stays here.

A `Node` is a schema after `$ref` resolution, `allOf` flattening and null extraction
(`type: [x, "null"]`, `anyOf: [X, {type: null}]` and `enum: [..., null]` all become
`nullable`), with single-branch unions merged into their parent and unions of bare
types folded into a type list. Two schemas that accept the same values give equal
nodes, so a refactor into `$ref`/`allOf` compares as no change. The diff of two nodes
is in `togen.drift.schema_walk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from togen.spec.schema import pointer
from togen.spec.view import SchemaView, Views

_SIMPLE_KEYS = frozenset({"type", "description", "title", "format", "example", "examples", "default"})
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
MISSING = object()
_TAG_NAMES = ("type", "object", "kind", "role", "event", "status")

Sub = tuple[Any, str]  # (raw subschema, pointer where it was written)


@dataclass(eq=False)
class Node:
    ptr: str
    refs: tuple[str, ...] = ()  # components this node was built from (memo and cycle key)
    types: frozenset[str] | None = None  # None: any type
    nullable: bool = False
    enum: tuple[Any, ...] | None = None  # without null
    props: dict[str, Sub] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    additional: bool | Sub | None = None  # None: not said (open)
    items: Sub | None = None
    branches: list[Sub] | None = None  # oneOf/anyOf
    bounds: dict[str, Any] = field(default_factory=dict)
    pattern: str | None = None
    format: str | None = None
    default: Any = MISSING
    title: str | None = None
    component: str | None = None  # component name when the schema was a `$ref`

    @property
    def is_object(self) -> bool:
        return self.types is not None and "object" in self.types

    @property
    def is_any(self) -> bool:
        return (
            self.types is None
            and not self.branches
            and self.enum is None
            and not self.bounds
            and self.pattern is None
            and not self.props
        )

    @property
    def is_array(self) -> bool:
        return self.types is not None and "array" in self.types

    def tag(self, canon: Canonicalizer) -> tuple[tuple[str, Any], ...]:
        """The const-valued property (`type: "text"`) that tells union branches apart:
        a conventional tag name first, else the first const property by name."""
        found = []
        for name, (raw, ptr) in sorted(self.props.items()):
            sub = canon.node(raw, ptr)
            if sub.enum is not None and len(sub.enum) == 1 and not sub.nullable:
                found.append((name, freeze(sub.enum[0])))
        for preferred in _TAG_NAMES:
            for name, value in found:
                if name == preferred:
                    return ((name, value),)
        return tuple(found[:1])


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def json_type(value: Any) -> str:
    """The JSON Schema type name of a JSON value (`integer` for ints, not `number`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Canonicalizer:
    """Canonical nodes of one normalized document, cached per raw schema."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.views = Views(document)
        self._cache: dict[int, tuple[Any, Node]] = {}

    def deref(self, raw: Any, ptr: str) -> tuple[dict[str, Any], str, str | None]:
        """Follow `$ref`s: (schema, pointer naming where it was written, component name)."""
        view = self.views.of(raw)
        return view.schema, _where(view, ptr), view.target_component

    def node(self, raw: Any, ptr: str) -> Node:
        key = id(raw)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is raw:
            return hit[1]
        node = self._build(raw, ptr)
        self._cache[key] = (raw, node)  # keeping `raw` alive keeps its id unique
        return node

    def _build(self, raw: Any, ptr: str) -> Node:
        view = self.views.of(raw)
        where, component = _where(view, ptr), view.target_component
        node = Node(ptr=where, component=component)
        refs: list[str] = [component] if component else []
        self._merge(node, view, where, refs, depth=0)
        self._extract_null_branches(node, refs)
        if node.types is None:
            if node.props or node.additional is not None or node.required:
                node.types = frozenset({"object"})
            elif node.items is not None:
                node.types = frozenset({"array"})
            elif node.enum is not None:
                node.types = frozenset(json_type(v) for v in node.enum)
        if node.types is not None and "null" in node.types:
            node.nullable = True
            node.types = node.types - {"null"}
        if node.types is not None and "number" in node.types:
            node.types = node.types - {"integer"}  # integer is a subset of number
        node.refs = tuple(sorted(set(refs)))
        return node

    def _merge(self, node: Node, view: SchemaView, ptr: str, refs: list[str], depth: int) -> None:
        """Merge the schema `view` reads (already dereferenced) into `node`: the allOf semantics."""
        if depth > 20:
            return
        schema = view.schema
        types = view.type_set
        if types is not None:
            node.types = types if node.types is None else _intersect_types(node.types, types)
        if view.nullable_keyword:
            node.nullable = True
        if view.values is not None:
            if None in view.values:
                node.nullable = True
            values = tuple(v for v in view.values if v is not None)
            if node.enum is None:
                node.enum = values
            else:
                node.enum = tuple(v for v in node.enum if v in values)
        for name, sub in view.properties.items():
            here = (sub.written, f"{ptr}/properties{pointer(name)}")
            if name not in node.props or not _is_annotation_only(sub.written):
                node.props[name] = here
        node.required = node.required | set(view.required)
        extra = view.additional
        if extra is False:
            node.additional = False
        elif isinstance(extra, SchemaView) and node.additional is not False:
            node.additional = (extra.written, f"{ptr}/additionalProperties") if extra.written else True
        elif extra is True and node.additional is None:
            node.additional = True
        if view.items is not None and node.items is None:
            node.items = (view.items.written, f"{ptr}/items")
        for bound in LOWER_BOUNDS:
            if isinstance(schema.get(bound), (int, float)) and not isinstance(schema[bound], bool):
                node.bounds[bound] = max(node.bounds.get(bound, schema[bound]), schema[bound])
        for bound in UPPER_BOUNDS:
            if isinstance(schema.get(bound), (int, float)) and not isinstance(schema[bound], bool):
                node.bounds[bound] = min(node.bounds.get(bound, schema[bound]), schema[bound])
        if isinstance(schema.get("multipleOf"), (int, float)):
            node.bounds["multipleOf"] = schema["multipleOf"]
        if isinstance(schema.get("pattern"), str):
            node.pattern = schema["pattern"]
        if view.format is not None:
            node.format = view.format
        if "default" in schema and node.default is MISSING:
            node.default = schema["default"]
        if isinstance(schema.get("title"), str) and node.title is None:
            node.title = schema["title"]
        key = view.branch_keyword
        if key is not None and node.branches is None:
            branches = enumerate(schema[key])
            node.branches = [(b, f"{ptr}/{key}/{i}") for i, b in branches if isinstance(b, dict)]
        for index, branch in enumerate(schema.get("allOf") or []):
            part = self.views.of(branch)
            component = part.target_component
            if component:
                if component in refs:
                    continue  # a recursive allOf adds nothing new
                refs.append(component)
            self._merge(node, part, _where(part, f"{ptr}/allOf/{index}"), refs, depth + 1)

    def _extract_null_branches(self, node: Node, refs: list[str]) -> None:
        if not node.branches:
            return
        kept = []
        for raw, ptr in node.branches:
            if self.views.of(raw).is_null:
                node.nullable = True
            else:
                kept.append((raw, ptr))
        node.branches = kept or None
        if node.branches is None:
            return
        if len(node.branches) == 1:
            raw, ptr = node.branches[0]
            node.branches = None
            branch = self.views.of(raw)
            where, component = _where(branch, ptr), branch.target_component
            if component and component not in refs:
                refs.append(component)
                if node.component is None:
                    node.component = component
            if node.ptr == ptr or not node.props:
                node.ptr = where
            self._merge(node, branch, where, refs, depth=1)
            self._extract_null_branches(node, refs)
            return
        if node.types is None:
            folded: set[str] = set()
            for raw, _ptr in node.branches:
                branch = self.views.of(raw)
                kinds = branch.type_set
                if branch.target_component or kinds is None or not set(branch.schema) <= _SIMPLE_KEYS:
                    return
                folded |= kinds
            node.types = frozenset(folded)
            node.branches = None


def _where(view: SchemaView, ptr: str) -> str:
    """Where the schema a view reads was written: its `x-togen-origin` (a schema hoisted
    into components) or its last `$ref`'s target; `ptr` itself when it is no `$ref`."""
    if not view.refs:
        return ptr
    origin = view.schema.get("x-togen-origin")
    return origin if isinstance(origin, str) else view.refs[-1].removeprefix("#")


def _intersect_types(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    both = a & b
    if "number" in a and "integer" in b or "integer" in a and "number" in b:
        both |= {"integer"}
    return both


def _is_annotation_only(schema: dict[str, Any]) -> bool:
    return set(schema) <= {"description", "title", "example", "examples", "deprecated"}


def type_overlap(old: frozenset[str], new: frozenset[str]) -> tuple[set[str], set[str]]:
    """(types removed, types added), with integer a subset of number."""

    def covered(kind: str, others: frozenset[str]) -> bool:
        return kind in others or (kind == "integer" and "number" in others)

    removed = {t for t in old if not covered(t, new)}
    added = {t for t in new if not covered(t, old)}
    return removed, added
