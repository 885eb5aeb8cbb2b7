"""Inline object schemas hoisted into `components/schemas`, so every object has a name.

A nested object is named from its context: the owning schema and property
(`ChatCompletionRequestResponseFormat`), or the operation's SDK name for a body or response
(`x-togen-name` files.upload -> `FilesUploadRequest`). Each hoisted schema carries
`x-togen-origin`, the pointer of where it was written.
"""

from __future__ import annotations

from typing import Any

from togen.spec.normalize.names import (
    SCHEMA_NAME_KEY,
    branch_suffix,
    pascal_case,
    response_suffix,
    schema_class_name,
)
from togen.spec.normalize.walk import iter_operations
from togen.spec.schema import pointer


def _is_hoistable(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("properties"), dict) and bool(schema["properties"]) and "$ref" not in schema


class _Hoister:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
        self.taken = {schema_class_name(n) for n in self.schemas} | set(self.schemas)

    def unique(self, name: str) -> str:
        """`name`, or a descriptive variant of it when a schema already has that name."""
        for candidate in (name, name + "Body", name + "Schema", name + "Object"):
            if candidate not in self.taken:
                break
        while candidate in self.taken:
            candidate += "Variant"
        self.taken.add(candidate)
        return candidate

    def hoist(self, schema: dict[str, Any], name: str, ptr: str) -> dict[str, Any]:
        """Hoist nested inline objects of `schema` (named from `name`), then return a ref to it."""
        self.visit_children(schema, name, ptr)
        final = self.unique(name)
        hoisted = dict(schema)
        hoisted["x-togen-origin"] = ptr
        self.schemas[final] = hoisted
        return {"$ref": SCHEMA_NAME_KEY + final}

    def visit_children(self, schema: dict[str, Any], name: str, ptr: str) -> None:
        for prop, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict):
                schema["properties"][prop] = self.child(
                    sub, name + pascal_case(prop), f"{ptr}/properties{pointer(prop)}"
                )
        items = schema.get("items")
        if isinstance(items, dict):
            schema["items"] = self.child(items, name + "Item", f"{ptr}/items")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            schema["additionalProperties"] = self.child(extra, name + "Value", f"{ptr}/additionalProperties")
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list):
                schema[key] = [
                    self.child(b, name + branch_suffix(b, i), f"{ptr}/{key}/{i}")
                    if isinstance(b, dict)
                    else b
                    for i, b in enumerate(branches)
                ]
        if isinstance(schema.get("allOf"), list):
            for i, b in enumerate(schema["allOf"]):
                if isinstance(b, dict) and "$ref" not in b:
                    self.visit_children(b, name, f"{ptr}/allOf/{i}")

    def child(self, sub: dict[str, Any], name: str, ptr: str) -> dict[str, Any]:
        if _is_hoistable(sub):
            return self.hoist(sub, name, ptr)
        self.visit_children(sub, name, ptr)
        return sub

    def media(self, content: Any, name: str, ptr: str) -> None:
        """Hoist the schema of each media type of a `content` map at `ptr`."""
        for media, entry in (content or {}).items():
            schema = entry.get("schema") if isinstance(entry, dict) else None
            if isinstance(schema, dict):
                entry["schema"] = self.child(schema, name, f"{ptr}{pointer(media)}/schema")


def hoist_inline_schemas(document: dict[str, Any]) -> None:
    """Give every inline object a name from its context: the owning schema and property, or
    the operation's SDK name (`x-togen-name` files.upload -> `FilesUploadRequest`)."""
    hoister = _Hoister(document)
    for name in list(hoister.schemas):
        schema = hoister.schemas[name]
        if isinstance(schema, dict):
            hoister.visit_children(schema, schema_class_name(name), pointer("components", "schemas", name))
    for _path, _method, op, base in iter_operations(document):
        op_name = pascal_case(op.get("x-togen-name") or op["operationId"])
        hoister.media(
            (op.get("requestBody") or {}).get("content"), op_name + "Request", f"{base}/requestBody/content"
        )
        for status, response in (op.get("responses") or {}).items():
            hoister.media(
                response.get("content"),
                op_name + response_suffix(status),
                f"{base}/responses{pointer(status)}/content",
            )
