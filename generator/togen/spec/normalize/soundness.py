"""What makes a document unusable, and the upstream slips that only look like it.

`check_structure` raises at once (not OpenAPI 3.x, no paths: nothing below can run). The other
checks collect: a problem whose fix is unambiguous is repaired with a warning naming the fix,
anything else becomes a fatal finding with its pointer, and the normalizer raises them all
together (`FatalFindings`) once every check has run, so `togen validate` lists each one.

- `check_refs`: every local `$ref` resolves. A dangling one whose last segment names exactly
  one component (`#/schema/components/ModelVoices` where `#/components/schemas/ModelVoices`
  exists) is pointed there; any other is fatal (and replaced by `{}` so the checks go on).
- `check_schema_shapes`: what the model generator would otherwise choke on with a stack
  trace: a `properties` value that is not a schema, `required` that is not a list of names,
  `enum` that is not a list, a `type` that is not a JSON type, an `allOf`/`anyOf`/`oneOf` that
  is not a list of schemas. A `required: [a, b]` indented one level too deep, so that it sits
  under `properties` as a "property" named `required`, is moved back when `a` and `b` are its
  sibling properties; `required: true` inside a property's schema (the Swagger 2 habit) becomes
  the parent's `required` entry. `items: [- schema]`, a list of one schema (the tuple form of
  draft 4, which an upstream version of November 2025 wrote for an array of one kind), is that
  schema; a longer list stays fatal (which position means what is not ours to guess).
"""

from __future__ import annotations

from typing import Any

from togen.core.errors import Finding, SpecError
from togen.spec.normalize.walk import iter_operation_schemas, iter_subschemas, walk_schema
from togen.spec.schema import pointer, resolve_pointer, split_pointer, walk_nodes

JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})


def check_structure(document: dict[str, Any], file: str) -> None:
    """An OpenAPI 3.x document with a `paths` mapping."""
    version = str(document.get("openapi", ""))
    if not version.startswith("3."):
        found = (
            f"swagger {document['swagger']}"
            if "swagger" in document
            else (f"openapi {version}" if version else "no version")
        )
        raise SpecError(file, "/openapi", f"not an OpenAPI 3.x document ({found})", "not-openapi")
    if not isinstance(document.get("paths"), dict):
        raise SpecError(file, "/paths", "the document has no paths", "bad-structure")


def _fatal(file: str, ptr: str, message: str, code: str) -> Finding:
    return Finding("error", code, message, ptr, file, fatal=True)


def check_refs(document: dict[str, Any], file: str, findings: list[Finding], fatal: list[Finding]) -> None:
    """Every local `$ref` must resolve (see the module docstring for the one repair)."""
    components = document.get("components") if isinstance(document.get("components"), dict) else {}
    for node, ptr in reversed(list(walk_nodes(document))):  # reversed: siblings in document order
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            continue
        if not ref.startswith("#"):
            fatal.append(_fatal(file, f"{ptr}/$ref", f"unresolvable reference {ref!r}", "bad-ref"))
            node.pop("$ref")
            continue
        try:
            resolve_pointer(document, ref, file)
            continue
        except SpecError:
            pass
        last = (split_pointer(ref) or [""])[-1]
        targets = [
            f"#{pointer('components', section, last)}"
            for section, members in (components or {}).items()
            if isinstance(members, dict) and last in members
        ]
        if len(targets) == 1:
            node["$ref"] = targets[0]
            findings.append(
                Finding(
                    "warning",
                    "ref-repaired",
                    f"dangling reference {ref!r} points to {targets[0]!r} instead (the only {last!r})",
                    f"{ptr}/$ref",
                )
            )
        else:
            why = f" ({len(targets)} components are named {last!r})" if targets else ""
            fatal.append(_fatal(file, f"{ptr}/$ref", f"dangling reference {ref!r}{why}", "bad-ref"))
            node.pop("$ref")


def check_schema_shapes(
    document: dict[str, Any], file: str, findings: list[Finding], fatal: list[Finding]
) -> None:
    """Every schema has the shape JSON Schema gives its keywords (see the module docstring)."""
    roots = list(iter_operation_schemas(document))
    for name in ("parameters", "requestBodies", "responses", "headers"):
        section = (document.get("components") or {}).get(name)
        for key, node in section.items() if isinstance(section, dict) else []:
            if isinstance(node, dict):
                base = pointer("components", name, key)
                if isinstance(node.get("schema"), dict):
                    roots.append((node["schema"], f"{base}/schema"))
                for media, entry in (node.get("content") or {}).items():
                    if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                        roots.append((entry["schema"], f"{base}/content{pointer(media)}/schema"))
    for schema, ptr in roots:
        _one_schema_item_lists(schema, ptr, findings)
        walk_schema(schema, ptr, lambda node, p: _check_shape(node, p, file, findings, fatal))
        walk_schema(schema, ptr, lambda node, p: _stray_required_flag(node, p, findings))


