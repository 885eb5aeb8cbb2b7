"""Render the generated client: the static runtime, `_client.py` and one module per resource.

`render_client(api, env)` returns {path inside the package: text}. The runtime files
(`templates/runtime/*.py`) are copied verbatim; `_client.py` and `resources/*.py` are
rendered from `templates/client/*.jinja` with view models built here, so the templates
stay declarative (they only lay out names, types and strings computed below).
"""

from __future__ import annotations

import json
import keyword
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2

from togen.resources import templates_dir
from togen.spec.ir import API, Operation, Resource
from togen.spec.naming import identifier
from togen.spec.normalize import schema_class_name

RUNTIME_DIR = templates_dir() / "runtime"

# Names a generated method uses itself; a spec parameter with one of these names is renamed.
RESERVED_ARGS = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})
# Names the resource modules import; a model class with one of these names is imported under an alias.
MODULE_NAMES = frozenset(
    {
        "Any",
        "Literal",
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
        "SyncPage",
        "AsyncPaginator",
        "Headers",
        "Query",
        "Stream",
        "AsyncStream",
        "BinaryResponse",
        "APIResponse",
        "SyncAPIClient",
        "AsyncAPIClient",
        "SyncAPIResource",
        "AsyncAPIResource",
    }
)
MAX_DEPTH = 8


# ----------------------------------------------------------------------------- types


class TypeMapper:
    """JSON Schema -> Python type expressions for one resource module.

    Inputs are permissive (a model or a plain dict, any sequence); outputs name the models.
    Every model class used is recorded in `models` so the module can import it.
    """

    def __init__(self, api: API, class_names: dict[str, str], model_classes: set[str]) -> None:
        self.api = api
        self.class_names = class_names  # component -> name in models.py
        self.model_classes = model_classes  # names in models.py that are BaseModel classes
        self.models: set[str] = set()

    def _model(self, component: str) -> str | None:
        name = self.class_names.get(component)
        if name is not None:
            self.models.add(name)
        return name

    def is_model_class(self, schema: dict[str, Any]) -> bool:
        component = self.api.ref_name(schema)
        return component is not None and self.class_names.get(component) in self.model_classes

    # -- inputs ---------------------------------------------------------------------------------
    def input(self, schema: Any, depth: int = 0) -> str:
        if not isinstance(schema, dict) or not schema or depth > MAX_DEPTH:
            return "object"
        component = self.api.ref_name(schema)
        if component is not None:
            if self.class_names.get(component) in self.model_classes:
                return _union([f"{self._model(component)}", "Mapping[str, Any]"])
            return self.input(self.api.resolve(schema), depth + 1)
        return self._common(
            schema, depth, self.input, sequence="Sequence", mapping="Mapping", binary="FileTypes"
        )

    # -- outputs --------------------------------------------------------------------------------
    def output(self, schema: Any, depth: int = 0) -> str:
        if not isinstance(schema, dict) or not schema or depth > MAX_DEPTH:
            return "Any"
        component = self.api.ref_name(schema)
        if component is not None:
            name = self._model(component)
            return name if name is not None else self.output(self.api.resolve(schema), depth + 1)
        return self._common(schema, depth, self.output, sequence="list", mapping="dict", binary="bytes")

    def _common(
        self, schema: dict[str, Any], depth: int, recurse: Any, *, sequence: str, mapping: str, binary: str
    ) -> str:
        unknown = "object" if recurse == self.input else "Any"
        nullable = bool(schema.get("nullable"))
        if "const" in schema:
            return _union([_literal([schema["const"]]) or unknown, "None" if nullable else ""])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            values = [v for v in enum if v is not None]
            literal = _literal(values) or unknown
            return _union([literal, "None" if nullable or None in enum else ""])
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                parts = [recurse(b, depth + 1) for b in branches]
                return _union([*parts, "None" if nullable else ""], unknown)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return _union([recurse(all_of[0], depth + 1), "None" if nullable else ""], unknown)
        kind = schema.get("type")
        if isinstance(kind, list):
            parts = [
                self._common(
                    {**schema, "type": k}, depth, recurse, sequence=sequence, mapping=mapping, binary=binary
                )
                for k in kind
            ]
            return _union([*parts, "None" if nullable else ""], unknown)
        base: str
        if kind == "string":
            base = binary if schema.get("format") == "binary" else "str"
        elif kind == "integer":
            base = "int"
        elif kind == "number":
            base = "float"
        elif kind == "boolean":
            base = "bool"
        elif kind == "null":
            base = "None"
        elif kind == "array":
            items = schema.get("items")
            base = (
                f"{sequence}[{recurse(items, depth + 1) if isinstance(items, dict) and items else unknown}]"
            )
        elif kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra and not schema.get("properties"):
                base = f"{mapping}[str, {recurse(extra, depth + 1)}]"
            else:
                base = f"{mapping}[str, Any]"
        else:
            base = unknown
        return _union([base, "None" if nullable else ""], unknown)


