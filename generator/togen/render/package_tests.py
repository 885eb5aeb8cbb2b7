"""The generated package's own tests, like the official SDK's `tests/api_resources`: for every
method a call with its required arguments only and one with all of them, and the required call
through `with_raw_response` and `with_streaming_response`, sync and async, against `togen mock`
(one per test session) with strict response validation.

Argument values come from the shared synthesizer (togen.spec.synthesizer) with the mock's realistic
leaves, so they are valid against the schemas the mock validates requests with. Methods an
extension replaces are tested through the generated method they call (`files._upload`); the
extension's own methods and their raw and streamed variants by the tests written beside it
(templates/extensions/tests/, copied into tests/lib/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2

from togen.render.client.extensions import extensions_for, generated_name
from togen.spec.ir import API, Argument, Operation
from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import Synthesizer

UPLOAD = ("train.jsonl", b'{"text": "hello"}\n')  # what a file argument sends


@dataclass
class MethodTest:
    name: str  # test name stem: "beta_jig_queue_retrieve"
    path: str  # attribute path on the client: "beta.jig.queue.retrieve"
    required: str  # the arguments of the call with required arguments only
    everything: str  # ... with all of them
    async_required: str  # the same for the async tests (their own ids)
    async_everything: str
    streams: str | None  # the call with the stream switch on, for methods that can stream
    raw: str  # required arguments of the calls through with_raw_response / with_streaming_response
    streamed: str
    async_raw: str
    async_streamed: str

    def variant(self, wrappers: str) -> str:
        """The attribute path through a resource's `with_raw_response` / `with_streaming_response`."""
        parent, _, leaf = self.path.rpartition(".")
        return f"{parent}.{wrappers}.{leaf}"


FREE_TEXT = frozenset({"enum", "const", "pattern", "format"})


def _value(values: Synthesizer, op: Operation, argument: Argument, full: bool, call: str) -> Any:
    if argument.location == "file":
        return [UPLOAD] if argument.file_list else UPLOAD
    schema = values.schemas.resolve(argument.schema) if argument.schema else {"type": "string"}
    if (
        argument.location == "path"
        and schema.get("type", "string") == "string"
        and not FREE_TEXT & set(schema)
    ):
        # an id of its own per call: one test's delete must not be another's retrieve
        return f"{argument.wire}-{op.method_name}-{call}".replace("_", "-")
    value = values.generate(argument.schema or {"type": "string"}, f"{op.key}:{argument.name}:{full}")
    if argument.location == "path" and not isinstance(value, str | int):
        value = f"{argument.wire}-1"
    return value


def _arguments(values: Synthesizer, op: Operation, full: bool, stream: bool | None, call: str) -> str:
    signature = op.arguments
    parts = [repr(_value(values, op, a, full, call)) for a in signature.positional]
    for argument in signature.keywords:
        if argument == signature.stream:
            if stream is not None:
                parts.append(f"{argument.name}={stream!r}")
            continue
        if argument.required or full:
            parts.append(f"{argument.name}={_value(values, op, argument, full, call)!r}")
    return ", ".join(parts)


def method_test(api: API, op: Operation, required: Synthesizer, full: Synthesizer) -> MethodTest:
    name = generated_name(op, extensions_for(api))
    no_stream = False if op.arguments.stream is not None else None
    return MethodTest(
        name=re.sub(r"_+", "_", "_".join((*op.resource, name))),
        path=".".join((*op.resource, name)),
        required=_arguments(required, op, False, None, "required"),
        everything=_arguments(full, op, True, no_stream, "all"),
        async_required=_arguments(required, op, False, None, "async-required"),
        async_everything=_arguments(full, op, True, no_stream, "async-all"),
        streams=_arguments(required, op, False, True, "stream") if op.arguments.stream is not None else None,
        raw=_arguments(required, op, False, None, "raw"),
        streamed=_arguments(required, op, False, None, "streamed"),
        async_raw=_arguments(required, op, False, None, "async-raw"),
        async_streamed=_arguments(required, op, False, None, "async-streamed"),
    )


def render_package_tests(api: API, env: jinja2.Environment) -> dict[str, str]:
    """{path in the distribution: text} of `tests/`."""
    schemas = SchemaSet(api.document)
    required = Synthesizer(schemas, 0, optional_depth=0, max_depth=6)
    full = Synthesizer(schemas, 0, optional_depth=3, max_depth=6)
    # no `__init__.py`: the tests are not a package named `tests` (the toolkit's own is)
    conftest = env.get_template("package/tests/conftest.py.jinja").render(package=api.package)
    files = {"tests/conftest.py": conftest}
    template = env.get_template("package/tests/test_resource.py.jinja")
    for attr, node in sorted(api.root.children.items()):
        ops = sorted((op for r in node.walk() for op in r.operations), key=lambda o: o.name)
        tests = [method_test(api, op, required, full) for op in ops]
        text = template.render(package=api.package, resource=attr, tests=tests)
        files[f"tests/api_resources/test_{attr}.py"] = text
    for ext in extensions_for(api).values():
        if ext.tests.is_file():  # module names unique across tests/ (it has no __init__.py)
            files[f"tests/lib/test_lib_{ext.resource}.py"] = ext.tests.read_text()
    return files
