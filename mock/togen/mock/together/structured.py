"""Structured outputs: values valid against a JSON Schema, strings matching a regex.

Values come from maintained generators, not a hand-written one:

- JSON Schema: schemathesis's JSON Schema engine (`schemathesis.generation.jsonschema`,
  built on `jsonschema_rs` canonicalization; the contract suite already depends on it).
  hypothesis-jsonschema 0.23.1, the last release, cannot draw objects with the pinned
  hypothesis (it calls the removed `cu.many().more()`), so it is not used here.
- regex: hypothesis's `from_regex(pattern, fullmatch=True)`.

Drawing is deterministic: the strategy runs inside a throw-away `@given` test with
`@seed(n)`, no example database and the generate phase only, and the second example is
kept (hypothesis always tries the simplest value first, `""`/`0`, which makes dull
content). This is the same technique schemathesis uses for its own examples, with public
hypothesis APIs only. The same (schema, seed) gives the same value on every run and
machine.

`check(schema)` answers 400 naming the keyword for schemas the mock cannot satisfy:
unsupported keywords (`UNSUPPORTED`), remote `$ref`s, and contradictions
(`minLength` > `maxLength`, empty `enum`, a required property that `additionalProperties:
false` forbids...).
"""

from __future__ import annotations

import functools
import json
import re
import threading
from typing import Any

from togen.spec.schema import escape_pointer_token