def _literal(values: Iterable[Any]) -> str:
    parts = []
    for value in values:
        if isinstance(value, bool | int | str):  # Literal cannot hold floats or containers
            parts.append(json.dumps(value) if isinstance(value, str) else repr(value))
    unique = list(dict.fromkeys(parts))
    return f"Literal[{', '.join(unique)}]" if unique else ""


def _union(parts: Iterable[str], unknown: str = "object") -> str:
    flat: list[str] = []
    for part in parts:
        if not part:
            continue
        for piece in _split_union(part):
            if piece not in flat:
                flat.append(piece)
    if unknown in flat or "object" in flat:
        return unknown
    literals = [p for p in flat if p.startswith("Literal[")]
    if len(literals) > 1:  # Literal["a"] | Literal["b"] -> Literal["a", "b"]
        merged = "Literal[" + ", ".join(dict.fromkeys(x for p in literals for x in _literal_items(p))) + "]"
        flat = [merged if p == literals[0] else p for p in flat if p not in literals[1:]]
    if "Mapping[str, Any]" in flat:  # the plain-dict alternative after the models
        flat = [p for p in flat if p != "Mapping[str, Any]"] + ["Mapping[str, Any]"]
    if "None" in flat:  # None last reads better
        flat = [p for p in flat if p != "None"] + ["None"]
    return " | ".join(flat) if flat else unknown


def _split_union(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if depth == 0 and text.startswith(" | ", i):
            parts.append(current)
            current = ""
            i += 3
            continue
        current += ch
        i += 1
    parts.append(current)
    return [p for p in parts if p]


def _literal_items(literal: str) -> list[str]:
    inner = literal[len("Literal[") : -1]
    items, depth, current, quote = [], 0, "", ""
    for ch in inner:
        if quote:
            current += ch
            if ch == quote and not current.endswith("\\" + quote):
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        items.append(current.strip())
    return items


# ----------------------------------------------------------------------------- view models


@dataclass
class Arg:
    name: str  # Python keyword
    wire: str  # name on the wire
    location: str  # path | query | header | body | file
    annotation: str
    required: bool
    description: str = ""
    text_ok: bool = False  # a file field that also takes a string (a URL is sent as a form field)
    schema: dict[str, Any] | None = field(default=None, repr=False)  # for README examples

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
    path_args: list[Arg]
    args: list[Arg]  # keyword-only, spec order, required first
    docstring: str
    kind: str  # json | empty | binary | stream_only
    return_type: str
    cast_to: str
    stream_type: str | None = None  # chunk type when the method can stream
    stream_cast: str | None = None
    expect_done: bool = False
    stream_arg: Arg | None = None  # the boolean body property that switches streaming on
    multipart: bool = False
    has_body: bool = False
    whole_body: bool = False  # the request body is one argument, not one per property
    deprecated: bool = False
    accept: str | None = None
    page_item: str | None = None  # item type of a cursor-paged list (the method returns pages)
    page_item_cast: str | None = None
    page_info: str | None = None  # PageInfo(...) expression

    def args_of(self, location: str) -> list[Arg]:
        return [a for a in self.args if a.location == location]

    @property
    def overloaded(self) -> bool:
        return self.stream_type is not None and self.stream_arg is not None

    @property
    def path_expr(self) -> str:
        if not self.path_args:
            return json.dumps(self.path)
        keywords = ", ".join(
            f"{a.wire}={a.name}"
            if a.wire.isidentifier() and not keyword.iskeyword(a.wire)
            else f"**{{{json.dumps(a.wire)}: {a.name}}}"
            for a in self.path_args
        )
        return f"_path({json.dumps(self.path)}, {keywords})"


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


def _camel(text: str) -> str:
    return (
        "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", text) if part)
        or "Resource"
    )


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


