"""A minimal JSON value for a function's `parameters`: the Responses API's `function_call`
arguments. Required properties only, `const` / `enum` / `default` first, then the type
with its bounds; strings take a capitalized phrase of the prompt (a place name in "the
weather in Paris") or a value of their `format`."""

from __future__ import annotations

import json
import re
from typing import Any

_CAPITALIZED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def _string_for(name: str, schema: dict[str, Any], prompt: str) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        value = "2024-01-01T00:00:00Z"
    elif fmt == "date":
        value = "2024-01-01"
    elif fmt == "email":
        value = "user@example.com"
    elif fmt in ("uri", "url"):
        value = "https://example.com"
    elif fmt == "uuid":
        value = "00000000-0000-4000-8000-000000000000"
    else:
        found = _CAPITALIZED.search(prompt)
        value = found.group(1) if found else (prompt.strip()[:40] or name or "value")
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if isinstance(high, int) and len(value) > high:
        value = value[:high]
    if isinstance(low, int) and len(value) < low:
        value = value + "x" * (low - len(value))
    return value


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    def bound(key: str) -> float | None:
        value = schema.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    low, high = bound("minimum"), bound("maximum")
    ex_low, ex_high = bound("exclusiveMinimum"), bound("exclusiveMaximum")
    value: float = 1
    if low is not None:
        value = max(value, low)
    if ex_low is not None and value <= ex_low:
        value = ex_low + 1
    if high is not None:
        value = min(value, high)
    if ex_high is not None and value >= ex_high:
        floor = ex_low if ex_low is not None else (low if low is not None else ex_high - 2)
        value = ex_high - 1 if integer else (floor + ex_high) / 2
    return int(value) if integer else value


def conforming(schema: Any, prompt: str = "", name: str = "", depth: int = 0) -> Any:
    """A minimal value for a (local, inline) JSON schema: required properties only."""
    if not isinstance(schema, dict) or depth > 8:
        return {} if depth == 0 else None
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    if "default" in schema and depth > 0:
        return schema["default"]
    for keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword) or [] if isinstance(b, dict) and b.get("type") != "null"]
        if branches:
            return conforming(branches[0], prompt, name, depth + 1)
    merged = dict(schema)
    for part in schema.get("allOf") or []:
        if isinstance(part, dict):
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
            merged["properties"] = {**(merged.get("properties") or {}), **(part.get("properties") or {})}
            merged["required"] = [*(merged.get("required") or []), *(part.get("required") or [])]
    schema = merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        props = schema.get("properties") or {}
        return {
            key: conforming(props.get(key, {}), prompt, key, depth + 1)
            for key in schema.get("required") or []
            if isinstance(key, str)
        }
    if kind == "array":
        count = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
        return [conforming(schema.get("items") or {}, prompt, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return _number(schema, True)
    if kind == "number":
        return _number(schema, False)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return _string_for(name, schema, prompt)


def arguments(parameters: Any, prompt: str) -> str:
    value = conforming(parameters if isinstance(parameters, dict) else {}, prompt)
    return json.dumps(value if isinstance(value, dict) else {}, ensure_ascii=False)
