"""Where the schemas of an OpenAPI document are, each with its JSON pointer. (What a schema
declares, its types and its one allowed value, is read by `togen.spec.view`.)

The repairs reach every schema through these iterators, in the document's own order
(component schemas, then each path: its parameters, each operation's parameters, body and
responses), so findings come out in a stable order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from togen.spec.schema import pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keywords whose value is one subschema / a list of subschemas / a map of subschemas.
_ONE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

Located = tuple[dict[str, Any], str]  # a schema and its JSON pointer


def iter_subschemas(schema: dict[str, Any], ptr: str) -> Iterator[Located]:
    """Direct subschemas of a schema with their pointers."""
    for key in _ONE:
        sub = schema.get(key)
        if isinstance(sub, dict):
            yield sub, f"{ptr}/{key}"
    for key in _MANY:
        subs = schema.get(key)
        if isinstance(subs, list):
            for index, sub in enumerate(subs):
                if isinstance(sub, dict):
                    yield sub, f"{ptr}/{key}/{index}"
    for key in _MAP:
        subs = schema.get(key)
        if isinstance(subs, dict):
            for name, sub in subs.items():
                if isinstance(sub, dict):
                    yield sub, f"{ptr}/{key}{pointer(name)}"


def walk_schema(schema: dict[str, Any], ptr: str, visit: Callable[[dict[str, Any], str], None]) -> None:
    """Post-order walk (children first) so a visitor sees normalized children."""
    for sub, sub_ptr in list(iter_subschemas(schema, ptr)):
        walk_schema(sub, sub_ptr, visit)
    visit(schema, ptr)


def iter_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """Every operation as (path, method, operation, pointer), in the document's order."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if method in HTTP_METHODS and isinstance(op, dict):
                yield path, method, op, pointer("paths", path, method)


def content_schemas(content: Any, ptr: str) -> Iterator[Located]:
    """The schema of each media type of a `content` map at `ptr`."""
    for media, entry in (content or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
            yield entry["schema"], f"{ptr}{pointer(media)}/schema"


def _parameter_schemas(parameters: Any, ptr: str) -> Iterator[Located]:
    for index, param in enumerate(parameters or []):
        if isinstance(param, dict) and isinstance(param.get("schema"), dict):
            yield param["schema"], f"{ptr}/{index}/schema"


def iter_operation_schemas(document: dict[str, Any]) -> Iterator[Located]:
    """Every top-level schema of the document: components and inline in operations."""
    for name, schema in (document.get("components", {}).get("schemas") or {}).items():
        if isinstance(schema, dict):
            yield schema, pointer("components", "schemas", name)
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        yield from _parameter_schemas(item.get("parameters"), pointer("paths", path, "parameters"))
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            base = pointer("paths", path, method)
            yield from _parameter_schemas(op.get("parameters"), f"{base}/parameters")
            body = op.get("requestBody") or {}
            yield from content_schemas(body.get("content"), f"{base}/requestBody/content")
            for status, response in (op.get("responses") or {}).items():
                if not isinstance(response, dict):
                    continue
                at = f"{base}/responses{pointer(str(status))}"
                yield from content_schemas(response.get("content"), f"{at}/content")
                for header, spec in (response.get("headers") or {}).items():
                    if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
                        yield spec["schema"], f"{at}/headers{pointer(header)}/schema"


def iter_component_schemas(node: Any, ptr: str) -> Iterator[Located]:
    """The schemas of a shared parameter, request body, response or header at `ptr`."""
    if not isinstance(node, dict):
        return
    if isinstance(node.get("schema"), dict):
        yield node["schema"], f"{ptr}/schema"
    yield from content_schemas(node.get("content"), f"{ptr}/content")


def iter_all_schemas(document: dict[str, Any]) -> Iterator[Located]:
    """Every schema of the document, nested ones included (parents before children)."""
    stack = list(iter_operation_schemas(document))
    while stack:
        schema, ptr = stack.pop()
        yield schema, ptr
        stack.extend(iter_subschemas(schema, ptr))