# Keywords the mock generates for (README: "What the mock understands").
SUPPORTED = (
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "$ref",
    "$defs",
    "definitions",
)
# Formats that constrain generation; other formats are annotations (as in draft 2020-12).
FORMATS = ("date", "date-time", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname")
# Keywords that are answered with a 400 naming them.
UNSUPPORTED = (
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentSchemas",
    "dependencies",
    "if",
    "then",
    "else",
)

_SCHEMA_VALUED = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")

# readable strings first: letters, digits and spaces (other characters when a schema needs them)
_PRINTABLE_EXCLUDED = "".join(chr(i) for i in range(128) if not (chr(i).isalnum() or chr(i) == " "))
_LOCK = threading.Lock()


class SchemaError(ValueError):
    """A schema the mock cannot satisfy: `keyword` and `pointer` name where."""

    def __init__(self, keyword: str, pointer: str, reason: str) -> None:
        where = pointer or "/"
        super().__init__(f"cannot satisfy the schema: `{keyword}` at {where}: {reason}")
        self.keyword = keyword
        self.pointer = pointer


# ----------------------------------------------------------------------------- checking


def _walk(schema: Any, pointer: str = "") -> Any:
    """(pointer, subschema) for every subschema."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SCHEMA_VALUED:
        if isinstance(schema.get(key), dict):
            yield from _walk(schema[key], f"{pointer}/{key}")
    for key in _SCHEMA_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield from _walk(sub, f"{pointer}/{key}/{escape_pointer_token(name)}")
    for key in _SCHEMA_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            for index, sub in enumerate(value):
                yield from _walk(sub, f"{pointer}/{key}/{index}")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check(schema: Any) -> None:
    """Raise `SchemaError` naming the keyword when the mock cannot satisfy `schema`."""
    if schema is False:
        raise SchemaError("false", "", "the schema `false` admits no value")
    if not isinstance(schema, dict):
        raise SchemaError("schema", "", "a JSON Schema is an object")
    _check_metaschema(schema)
    for pointer, node in _walk(schema):
        for keyword in UNSUPPORTED:
            if keyword in node:
                raise SchemaError(keyword, pointer, "keyword not supported by the mock")
        ref = node.get("$ref")
        if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
            raise SchemaError("$ref", pointer, f"only local references are supported, not {ref!r}")
        for low, high in (
            ("minLength", "maxLength"),
            ("minItems", "maxItems"),
            ("minProperties", "maxProperties"),
            ("minimum", "maximum"),
            ("minContains", "maxContains"),
        ):
            if _number(node.get(low)) and _number(node.get(high)) and node[low] > node[high]:
                raise SchemaError(low, pointer, f"{low} {node[low]} is greater than {high} {node[high]}")
        if "enum" in node and (not isinstance(node["enum"], list) or not node["enum"]):
            raise SchemaError("enum", pointer, "an empty enum admits no value")
        if node.get("not") == {} or node.get("not") is True:
            raise SchemaError("not", pointer, "`not: {}` admits no value")
        props = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        if node.get("additionalProperties") is False and isinstance(node.get("required"), list):
            patterns = node.get("patternProperties") or {}
            for name in node["required"]:
                if name not in props and not any(re.search(p, str(name)) for p in patterns):
                    raise SchemaError(
                        "additionalProperties",
                        pointer,
                        f"required property {name!r} is forbidden by additionalProperties: false",
                    )
        for name, sub in props.items():
            if sub is False and name in (node.get("required") or []):
                raise SchemaError(
                    "properties", f"{pointer}/properties/{escape_pointer_token(name)}", "required but false"
                )
        if "pattern" in node:
            try:
                re.compile(str(node["pattern"]))
            except re.error as exc:
                raise SchemaError("pattern", pointer, f"invalid regular expression: {exc}") from None


def _check_metaschema(schema: dict[str, Any]) -> None:
    """A schema that is not valid JSON Schema 2020-12: name the offending keyword."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    errors = list(Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(schema))
    if not errors:
        return
    error = best_match(errors)
    path = [str(p) for p in error.absolute_path]
    keyword = next((p for p in reversed(path) if not p.isdigit()), "schema")
    pointer = "".join("/" + escape_pointer_token(p) for p in path[:-1])
    raise SchemaError(keyword, pointer, f"not valid JSON Schema: {error.message}")


# ----------------------------------------------------------------------------- drawing


def _draw(strategy: Any, seed: int) -> Any:
    """The second example (or the first when there is only one) of `strategy` under `seed`."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    found: list[Any] = []

    @settings(
        database=None,
        max_examples=2,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis_seed(seed)
    @given(strategy)
    def capture(value: Any) -> None:
        found.append(value)

    with _LOCK:  # hypothesis keeps some per-process state: one draw at a time
        capture()
    if not found:
        raise SchemaError("schema", "", "no value could be generated")
    return found[1] if len(found) > 1 else found[0]


@functools.lru_cache(maxsize=1)
def _formats() -> dict[str, Any]:
    from hypothesis import provisional
    from hypothesis import strategies as st

    return {
        "date": st.dates().map(lambda d: d.isoformat()),
        "date-time": st.datetimes(timezones=st.just(__import__("datetime").UTC)).map(
            lambda d: d.isoformat().replace("+00:00", "Z")
        ),
        "time": st.times().map(lambda t: t.isoformat() + "Z"),
        "email": st.emails(),
        "uuid": st.uuids().map(str),
        "uri": provisional.urls(),
        "ipv4": st.ip_addresses(v=4).map(str),
        "ipv6": st.ip_addresses(v=6).map(str),
        "hostname": provisional.domains(),
    }


@functools.lru_cache(maxsize=256)
def _json_strategy(text: str, printable: bool) -> Any:
    import jsonschema_rs
    from schemathesis.generation.jsonschema.builder import build
    from schemathesis.generation.jsonschema.context import Alphabet

    alphabet = (
        Alphabet(codec="ascii", allow_x00=False, exclude_characters=_PRINTABLE_EXCLUDED)
        if printable
        else Alphabet(allow_x00=False)
    )
    return build(json.loads(text), draft=jsonschema_rs.Draft202012, formats=_formats(), alphabet=alphabet)


def from_schema(schema: Any, seed: int) -> Any:
    """A value valid against `schema` (JSON Schema 2020-12), the same for the same seed."""
    text = json.dumps(schema, sort_keys=True)
    _checked(text)
    last: Exception | None = None
    for printable in (True, False):  # readable ASCII first; any character if the schema needs it
        try:
            return _draw(_json_strategy(text, printable), seed)
        except SchemaError:
            raise
        except Exception as exc:  # unsatisfiable or unsupported by the engine
            last = exc
    raise SchemaError(_keyword_of(schema, last), "", _reason(last)) from None


@functools.lru_cache(maxsize=256)
def _checked(text: str) -> bool:
    check(json.loads(text))  # raises: failures are not cached
    return True


def _keyword_of(schema: dict[str, Any], exc: Exception | None) -> str:
    named = re.search(r"`(\$?[A-Za-z]+)`", str(exc or ""))
    if named is not None:
        return named.group(1)
    for keyword in ("allOf", "oneOf", "not", "anyOf", "pattern", "multipleOf", "$ref"):
        if any(keyword in node for _, node in _walk(schema)):
            return keyword
    return "type"


def _reason(exc: Exception | None) -> str:
    text = str(exc).splitlines()[0] if exc is not None and str(exc) else "no value satisfies it"
    if "empty strategy" in text or "Unsatisfiable" in type(exc).__name__:
        return "no value satisfies it"
    return text[:200]


@functools.lru_cache(maxsize=256)
def _regex_strategy(pattern: str, printable: bool) -> Any:
    from hypothesis import strategies as st

    if printable:
        return st.from_regex(
            pattern, fullmatch=True, alphabet=st.characters(min_codepoint=32, max_codepoint=126)
        )
    return st.from_regex(pattern, fullmatch=True)


def from_regex(pattern: str, seed: int) -> str:
    """A string that fully matches `pattern` (Python `re` syntax), the same for the same seed."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise SchemaError("pattern", "", f"invalid regular expression: {exc}") from None
    last: Exception | None = None
    for printable in (True, False):
        try:
            value = _draw(_regex_strategy(pattern, printable), seed)
            if isinstance(value, str) and re.fullmatch(pattern, value):
                return value
        except Exception as exc:
            last = exc
    raise SchemaError("pattern", "", _reason(last))
