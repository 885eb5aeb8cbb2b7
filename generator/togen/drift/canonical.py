"""Schemas as sets of accepted values: the canonical `Node` of a schema.

A `Node` is a schema after `$ref` resolution, `allOf` flattening and null extraction
(`type: [x, "null"]`, `anyOf: [X, {type: null}]` and `enum: [..., null]` all become
`nullable`), with single-branch unions merged into their parent and unions of bare
types folded into a type list. Two schemas that accept the same values give equal
nodes, so a refactor into `$ref`/`allOf` compares as no change. The diff of two nodes
is in `togen.drift.schemas`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from togen.spec.schema import component_name, pointer, resolve_pointer

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


# Type names some spec versions use that JSON Schema does not know.
_TYPE_ALIASES = {
    "float": "number",
    "double": "number",
    "int": "integer",
    "long": "integer",
    "bool": "boolean",
}


def _types_of(raw: dict[str, Any]) -> frozenset[str] | None:
    kind = raw.get("type")
    if isinstance(kind, str):
        return frozenset({_TYPE_ALIASES.get(kind, kind)})
    if isinstance(kind, list):
        return frozenset(_TYPE_ALIASES.get(k, k) for k in kind if isinstance(k, str))
    return None


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
        self._cache: dict[int, tuple[Any, Node]] = {}

    def deref(self, raw: Any, ptr: str) -> tuple[dict[str, Any], str, str | None]:
        """Follow `$ref`s: (schema, pointer naming where it was written, component name)."""
        component = None
        for _ in range(50):
            if not isinstance(raw, dict) or not isinstance(raw.get("$ref"), str):
                break
            ref = raw["$ref"]
            try:
                target = resolve_pointer(self.document, ref)
            except Exception:  # normalize checked refs; a bad one here means "any"
                return {}, ptr, component
            component = component_name(ref) or component
            origin = target.get("x-togen-origin") if isinstance(target, dict) else None
            ptr = origin if isinstance(origin, str) else ref.removeprefix("#")
            raw = target
        return (raw if isinstance(raw, dict) else {}), ptr, component

    def node(self, raw: Any, ptr: str) -> Node:
        key = id(raw)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is raw:
            return hit[1]
        node = self._build(raw, ptr)
        self._cache[key] = (raw, node)  # keeping `raw` alive keeps its id unique
        return node

    def _build(self, raw: Any, ptr: str) -> Node:
        schema, where, component = self.deref(raw, ptr)
        node = Node(ptr=where, component=component)
        refs: list[str] = [component] if component else []
        self._merge(node, schema, where, refs, depth=0)
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

    def _merge(self, node: Node, schema: dict[str, Any], ptr: str, refs: list[str], depth: int) -> None:
        """Merge `schema` (already dereferenced) into `node`: the allOf semantics."""
        if depth > 20:
            return
        types = _types_of(schema)
        if types is not None:
            node.types = types if node.types is None else _intersect_types(node.types, types)
        if schema.get("nullable") is True:
            node.nullable = True
        enum = schema.get("enum")
        if "const" in schema:
            enum = [schema["const"]]
        if isinstance(enum, list):
            if None in enum:
                node.nullable = True
            values = tuple(v for v in enum if v is not None)
            if node.enum is None:
                node.enum = values
            else:
                node.enum = tuple(v for v in node.enum if v in values)
        for name, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict):
                here = (sub, f"{ptr}/properties{pointer(name)}")
                if name not in node.props or not _is_annotation_only(sub):
                    node.props[name] = here
        required = schema.get("required")
        if isinstance(required, list):
            node.required = node.required | {r for r in required if isinstance(r, str)}
        extra = schema.get("additionalProperties")
        if extra is False:
            node.additional = False
        elif isinstance(extra, dict) and node.additional is not False:
            node.additional = (extra, f"{ptr}/additionalProperties") if extra else True
        elif extra is True and node.additional is None:
            node.additional = True
        if isinstance(schema.get("items"), dict) and node.items is None:
            node.items = (schema["items"], f"{ptr}/items")
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
        if isinstance(schema.get("format"), str):
            node.format = schema["format"]
        if "default" in schema and node.default is MISSING:
            node.default = schema["default"]
        if isinstance(schema.get("title"), str) and node.title is None:
            node.title = schema["title"]
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches and node.branches is None:
                node.branches = [
                    (b, f"{ptr}/{key}/{i}") for i, b in enumerate(branches) if isinstance(b, dict)
                ]
        for index, branch in enumerate(schema.get("allOf") or []):
            target, where, component = self.deref(branch, f"{ptr}/allOf/{index}")
            if component:
                if component in refs:
                    continue  # a recursive allOf adds nothing new
                refs.append(component)
            self._merge(node, target, where, refs, depth + 1)

    def _extract_null_branches(self, node: Node, refs: list[str]) -> None:
        if not node.branches:
            return
        kept = []
        for raw, ptr in node.branches:
            target, _, _ = self.deref(raw, ptr)
            if _types_of(target) == frozenset({"null"}) and not target.get("properties"):
                node.nullable = True
            else:
                kept.append((raw, ptr))
        node.branches = kept or None
        if node.branches is None:
            return
        if len(node.branches) == 1:
            raw, ptr = node.branches[0]
            node.branches = None
            target, where, component = self.deref(raw, ptr)
            if component and component not in refs:
                refs.append(component)
                if node.component is None:
                    node.component = component
            if node.ptr == ptr or not node.props:
                node.ptr = where
            self._merge(node, target, where, refs, depth=1)
            self._extract_null_branches(node, refs)
            return
        if node.types is None:
            folded: set[str] = set()
            for raw, ptr in node.branches:
                target, _, component = self.deref(raw, ptr)
                kinds = _types_of(target)
                if component or kinds is None or not set(target) <= _SIMPLE_KEYS:
                    return
                folded |= kinds
            node.types = frozenset(folded)
            node.branches = None


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
