"""JSON Schema validation over the normalized document (Draft 2020-12, `referencing` registry).

Every schema in the IR is a dict whose `$ref`s point into `api.document`
(`#/components/schemas/Name`). The document is registered once under `SPEC_URI`; an
inline schema is "anchored" by rewriting its top-level local refs to absolute ones, so
nested refs resolve inside the document as usual. Validators are built once per schema
object and cached.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from togen.spec.schema import resolve_schema

SPEC_URI = "urn:togen:spec"

# The formats a real server enforces are checked (`limit=17023141495` for an int32, a
# `12:99` date-time: 400); the others (uri, byte, float, ...) stay annotations.
FORMATS = FormatChecker(formats=[f for f in ("date-time", "date", "uuid") if f in FormatChecker.checkers])


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**31) <= value < 2**31


@FORMATS.checks("int64")
def _int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


def _anchor(schema: Any) -> Any:
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                out[key] = SPEC_URI + value
            else:
                out[key] = _anchor(value)
        return out
    if isinstance(schema, list):
        return [_anchor(v) for v in schema]
    return schema


def json_pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Schemas:
    """Validators for schemas of one document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(document)
        )
        self._cache: dict[int, tuple[Any, Draft202012Validator]] = {}

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        hit = self._cache.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        validator = Draft202012Validator(_anchor(schema), registry=self.registry, format_checker=FORMATS)
        self._cache[id(schema)] = (schema, validator)
        return validator

    def is_valid(self, schema: dict[str, Any], value: Any) -> bool:
        return bool(self.validator(schema).is_valid(value))

    def first_error(self, schema: dict[str, Any], value: Any) -> ValidationError | None:
        """The most relevant error, or None when `value` is valid."""
        validator = self.validator(schema)
        if validator.is_valid(value):
            return None
        return best_match(validator.iter_errors(value))

    def resolve(self, schema: Any) -> dict[str, Any]:
        return resolve_schema(self.document, schema)


def describe(error: ValidationError, where: str) -> tuple[str, str]:
    """(pointer, message) for an error found in `where` ("body", "query", ...)."""
    ptr = json_pointer(error.absolute_path)
    message = error.message
    if error.context:  # a oneOf/anyOf: say what the branches wanted
        tag = _tag_error(error)
        if tag is not None:
            ptr, message = tag
        else:
            closest = best_match(error.context)
            sub = json_pointer(closest.absolute_path)
            if sub != ptr or closest.message != message:
                shown = _short(error.instance)
                message = (
                    f"{shown} matches none of the allowed shapes; closest: {where}{sub}: {closest.message}"
                )
    if len(message) > 300:
        message = message[:297] + "..."
    return f"{where}{ptr}", message


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _tag_error(error: ValidationError) -> tuple[str, str] | None:
    """When every branch rejects the same property by `const`/`enum` (a tag such as `role`
    or `type`), name that property and the values the branches allow."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        by_branch.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    if len(by_branch) < 2:
        return None
    paths = None
    allowed: list[Any] = []
    for errors in by_branch.values():
        tags = [e for e in errors if e.validator in ("const", "enum")]
        if not tags:
            return None
        found = {tuple(e.absolute_path) for e in tags}
        paths = found if paths is None else paths & found
        for e in tags:
            expected: Any = e.validator_value
            values = [expected] if e.validator == "const" else list(expected)
            allowed.extend(v for v in values if v not in allowed)
    if not paths:
        return None
    path = sorted(paths, key=len)[0]
    value: Any = error.instance
    for part in path[len(error.absolute_path) :]:
        value = value[part]
    return json_pointer(path), f"{_short(value)} is not one of {allowed!r}"
