"""The intermediate representation every part of the toolkit reads.

Plain dataclasses built from the normalized document (see normalize.py). Schemas
stay JSON Schema dicts whose `$ref`s point into `API.document`
(`#/components/schemas/Name`); `API.resolve` follows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from togen.errors import Finding
from togen.spec.naming import PackageConfig, identifier
from togen.spec.normalize import HTTP_METHODS, SCHEMA_NAME_KEY, schema_class_name
from togen.spec.schema import is_binary, is_file_list, may_be_binary, pointer, resolve_schema

ParameterLocation = Literal["path", "query", "header", "cookie"]
ArgumentLocation = Literal["path", "query", "header", "body", "file"]
BodyKind = Literal["json", "multipart", "form", "binary", "text"]
ContentKind = Literal["json", "sse", "binary", "text"]
ResponseKind = Literal["json", "sse", "binary", "text", "redirect", "empty", "websocket"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
STREAM_TERMINATOR = "[DONE]"
# Names a generated method uses itself; an argument that would take one is renamed.
RESERVED_NAMES = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})
_PATH_TEMPLATE = re.compile(r"{([^}]+)}")


@dataclass
class Parameter:
    name: str  # as on the wire (its Python name is in `Operation.arguments`)
    location: ParameterLocation
    required: bool
    schema: dict[str, Any]
    description: str = ""
    style: str = "form"
    explode: bool = True
    deprecated: bool = False
    pointer: str = ""


@dataclass
class RequestBody:
    kind: BodyKind
    media_type: str
    schema: dict[str, Any]
    required: bool
    pointer: str = ""


@dataclass
class Content:
    media_type: str
    kind: ContentKind
    schema: dict[str, Any] | None
    pointer: str = ""
    # For SSE: the schema of one `data:` payload and the sentinel that ends the stream.
    stream_chunk_schema: dict[str, Any] | None = None
    stream_terminator: str | None = None


@dataclass
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    kind: ResponseKind
    contents: list[Content] = field(default_factory=list)
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    pointer: str = ""

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    def content(self, kind: ContentKind) -> Content | None:
        return next((c for c in self.contents if c.kind == kind), None)


@dataclass
class Pagination:
    """Cursor paging: pass `cursor_param` = the last page's `next_cursor_field` while
    `has_more_field` is true; items are in `items_field` (dotted paths into the body)."""

    cursor_param: str
    items_field: str
    has_more_field: str
    next_cursor_field: str | None
    limit_param: str | None = None


@dataclass(frozen=True)
class Argument:
    """One argument of an operation's generated method (and of its MCP tool)."""

    name: str  # the final Python name (see `Signature`)
    wire: str  # parameter or body property name on the wire; "" for a whole body
    location: ArgumentLocation  # "file": a multipart part that carries bytes
    required: bool
    schema: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    description: str = ""
    pointer: str = ""  # of `schema` (for a body field: under the body schema's `properties`)
    file_list: bool = False  # a file field that takes several files
    text_ok: bool = False  # a file field that also takes a plain string (a URL, sent as a form field)


@dataclass(frozen=True)
class Signature:
    """The Python call of one operation, decided once: the client method, the MCP tool's input
    and the drift report's client surface all read it.

    Naming, the one rule: an argument is `identifier(wire name)`; when that name is reserved
    (`RESERVED_NAMES`) or an earlier argument has it, it gets the suffix `_path`, `_query`,
    `_header` or `_body` of its location (and `_` more while still taken). Names are claimed
    in this order: path parameters (URL order), query and header parameters (spec order), body
    fields (schema order). Cookie parameters are not arguments.
    """

    arguments: tuple[Argument, ...] = ()  # parameters in spec order, then body fields
    positional: tuple[Argument, ...] = ()  # the path parameters, in URL order
    whole_body: bool = False  # the body is one argument `body` (not an object with properties)
    stream: Argument | None = None  # the boolean body field that switches streaming on

    @property
    def keywords(self) -> tuple[Argument, ...]:
        """The keyword-only arguments: spec order, required ones first."""
        rest = [a for a in self.arguments if a.location != "path"]
        return tuple(sorted(rest, key=lambda a: not a.required))

    def of(self, *locations: ArgumentLocation) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location in locations)

    @property
    def files(self) -> tuple[Argument, ...]:
        return self.of("file")


