"""Building the IR from the normalized document: operations with their parameters, bodies,
responses (content kinds, SSE streams), pagination and the one `Signature` of each
operation (the Python names the client, the MCP tools and the drift surface all use)."""

from __future__ import annotations

from typing import Any

from togen.core.errors import Finding
from togen.spec.ir import (
    API,
    PATH_TEMPLATE,
    RESERVED_NAMES,
    Argument,
    BodyKind,
    Content,
    ContentKind,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Response,
    ResponseKind,
    Signature,
)
from togen.spec.naming import PackageConfig, identifier
from togen.spec.normalize import HTTP_METHODS
from togen.spec.schema import is_binary, is_file_list, may_be_binary, object_schema, pointer, resolve_schema
from togen.spec.view import Views


def _content_kind(media_type: str, schema: dict[str, Any] | None) -> ContentKind:
    media = media_type.split(";")[0].strip().lower()
    if media == "text/event-stream":
        return "sse"
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if is_binary(schema or {}) or media.startswith(("audio/", "image/", "video/")):
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


def _stream_parts(views: Views, schema: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
    """Together describes a stream as `oneOf: [{data: Chunk}, {data: "[DONE]"}]`: split the
    chunk schema from the terminator. Anything else is taken as the chunk schema itself."""
    view = views.of(schema)
    events = [(b.written, b) for b in view.branches] or [(view.schema, view)]
    chunks: list[dict[str, Any]] = []
    terminator = None
    if not any("data" in event.properties for _, event in events):
        return schema, None  # events are the payloads themselves (e.g. the Responses API)
    for written, event in events:
        data = event.properties.get("data")
        if data is None:
            chunks.append(written)
            continue
        if data.enum and all(isinstance(v, str) and v.startswith("[") for v in data.enum):
            terminator = data.enum[0]
        else:
            chunks.append(data.written)
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
    path_arguments = []
    for wire in PATH_TEMPLATE.findall(op.effective_path):
        param = declared.get(wire)
        path_arguments.append(
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
    by_wire = {a.wire: a for a in path_arguments}
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
    # As in the official SDK: the last path parameter is positional, the ones before it are
    # keyword-only (`retrieve_sample(operation_id, *, session_id)`).
    return Signature(tuple(arguments), tuple(path_arguments[-1:]), whole_body, stream)


def _pagination(document: dict[str, Any], op: Operation, declared: Any = None) -> Pagination | None:
    """The operation's cursor paging: the SDK's own page (`declared`, the success response's
    `x-togen-pagination` of a document derived from an SDK), else found in the spec's shapes."""
    if op.method != "GET":
        return None
    if op.origin == "sdk":
        # The SDK says which of its answers are pages: one without a page class is a plain answer
        # (its `post_training.checkpoints.list` returns the first page's model, cursor and all).
        return _declared_pagination(op, declared)
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


def _declared_pagination(op: Operation, declared: Any) -> Pagination | None:
    """An SDK page (`{"items": "data", "next": {"after": "next_cursor"}}`): its next request sets
    one query parameter from one field, and there is a next page exactly when that field is set
    (the SDK's `next_page_info()`), so the field is also the page's has-more flag."""
    if not isinstance(declared, dict) or not isinstance(declared.get("items"), str):
        return None
    follow = declared.get("next")
    if not isinstance(follow, dict) or len(follow) != 1:
        return None
    ((cursor, field),) = follow.items()
    query = {p.name for p in op.parameters_in("query")}
    if cursor not in query or not isinstance(field, str):
        return None
    limit = next((p for p in ("limit", "page_size") if p in query), None)
    return Pagination(cursor, declared["items"], field, field, limit)


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
    views = Views(document)
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
                    chunk, terminator = _stream_parts(views, schema) if kind == "sse" else (None, None)
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
            primary = operation.primary_response
            declared = raw["responses"][primary.status].get("x-togen-pagination") if primary else None
            operation.pagination = _pagination(document, operation, declared)
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
