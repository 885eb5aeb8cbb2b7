"""The data the client templates read: one `ResourceView` per resource class, one
`MethodView` per operation, and what each resource module imports.

Names and arguments come from the IR (`Operation.arguments`, the one `Signature` of an
operation); types are `TypeExpr`s (types.py), so the imports of a module are the union of
the imports of the expressions it uses.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from togen.render.client.extensions import extensions_for, generated_name
from togen.render.client.types import (
    ANY,
    BINARY_RESPONSE,
    FILE,
    NONE,
    OBJECT,
    PARAMS_MODULE,
    STR,
    TypeExpr,
    TypeMapper,
    atom,
    generic,
)
from togen.spec.ir import API, Argument, Operation, Resource
from togen.spec.schema import object_schema

# Names the resource modules import; a model class with one of these names is imported under an alias.
MODULE_NAMES = frozenset(
    {
        "Any",
        "Literal",
        "_params",
        "Mapping",
        "Sequence",
        "TYPE_CHECKING",
        "annotations",
        "cached_property",
        "httpx",
        "overload",
        "NOT_GIVEN",
        "NotGiven",
        "Body",
        "FileTypes",
        "file_or_field",
        "PageInfo",
        "SyncCursorPagination",
        "AsyncPaginator",
        "Headers",
        "Query",
        "Stream",
        "AsyncStream",
        "BinaryAPIResponse",
        "AsyncBinaryAPIResponse",
        "APIResponse",
        "SyncAPIClient",
        "AsyncAPIClient",
        "SyncAPIResource",
        "AsyncAPIResource",
    }
)
TYPE_NONE = atom("type(None)")

# Parameters every method takes last (the official SDKs' request options).
REQUEST_OPTIONS = (
    "extra_headers: Headers | None = None",
    "extra_query: Query | None = None",
    "extra_body: Body | None = None",
    "timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN",
)
# The streaming switch's declaration in each overload of a method that can stream.
STREAM_SWITCH = {
    "false": "{name}: Literal[False] | NotGiven = NOT_GIVEN",
    "true": "{name}: Literal[True]",
    "bool": "{name}: bool",
    "plain": "{name}: bool | NotGiven = NOT_GIVEN",
    "impl": "{name}: bool | NotGiven = NOT_GIVEN",
}


@dataclass(frozen=True)
class Arg(Argument):
    """One argument of a generated method: the IR's `Argument` with its annotation."""

    annotation: TypeExpr = OBJECT

    @classmethod
    def of(cls, argument: Argument, annotation: TypeExpr) -> Arg:
        return cls(**{f.name: getattr(argument, f.name) for f in fields(argument)}, annotation=annotation)

    @property
    def declaration(self) -> str:
        if self.required:
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation} | NotGiven = NOT_GIVEN"


