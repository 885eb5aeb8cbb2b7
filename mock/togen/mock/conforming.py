"""Function-call arguments for the Responses API: the smallest JSON value a model would
send for a function's `parameters` given the user's prompt (required properties only,
free-text strings from the prompt), built by the shared synthesizer."""

from __future__ import annotations

import json
from typing import Any

from togen.spec.examples import PromptLeaves, Synthesizer
from togen.spec.schema import SchemaSet


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
