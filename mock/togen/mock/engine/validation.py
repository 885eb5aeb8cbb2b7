"""The mock's JSON Schema validation: `togen.spec.schema_set.SchemaSet` (Draft 2020-12 over the
whole document, validators cached per schema) with the formats a real server enforces, the
most relevant error of a value, and how an error is told to the client (`describe`: the
failing pointer and a short message).

A request is first checked by the schema's compiled jsonschema-rs validator (`SchemaSet`
with `compiled=True`, ~500x faster on a chat body); only a value it rejects goes through the
pure-Python validator, whose verdict and `best_match` error are final.
"""

from __future__ import annotations

from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from togen.spec.schema import pointer
from togen.spec.schema_set import SchemaSet

# The formats a real server enforces are checked (`limit=17023141495` for an int32, a
# `12:99` date-time: 400); the others (uri, byte, float, ...) stay annotations.
FORMATS = FormatChecker(formats=[f for f in ("date-time", "date", "uuid") if f in FormatChecker.checkers])


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**31) <= value < 2**31


@FORMATS.checks("int64")
def _int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


class Schemas(SchemaSet):
    """Validators for schemas of one document, enforcing the `FORMATS` a real server checks;
    compiled (jsonschema-rs) validators decide the accept path."""

    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__(document, format_checker=FORMATS, compiled=True)

    def first_error(self, schema: dict[str, Any], value: Any) -> ValidationError | None:
        """The most relevant error, or None when `value` is valid."""
        if self.fast_valid(schema, value):
            return None
        validator = self.validator(schema)
        if validator.is_valid(value):
            return None
        return best_match(validator.iter_errors(value))


def describe(error: ValidationError, where: str) -> tuple[str, str]:
    """(pointer, message) for an error found in `where` ("body", "query", ...)."""
    ptr = pointer(*error.absolute_path)
    message = error.message
    if error.context:  # a oneOf/anyOf: say what the branches wanted
        tag = _tag_error(error)
        if tag is not None:
            ptr, message = tag
        else:
            closest = best_match(error.context)
            sub = pointer(*closest.absolute_path)
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
    return pointer(*path), f"{_short(value)} is not one of {allowed!r}"