@dataclass
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # as in the spec
    base_path: str  # from the operation's server URL: "/v1", "/v2" or ""
    server_url: str
    name: tuple[str, ...]  # ("chat", "completions", "create")
    named_in_config: bool
    summary: str
    description: str
    tags: list[str]
    deprecated: bool
    parameters: list[Parameter]
    request_body: RequestBody | None
    responses: list[Response]
    requires_auth: bool
    origin: str  # "upstream", or "project" for operations an overlay adds
    pointer: str
    pagination: Pagination | None = None
    arguments: Signature = field(default_factory=lambda: Signature())

    @property
    def effective_path(self) -> str:
        return self.base_path + self.path

    @property
    def key(self) -> str:
        """`chat.completions.create`"""
        return ".".join(self.name)

    @property
    def resource(self) -> tuple[str, ...]:
        return self.name[:-1]

    @property
    def method_name(self) -> str:
        return self.name[-1]

    @property
    def tool_name(self) -> str:
        return "_".join(self.name)

    @property
    def signature(self) -> str:
        """`POST /v1/chat/completions`"""
        return f"{self.method} {self.effective_path}"

    @property
    def is_websocket(self) -> bool:
        return any(r.kind == "websocket" for r in self.responses)

    @property
    def is_idempotent(self) -> bool:
        return self.method in IDEMPOTENT_METHODS

    @property
    def success_responses(self) -> list[Response]:
        return [r for r in self.responses if r.is_success or r.kind in ("redirect", "websocket")]

    @property
    def primary_response(self) -> Response | None:
        ok = self.success_responses
        return ok[0] if ok else None

    @property
    def streaming(self) -> Content | None:
        """The SSE content of a success response, if the operation can stream."""
        for response in self.success_responses:
            content = response.content("sse")
            if content is not None:
                return content
        return None

    def parameters_in(self, location: ParameterLocation) -> list[Parameter]:
        return [p for p in self.parameters if p.location == location]


@dataclass
class Resource:
    name: tuple[str, ...]
    operations: list[Operation] = field(default_factory=list)
    children: dict[str, Resource] = field(default_factory=dict)

    def walk(self) -> list[Resource]:
        found = [self]
        for child in self.children.values():
            found.extend(child.walk())
        return found


@dataclass
class API:
    title: str
    description: str
    spec_name: str
    spec_sha256: str
    default_server_url: str
    package: PackageConfig
    operations: list[Operation]
    unsupported: list[Operation]  # websocket upgrades: listed, never called over HTTP
    document: dict[str, Any] = field(repr=False)
    findings: list[Finding] = field(default_factory=list, repr=False)

    @property
    def schemas(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self.document.get("components", {}).get("schemas", {})
        return result

    @property
    def all_operations(self) -> list[Operation]:
        return sorted([*self.operations, *self.unsupported], key=lambda o: o.name)

    @cached_property
    def root(self) -> Resource:
        """The resource tree of the HTTP operations."""
        root = Resource(())
        for op in self.operations:
            node = root
            for index, part in enumerate(op.resource):
                node = node.children.setdefault(part, Resource(op.resource[: index + 1]))
            node.operations.append(op)
        return root

    def operation(self, key: str) -> Operation:
        for op in self.all_operations:
            if op.key == key or op.operation_id == key or op.signature == key:
                return op
        raise KeyError(key)

    def resolve(self, schema: dict[str, Any] | None) -> dict[str, Any]:
        """Follow `$ref`s until a schema with content (the input if it has no `$ref`)."""
        return resolve_schema(self.document, schema)

    @staticmethod
    def ref_name(schema: dict[str, Any] | None) -> str | None:
        """Component name of a `{"$ref": "#/components/schemas/Name"}` schema."""
        ref = (schema or {}).get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_NAME_KEY):
            return ref[len(SCHEMA_NAME_KEY) :].replace("~1", "/").replace("~0", "~")
        return None

    @staticmethod
    def class_name(component: str) -> str:
        return schema_class_name(component)