@dataclass
class MethodView:
    name: str
    http_method: str
    path: str
    path_args: list[Arg]  # positional: the last path parameter
    args: list[Arg]  # keyword-only, spec order, required first (earlier path parameters too)
    docstring: str
    kind: str  # json | empty | binary | stream_only
    return_type: TypeExpr
    cast_to: TypeExpr | None
    stream_type: TypeExpr | None = None  # chunk type when the method can stream
    stream_cast: TypeExpr | None = None
    expect_done: bool = False
    stream_arg: Arg | None = None  # the boolean body property that switches streaming on
    multipart: bool = False
    has_body: bool = False
    whole_body: bool = False  # the request body is one argument, not one per property
    deprecated: bool = False
    accept: str | None = None
    page_item: TypeExpr | None = None  # item type of a cursor-paged list (the method returns pages)
    page_item_cast: TypeExpr | None = None
    page_info: str | None = None  # PageInfo(...) expression

    def args_of(self, location: str) -> list[Arg]:
        return [a for a in self.args if a.location == location]

    def parameters(self, mode: str = "plain", *, options: bool = True) -> list[str]:
        """The declarations of the method's parameters after `self`, in order: the positional
        path id, `*`, the keyword arguments, then (with `options`) the request options.

        `mode` picks the streaming switch's annotation in the overloads of a method that can
        stream: "false" and "true" (`Literal[...]`), "bool", or "plain"/"impl" (optional bool).
        The resource template and api.md both read this, so they cannot disagree."""
        found = [f"{a.name}: {a.annotation}" for a in self.path_args] + ["*"]
        stream = self.stream_arg.name if self.stream_arg is not None else None
        for a in self.args:
            switch = a.name == stream and mode in STREAM_SWITCH
            found.append(STREAM_SWITCH[mode].format(name=a.name) if switch else a.declaration)
        if options:
            return found + list(REQUEST_OPTIONS)
        return found[:-1] if found[-1] == "*" else found  # no keyword argument: no `*`

    def returns(self, mode: str = "plain", *, is_async: bool = False) -> str:
        """The return annotation of the method (of one overload, for `mode` see `parameters`)."""
        stream = f"{'AsyncStream' if is_async else 'Stream'}[{self.stream_type}]"
        answer = str(self.return_type)
        if is_async and self.kind == "binary":  # the binary answer's class has an async twin
            answer = answer.replace("BinaryAPIResponse", "AsyncBinaryAPIResponse")
        if mode == "true":
            return stream
        if mode in ("bool", "impl"):
            return f"{answer} | {stream}"
        if mode == "plain" and self.page_item:
            return f"{'AsyncPaginator' if is_async else 'SyncCursorPagination'}[{self.page_item}]"
        if mode == "plain" and self.kind == "stream_only":
            return stream
        return answer

    @property
    def overloaded(self) -> bool:
        return self.stream_type is not None and self.stream_arg is not None

    @property
    def path_expr(self) -> str:
        """``_path(...)`` with the placeholders renamed to the arguments' Python names, so an empty
        value is reported under the name the caller passed (``job_id``, not ``jobId``)."""
        in_path = [a for a in self.path_args + self.args if a.location == "path"]
        if not in_path:
            return json.dumps(self.path)
        path = self.path
        for a in in_path:
            path = path.replace("{" + a.wire + "}", "{" + a.name + "}")
        keywords = ", ".join(f"{a.name}={a.name}" for a in in_path)
        return f"_path({json.dumps(path)}, {keywords})"

    @property
    def types(self) -> list[TypeExpr]:
        """Every type expression the method's source uses."""
        found: list[TypeExpr | None] = [a.annotation for a in self.path_args + self.args]
        found += [self.return_type, self.cast_to, self.stream_type, self.stream_cast]
        found += [self.page_item, self.page_item_cast]
        return [t for t in found if t is not None]


@dataclass
class ResourceView:
    path: tuple[str, ...]
    class_name: str
    methods: list[MethodView]
    children: list[tuple[str, ResourceView]] = field(default_factory=list)  # attribute, child
    docstring: str = ""

    def walk(self) -> list[ResourceView]:
        found: list[ResourceView] = []
        for _attr, child in self.children:
            found.extend(child.walk())
        found.append(self)  # children first, so classes are defined before use
        return found


@dataclass
class ModuleView:
    """One resource module: its top resource, and what it imports."""

    resource: ResourceView
    model_imports: list[str]  # `Name` or `Name as NameModel`: the models a call parses into
    annotation_imports: list[str]  # the models only signatures name (imported for type checkers)
    abc_imports: list[str]  # from collections.abc
    typing_imports: list[str]  # from typing
    uses: dict[str, bool]  # which runtime helpers the module imports
    model_names: dict[str, str] = field(default_factory=dict)  # local name -> the model's own name

    @property
    def classes(self) -> list[ResourceView]:
        return self.resource.walk()

    @property
    def all_names(self) -> list[str]:
        return sorted([v.class_name for v in self.classes] + [f"Async{v.class_name}" for v in self.classes])


