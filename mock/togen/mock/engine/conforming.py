"""Values that conform to a schema: function-call arguments for the Responses API (the
smallest JSON value a model would send for a function's `parameters` given the user's prompt,
built by the shared synthesizer), and behaviours' answers fitted to the spec version served."""

from __future__ import annotations

import copy
import json
from typing import Any

from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import PromptLeaves, Synthesizer


def conforming(schema: Any, prompt: str = "") -> Any:
    """A value valid against `schema` (a tool's own JSON Schema: its `$ref`s point into
    itself), with required properties only."""
    if not isinstance(schema, dict):
        return {}
    synthesizer = Synthesizer(SchemaSet(schema), optional_depth=0, leaves=PromptLeaves(prompt))
    return synthesizer.generate(schema, "arguments")


def arguments(parameters: Any, prompt: str) -> str:
    value = conforming(parameters, prompt)
    return json.dumps(value if isinstance(value, dict) else {}, ensure_ascii=False)


_FIT_ROUNDS = 16  # each round repairs one error; answers differ from a version in a few places


def fitted(schemas: SchemaSet, synthesizer: Synthesizer, schema: dict[str, Any], value: Any, key: str) -> Any:
    """`value` (a behaviour's answer, written for today's spec) made valid against `schema` (the
    spec version being served): a missing required property is synthesized, an enum or const
    takes the version's value, any other mismatch is replaced by a synthesized value. Older
    versions differ in exactly such details (`object: text_completion`, chunks that require
    `token`), and a mock must answer what the spec it serves says. Valid answers, the common
    case, cost one compiled validation and are returned as they are."""
    if schemas.is_valid(schema, value):
        return value
    from jsonschema.exceptions import best_match

    value = copy.deepcopy(value)  # behaviours may hand out shared templates
    validator = schemas.validator(schema)
    for _ in range(_FIT_ROUNDS):
        error = best_match(validator.iter_errors(value))
        if error is None:
            return value
        value = _repaired(value, error, schemas, synthesizer, key)
    return value if validator.is_valid(value) else synthesizer.generate(schema, key)


def _repaired(value: Any, error: Any, schemas: SchemaSet, synthesizer: Synthesizer, key: str) -> Any:
    path = list(error.absolute_path)
    where = f"{key}:{'/'.join(str(p) for p in path)}"
    if error.validator == "required" and isinstance(error.instance, dict):
        properties = schemas.resolve(error.schema).get("properties") or {}
        for name in error.validator_value:
            if name not in error.instance:  # the instance is the object inside `value`: fill it in place
                error.instance[name] = synthesizer.generate(properties.get(name), f"{where}/{name}")
        return value
    if error.validator == "enum" and error.validator_value:
        replacement = error.validator_value[0]
    elif error.validator == "const":
        replacement = error.validator_value
    else:
        replacement = synthesizer.generate(error.schema if isinstance(error.schema, dict) else {}, where)
    if not path:
        return replacement
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = replacement
    return value