# ----------------------------------------------------------------------------- building


def _content_kind(media_type: str, schema: dict[str, Any] | None) -> ContentKind:
    media = media_type.split(";")[0].strip().lower()
    if media == "text/event-stream":
        return "sse"
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if (schema or {}).get("format") == "binary" or media.startswith(("audio/", "image/", "video/")):
        return "binary"
    if media == "application/octet-stream":
        return "binary"
    return "text"


def _body_kind(media_type: str) -> BodyKind:
    media = media_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return "multipart"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media.startswith("text/"):
        return "text"
    return "binary"


def _stream_parts(
    document: dict[str, Any], schema: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, str | None]:
    """Together describes a stream as `oneOf: [{data: Chunk}, {data: "[DONE]"}]`: split the
    chunk schema from the terminator. Anything else is taken as the chunk schema itself."""
    resolved = resolve_schema(document, schema)
    branches = resolved.get("oneOf") or resolved.get("anyOf")
    if not isinstance(branches, list):
        branches = [resolved]
    chunks: list[dict[str, Any]] = []
    terminator = None
    if not any("data" in (resolve_schema(document, b).get("properties") or {}) for b in branches):
        return schema, None  # events are the payloads themselves (e.g. the Responses API)
    for branch in branches:
        target = resolve_schema(document, branch)
        data = (target.get("properties") or {}).get("data")
        if not isinstance(data, dict):
            chunks.append(branch)
            continue
        data_resolved = resolve_schema(document, data)
        enum = data_resolved.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, str) and v.startswith("[") for v in enum):
            terminator = enum[0]
        else:
            chunks.append(data)
    if not chunks:
        return None, terminator
    return (chunks[0] if len(chunks) == 1 else {"oneOf": chunks}), terminator


def _response_kind(status: str, contents: list[Content]) -> ResponseKind:
    if status == "101":
        return "websocket"
    if status.startswith("3"):
        return "redirect"
    if not contents:
        return "empty"
    kinds = [c.kind for c in contents]
    for kind in ("json", "binary", "sse", "text"):
        if kind in kinds:
            return kind
    return "text"


def object_schema(document: dict[str, Any], schema: Any) -> dict[str, Any]:
    """`schema` resolved, with the `properties` and `required` of its `allOf` parts merged
    when it has no properties of its own."""
    resolved = resolve_schema(document, schema)
    parts = resolved.get("allOf")
    if isinstance(parts, list) and not resolved.get("properties"):
        merged: dict[str, Any] = {"properties": {}, "required": []}
        for part in parts:
            sub = object_schema(document, part) if isinstance(part, dict) else {}
            merged["properties"].update(sub.get("properties") or {})
            merged["required"].extend(sub.get("required") or [])
        return merged
    return resolved