def docstring(text: str, indent: int = 8, width: int = 100) -> str:
    """Text safe inside a triple-quoted docstring, wrapped, indented after the first line."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        keep = (
            paragraph.startswith(("```", "-", "*", "|", ">", "Args:"))
            or "\n-" in paragraph
            or "```" in paragraph
        )
        if keep:
            lines.extend(line.rstrip() for line in paragraph.splitlines())
        else:
            lines.extend(textwrap.wrap(" ".join(paragraph.split()), width) or [""])
    pad = " " * indent
    out = "\n".join((pad + line) if (i and line) else line for i, line in enumerate(lines))
    if out.endswith('"'):
        out += " "
    return out


def _camel(text: str) -> str:
    return (
        "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", text) if part)
        or "Resource"
    )


# ----------------------------------------------------------------------------- methods


def _annotation(argument: Argument, types: TypeMapper) -> TypeExpr:
    if argument.location == "path":
        found = types.input(argument.schema)
        return STR if found.text in (OBJECT.text, ANY.text) else found
    if argument.location == "file" and not argument.text_ok:
        return generic("Sequence", FILE, typing="Sequence") if argument.file_list else FILE
    return types.input(argument.schema)


def method_view(api: API, op: Operation, types: TypeMapper) -> MethodView:
    signature = op.arguments
    arg_of = {a: Arg.of(a, _annotation(a, types)) for a in signature.arguments + signature.positional}
    path_args = [arg_of[a] for a in signature.positional]
    args = [arg_of[a] for a in signature.keywords]
    body = op.request_body

    kind, return_type, cast_to, accept = _result(op, types)
    stream = op.streaming
    stream_type = stream_cast = None
    expect_done = False
    if stream is not None:
        stream_type = types.output(stream.stream_chunk_schema or stream.schema)
        stream_cast = types.cast(stream_type)
        expect_done = bool(stream.stream_terminator)
        if signature.stream is None and kind in ("empty", "stream_only"):
            kind = "stream_only"
    page_item = page_item_cast = page_info = None
    if op.pagination is not None and kind == "json" and stream_type is None:
        page_item = _page_item(api, op, types)
        if page_item is not None:
            page_item_cast = types.cast(page_item)
            p = op.pagination
            page_info = (
                f"PageInfo({json.dumps(p.cursor_param)}, {json.dumps(p.items_field)}, "
                f"{json.dumps(p.has_more_field)}, {json.dumps(p.next_cursor_field)})"
            ).replace("null)", "None)")
    return MethodView(
        page_item=page_item,
        page_item_cast=page_item_cast,
        page_info=page_info,
        name=generated_name(op, extensions_for(api)),
        http_method=op.method,
        path=op.effective_path,
        path_args=path_args,
        args=args,
        docstring=_docstring(op, path_args + args),
        kind=kind,
        return_type=return_type,
        cast_to=cast_to,
        stream_type=stream_type,
        stream_cast=stream_cast,
        expect_done=expect_done,
        stream_arg=arg_of[signature.stream] if signature.stream is not None else None,
        multipart=bool(body and body.kind in ("multipart", "form")),
        has_body=body is not None,
        whole_body=signature.whole_body,
        deprecated=op.deprecated,
        accept=accept,
    )


def _page_item(api: API, op: Operation, types: TypeMapper) -> TypeExpr | None:
    """The item type of a paged response: the array at the pagination's items path."""
    response = op.primary_response
    content = response.content("json") if response else None
    if content is None or content.schema is None or op.pagination is None:
        return None
    schema = object_schema(api.document, content.schema)
    for key in op.pagination.items_field.split("."):
        sub = (schema.get("properties") or {}).get(key)
        if not isinstance(sub, dict):
            return None
        schema = object_schema(api.document, sub)
    items = schema.get("items")
    if schema.get("type") != "array" or not isinstance(items, dict):
        return None
    return types.output(items)


def _result(op: Operation, types: TypeMapper) -> tuple[str, TypeExpr, TypeExpr | None, str | None]:
    """(kind, return type, cast_to expression, Accept header) of the success response."""
    response = op.primary_response
    if response is None or response.kind in ("empty",):
        return "empty", NONE, TYPE_NONE, None
    json_content = response.content("json")
    if json_content is not None and response.kind in ("json", "redirect", "sse"):
        if response.kind == "redirect":
            return "binary", BINARY_RESPONSE, None, None
        annotation = types.output(json_content.schema)
        return "json", annotation, types.cast(annotation), None
    if response.kind in ("binary", "text", "redirect"):
        medias = [c.media_type for c in response.contents if c.kind in ("binary", "text")]
        accept = ", ".join([*dict.fromkeys(medias), "*/*;q=0.8"]) if medias else None
        return "binary", BINARY_RESPONSE, None, accept
    if response.kind == "sse":
        return "stream_only", NONE, TYPE_NONE, None
    return "empty", NONE, TYPE_NONE, None