class ClientRenderer:
    def __init__(
        self, api: API, env: jinja2.Environment, class_names: dict[str, str], model_classes: set[str]
    ) -> None:
        self.api = api
        self.env = env
        self.class_names = class_names
        self.model_classes = model_classes

    # -- operations -------------------------------------------------------------------------------
    def method(self, op: Operation, types: TypeMapper) -> MethodView:
        api = self.api
        taken: set[str] = set(RESERVED_ARGS)
        path_args: list[Arg] = []
        args: list[Arg] = []

        def name_for(wire: str, location: str) -> str:
            name = identifier(wire)
            if name in taken:
                name = f"{name}_{location}" if f"{name}_{location}" not in taken else f"{name}_{location}_"
            taken.add(name)
            return name

        path_names = re.findall(r"{([^}]+)}", op.effective_path)
        by_name = {p.name: p for p in op.parameters if p.location == "path"}
        for wire in path_names:
            param = by_name.get(wire)
            annotation = types.input(param.schema) if param else "str"
            if annotation in ("object", "Any"):
                annotation = "str"
            path_args.append(
                Arg(
                    name_for(wire, "path"),
                    wire,
                    "path",
                    annotation,
                    True,
                    param.description if param else "",
                    schema=param.schema if param else None,
                )
            )
        for param in op.parameters:
            if param.location in ("query", "header"):
                args.append(
                    Arg(
                        name_for(param.name, param.location),
                        param.name,
                        param.location,
                        types.input(param.schema),
                        param.required,
                        param.description,
                        schema=param.schema,
                    )
                )
        body = op.request_body
        multipart = bool(body and body.kind in ("multipart", "form"))
        whole_body = False
        stream_arg: Arg | None = None
        if body is not None:
            resolved = self._object_schema(body.schema)
            properties = resolved.get("properties") if resolved else None
            if isinstance(properties, dict) and properties:
                required = set(resolved.get("required") or [])
                for wire, schema in properties.items():
                    if not isinstance(schema, dict) or schema.get("readOnly"):
                        continue
                    target = api.resolve(schema)
                    is_file = multipart and _is_binary(target, api)
                    # `oneOf: [binary, uri string]`: a file part, or a plain field when given a URL
                    text_ok = multipart and not is_file and _may_be_binary(target, api)
                    annotation = "FileTypes" if is_file else types.input(schema)
                    if is_file and target.get("type") == "array":
                        annotation = "Sequence[FileTypes]"
                    arg = Arg(
                        name_for(wire, "body"),
                        wire,
                        "file" if is_file or text_ok else "body",
                        annotation,
                        wire in required,
                        (schema.get("description") or target.get("description") or "").strip(),
                        text_ok=text_ok,
                        schema=schema,
                    )
                    if wire == "stream" and target.get("type") == "boolean" and op.streaming is not None:
                        stream_arg = arg
                    args.append(arg)
            else:
                whole_body = True
                args.append(
                    Arg(
                        name_for("body", "body"),
                        "",
                        "body",
                        types.input(body.schema),
                        body.required,
                        "",
                        schema=body.schema,
                    )
                )
        args.sort(key=lambda a: not a.required)

        kind, return_type, cast_to, accept = self._result(op, types)
        stream = op.streaming
        stream_type = stream_cast = None
        expect_done = False
        if stream is not None:
            chunk = stream.stream_chunk_schema or stream.schema
            stream_type = types.output(chunk)
            stream_cast = _cast_expr(stream_type, types)
            expect_done = bool(stream.stream_terminator)
            if stream_arg is None and kind in ("empty", "stream_only"):
                kind = "stream_only"
        page_item = page_item_cast = page_info = None
        if op.pagination is not None and kind == "json" and stream_type is None:
            page_item = self._page_item(op, types)
            if page_item is not None:
                page_item_cast = _cast_expr(page_item, types)
                p = op.pagination
                page_info = (
                    f"PageInfo({json.dumps(p.cursor_param)}, {json.dumps(p.items_field)}, "
                    f"{json.dumps(p.has_more_field)}, {json.dumps(p.next_cursor_field)})"
                ).replace("null)", "None)")
        return MethodView(
            page_item=page_item,
            page_item_cast=page_item_cast,
            page_info=page_info,
            name=op.method_name,
            http_method=op.method,
            path=op.effective_path,
            path_args=path_args,
            args=args,
            docstring=self._docstring(op, path_args + args),
            kind=kind,
            return_type=return_type,
            cast_to=cast_to,
            stream_type=stream_type,
            stream_cast=stream_cast,
            expect_done=expect_done,
            stream_arg=stream_arg,
            multipart=multipart,
            has_body=body is not None,
            whole_body=whole_body,
            deprecated=op.deprecated,
            accept=accept,
        )

    def _object_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The body schema with `allOf` parts merged, when it is an object with properties."""
        resolved = self.api.resolve(schema)
        parts = resolved.get("allOf")
        if isinstance(parts, list) and not resolved.get("properties"):
            merged: dict[str, Any] = {"properties": {}, "required": []}
            for part in parts:
                sub = self._object_schema(part) if isinstance(part, dict) else {}
                merged["properties"].update(sub.get("properties") or {})
                merged["required"].extend(sub.get("required") or [])
            return merged
        return resolved

    def _page_item(self, op: Operation, types: TypeMapper) -> str | None:
        """The item type of a paged response: the array at the pagination's items path."""
        response = op.primary_response
        content = response.content("json") if response else None
        if content is None or content.schema is None or op.pagination is None:
            return None
        schema = self._object_schema(content.schema)
        for key in op.pagination.items_field.split("."):
            sub = (schema.get("properties") or {}).get(key)
            if not isinstance(sub, dict):
                return None
            schema = self._object_schema(sub)
        items = schema.get("items")
        if schema.get("type") != "array" or not isinstance(items, dict):
            return None
        return types.output(items)

    def _result(self, op: Operation, types: TypeMapper) -> tuple[str, str, str, str | None]:
        """(kind, return annotation, cast_to expression, Accept header) of the success response."""
        response = op.primary_response
        if response is None or response.kind in ("empty",):
            return "empty", "None", "type(None)", None
        json_content = response.content("json")
        if json_content is not None and response.kind in ("json", "redirect", "sse"):
            if response.kind == "redirect":
                return "binary", "BinaryResponse", "", None
            annotation = types.output(json_content.schema)
            return "json", annotation, _cast_expr(annotation, types), None
        if response.kind in ("binary", "text", "redirect"):
            medias = [c.media_type for c in response.contents if c.kind in ("binary", "text")]
            accept = ", ".join([*dict.fromkeys(medias), "*/*;q=0.8"]) if medias else None
            return "binary", "BinaryResponse", "", accept
        if response.kind == "sse":
            return "stream_only", "None", "type(None)", None
        return "empty", "None", "type(None)", None

    def _docstring(self, op: Operation, args: list[Arg]) -> str:
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

    # -- resources ----------------------------------------------------------------------------------
    def resource_view(self, node: Resource, types: TypeMapper, names: set[str]) -> ResourceView:
        children: list[tuple[str, ResourceView]] = []
        for attr, child in sorted(node.children.items()):
            children.append((attr, self.resource_view(child, types, names)))
        class_name = _camel(node.name[-1])
        if class_name in names:
            class_name = _camel("_".join(node.name))
        names.add(class_name)
        methods = [self.method(op, types) for op in sorted(node.operations, key=lambda o: o.method_name)]
        return ResourceView(
            node.name, class_name, methods, children, f"Operations on `{'.'.join(node.name)}`."
        )

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for path in sorted(RUNTIME_DIR.glob("*.py")):
            files[path.name] = path.read_text()
        top: list[tuple[str, ResourceView]] = []
        for attr, node in sorted(self.api.root.children.items()):
            types = TypeMapper(self.api, self.class_names, self.model_classes)
            view = self.resource_view(node, types, set(MODULE_NAMES))
            top.append((attr, view))
            files[f"resources/{attr}.py"] = self.render_resource_module(view, types)
        files["resources/__init__.py"] = '"""One module per top-level resource; imported on first use."""\n'
        files["_client.py"] = self.env.get_template("client/_client.py.jinja").render(
            api=self.api,
            package=self.api.package,
            resources=top,
            default_base_url=self.api.default_server_url or self.api.package.default_base_url,
            root_methods=[],
        )
        return files

    def render_resource_module(self, view: ResourceView, types: TypeMapper) -> str:
        classes = {v.class_name for v in view.walk()}
        taken = (
            MODULE_NAMES | classes | {f"Async{c}" for c in classes} | {f"{c}WithRawResponse" for c in classes}
        )
        taken |= {f"Async{c}WithRawResponse" for c in classes}
        imports: list[str] = []
        aliases: dict[str, str] = {}
        for name in sorted(types.models):
            if name in taken:
                aliases[name] = f"{name}Model"
                imports.append(f"{name} as {name}Model")
            else:
                imports.append(name)
        if aliases:
            self._apply_aliases(view, aliases)
        uses = _module_uses(view)
        return self.env.get_template("client/resource.py.jinja").render(
            resource=view,
            classes=view.walk(),
            all_names=sorted(
                [v.class_name for v in view.walk()] + [f"Async{v.class_name}" for v in view.walk()]
            ),
            model_imports=imports,
            uses=uses,
        )

    @staticmethod
    def _apply_aliases(view: ResourceView, aliases: dict[str, str]) -> None:
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in aliases) + r")\b")

        def sub(text: str | None) -> str | None:
            return pattern.sub(lambda m: aliases[m.group(1)], text) if text else text

        for resource in view.walk():
            for method in resource.methods:
                for arg in method.path_args + method.args:
                    arg.annotation = sub(arg.annotation) or arg.annotation
                method.return_type = sub(method.return_type) or method.return_type
                method.cast_to = sub(method.cast_to) or method.cast_to
                method.stream_type = sub(method.stream_type)
                method.stream_cast = sub(method.stream_cast)
                method.page_item = sub(method.page_item)
                method.page_item_cast = sub(method.page_item_cast)