def build_signature(document: dict[str, Any], op: Operation) -> Signature:
    """The method signature of `op` (see `Signature` for the naming rule)."""

    def resolve(schema: Any) -> dict[str, Any]:
        return resolve_schema(document, schema)

    taken = set(RESERVED_NAMES)

    def claim(wire: str, location: str) -> str:
        name = identifier(wire)
        if name in taken:
            name = f"{name}_{location}"
            while name in taken:
                name += "_"
        taken.add(name)
        return name

    declared = {p.name: p for p in op.parameters if p.location == "path"}
    positional = []
    for wire in _PATH_TEMPLATE.findall(op.effective_path):
        param = declared.get(wire)
        positional.append(
            Argument(
                claim(wire, "path"),
                wire,
                "path",
                True,
                param.schema if param else {},
                param.description if param else "",
                param.pointer + "/schema" if param else "",
            )
        )
    by_wire = {a.wire: a for a in positional}
    arguments: list[Argument] = []
    for param in op.parameters:
        if param.location == "path" and param.name in by_wire:
            arguments.append(by_wire.pop(param.name))
        elif param.location in ("query", "header"):
            arguments.append(
                Argument(
                    claim(param.name, param.location),
                    param.name,
                    param.location,
                    param.required,
                    param.schema,
                    param.description,
                    param.pointer + "/schema",
                )
            )
    arguments[:0] = by_wire.values()  # path parameters used but not declared
    body = op.request_body
    whole_body = False
    stream = None
    if body is not None:
        multipart = body.kind in ("multipart", "form")
        merged = object_schema(document, body.schema)
        properties = merged.get("properties")
        if isinstance(properties, dict) and properties:
            required = set(merged.get("required") or [])
            for wire, schema in properties.items():
                if not isinstance(schema, dict) or schema.get("readOnly"):
                    continue
                target = resolve(schema)
                file_list = multipart and is_file_list(target, resolve)
                is_file = file_list or (multipart and is_binary(target))
                text_ok = multipart and not is_file and may_be_binary(target, resolve)
                argument = Argument(
                    claim(wire, "body"),
                    wire,
                    "file" if is_file or text_ok else "body",
                    wire in required,
                    schema,
                    (schema.get("description") or target.get("description") or "").strip(),
                    f"{body.pointer}/schema{pointer('properties', wire)}",
                    file_list=file_list,
                    text_ok=text_ok,
                )
                if wire == "stream" and target.get("type") == "boolean" and op.streaming is not None:
                    stream = argument
                arguments.append(argument)
        else:
            whole_body = True
            arguments.append(
                Argument(
                    claim("body", "body"),
                    "",
                    "body",
                    body.required,
                    body.schema,
                    "",
                    body.pointer + "/schema",
                )
            )
    return Signature(tuple(arguments), tuple(positional), whole_body, stream)


def _pagination(document: dict[str, Any], op: Operation) -> Pagination | None:
    if op.method != "GET":
        return None
    query = {p.name for p in op.parameters_in("query")}
    cursor = next((c for c in ("after", "cursor", "starting_after") if c in query), None)
    response = op.primary_response
    content = response.content("json") if response else None
    if cursor is None or content is None:
        return None
    body = resolve_schema(document, content.schema)
    found: dict[str, str] = {}

    def scan(schema: dict[str, Any], prefix: str, depth: int) -> None:
        for name, sub in (schema.get("properties") or {}).items():
            resolved = resolve_schema(document, sub)
            kind = resolved.get("type")
            dotted = prefix + name
            if kind == "array" and "items" not in found:
                found["items"] = dotted
            elif name == "has_more":
                found["has_more"] = dotted
            elif name in ("next_cursor", "last_id", "next"):
                found.setdefault("next", dotted)
            elif kind == "object" and depth < 1:
                scan(resolved, dotted + ".", depth + 1)

    scan(body, "", 0)
    if "items" not in found or "has_more" not in found:
        return None
    limit = next((p for p in ("limit", "page_size") if p in query), None)
    return Pagination(cursor, found["items"], found["has_more"], found.get("next"), limit)


