"""The mock's JSON Schema validation: `togen.spec.schema.SchemaSet` (Draft 2020-12 over the
whole document, validators cached per schema) with the formats a real server enforces, the
most relevant error of a value, and how an error is told to the client (`describe`: the
failing pointer and a short message).

Two validators per schema, both compiled once and cached: jsonschema-rs (compiled, ~50x
faster) says whether a value is valid; only when it says no does the pure-Python `jsonschema`
run, and its verdict and `best_match` error are final. jsonschema-rs is at least as strict as
the Python one here (it checks every format it knows, int32/int64 become bounds), so a value
it accepts the Python validator accepts too, and a value it alone rejects still passes.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from togen.spec.schema import SPEC_URI, SchemaSet, anchor_refs, pointer, walk_nodes

# The formats a real server enforces are checked (`limit=17023141495` for an int32, a
# `12:99` date-time: 400); the others (uri, byte, float, ...) stay annotations.
FORMATS = FormatChecker(formats=[f for f in ("date-time", "date", "uuid") if f in FormatChecker.checkers])


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**31) <= value < 2**31


@FORMATS.checks("int64")
def _int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _with_int_bounds(schema: Any) -> Any:
    """A copy of `schema` where `format: int32/int64` also say `minimum`/`maximum`:
    jsonschema-rs checks custom formats on strings only, bounds hold for numbers."""
    copied = copy.deepcopy(schema)
    for node, _ptr in walk_nodes(copied):
        if isinstance(node, dict) and isinstance(node.get("format"), str) and node["format"] in INT_BOUNDS:
            low, high = INT_BOUNDS[node["format"]]
            if not isinstance(node.get("minimum"), (int, float)) or node["minimum"] < low:
                node["minimum"] = low
            if not isinstance(node.get("maximum"), (int, float)) or node["maximum"] > high:
                node["maximum"] = high
    return copied


class Schemas(SchemaSet):
    """Validators for schemas of one document, enforcing the `FORMATS` a real server checks."""

    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__(document, format_checker=FORMATS)
        self._compiled: dict[int, tuple[Any, Any]] = {}
        self._rs_registry: Any = None

    def compiled(self, schema: dict[str, Any]) -> Any:
        """The jsonschema-rs validator of `schema` (None when it cannot compile it, e.g. a
        `pattern` its regex dialect refuses: then only the Python validator runs)."""
        hit = self._compiled.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        try:
            import jsonschema_rs

            if self._rs_registry is None:
                self._rs_registry = jsonschema_rs.Registry(
                    [(SPEC_URI, _with_int_bounds(self.document))], draft=jsonschema_rs.Draft202012
                )
            compiled: Any = jsonschema_rs.Draft202012Validator(
                _with_int_bounds(anchor_refs(schema)), registry=self._rs_registry, validate_formats=True
            )
        except Exception:  # any compile problem: the Python validator alone decides
            compiled = None
        self._compiled[id(schema)] = (schema, compiled)  # the schema is kept alive with its id
        return compiled

    def fast_valid(self, schema: dict[str, Any], value: Any) -> bool:
        """True when jsonschema-rs accepts `value` (False: ask the Python validator)."""
        compiled = self.compiled(schema)
        if compiled is None:
            return False
        try:
            return bool(compiled.is_valid(value))
        except Exception:  # values it cannot take (ints beyond 64 bits, ...)
            return False

    def is_valid(self, schema: dict[str, Any], value: Any) -> bool:
        return self.fast_valid(schema, value) or super().is_valid(schema, value)

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
