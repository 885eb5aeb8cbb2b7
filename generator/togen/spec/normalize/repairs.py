"""Repairs of upstream schema mistakes and of OpenAPI 3.0/3.1 differences, schema by schema.

- `nullable` becomes `type: [..., "null"]` (or an `anyOf` with null), and a `oneOf`/`anyOf`
  beside the type gets a null branch too;
- boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers;
- single-value enums marked `x-stainless-const` also carry `const`;
- a default that does not match its own schema is coerced where lossless, else dropped;
- a required property that is not declared is declared;
- a `type` beside a `$ref` that only restates the target's is dropped;
- `oneOf` branches tagged by a const property get a `discriminator` with a `mapping`.
"""

from __future__ import annotations

import re
from typing import Any

from togen.core.errors import Finding, SpecError
from togen.spec.normalize.walk import (
    iter_all_schemas,
    iter_component_schemas,
    iter_operation_schemas,
    walk_schema,
)
from togen.spec.schema import pointer, resolve_pointer
from togen.spec.view import const_value, declared_types

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def repair_schemas(document: dict[str, Any], findings: list[Finding]) -> None:
    """The per-node rules on every schema: component and operation schemas, then the schemas
    of shared parameters, request bodies, responses and headers (before they are inlined)."""
    for schema, ptr in list(iter_operation_schemas(document)):
        walk_schema(schema, ptr, lambda node, p: normalize_schema_node(node, p, findings))
    for name in ("parameters", "requestBodies", "responses", "headers"):
        for key, node in list((document.get("components", {}).get(name) or {}).items()):
            for schema, ptr in iter_component_schemas(node, pointer("components", name, key)):
                walk_schema(schema, ptr, lambda n, p: normalize_schema_node(n, p, findings))