def build_api(
    document: dict[str, Any],
    *,
    spec_name: str,
    spec_sha256: str,
    package: PackageConfig,
    findings: list[Finding] | None = None,
) -> API:
    """The IR of a normalized document (normalize.normalize output)."""
    operations: list[Operation] = []
    global_security = document.get("security")
    for route, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            raw = item.get(method)
            if not isinstance(raw, dict):
                continue
            ptr = pointer("paths", route, method)
            parameters = [
                Parameter(
                    name=p["name"],
                    location=p.get("in", "query"),
                    required=bool(p.get("required")),
                    schema=p.get("schema") or {},
                    description=(
                        p.get("description") or (p.get("schema") or {}).get("description") or ""
                    ).strip(),
                    style=p.get("style", "simple" if p.get("in") in ("path", "header") else "form"),
                    explode=p.get("explode", p.get("style", "form") == "form"),
                    deprecated=bool(p.get("deprecated")),
                    pointer=f"{ptr}/parameters/{index}",
                )
                for index, p in enumerate(raw.get("parameters") or [])
                if isinstance(p, dict) and "name" in p
            ]
            body = None
            raw_body = raw.get("requestBody")
            if isinstance(raw_body, dict) and raw_body.get("content"):
                media, content = _preferred_body(raw_body["content"])
                body = RequestBody(
                    kind=_body_kind(media),
                    media_type=media,
                    schema=(content or {}).get("schema") or {},
                    required=bool(raw_body.get("required")),
                    pointer=f"{ptr}/requestBody/content{pointer(media)}",
                )
            responses = []
            for status, raw_response in (raw.get("responses") or {}).items():
                contents = []
                for media, content in (raw_response.get("content") or {}).items():
                    schema = (content or {}).get("schema")
                    kind = _content_kind(media, schema)
                    chunk, terminator = _stream_parts(document, schema) if kind == "sse" else (None, None)
                    contents.append(
                        Content(
                            media,
                            kind,
                            schema,
                            f"{ptr}/responses{pointer(status, 'content', media)}",
                            chunk,
                            terminator,
                        )
                    )
                responses.append(
                    Response(
                        status=status,
                        description=(raw_response.get("description") or "").strip(),
                        kind=_response_kind(status, contents),
                        contents=contents,
                        headers={
                            h: (spec or {}).get("schema") or {}
                            for h, spec in (raw_response.get("headers") or {}).items()
                        },
                        pointer=f"{ptr}/responses{pointer(status)}",
                    )
                )
            security = raw.get("security", global_security)
            operation = Operation(
                operation_id=raw["operationId"],
                method=method.upper(),
                path=route,
                base_path=raw.get("x-togen-base-path", ""),
                server_url=raw.get("x-togen-server-url", "/"),
                name=tuple(raw["x-togen-name"].split(".")),
                named_in_config=not raw.get("x-togen-derived-name", False),
                summary=(raw.get("summary") or "").strip(),
                description=(raw.get("description") or "").strip(),
                tags=list(raw.get("tags") or []),
                deprecated=bool(raw.get("deprecated")),
                parameters=parameters,
                request_body=body,
                responses=responses,
                requires_auth=bool(security),
                origin=raw.get("x-togen-provenance", "upstream"),
                pointer=ptr,
            )
            operation.pagination = _pagination(document, operation)
            operation.arguments = build_signature(document, operation)
            operations.append(operation)
    operations.sort(key=lambda o: o.name)
    servers = document.get("servers") or [{"url": "/"}]
    server = servers[0].get("url", "/")
    host_root = server[: len(server) - len(_base(server))] if _base(server) else server
    info = document.get("info") or {}
    return API(
        title=info.get("title", "API"),
        description=(info.get("description") or "").strip(),
        spec_name=spec_name,
        spec_sha256=spec_sha256,
        default_server_url=host_root.rstrip("/"),
        package=package,
        operations=[o for o in operations if not o.is_websocket],
        unsupported=[o for o in operations if o.is_websocket],
        document=document,
        findings=list(findings or []),
    )


def _base(url: str) -> str:
    from togen.spec.normalize import base_path_of

    return base_path_of(url)


def _preferred_body(content: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    for media in content:
        if _body_kind(media) == "json":
            return media, content[media]
    media = next(iter(content))
    return media, content[media]