def _is_binary(schema: dict[str, Any], api: API) -> bool:
    if schema.get("type") == "string" and schema.get("format") == "binary":
        return True
    if schema.get("type") == "array":
        items = api.resolve(schema.get("items") or {})
        return items.get("type") == "string" and items.get("format") == "binary"
    return False


def _may_be_binary(schema: dict[str, Any], api: API, depth: int = 0) -> bool:
    """Whether a binary string is one of the schema's alternatives (`oneOf`/`anyOf`, nested)."""
    if depth > MAX_DEPTH:
        return False
    if _is_binary(schema, api):
        return True
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and any(
            isinstance(b, dict) and _may_be_binary(api.resolve(b), api, depth + 1) for b in branches
        ):
            return True
    return False


def _cast_expr(annotation: str, types: TypeMapper) -> str:
    """`cast_to=` for a return type: the class itself, else a typed cast of the runtime expression."""
    if annotation in types.model_classes:
        return annotation
    if annotation == "None":
        return "type(None)"
    if annotation == "Any":
        return '_cast("type[Any]", object)'
    bare_alias = annotation.isidentifier() and annotation not in ("str", "int", "float", "bool", "bytes")
    if " | " not in annotation and "Literal[" not in annotation and not bare_alias:
        return annotation  # list[Model], dict[str, Any]: already a type mypy accepts as type[T]
    return f'_cast("type[{annotation}]", {annotation})'