def _docstring(op: Operation, args: list[Arg]) -> str:
    summary = op.summary or op.description or f"{op.method} {op.effective_path}"
    parts = [summary.rstrip(".") + "."]
    if op.description and op.description.strip() != op.summary.strip():
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: this operation is deprecated in the API specification.")
    documented = [a for a in args if a.description]
    if documented:
        lines = ["Args:"]
        for arg in documented:
            text = " ".join(arg.description.replace("<br>", " ").split())
            wrapped = textwrap.wrap(f"{arg.name}: {text}", 96, subsequent_indent="    ")
            lines.extend("  " + line for line in wrapped)
        parts.append("\n".join(lines))
    parts.append(f"`{op.method} {op.effective_path}`")
    return docstring("\n\n".join(parts))


# ----------------------------------------------------------------------------- resources


def class_names(node: Resource, names: set[str]) -> dict[tuple[str, ...], str]:
    """Class name of every resource under `node` (children first), unique within `names`."""
    found: dict[tuple[str, ...], str] = {}
    for _attr, child in sorted(node.children.items()):
        found.update(class_names(child, names))
    name = _camel(node.name[-1])
    if name in names:
        name = _camel("_".join(node.name))
    names.add(name)
    found[node.name] = name
    return found


def resource_view(
    api: API, node: Resource, types: TypeMapper, names: dict[tuple[str, ...], str]
) -> ResourceView:
    children = [
        (attr, resource_view(api, child, types, names)) for attr, child in sorted(node.children.items())
    ]
    methods = [method_view(api, op, types) for op in sorted(node.operations, key=lambda o: o.method_name)]
    return ResourceView(
        node.name, names[node.name], methods, children, f"Operations on `{'.'.join(node.name)}`."
    )


# Classes rendered beside each resource class (resource.py.jinja): its sync/async twin and the
# views whose methods return raw or streamed responses.
WRAPPERS = ("", "WithRawResponse", "WithStreamingResponse")


def module_view(
    api: API,
    node: Resource,
    class_names_of_models: dict[str, str],
    model_classes: set[str],
    param_classes: set[str] | None = None,
) -> ModuleView:
    """The view of the module of top-level resource `node`."""
    names = class_names(node, set(MODULE_NAMES))
    classes = set(names.values())
    taken = MODULE_NAMES | classes
    taken |= {f"{prefix}{c}{suffix}" for c in classes for prefix in ("", "Async") for suffix in WRAPPERS}
    types = TypeMapper(api, class_names_of_models, model_classes, taken, param_classes or ())
    view = resource_view(api, node, types, names)
    methods = [m for r in view.walk() for m in r.methods]
    used = [t for m in methods for t in m.types]
    models = frozenset().union(*(t.models for t in used))
    parsed = frozenset().union(
        *(t.models for m in methods for t in (m.cast_to, m.stream_cast, m.page_item_cast) if t is not None)
    )  # the rest appear in annotations only, which `from __future__ import annotations` never evaluates

    def imports(names: Iterable[str]) -> list[str]:
        return [
            name if types.local(name) == name else f"{name} as {types.local(name)}" for name in sorted(names)
        ]

    overload = any(m.overloaded for m in methods)  # the overloads spell `Literal[True]`
    typing: frozenset[str] = frozenset().union(
        *(t.typing for t in used), {"Literal", "overload"} if overload else ()
    )
    abc_imports: list[str] = [name for name in ("Mapping", "Sequence") if name in typing]
    typing_imports: list[str] = [name for name in ("Any", "Literal", "overload") if name in typing]
    typing_imports += ["cast as _cast"] if "cast" in typing else []
    typing_imports += ["TYPE_CHECKING"] if PARAMS_MODULE in typing or models - parsed else []
    uses = {
        "FileTypes": "FileTypes" in typing,
        "stream": any(m.stream_type is not None for m in methods),
        "binary": any(m.kind == "binary" for m in methods),
        "path": any(a.location == "path" for m in methods for a in m.path_args + m.args),
        "header": any(m.args_of("header") for m in methods),
        "file_or_field": any(a.text_ok for m in methods for a in m.args),
        "page": any(m.page_item is not None for m in methods),
        "params": PARAMS_MODULE in typing,
    }
    local_names = {types.local(name): name for name in models}
    return ModuleView(
        view, imports(parsed), imports(models - parsed), abc_imports, typing_imports, uses, local_names
    )
