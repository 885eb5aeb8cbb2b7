"""The generated README's examples: one call per resource, its required arguments filled
from the schema by the shared synthesizer with placeholder leaves (`placeholders`)."""

from __future__ import annotations

import json
from typing import Any

from togen.render.client.extensions import extensions_for, generated_name
from togen.render.client.types import TypeMapper
from togen.render.client.views import method_view
from togen.render.summaries import first_sentence
from togen.spec.ir import API, Argument
from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import PlaceholderLeaves, Synthesizer

PREFERRED_EXAMPLES = ("create", "list", "generate", "retrieve")


def placeholders(api: API) -> Synthesizer:
    """The synthesizer the mock uses, set for README examples: what the spec documents
    (example, default, const, enum), else a placeholder of its type (`"..."`, `1`); objects get
    their required properties, arrays one item."""
    return Synthesizer(SchemaSet(api.document), optional_depth=0, max_depth=4, leaves=PlaceholderLeaves())


def example_value(synthesizer: Synthesizer, schema: Any) -> Any:
    return synthesizer.generate(schema, "readme") if isinstance(schema, dict) else "..."


def _py(value: Any) -> str:
    """A Python literal of a JSON value, kept to one short line."""
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value[:1]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_py(v)}" for k, v in value.items()) + "}"
    return json.dumps(value) if isinstance(value, str) else repr(value)


def readme_examples(
    api: API, *, class_names: dict[str, str] | None = None, client: str = "client"
) -> list[dict[str, str]]:
    """One example per resource with operations: its first (non-deprecated) operation called with
    its required arguments filled from the schema. Each item: resource, method, http, summary, code."""
    if class_names is None:
        from togen.render.models import class_names_of

        class_names = class_names_of(api)
    values = placeholders(api)
    extended = extensions_for(api)
    out: list[dict[str, str]] = []
    for node in api.root.walk():
        ops = [op for op in node.operations if not op.deprecated] or node.operations
        # a method an extension replaces has its own README section and arguments of its own
        ops = [op for op in ops if generated_name(op, extended) == op.method_name] or ops
        if not ops:
            continue
        # the first operation, unless the resource can create or list (friendlier than cancel/delete)
        op = next((o for name in PREFERRED_EXAMPLES for o in ops if o.method_name == name), ops[0])
        signature = op.arguments
        parts = [_example_arg(values, a) for a in signature.positional]
        parts += [f"{a.name}={_example_arg(values, a)}" for a in signature.keywords if a.required]
        call = f"{client}.{op.key}({', '.join(parts)})"
        if len(call) > 96:
            call = f"{client}.{op.key}(\n" + "".join(f"    {p},\n" for p in parts) + ")"
        view = method_view(api, op, TypeMapper(api, class_names, set()))
        result = "page" if view.page_item else "result"
        if view.stream_type is not None and view.kind == "stream_only":
            code = f"for event in {call}:\n    print(event)"
        elif view.kind == "binary":
            code = f'{call}.write_to_file("{node.name[-1]}.bin")'
        elif view.kind == "empty":
            code = call
        else:
            code = f"{result} = {call}\nprint({result})"
        out.append(
            {
                "resource": ".".join(node.name),
                "method": op.key,
                "http": f"{op.method} {op.effective_path}",
                "summary": first_sentence(op.summary or op.description or op.key).rstrip("."),
                "code": code,
            }
        )
    return out


def _example_arg(values: Synthesizer, arg: Argument) -> str:
    if arg.location == "file":
        return '"data.jsonl"' if not arg.text_ok else '"https://example.com/audio.wav"'
    value = example_value(values, arg.schema or None)
    if arg.location == "path":
        return _py(f"{arg.wire}-123" if value == "..." else value)
    return _py(value)
