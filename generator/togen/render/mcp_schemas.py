"""MCP tool definitions built from the IR: one tool per HTTP operation.

Every input schema is complete and self-contained: path, query and body parameters are
merged into one object, named exactly like the client method's arguments (the operation's
one `Signature`, `op.arguments`, so a tool argument is passed on under its own name), `$ref`s to
components are inlined where a component is used once and moved into the tool's own
`$defs` where it is shared or recursive, every `oneOf`/`anyOf`/`allOf` branch is kept,
and what does not help a model call the tool (examples, titles, vendor extensions,
OpenAPI-only keywords, long descriptions) is dropped to keep `tools/list` small.

`build_tools` returns the public tool entries (what `tools/list` answers) and the
routing the server needs to turn a tool call into a client call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from togen.core.graphs import nodes_on_cycles
from togen.render.client.extensions import extensions_for, generated_name
from togen.render.summaries import first_sentence
from togen.spec.ir import API, Operation
from togen.spec.normalize import SCHEMA_NAME_KEY
from togen.spec.schema import is_binary

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

# Keywords whose value is one subschema / a list of subschemas / a map of name -> subschema.
_SCHEMA_KEYS = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"}
    | {"unevaluatedItems", "unevaluatedProperties", "additionalItems"}
)
_SCHEMA_LIST_KEYS = frozenset({"oneOf", "anyOf", "allOf", "prefixItems"})
_SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs"})
# Kept as they are: validation keywords and the few annotations that help a caller.
_KEEP_KEYS = frozenset(
    {"type", "enum", "const", "format", "default", "required", "pattern"}
    | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    | {"minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"}
    | {"minContains", "maxContains", "dependentRequired", "contentEncoding", "contentMediaType"}
)

PROPERTY_DESCRIPTION_LIMIT = 100  # an argument's description
NESTED_DESCRIPTION_LIMIT = 60  # a property of an argument
TOOL_DESCRIPTION_LIMIT = 300
STREAM_NOTE = ". With stream=true the stream is consumed and its assembled result returned."
DESCRIPTION_DEPTH = 1  # descriptions of arguments and of their properties; deeper ones are dropped
INLINE_BELOW = 64  # a shared component whose schema is shorter than this is inlined anyway
_NOISE_FORMATS = frozenset({"int32", "int64", "float", "double"})  # the JSON type says enough

FILE_DESCRIPTION = "A local file: {path} or {base64, filename}."
FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "path": {"type": "string", "description": "Path of a local file to upload."},
        "base64": {"type": "string", "description": "The file content, base64-encoded."},
        "filename": {"type": "string"},
    },
    "minProperties": 1,
    "additionalProperties": False,
}


def short_description(text: str | None, limit: int | None = None) -> str:
    """The first sentence of `text`, without Markdown links or HTML, at most `limit` chars."""
    return first_sentence(text, limit or PROPERTY_DESCRIPTION_LIMIT)


@dataclass
class Route:
    """How a tool call maps onto a client method call."""

    key: str  # "chat.completions.create": attribute path on the client
    files: list[str] = field(default_factory=list)  # top-level arguments holding local files
    stream: str | None = None  # the argument that turns streaming on ("stream"), if the op streams
    response: str = "json"  # json, sse, binary, text, empty, redirect
    media_type: str | None = None  # of a binary response
    open: bool = False  # the body takes properties beyond those listed

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "response": self.response}
        if self.files:
            data["files"] = self.files
        if self.stream:
            data["stream"] = self.stream
        if self.media_type:
            data["media_type"] = self.media_type
        if self.open:
            data["open"] = True
        return data


@dataclass
class ToolSet:
    tools: list[dict[str, Any]]
    routes: dict[str, Route]


class SchemaBuilder:
    """Turns schemas of one tool into a self-contained JSON Schema with its own `$defs`."""

    def __init__(self, api: API) -> None:
        self.api = api
        self.components = api.schemas

    # -- which components go to $defs --------------------------------------------------------
    def _refs_in(self, schema: Any, found: list[str]) -> list[str]:
        if isinstance(schema, dict):
            name = API.ref_name(schema)
            if name is not None:
                found.append(name)
            for key, value in schema.items():
                if key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
                    for sub in value.values():
                        self._refs_in(sub, found)
                elif key in _SCHEMA_KEYS or key in _SCHEMA_LIST_KEYS:
                    self._refs_in(value, found)
        elif isinstance(schema, list):
            for item in schema:
                self._refs_in(item, found)
        return found

    def plan(self, roots: list[Any]) -> tuple[set[str], set[str]]:
        """Components for `$defs`: (referenced more than once, counting each reachable
        component's body once; on a reference cycle)."""
        edges: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        pending = []
        for root in roots:
            pending.extend(self._refs_in(root, []))
        for name in pending:
            counts[name] = counts.get(name, 0) + 1
        while pending:
            name = pending.pop()
            if name in edges:
                continue
            edges[name] = self._refs_in(self.components.get(name, {}), [])
            for target in edges[name]:
                counts[target] = counts.get(target, 0) + 1
                pending.append(target)
        return {name for name, count in counts.items() if count > 1}, nodes_on_cycles(edges)

    # -- conversion --------------------------------------------------------------------------
    def build(self, roots: list[Any]) -> tuple[list[Any], dict[str, Any]]:
        """Convert `roots` (schemas of one tool); return them and the `$defs` they use."""
        shared, self._cyclic = self.plan(roots)
        self._to_defs = shared | self._cyclic
        self._defs: dict[str, Any] = {}
        self._def_names: dict[str, str] = {}
        self._small: dict[str, Any] = {}  # shared components small enough to inline anyway
        self._depth = 0
        converted = [self.convert(root) for root in roots]
        return converted, dict(sorted(self._defs.items()))

    def _def_name(self, component: str) -> str:
        name = self._def_names.get(component)
        if name is None:
            base = re.sub(r"[^A-Za-z0-9_.-]", "_", component) or "Schema"
            name, n = base, 1
            while name in self._def_names.values():
                n += 1
                name = f"{base}{n}"
            self._def_names[component] = name
        return name

    def _ref(self, component: str) -> Any:
        source = self.components.get(component, {})
        if component not in self._to_defs:
            return self.convert(source)
        if component in self._small:
            return self._small[component]
        name = self._def_name(component)
        if name not in self._defs:
            self._defs[name] = None  # placeholder while converting: a recursive use refers to it
            depth, self._depth = self._depth, 1  # a shared body is described the same wherever used
            body = self.convert(source)
            self._depth = depth
            if component not in self._cyclic and len(_dumps(body)) < INLINE_BELOW:
                del self._defs[name]
                self._small[component] = body
                return body
            self._defs[name] = body
        return {"$ref": f"#/$defs/{name}"}

    def convert(self, schema: Any) -> Any:
        if not isinstance(schema, dict):
            return schema
        component = API.ref_name(schema)
        if component is not None:
            target = self._ref(component)
            description = schema.get("description")
            if description and isinstance(target, dict):
                target = {**target, "description": short_description(description)}
            return target
        if is_binary(schema):
            text = short_description(schema.get("description")) or FILE_DESCRIPTION
            return {**FILE_SCHEMA, "description": text}
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "description":
                text = (
                    short_description(value, NESTED_DESCRIPTION_LIMIT if self._depth else None)
                    if self._depth <= DESCRIPTION_DEPTH
                    else ""
                )
                if text:
                    out[key] = text
            elif key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
                self._depth += 1
                out[key] = {name: self.convert(sub) for name, sub in value.items()}
                self._depth -= 1
            elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
                out[key] = [self.convert(sub) for sub in value]
            elif key in _SCHEMA_KEYS:
                out[key] = self.convert(value) if isinstance(value, dict) else value
            elif key == "format" and value in _NOISE_FORMATS:
                pass
            elif key in _KEEP_KEYS:
                out[key] = value
            # everything else (example(s), title, x-*, discriminator, readOnly, deprecated,
            # externalDocs, xml, nullable leftovers) is dropped
        enum = out.get("enum")
        if "const" in out and isinstance(enum, list) and enum == [out["const"]]:
            del out["enum"]
        elif isinstance(enum, list) and len(enum) == 1 and "const" not in out:
            out["const"] = out.pop("enum")[0]
        return out


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def tool_annotations(op: Operation) -> dict[str, Any]:
    """MCP tool annotations. Hints that equal the protocol's defaults for the tool's kind
    are left out, except openWorldHint (every tool reaches the Together API)."""
    result: dict[str, Any] = {}
    if op.method in ("GET", "HEAD"):
        result["readOnlyHint"] = True
    else:
        last = op.name[-1]
        destructive = op.method == "DELETE" or last in ("stop",) or last.startswith(("delete", "cancel"))
        result["destructiveHint"] = destructive  # the default is true: say false explicitly
    if op.is_idempotent:
        result["idempotentHint"] = True
    result["openWorldHint"] = True
    return result


def _title(op: Operation) -> str:
    summary = " ".join(op.summary.split()).rstrip(".")
    if summary and len(summary) <= 60:
        return summary
    return " ".join(op.name).replace("_", " ").capitalize()


def _description(op: Operation) -> str:
    """The description's first sentence (the title already carries the summary)."""
    text = short_description(op.description, TOOL_DESCRIPTION_LIMIT) or short_description(
        op.summary, TOOL_DESCRIPTION_LIMIT
    )
    text = text or f"{op.method} {op.effective_path}"
    if op.streaming is not None:
        text = text.rstrip(".") + STREAM_NOTE
    return text


def build_tool(api: API, op: Operation) -> tuple[dict[str, Any], Route]:
    """The tool of `op`: its arguments are the client method's (`op.arguments`), by the same
    names, except header parameters (the client sends those)."""
    builder = SchemaBuilder(api)
    # the generated method: an extension's replacement takes other arguments (a local path)
    route = Route(key=".".join((*op.resource, generated_name(op, extensions_for(api)))))
    properties: dict[str, Any] = {}
    required: list[str] = []
    raw: list[tuple[str, Any]] = []  # (tool argument, source schema) in order
    extra: dict[str, Any] = {}  # tool argument -> annotations the source schema lacks
    signature = op.arguments
    for argument in signature.arguments:
        if argument.location == "header":
            continue
        name = argument.name
        raw.append((name, argument.schema))
        if argument.location in ("path", "query") and argument.description:
            extra[name] = short_description(argument.description)
        if argument.required:
            required.append(name)
        if argument.location == "file":
            route.files.append(name)
    additional: Any = False
    if op.request_body is not None and not signature.whole_body:
        extra_props = api.resolve(op.request_body.schema).get("additionalProperties")
        if extra_props not in (None, False):
            additional = extra_props
    converted, defs = builder.build(
        [sub for _, sub in raw] + ([additional] if isinstance(additional, dict) else [])
    )
    for (name, _), schema in zip(raw, converted, strict=False):
        if name in extra and isinstance(schema, dict) and "description" not in schema:
            schema = {**schema, "description": extra[name]}
        properties[name] = schema
    input_schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        input_schema["required"] = required
    if isinstance(additional, dict):
        input_schema["additionalProperties"] = converted[-1]
    # Otherwise additionalProperties is left out to save bytes: the server rejects unknown
    # arguments itself (by name) unless the body is open (`route.open`).
    route.open = additional is not False
    if defs:
        input_schema["$defs"] = defs

    if op.streaming is not None and signature.stream is not None:
        route.stream = signature.stream.name
    response = op.primary_response
    route.response = response.kind if response else "empty"
    tool: dict[str, Any] = {
        "name": op.tool_name,
        "title": _title(op),
        "description": _description(op),
        "inputSchema": input_schema,
    }
    json_content = response.content("json") if response and response.kind == "json" else None
    if json_content is not None and json_content.schema:
        tool["outputSchema"] = output_schema(api, json_content.schema)
    elif response is not None and response.kind == "binary":
        binary = response.content("binary")
        route.media_type = binary.media_type if binary else None
    tool["annotations"] = tool_annotations(op)
    return tool, route


def output_schema(api: API, schema: dict[str, Any]) -> dict[str, Any]:
    """A tool's outputSchema: the names of the JSON result's fields (an object at the root;
    other JSON is wrapped as {"result": ...}). It names fields without constraining them:
    no types, `required`, enums or formats, so a response that is valid for the API (a null
    where the spec forgot `nullable`, a new enum value, a field left out) is never rejected
    by an MCP client validating `structuredContent` against it, and tools/list stays small."""
    names = _field_names(api, schema, 0)
    if names is None:
        kind = api.resolve(schema).get("type")
        result: dict[str, Any] = {"type": kind} if isinstance(kind, str) else {}
        return {"type": "object", "properties": {"result": result}}
    return {"type": "object", "properties": {name: {} for name in names}}


def _field_names(api: API, schema: Any, depth: int) -> list[str] | None:
    """Property names of an object schema (across oneOf/anyOf/allOf branches); None when
    the schema is not an object."""
    target = api.resolve(schema)
    if depth > 8 or not target:
        return None
    names: list[str] = list(target.get("properties") or {})
    found = bool(names) or target.get("type") == "object"
    for key in ("allOf", "oneOf", "anyOf"):
        for branch in target.get(key) or []:
            more = _field_names(api, branch, depth + 1)
            if more is not None:
                found = True
                names += [n for n in more if n not in names]
    return names if found else None


def build_tools(api: API) -> ToolSet:
    tools, routes = [], {}
    for op in sorted(api.operations, key=lambda o: o.tool_name):
        tool, route = build_tool(api, op)
        if not TOOL_NAME.match(tool["name"]):
            raise ValueError(f"{op.signature}: tool name {tool['name']!r} is not a valid MCP tool name")
        if tool["name"] in routes:
            raise ValueError(f"{op.signature}: tool name {tool['name']!r} is used twice")
        tools.append(tool)
        routes[tool["name"]] = route
    return ToolSet(tools, routes)


def tools_json(toolset: ToolSet) -> str:
    """tools.json: exactly a `tools/list` result, compact, one tool per line."""
    lines = ",\n".join(_dumps(tool) for tool in toolset.tools)
    return '{"tools": [\n' + lines + "\n]}\n"


__all__ = ["SCHEMA_NAME_KEY", "Route", "SchemaBuilder", "ToolSet", "build_tools", "short_description"]