def _module_uses(view: ResourceView) -> dict[str, bool]:
    text: list[str] = []
    any_stream = any_binary = any_path = any_overload = any_files = any_header = False
    any_file_or_field = any_page = False
    for resource in view.walk():
        for method in resource.methods:
            text.extend(a.annotation for a in method.path_args + method.args)
            text.extend(
                [method.return_type, method.cast_to, method.stream_type or "", method.stream_cast or ""]
            )
            text.extend([method.page_item or "", method.page_item_cast or ""])
            any_page |= method.page_item is not None
            any_stream |= method.stream_type is not None
            any_binary |= method.kind == "binary"
            any_path |= bool(method.path_args)
            any_overload |= method.overloaded
            any_files |= any(a.location == "file" for a in method.args)
            any_file_or_field |= any(a.text_ok for a in method.args)
            any_header |= any(a.location == "header" for a in method.args)
    joined = " ".join(text)
    return {
        "Any": bool(re.search(r"\bAny\b", joined)),
        "Literal": bool(re.search(r"\bLiteral\[", joined)) or any_overload,
        "Mapping": "Mapping[" in joined,
        "Sequence": "Sequence[" in joined,
        "cast": "_cast(" in joined,
        "FileTypes": "FileTypes" in joined or any_files,
        "stream": any_stream,
        "binary": any_binary,
        "path": any_path,
        "overload": any_overload,
        "header": any_header,
        "file_or_field": any_file_or_field,
        "page": any_page,
    }


def model_classes_of(source: str) -> set[str]:
    """Names of the BaseModel classes in a generated models.py."""
    return set(re.findall(r"^class (\w+)\(", source, re.MULTILINE))