def normalize_schema_node(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    """The per-node rules; children are already normalized."""
    if "nullable" in schema:
        nullable = schema.pop("nullable")
        if nullable is True:
            _make_nullable(schema)
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(schema.get(bound), bool) and schema.pop(bound) and limit in schema:
            schema[bound] = schema.pop(limit)
    if schema.get("x-stainless-const") and isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1:
        schema.setdefault("const", schema["enum"][0])
    if "default" in schema:
        _fix_default(schema, ptr, findings)
    if isinstance(schema.get("required"), list) and isinstance(schema.get("properties"), dict):
        # 3.0 specs sometimes list a required property that is not declared; keep it declared.
        for name in schema["required"]:
            if isinstance(name, str) and name not in schema["properties"] and not schema.get("allOf"):
                findings.append(
                    Finding(
                        "warning", "required-undeclared", f"required property {name!r} is not declared", ptr
                    )
                )
                schema["properties"][name] = {}


def _make_nullable(schema: dict[str, Any]) -> None:
    types = declared_types(schema)
    if "$ref" in schema:
        schema.pop("type", None)  # a type beside $ref restates the target's; null is added below
        ref = {"$ref": schema.pop("$ref")}
        schema["anyOf"] = [ref, {"type": "null"}]
    elif types:
        if "null" not in types:
            schema["type"] = [*types, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        # `type: object, nullable: true, anyOf: [A, B]` (fine-tunes' `training_type`): null
        # passes the type but no branch, so the API's own SDK sending null got a 400.
        for keyword in ("oneOf", "anyOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list) and {"type": "null"} not in branches:
                schema[keyword] = [*branches, {"type": "null"}]
    elif isinstance(schema.get("oneOf"), list):
        schema["oneOf"] = [*schema["oneOf"], {"type": "null"}]
    elif isinstance(schema.get("anyOf"), list):
        schema["anyOf"] = [*schema["anyOf"], {"type": "null"}]
    elif "allOf" in schema:
        schema["anyOf"] = [{"allOf": schema.pop("allOf")}, {"type": "null"}]
    # A schema with no type already accepts null.


def _fix_default(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    value = schema["default"]
    types = declared_types(schema)
    enum = schema.get("enum")
    if types and not _matches_type(value, types):
        ok, coerced = _coerce(value, types)
        if ok:
            schema["default"] = coerced
            findings.append(
                Finding("warning", "default-coerced", f"default {value!r} coerced to {coerced!r}", ptr)
            )
            return
        del schema["default"]
        findings.append(
            Finding("warning", "default-dropped", f"default {value!r} is not of type {'/'.join(types)}", ptr)
        )
    elif isinstance(enum, list) and value not in enum:
        del schema["default"]
        findings.append(Finding("warning", "default-dropped", f"default {value!r} is not in the enum", ptr))


def _matches_type(value: Any, types: tuple[str, ...]) -> bool:
    for name in types:
        expected = _JSON_TYPES.get(name)
        if expected is None:
            return True
        if isinstance(value, bool) and name in ("integer", "number"):
            continue
        if isinstance(value, expected):
            return True
    return False


def _coerce(value: Any, types: tuple[str, ...]) -> tuple[bool, Any]:
    """A lossless conversion of a wrong-typed default ("20" -> 20), if there is one."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if "integer" in types and re.fullmatch(r"-?\d+", lowered):
            return True, int(lowered)
        if "number" in types:
            try:
                return True, float(lowered)
            except ValueError:
                pass
        if "boolean" in types and lowered in ("true", "false"):
            return True, lowered == "true"
        if "null" in types and lowered in ("null", "none"):
            return True, None
    if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool):
        return True, str(value)
    return False, None


def drop_redundant_ref_siblings(document: dict[str, Any]) -> None:
    """`{type: object, $ref: X}` is written to mean just X; the extra `type` would make
    generators invent a copy of X. Drop a `type` beside `$ref` that X already has."""
    for schema, _ptr in iter_all_schemas(document):
        ref = schema.get("$ref")
        if not isinstance(ref, str) or "type" not in schema:
            continue
        try:
            target = resolve_pointer(document, ref)
        except SpecError:
            continue
        target_types = declared_types(target)
        if schema["type"] == "object" or not target_types or declared_types(schema) == target_types:
            del schema["type"]


def complete_discriminators(document: dict[str, Any]) -> None:
    """Make tagged unions explicit, so generators and validators agree on them:
    - `oneOf: [$ref...]` whose branches share a required property with distinct const/single-enum
      string values gets `discriminator: {propertyName, mapping}`;
    - a `discriminator` without `mapping` gets one from its branches' tag values (without it the
      tag would have to equal the schema names, which no server sends); when a branch has no
      single tag value (an enum `stdout`/`stderr`), the discriminator is dropped: a plain union
      still parses every branch, a wrong tag table parses none.
    Runs after hoisting, so inline branches are named `$ref`s too."""
    for schema, _ptr in iter_all_schemas(document):
        branches = schema.get("oneOf") or schema.get("anyOf")
        discriminator = schema.get("discriminator")
        if not isinstance(branches, list) or len(branches) < 2:
            continue
        if discriminator is None and "oneOf" not in schema:
            continue
        if isinstance(discriminator, dict) and "mapping" in discriminator:
            continue
        targets = []
        for branch in branches:
            if not (isinstance(branch, dict) and isinstance(branch.get("$ref"), str)):
                break
            try:
                targets.append((branch["$ref"], resolve_pointer(document, branch["$ref"])))
            except SpecError:
                break
        else:
            candidates = (
                [discriminator.get("propertyName")]
                if isinstance(discriminator, dict)
                else list(targets[0][1].get("properties") or {})
            )
            for prop in candidates:
                if not isinstance(prop, str):
                    continue
                tags = [_tag_value(target, prop) for _, target in targets]
                required = all(prop in (target.get("required") or []) for _, target in targets)
                if required and all(isinstance(t, str) for t in tags) and len(set(tags)) == len(tags):
                    schema["discriminator"] = {
                        "propertyName": prop,
                        "mapping": {tag: ref for tag, (ref, _) in zip(tags, targets, strict=True)},
                    }
                    break
            else:
                schema.pop("discriminator", None)


def _tag_value(branch: dict[str, Any], prop: str) -> Any:
    sub = (branch.get("properties") or {}).get(prop)
    return const_value(sub) if isinstance(sub, dict) else None
