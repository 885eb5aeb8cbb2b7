"""The intermediate representation every part of the toolkit reads.

Plain dataclasses, built from the normalized document by `togen.spec.build`. Schemas
stay JSON Schema dicts whose `$ref`s point into `API.document`
(`#/components/schemas/Name`); `API.resolve` follows them and `API.view` reads one
(`togen.spec.view.SchemaView`: its types, nullability, branches...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from togen.core.errors import Finding
from togen.spec.naming import PackageConfig
from togen.spec.normalize import schema_class_name
from togen.spec.schema import component_name, resolve_schema
from togen.spec.view import SchemaView, Views

MAX_TOOL_NAME = 64  # the MCP specification's limit on a tool name

ParameterLocation = Literal["path", "query", "header", "cookie"]
ArgumentLocation = Literal["path", "query", "header", "body", "file"]
BodyKind = Literal["json", "multipart", "form", "binary", "text"]
ContentKind = Literal["json", "sse", "binary", "text"]
ResponseKind = Literal["json", "sse", "binary", "text", "redirect", "empty", "websocket"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
STREAM_TERMINATOR = "[DONE]"
# Names a generated method uses itself; an argument that would take one is renamed.
RESERVED_NAMES = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})
PATH_TEMPLATE = re.compile(r"{([^}]+)}")


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
    positional: tuple[Argument, ...] = ()  # the last path parameter (the others are keywords)
    whole_body: bool = False  # the body is one argument `body` (not an object with properties)
    stream: Argument | None = None  # the boolean body field that switches streaming on

    @property
    def keywords(self) -> tuple[Argument, ...]:
        """The keyword-only arguments: spec order, required ones first."""
        rest = [a for a in self.arguments if a not in self.positional]
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
        """The method's dotted name joined by `_`; past the 64 characters an MCP tool name may
        have (openai's `organization.workload_identity_providers.federation_rules.create_post`),
        its first 55 and a hash of the whole, so it stays unique and stable."""
        name = "_".join(self.name)
        if len(name) <= MAX_TOOL_NAME:
            return name
        import hashlib

        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        return f"{name[: MAX_TOOL_NAME - len(digest) - 1]}_{digest}"

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
    # With an SDK's surface merged in (togen.sdk.merge): the spec's own sha256, which
    # spec/lock.toml records; `spec_sha256` is then the merged document's.
    base_spec_sha256: str = ""
    sdk_source: str = ""  # with an SDK merged in: which one, e.g. "sdk:together 3.1.1"

    @property
    def locked_sha256(self) -> str:
        """The sha256 to compare with spec/lock.toml: the spec's, merged with an SDK or not."""
        return self.base_spec_sha256 or self.spec_sha256

    @property
    def source_summary(self) -> str:
        """What the output was made from, for people: the spec's own sha256 (as spec/lock.toml
        has it) and the SDK's version, not the merged document's hash, which also moves with
        the derivation's tools."""
        merged = f" + {self.sdk_source}" if self.sdk_source else ""
        return f"spec sha256 {self.locked_sha256[:12]}{merged}"

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

    @cached_property
    def views(self) -> Views:
        return Views(self.document)

    def view(self, schema: Any) -> SchemaView:
        """The typed reading of a schema of the document (`togen.spec.view`)."""
        return self.views.of(schema)

    def resolve(self, schema: dict[str, Any] | None) -> dict[str, Any]:
        """Follow `$ref`s until a schema with content (the input if it has no `$ref`)."""
        return resolve_schema(self.document, schema)

    @staticmethod
    def ref_name(schema: dict[str, Any] | None) -> str | None:
        """Component name of a `{"$ref": "#/components/schemas/Name"}` schema."""
        return component_name((schema or {}).get("$ref"))

    @staticmethod
    def class_name(component: str) -> str:
        return schema_class_name(component)
