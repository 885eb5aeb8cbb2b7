"""JSON Schema helpers over the normalized spec: the one owner of pointers, `$ref`
resolution and binary detection (validators are built by `togen.spec.schema_set`).

The generator, the mock, the contract suite and the drift report all read schemas through
these functions, so "what is a file field" or "where does this `$ref` lead" has one answer.
Validation is Draft 2020-12 with the whole document registered once under `SPEC_URI`: a
schema taken from anywhere in the document keeps working because its local `$ref`s are
re-anchored to that URI.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from togen.core.errors import SpecError

SPEC_URI = "urn:togen:spec"
MAX_DEPTH = 6  # how deep binary detection looks through oneOf/anyOf/allOf/items

Resolver = Callable[[Any], dict[str, Any]]

# ----------------------------------------------------------------------------- pointers


COMPONENT_SCHEMAS = "#/components/schemas/"  # where every named schema lives (after hoisting)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """A JSON pointer (RFC 6901) from raw tokens."""
    return "".join("/" + escape_pointer_token(str(t)) for t in tokens)


def split_pointer(ptr: str) -> list[str]:
    """The raw tokens of a JSON pointer (a leading `#` is allowed)."""
    if ptr in ("", "#", "#/"):
        return []
    ptr = ptr.removeprefix("#")
    return [unescape_pointer_token(t) for t in ptr.lstrip("/").split("/")]


def component_name(ref: object) -> str | None:
    """`Name` of a `#/components/schemas/Name` reference; None for any other value."""
    if isinstance(ref, str) and ref.startswith(COMPONENT_SCHEMAS):
        return unescape_pointer_token(ref[len(COMPONENT_SCHEMAS) :])
    return None


def resolve_pointer(document: Any, ptr: str, file: str = "<spec>") -> Any:
    node = document
    for token in split_pointer(ptr):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(file, ptr or "#", "reference target does not exist", code="bad-ref")
    return node


def walk_nodes(document: Any) -> Iterator[tuple[Any, str]]:
    """Every mapping and list in `document`, itself included, with its JSON pointer (depth
    first, the last member of a node first)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            yield node, ptr
            stack.extend((v, ptr + pointer(k)) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            yield node, ptr
            stack.extend((v, f"{ptr}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list)))


def resolve_schema(document: Any, schema: Any) -> dict[str, Any]:
    """Follow a schema's `$ref` chain within `document` to a schema with content ({} when it
    is not a schema); bounded, so a reference cycle cannot hang."""
    for _ in range(50):
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            break
        schema = resolve_pointer(document, schema["$ref"])
    return schema if isinstance(schema, dict) else {}


def merge_all_of(
    schema: dict[str, Any], resolve: Resolver, _entered: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """`schema` with its `allOf` parts folded in, recursively: `properties` merged (a later
    part wins), `required` the union in first-seen order, any other keyword from the schema
    itself, else from the first part that has it. A part already being merged (an `allOf`
    that reaches itself through `$ref`s) adds nothing again."""
    entered = _entered | {id(schema)}
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for branch in schema.get("allOf") or []:
        part = resolve(branch) if isinstance(branch, dict) else {}
        if id(part) in entered:
            continue
        if "allOf" in part:
            part = merge_all_of(part, resolve, entered)
        for key, value in part.items():
            if key == "properties" and isinstance(value, dict):
                merged["properties"] = {**(merged.get("properties") or {}), **value}
            elif key == "required" and isinstance(value, list):
                merged["required"] = list(dict.fromkeys([*(merged.get("required") or []), *value]))
            elif key not in merged:
                merged[key] = value
    return merged


def object_schema(document: Any, schema: Any) -> dict[str, Any]:
    """`schema` resolved; when it has no `properties` of its own but `allOf` parts, the parts
    merged (`merge_all_of`): the object whose fields a request body offers."""
    resolved = resolve_schema(document, schema)
    if resolved.get("allOf") and not resolved.get("properties"):
        return merge_all_of(resolved, lambda part: resolve_schema(document, part))
    return resolved


# ----------------------------------------------------------------------------- binary data


def is_binary(schema: dict[str, Any]) -> bool:
    """A string of raw bytes: `format: binary` (OpenAPI 3.0) or a `contentMediaType` that is
    not JSON or text (OpenAPI 3.1)."""
    if schema.get("type") not in (None, "string") and schema.get("type") != ["string"]:
        return False
    return holds_bytes(schema)


def holds_bytes(schema: dict[str, Any]) -> bool:
    """What makes a string schema raw bytes, its type aside: `format: binary` or a
    `contentMediaType` that is not JSON or text."""
    if schema.get("format") == "binary":
        return True
    media = schema.get("contentMediaType")
    return isinstance(media, str) and not media.startswith(("application/json", "text/"))


def is_file_list(schema: dict[str, Any], resolve: Resolver) -> bool:
    """An array whose items are binary (several files in one multipart field)."""
    return schema.get("type") == "array" and is_binary(resolve(schema.get("items") or {}))


def may_be_binary(schema: Any, resolve: Resolver, depth: int = 0) -> bool:
    """Whether bytes are one of the values the schema allows: the schema itself, an array
    of files, or any `oneOf`/`anyOf`/`allOf` branch (nested)."""
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return False
    schema = resolve(schema)
    if is_binary(schema) or is_file_list(schema, resolve):
        return True
    return any(
        may_be_binary(branch, resolve, depth + 1)
        for keyword in ("oneOf", "anyOf", "allOf")
        for branch in schema.get(keyword) or []
    )


def binary_branch(schema: Any, resolve: Resolver) -> dict[str, Any] | None:
    """The binary schema itself or the first binary `oneOf`/`anyOf` branch, else None."""
    schema = resolve(schema) if isinstance(schema, dict) else {}
    if is_binary(schema):
        return schema
    for keyword in ("oneOf", "anyOf"):
        for branch in schema.get(keyword) or []:
            resolved = resolve(branch) if isinstance(branch, dict) else {}
            if is_binary(resolved):
                return resolved
    return None


# ----------------------------------------------------------------------------- validation


def anchor_refs(schema: Any, base: str = SPEC_URI) -> Any:
    """A copy of `schema` whose local `$ref`s (`#/components/...`) point into the document
    registered under `base`."""
    if isinstance(schema, dict):
        return {
            key: (base + value if key == "$ref" and isinstance(value, str) and value.startswith("#")
                  else anchor_refs(value, base))
            for key, value in schema.items()
        }  # fmt: skip
    if isinstance(schema, list):
        return [anchor_refs(value, base) for value in schema]
    return schema


INT_FORMAT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def with_int_format_bounds(schema: Any) -> Any:
    """A copy of `schema` where `format: int32/int64` also say `minimum`/`maximum`:
    jsonschema-rs checks custom formats on strings only, bounds hold for numbers."""
    copied = copy.deepcopy(schema)
    for node, _ptr in walk_nodes(copied):
        fmt = node.get("format") if isinstance(node, dict) else None
        if isinstance(fmt, str) and fmt in INT_FORMAT_BOUNDS and isinstance(node, dict):
            low, high = INT_FORMAT_BOUNDS[fmt]
            if not isinstance(node.get("minimum"), (int, float)) or node["minimum"] < low:
                node["minimum"] = low
            if not isinstance(node.get("maximum"), (int, float)) or node["maximum"] > high:
                node["maximum"] = high
    return copied