def guess_model_classes(api: API, class_names: dict[str, str]) -> set[str]:
    """Without models.py at hand: components that are objects with properties become classes."""
    found = set()
    for component, name in class_names.items():
        schema = api.schemas.get(component) or {}
        if any(k in schema for k in ("oneOf", "anyOf", "enum", "const")):
            continue
        extra = schema.get("additionalProperties")
        if (
            "properties" in schema
            or "allOf" in schema
            or (schema.get("type") == "object" and not isinstance(extra, dict))
        ):
            found.add(name)
    return found


# ----------------------------------------------------------------------------- README examples


def example_value(api: API, schema: Any, depth: int = 0) -> Any:
    """A short example value of a schema: its example, default or first enum value, else a
    placeholder of its type; objects get their required properties, arrays one item."""
    if not isinstance(schema, dict) or depth > 4:
        return "..."
    schema = api.resolve(schema)
    for key in ("example", "default", "const"):
        if key in schema and schema[key] is not None:
            return schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    enum = [v for v in schema.get("enum") or [] if v is not None]
    if enum:
        return enum[0]
    for key in ("oneOf", "anyOf", "allOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            values = [
                example_value(api, b, depth + 1) for b in (branches if key == "allOf" else branches[:1])
            ]
            if all(isinstance(v, dict) for v in values):
                return {k: v for value in values for k, v in value.items()}
            return next((v for v in values if not isinstance(v, dict)), values[0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "array":
        return [example_value(api, schema.get("items"), depth + 1)]
    if kind == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {
            name: example_value(api, props.get(name), depth + 1)
            for name in schema.get("required") or []
            if name in props
        }
    return {"integer": 1, "number": 1.0, "boolean": True}.get(str(kind), "...")


def _py(value: Any) -> str:
    """A Python literal of a JSON value, kept to one short line."""
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value[:1]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_py(v)}" for k, v in value.items()) + "}"
    return json.dumps(value) if isinstance(value, str) else repr(value)


PREFERRED_EXAMPLES = ("create", "list", "generate", "retrieve")


def readme_examples(
    api: API, *, class_names: dict[str, str] | None = None, client: str = "client"
) -> list[dict[str, str]]:
    """One example per resource with operations: its first (non-deprecated) operation called with
    its required arguments filled from the schema. Each item: resource, method, http, summary, code."""
    if class_names is None:
        from togen.render.models import class_names_of

        class_names = class_names_of(api)
    renderer = ClientRenderer(api, jinja2.Environment(), class_names, set())
    out: list[dict[str, str]] = []
    for node in api.root.walk():
        ops = [op for op in node.operations if not op.deprecated] or node.operations
        if not ops:
            continue
        # the first operation, unless the resource can create or list (friendlier than cancel/delete)
        op = next((o for name in PREFERRED_EXAMPLES for o in ops if o.method_name == name), ops[0])
        view = renderer.method(op, TypeMapper(api, class_names, set()))
        parts = [_example_arg(api, a) for a in view.path_args]
        parts += [f"{a.name}={_example_arg(api, a)}" for a in view.args if a.required]
        call = f"{client}.{op.key}({', '.join(parts)})"
        if len(call) > 96:
            call = f"{client}.{op.key}(\n" + "".join(f"    {p},\n" for p in parts) + ")"
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
                "summary": _first_sentence(op.summary or op.description or op.key),
                "code": code,
            }
        )
    return out


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    return first.rstrip(".")


def _example_arg(api: API, arg: Arg) -> str:
    if arg.location == "file":
        return '"data.jsonl"' if not arg.text_ok else '"https://example.com/audio.wav"'
    if arg.location == "path":
        value = example_value(api, arg.schema) if arg.schema else "..."
        return _py(f"{arg.wire}-123" if value == "..." else value)
    return _py(example_value(api, arg.schema))


def render_client(
    api: API,
    env: jinja2.Environment,
    *,
    class_names: dict[str, str] | None = None,
    models_source: str | None = None,
) -> dict[str, str]:
    """{path inside the package: text} of the runtime, `_client.py` and `resources/*.py`.

    Pass `class_names` (component -> class, from models.render_models) and `models_source`
    (the generated models.py) to type against exactly what the model generator produced;
    without them both are derived from the schemas.
    """
    if class_names is None:
        from togen.render.models import class_names_of

        class_names = class_names_of(api)
    model_classes = (
        model_classes_of(models_source) if models_source else guess_model_classes(api, class_names)
    )
    return ClientRenderer(api, env, class_names, model_classes).render()


__all__ = ["example_value", "readme_examples", "render_client", "schema_class_name"]