def _one_schema_item_lists(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    """`items: [S]` becomes `items: S`, here and in every subschema (before the shape checks, which
    would find a list where a schema belongs)."""
    items = schema.get("items")
    if isinstance(items, list) and len(items) == 1 and isinstance(items[0], (dict, bool)):
        schema["items"] = items[0]
        message = "`items` is a list of one schema: read as that schema"
        findings.append(Finding("warning", "items-list", message, f"{ptr}/items"))
    for sub, sub_ptr in list(iter_subschemas(schema, ptr)):
        _one_schema_item_lists(sub, sub_ptr, findings)


def _stray_required_flag(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    """A `required: true/false` left where no parent's `properties` could take it (a root or
    `items` schema): it means nothing in JSON Schema."""
    if isinstance(schema.get("required"), bool):
        schema.pop("required")
        findings.append(Finding("warning", "required-moved", "`required` is a boolean here: dropped", ptr))


def _check_shape(
    schema: dict[str, Any], ptr: str, file: str, findings: list[Finding], fatal: list[Finding]
) -> None:
    properties = schema.get("properties")
    if "properties" in schema and not isinstance(properties, dict):
        fatal.append(_fatal(file, f"{ptr}/properties", "`properties` is not a mapping", "bad-schema"))
        del schema["properties"]
        properties = None
    if isinstance(properties, dict):
        _misplaced_required(schema, properties, ptr, findings)
        for name, sub in list(properties.items()):
            at = f"{ptr}/properties{pointer(name)}"
            if isinstance(sub, dict) and isinstance(sub.get("required"), bool):
                if sub.pop("required"):
                    schema["required"] = [*_names(schema.get("required")), name]
                    message = f"`required: true` inside property {name!r}: listed in the parent's `required`"
                else:
                    message = f"`required: false` inside property {name!r}: dropped (the default)"
                findings.append(Finding("warning", "required-moved", message, f"{at}/required"))
            elif not isinstance(sub, (dict, bool)):
                fatal.append(
                    _fatal(file, at, f"property {name!r} is not a schema (a {_kind(sub)})", "bad-schema")
                )
                del properties[name]
    required = schema.get("required")
    if isinstance(required, str):
        schema["required"] = [required]
        findings.append(Finding("warning", "required-list", "`required` is a string: made a list", ptr))
    elif (
        "required" in schema
        and not isinstance(required, bool)
        and not (isinstance(required, list) and all(isinstance(n, str) for n in required))
    ):
        fatal.append(_fatal(file, f"{ptr}/required", "`required` is not a list of names", "bad-schema"))
        del schema["required"]
    if "enum" in schema and not isinstance(schema["enum"], list):
        fatal.append(
            _fatal(file, f"{ptr}/enum", f"`enum` is not a list (a {_kind(schema['enum'])})", "bad-schema")
        )
        del schema["enum"]
    if "type" in schema:
        _check_type(schema, ptr, file, findings, fatal)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema and not (
            isinstance(schema[key], list) and all(isinstance(s, (dict, bool)) for s in schema[key])
        ):
            fatal.append(_fatal(file, f"{ptr}/{key}", f"`{key}` is not a list of schemas", "bad-schema"))
            del schema[key]
    for key in ("items", "additionalProperties", "not"):
        if key in schema and not isinstance(schema[key], (dict, bool)):
            fatal.append(
                _fatal(
                    file, f"{ptr}/{key}", f"`{key}` is not a schema (a {_kind(schema[key])})", "bad-schema"
                )
            )
            del schema[key]


TYPE_ALIASES = {"float": "number", "double": "number", "int": "integer", "long": "integer",
                "bool": "boolean", "str": "string", "dict": "object", "list": "array"}  # fmt: skip


def _check_type(
    schema: dict[str, Any], ptr: str, file: str, findings: list[Finding], fatal: list[Finding]
) -> None:
    """`type` names JSON types. A programming-language name (`float`, as an old Together spec
    writes) becomes its JSON type; an unknown name is dropped (any value) with a warning."""
    kind = schema["type"]
    kinds = kind if isinstance(kind, list) else [kind]
    if not all(isinstance(k, str) for k in kinds):
        fatal.append(_fatal(file, f"{ptr}/type", f"`type` {kind!r} is not a JSON Schema type", "bad-schema"))
        del schema["type"]
        return
    if all(k in JSON_TYPES for k in kinds):
        return
    fixed = [TYPE_ALIASES.get(k, k) for k in kinds if TYPE_ALIASES.get(k, k) in JSON_TYPES]
    if len(fixed) == len(kinds):
        schema["type"] = fixed if isinstance(kind, list) else fixed[0]
        message = f"`type` {kind!r} is not a JSON Schema type: read as {schema['type']!r}"
    else:
        del schema["type"]
        message = f"`type` {kind!r} is not a JSON Schema type: dropped (any value)"
    findings.append(Finding("warning", "type-repaired", message, f"{ptr}/type"))


def _misplaced_required(
    schema: dict[str, Any], properties: dict[str, Any], ptr: str, findings: list[Finding]
) -> None:
    """`required: [a, b]` one level too deep, under `properties`, naming sibling properties."""
    names = properties.get("required")
    if not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        return
    siblings = set(properties) - {"required"}
    if not set(names) <= siblings:
        return  # not unambiguous: reported as a property that is not a schema
    del properties["required"]
    schema["required"] = [
        *_names(schema.get("required")),
        *(n for n in names if n not in _names(schema.get("required"))),
    ]
    findings.append(
        Finding(
            "warning",
            "required-misplaced",
            f"`required: {names}` sat under `properties` as if it were a property: moved up to the schema",
            f"{ptr}/properties/required",
        )
    )


def _names(value: Any) -> list[str]:
    return [n for n in value if isinstance(n, str)] if isinstance(value, list) else []


def _kind(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", type(None): "null"}.get(
        type(value), type(value).__name__
    )
