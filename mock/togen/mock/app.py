"""The mock's ASGI application, built from the IR at startup.

One `OperationHandler` per HTTP operation holds everything precomputed: the route,
parameter coercers and validators, the body validator, the synthesized success body
(and its serialized bytes when nothing in it depends on the request). Requests go
through the same steps for every operation:

    route -> auth -> latency / fault injection -> `Prefer: code=N` -> parameters
    -> body (size, content type, JSON / multipart, schema) -> answer

and the answer comes from, in order: the operation's stateful role (create, list,
retrieve, update, cancel, delete over an in-memory collection, see state.py), a
behaviour module for inference endpoints (realism.py), or the synthesized body with
request fields echoed (`model`, same-named fields, the path id).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import logging
import random
import re
import time
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from togen.mock import limits, realism
from togen.mock.schemas import Schemas, describe
from togen.mock.state import Collection, Role, plan_roles, prefix_for
from togen.mock.synth import Synthesizer
from togen.spec.ir import API, Operation, Parameter
from togen.spec.ir import Response as SpecResponse

log = logging.getLogger("togen.mock")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

UPLOAD_PATH = "/_mock/uploads/"


@dataclass
class Settings:
    seed: int = 0
    api_key: str | None = None  # None: any non-empty bearer token is accepted
    latency_ms: float = 0.0
    fault_rate: float = 0.0
    max_body_bytes: int = 32 * 1024 * 1024
    strict_models: bool = False  # unknown `model` -> 404 model_not_available
    access_log: bool = True
    rate_limit: int = 0  # requests per minute per API key (0: unlimited) -> 429 + Retry-After


class MockError(Exception):
    """An error answer in Together's shape: {"error": {"message", "type", "param", "code"}}."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": type, "param": param, "code": code}}
        self.headers = headers or {}

    def response(self) -> Response:
        return JSONResponse(self.body, self.status, headers=self.headers)


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status, headers=headers, media_type="application/json")


@dataclass
class Call:
    """One request as the handlers see it."""

    scope: Scope
    receive: Receive
    headers: dict[str, str]
    path_params: dict[str, str]
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None  # parsed JSON, or a dict of multipart fields
    files: dict[str, bytes] = field(default_factory=dict)  # multipart file parts
    raw: bytes = b""

    @property
    def base_url(self) -> str:
        host = self.headers.get("host") or "{}:{}".format(*(self.scope.get("server") or ("127.0.0.1", 80)))
        return f"{self.scope.get('scheme', 'http')}://{host}"


# ----------------------------------------------------------------------------- parameters


def _scalar_type(schema: dict[str, Any], schemas: Schemas) -> str | None:
    resolved = schemas.resolve(schema)
    kind = resolved.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None:
        for keyword in ("anyOf", "oneOf", "allOf"):
            for branch in resolved.get(keyword) or []:
                found = _scalar_type(branch, schemas)
                if found and found != "null":
                    return found
    return kind if isinstance(kind, str) else None


_INT = re.compile(r"^-?\d+$")


def _coerce(value: str, kind: str | None) -> Any:
    if kind == "integer" and _INT.match(value):
        return int(value)
    if kind == "number":
        try:
            return float(value) if not _INT.match(value) else int(value)
        except ValueError:
            return value
    if kind == "boolean" and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return value


@dataclass
class ParamSpec:
    param: Parameter
    kind: str | None
    item_kind: str | None

    def read(self, raw: list[str]) -> Any:
        if self.kind == "array":
            values = raw
            if len(raw) == 1 and not self.param.explode:
                values = raw[0].split(",")
            return [_coerce(v, self.item_kind) for v in values]
        return _coerce(raw[-1], self.kind)


# ----------------------------------------------------------------------------- the operation


class OperationHandler:
    def __init__(self, app: MockApp, op: Operation, role: Role | None) -> None:
        self.app = app
        self.op = op
        self.role = role
        schemas = app.schemas
        self.params: list[ParamSpec] = []
        for p in op.parameters:
            resolved = schemas.resolve(p.schema)
            kind = _scalar_type(p.schema, schemas)
            item_kind = _scalar_type(resolved.get("items") or {}, schemas) if kind == "array" else None
            self.params.append(ParamSpec(p, kind, item_kind))
        self.body = op.request_body
        self.body_schema: dict[str, Any] | None = None
        self.binary_fields: set[str] = set()
        self.body_props: dict[str, Any] = {}
        if self.body is not None:
            self.body_schema = self.body.schema
            resolved = schemas.resolve(self.body.schema)
            self.body_props = resolved.get("properties") or {}
            if self.body.kind == "multipart":
                self.binary_fields = {n for n, s in self.body_props.items() if _mentions_binary(s, schemas)}
                if self.binary_fields:
                    # validate the non-file fields; file parts are checked for presence only
                    self.body_schema = {
                        **resolved,
                        "properties": {
                            n: s for n, s in self.body_props.items() if n not in self.binary_fields
                        },
                        "required": [
                            r for r in resolved.get("required") or [] if r not in self.binary_fields
                        ],
                    }
                    self.required_files = [
                        r for r in resolved.get("required") or [] if r in self.binary_fields
                    ]
        self.statuses = {r.status: r for r in op.responses}
        self.success: SpecResponse | None = op.primary_response
        self.status = _status_code(self.success.status) if self.success else 200
        self.json_content = self.success.content("json") if self.success else None
        self.sse_content = op.streaming
        self.response_schema = self.json_content.schema if self.json_content else None
        self.response_props: dict[str, Any] = {}
        self.template: Any = None
        self.template_bytes: bytes | None = None
        if self.response_schema is not None:
            self.template = app.synth.generate(self.response_schema, f"{op.key}:{self.status}")
            self.response_props = schemas.resolve(self.response_schema).get("properties") or {}
        self.echo_fields = [
            name
            for name in self.body_props
            if name in self.response_props and name not in self.binary_fields and name != "stream"
        ]
        self.path_echo = [p.name for p in op.parameters_in("path")]
        self.behaviour = realism.BEHAVIOURS.get(op.key)
        if self.template is not None and not self.echo_fields and not self.path_echo:
            self.template_bytes = dumps(self.template)
        self._forced: dict[str, Response | None] = {}
        self._chunks: list[Any] | None = None

    # ------------------------------------------------------------------ request reading

    def read_params(self, call: Call) -> dict[str, Any]:
        if not self.params:
            return {}
        query = parse_qs(call.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        values: dict[str, Any] = {}
        for spec in self.params:
            p = spec.param
            if p.location == "query":
                raw = query.get(p.name)
            elif p.location == "path":
                raw = [call.path_params[p.name]] if p.name in call.path_params else None
            elif p.location == "header":
                got = call.headers.get(p.name.lower())
                raw = [got] if got is not None else None
            else:
                raw = None
            if raw is None:
                if p.required:
                    raise MockError(400, f"Missing required {p.location} parameter '{p.name}'.", param=p.name)
                continue
            value = spec.read(raw)
            error = self.app.schemas.first_error(p.schema, value)
            if error is not None:
                pointer, message = describe(error, f"{p.location}/{p.name}")
                raise MockError(
                    400, f"Invalid {p.location} parameter '{p.name}' at {pointer}: {message}", param=pointer
                )
            values[p.name] = value
        call.query = values
        return values

    async def read_body(self, call: Call, require_files: bool = True, validate: bool = True) -> None:
        body = self.body
        raw = await self.app.read_raw(call)
        call.raw = raw
        if body is None:
            return
        media = call.headers.get("content-type", "").split(";")[0].strip().lower()
        if not raw and not (body.kind == "multipart" and media == "multipart/form-data"):
            if body.required or self.app.schemas.resolve(body.schema).get("required"):
                raise MockError(400, f"A request body ({body.media_type}) is required.", code="missing_body")
            return
        if body.kind == "json":
            if media and not (media == "application/json" or media.endswith("+json")):
                raise MockError(
                    415,
                    f"Unsupported Content-Type '{media}': send application/json.",
                    code="unsupported_media_type",
                )
            try:
                call.body = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                raise MockError(400, f"Malformed JSON body: {exc}", code="invalid_json") from None
        elif body.kind == "multipart":
            if media != "multipart/form-data":
                raise MockError(
                    415,
                    f"Unsupported Content-Type '{media or '(none)'}': send multipart/form-data.",
                    code="unsupported_media_type",
                )
            fields, call.files = await _parse_multipart(call, raw, self.body_props)
            call.body = self.form_values(fields)
            for name in getattr(self, "required_files", []) if require_files else []:
                if name not in call.files and name not in call.body:
                    raise MockError(400, f"Missing required multipart part '{name}'.", param=f"body/{name}")
        else:
            call.body = raw
            return
        if validate:
            self.validate_body(call)

    def form_values(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Multipart fields are text: each takes the first reading its schema accepts (the
        text, its JSON value such as `3`, `0.5`, `true`, `{...}`, or a one-item list)."""
        schemas = self.app.schemas
        out: dict[str, Any] = {}
        for name, raw in fields.items():
            schema = self.body_props.get(name)
            if schema is None or name in self.binary_fields:
                out[name] = raw
                continue
            texts = raw if isinstance(raw, list) else [raw]
            readings = [_json_or_text(t) for t in texts]
            candidates = [raw, readings] if isinstance(raw, list) else [raw, readings[0], [raw], readings]
            out[name] = next((c for c in candidates if schemas.is_valid(schema, c)), raw)
        return out

    def error_response(self, error: MockError) -> Response:
        """Together's error object, unless the operation documents another shape for the
        status (batches: `{"error": "<string>"}`, storage downloads: a map of strings)."""
        code = str(error.status)
        documented = (
            self.statuses.get(code) or self.statuses.get(code[0] + "XX") or self.statuses.get("default")
        )
        content = documented.content("json") if documented is not None else None
        schemas = self.app.schemas
        if content is None or content.schema is None or schemas.is_valid(content.schema, error.body):
            return error.response()
        inner = error.body["error"]
        for body in (
            {"error": inner["message"]},
            {k: v for k, v in inner.items() if isinstance(v, str)},
            {"message": inner["message"]},
        ):
            if schemas.is_valid(content.schema, body):
                return JSONResponse(body, error.status, headers=error.headers)
        return error.response()

    def validate_body(self, call: Call) -> None:
        if self.body_schema is not None:
            try:
                error = self.app.schemas.first_error(self.body_schema, call.body)
            except RecursionError:
                raise MockError(400, "Request body is nested too deeply.", code="too_deep") from None
            if error is not None:
                pointer, message = describe(error, "body")
                raise MockError(400, f"Invalid request body at {pointer}: {message}", param=pointer)

    # ------------------------------------------------------------------ answering

    async def handle(self, call: Call) -> Response:
        app = self.app
        if self.op.requires_auth:
            app.check_auth(call)
        settings = app.settings
        if app.limiter is not None:
            wait = app.limiter.take(limits.key_of(call.headers.get("authorization", "")))
            if wait is not None:
                raise MockError(
                    429,
                    f"Rate limit exceeded: {settings.rate_limit} requests per minute (--rate-limit).",
                    type="rate_limit_exceeded",
                    code="rate_limit_exceeded",
                    headers=app.limiter.error_headers(wait),
                )
        if settings.latency_ms:
            await asyncio.sleep(settings.latency_ms / 1000)
        if settings.fault_rate and app.fault_rng.random() < settings.fault_rate:
            status = next((s for s in (503, 500, 502) if str(s) in self.statuses), 500)
            raise MockError(status, "Injected fault (--fault-rate).", type="server_error", code="mock_fault")
        prefer = call.headers.get("prefer")
        if prefer:
            forced = self.forced(prefer)
            if forced is not None:
                await app.read_raw(call)
                return forced
        self.read_params(call)
        await self.read_body(call)
        if settings.strict_models and isinstance(call.body, dict):
            model = call.body.get("model")
            if isinstance(model, str) and self.behaviour is not None and model not in app.catalog:
                raise MockError(
                    404,
                    f"Unable to access model {model}. Please visit https://api.together.ai/models "
                    "to view the list of supported models.",
                    param="model",
                    code="model_not_available",
                )
        if self.role is not None:
            return app.stateful(self, call)
        if self.behaviour is not None:
            return self.behaviour(self, call)
        return self.generic(call)

    def generic(self, call: Call) -> Response:
        success = self.success
        if success is None:
            return Response(status_code=204)
        if self.sse_content is not None and isinstance(call.body, dict) and call.body.get("stream") is True:
            return self.sse(self.generic_chunks())
        if success.kind == "redirect":
            headers = {"Location": storage_url(call)}
            if self.template is None:
                return Response(status_code=self.status, headers=headers)
            body = dumps(self.echo(call, self.template))
            return Response(body, self.status, headers, media_type="application/json")
        if self.template_bytes is not None:
            return json_response(self.template_bytes, self.status)
        if success.kind == "json" and self.template is not None:
            return json_response(dumps(self.echo(call, self.template)), self.status)
        if success.kind in ("binary", "text"):
            media = success.contents[0].media_type if success.contents else "application/octet-stream"
            return Response(b"togen mock content\n", self.status, media_type=media)
        if success.kind == "sse" and self.sse_content is not None:
            return self.sse(self.generic_chunks())
        return Response(status_code=self.status)

    def generic_chunks(self) -> list[Any]:
        """Stream events from the chunk schema: one per `oneOf` branch (error and function-call
        events left out), else three synthesized chunks."""
        if self._chunks is not None:
            return self._chunks
        content = self.sse_content
        schema = content.stream_chunk_schema if content else None
        schemas = self.app.schemas
        chunks: list[Any] = []
        branches = schemas.resolve(schema).get("oneOf") if schema else None
        if schema is not None and isinstance(branches, list):
            for index, branch in enumerate(branches):
                name = str(branch.get("$ref", "")) if isinstance(branch, dict) else ""
                if "Error" in name or "FunctionCall" in name:
                    continue
                value = self.app.synth.generate(branch, f"{self.op.key}:chunk:{index}")
                if schemas.is_valid(schema, value):
                    chunks.append(value)
        if not chunks and schema is not None:
            chunks = [self.app.synth.generate(schema, f"{self.op.key}:chunk:{i}") for i in range(3)]
        self._chunks = chunks
        return chunks

    def echo(self, call: Call, template: Any) -> Any:
        """A copy of `template` with request fields of the same name (and the path id) echoed."""
        if not isinstance(template, dict):
            return template
        out = dict(template)
        body = call.body if isinstance(call.body, dict) else {}
        schemas = self.app.schemas
        for name in self.echo_fields:
            if name in body and schemas.is_valid(self.response_props[name], body[name]):
                out[name] = body[name]
        for name in self.path_echo:
            value = call.path_params.get(name)
            target = name if name in self.response_props else ("id" if "id" in self.response_props else None)
            if value is not None and target and schemas.is_valid(self.response_props[target], value):
                out[target] = value
        return out

    def sse(self, chunks: list[Any], terminator: str | None = None) -> Response:
        end = terminator or (self.sse_content.stream_terminator if self.sse_content else "[DONE]")
        payload = []
        for chunk in chunks:
            kind = chunk.get("type") if isinstance(chunk, dict) and end is None else None
            event = f"event: {kind}\n".encode() if isinstance(kind, str) else b""
            payload.append(event + b"data: " + dumps(chunk) + b"\n\n")
        if end is not None:
            payload.append(f"data: {end}\n\n".encode())

        async def stream() -> Any:
            for part in payload:
                yield part

        return StreamingResponse(
            stream(),
            self.status,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    def forced(self, prefer: str) -> Response | None:
        """The answer for `Prefer: code=N` (None when the header does not ask for a code)."""
        code = None
        for token in re.split(r"[,;]", prefer):
            key, _, value = token.strip().partition("=")
            if key.strip().lower() == "code":
                code = value.strip().strip('"')
        if code is None:
            return None
        if code in self._forced:
            cached = self._forced[code]
            if cached is not None:
                return cached
        response = (
            self.statuses.get(code) or self.statuses.get(code[:1] + "XX") or self.statuses.get("default")
        )
        if response is None or not code.isdigit():
            documented = ", ".join(self.statuses)
            raise MockError(
                400,
                f"Prefer: code={code} is not a documented status of {self.op.signature} "
                f"(documented: {documented}).",
                param="Prefer",
                code="undocumented_status",
            )
        status = int(code)
        headers = {"Retry-After": "1"} if status == 429 else {}
        content = response.content("json")
        if content is not None and content.schema is not None:
            body = self.app.synth.generate(content.schema, f"{self.op.key}:{code}")
            if status >= 400 and isinstance(body, dict) and isinstance(body.get("error"), dict):
                nicer = {**body, "error": {**body["error"], **_forced_error(status)}}
                if self.app.schemas.is_valid(content.schema, nicer):
                    body = nicer
            answer: Response = json_response(dumps(body), status, headers)
        elif response.kind == "redirect":
            answer = Response(
                status_code=status,
                headers={**headers, "Location": STORAGE_PATH + "file"},  # cached: relative
            )
        elif response.contents and response.kind in ("binary", "text"):
            answer = Response(
                b"togen mock content\n", status, headers, media_type=response.contents[0].media_type
            )
        else:
            answer = Response(status_code=status, headers=headers)
        self._forced[code] = answer
        return answer


STORAGE_PATH = "/_mock/storage/"


def storage_url(call: Call) -> str:
    """Where the mock's redirects point: its own storage route (realism.install_extras), so a
    client that follows the redirect gets bytes instead of a host that does not resolve."""
    name = call.scope["path"].rstrip("/").rsplit("/", 1)[-1] or "file"
    return f"{call.base_url}{STORAGE_PATH}{quote(name, safe='')}"


def _forced_error(status: int) -> dict[str, Any]:
    kind = {
        400: "invalid_request_error",
        401: "invalid_request_error",
        403: "forbidden",
        404: "not_found",
        429: "rate_limit_exceeded",
    }.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {
        "message": f"Status {status} forced by the Prefer header.",
        "type": kind,
        "code": f"mock_{status}",
    }


def _status_code(status: str) -> int:
    return int(status) if status.isdigit() else 200


def _json_or_text(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text


def _mentions_binary(schema: Any, schemas: Schemas, depth: int = 0) -> bool:
    resolved = schemas.resolve(schema)
    if resolved.get("format") == "binary" or resolved.get("contentMediaType"):
        return True
    if depth > 3:
        return False
    for keyword in ("oneOf", "anyOf", "allOf"):
        if any(_mentions_binary(b, schemas, depth + 1) for b in resolved.get(keyword) or []):
            return True
    items = resolved.get("items")
    return isinstance(items, dict) and _mentions_binary(items, schemas, depth + 1)


async def _parse_multipart(
    call: Call, raw: bytes, props: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, bytes]]:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    request = Request(call.scope, replay)
    try:
        form = await request.form(max_files=64, max_fields=1000)
    except MultiPartException as exc:
        raise MockError(400, f"Malformed multipart body: {exc.message}", code="invalid_multipart") from None
    except (ValueError, KeyError, AssertionError) as exc:
        raise MockError(400, f"Malformed multipart body: {exc}", code="invalid_multipart") from None
    fields: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[name] = await value.read()
            files.setdefault("__filename__:" + name, (value.filename or "").encode())
        elif name in fields:  # a repeated part: an array
            prior = fields[name]
            fields[name] = [*prior, value] if isinstance(prior, list) else [prior, value]
        else:
            fields[name] = value
    await form.close()
    return fields, files


# ----------------------------------------------------------------------------- the app


class MockApp:
    """The ASGI callable."""

    def __init__(self, api: API, settings: Settings | None = None) -> None:
        started = time.perf_counter()
        self.api = api
        self.settings = settings or Settings()
        self.schemas = Schemas(api.document)
        self.synth = Synthesizer(self.schemas, self.settings.seed)
        self.fault_rng = random.Random(self.settings.seed)
        self.limiter = limits.RateLimiter(self.settings.rate_limit) if self.settings.rate_limit > 0 else None
        self.ids = itertools.count(1)
        self.catalog = realism.load_catalog()
        self.models_bytes = b"[]"
        roles = plan_roles(api.operations)
        self.collections: dict[str, Collection] = {}
        self.static: dict[str, dict[str, OperationHandler]] = {}
        self.dynamic: list[tuple[re.Pattern[str], dict[str, OperationHandler]]] = []
        dynamic: dict[str, tuple[re.Pattern[str], dict[str, OperationHandler], int]] = {}
        self.handlers: dict[str, OperationHandler] = {}
        for op in api.operations:
            role = roles.get(op.key)
            if role is not None and role.collection not in self.collections:
                self.collections[role.collection] = Collection(role.collection, prefix_for(role.collection))
            handler = OperationHandler(self, op, role)
            self.handlers[op.key] = handler
            path = op.effective_path
            if "{" not in path:
                self.static.setdefault(path, {})[op.method] = handler
            else:
                if path not in dynamic:
                    pattern = re.compile(
                        "^"
                        + re.sub(
                            r"\\\{([^}]+)\\\}", lambda m: f"(?P<{_group(m.group(1))}>[^/]+)", re.escape(path)
                        )
                        + "$"
                    )
                    literal = sum(1 for s in path.split("/") if s and not s.startswith("{"))
                    dynamic[path] = (pattern, {}, literal)
                dynamic[path][1][op.method] = handler
        self.group_names = {_group(p.name): p.name for op in api.operations for p in op.parameters_in("path")}
        self.dynamic = [(p, m) for p, m, _ in sorted(dynamic.values(), key=lambda t: -t[2])]
        realism.install_extras(self)
        self.startup_seconds = time.perf_counter() - started

    # ------------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.http(scope, receive, send)
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1003})

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method = scope["method"]
        path = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        label = "-"
        handler: Any = None
        try:
            handler, params = self.route(method, path)
            call = Call(scope, receive, headers, params)
            if isinstance(handler, OperationHandler):
                label = handler.op.key
                response = await handler.handle(call)
            else:
                label = getattr(handler, "__name__", "extra")
                response = await handler(call)
        except MockError as exc:
            if isinstance(handler, OperationHandler):
                response = handler.error_response(exc)
            else:
                response = exc.response()
        except Exception as exc:  # a bug in the mock: answer, log, keep serving
            log.error("internal error on %s %s: %s\n%s", method, path, exc, traceback.format_exc())
            response = MockError(
                500, f"Mock internal error: {type(exc).__name__}", type="server_error"
            ).response()
        await response(scope, receive, send)
        if self.settings.access_log:
            client = scope.get("client") or ("-", 0)
            log.info(
                '%s "%s %s" %d %.1fms %s',
                client[0],
                method,
                path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                label,
            )

    def route(self, method: str, path: str) -> tuple[Any, dict[str, str]]:
        methods = self.static.get(path)
        params: dict[str, str] = {}
        if methods is None:
            for pattern, candidates in self.dynamic:
                match = pattern.match(path)
                if match:
                    methods = candidates
                    params = {self.group_names.get(k, k): v for k, v in match.groupdict().items()}
                    break
        if methods is None:
            if len(path) > 1 and path.endswith("/"):
                return self.route(method, path.rstrip("/"))
            raise MockError(404, f"Unknown path {path}: not an operation of the spec.", code="not_found")
        handler = methods.get(method)
        if handler is None:
            if method == "HEAD" and "GET" in methods:
                return methods["GET"], params
            allowed = ", ".join(sorted(methods))
            raise MockError(
                405,
                f"Method {method} not allowed on {path} (allowed: {allowed}).",
                headers={"Allow": allowed},
            )
        return handler, params

    def add_route(self, method: str, path: str, handler: Callable[[Call], Awaitable[Response]]) -> None:
        """A non-spec route (health, SDK compatibility): `{name}` segments become path params."""
        if "{" not in path:
            self.static.setdefault(path, {})[method] = handler  # type: ignore[assignment]
            return
        pattern = re.compile("^" + re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")
        self.dynamic.insert(0, (pattern, {method: handler}))  # type: ignore[dict-item]

    def check_auth(self, call: Call) -> None:
        header = call.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        expected = self.settings.api_key
        if scheme.lower() != "bearer" or not token or (expected is not None and token != expected):
            message = (
                "Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys."
                if token
                else "Missing API key: send 'Authorization: Bearer <key>'."
            )
            raise MockError(401, message, code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})

    async def read_raw(self, call: Call) -> bytes:
        if call.raw or call.scope.get("togen.body_read"):
            return call.raw
        call.scope["togen.body_read"] = True
        limit = self.settings.max_body_bytes
        declared = call.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise MockError(
                413, f"Request body of {declared} bytes exceeds the {limit}-byte limit.", code="too_large"
            )
        chunks = []
        size = 0
        while True:
            message = await call.receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise MockError(413, f"Request body exceeds the {limit}-byte limit.", code="too_large")
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        call.raw = b"".join(chunks)
        return call.raw

    # ------------------------------------------------------------------ state

    def stateful(self, handler: OperationHandler, call: Call) -> Response:
        role = handler.role
        assert role is not None
        collection = self.collections[role.collection]
        if role.kind == "create":
            record = self.create_record(handler, call, collection)
            if collection.wrapper is not None and isinstance(handler.template, dict):
                out = copy.deepcopy(handler.template)
                inner_props = self.schemas.resolve(handler.response_props[collection.wrapper]).get(
                    "properties"
                )
                out[collection.wrapper] = self._overlay(out[collection.wrapper], record, inner_props)
                return json_response(dumps(out), handler.status)
            return self.answer(handler, record, call)
        if role.kind == "list":
            return self.list_records(handler, collection)
        item_id = call.path_params.get(role.id_param or "", "")
        found = collection.records.get(item_id)
        if found is None:
            documented = "404" in handler.statuses
            if item_id in collection.deleted or documented:
                raise MockError(404, f"No such item: {item_id!r} in {role.collection}.", code="not_found")
            # No 404 in the spec: the synthesized answer (behaviours act on stored records;
            # the file-content one would answer an empty body).
            return handler.generic(call)
        record = found
        if role.kind == "delete":
            del collection.records[item_id]
            collection.blobs.pop(item_id, None)
            collection.deleted.add(item_id)
            if handler.success is not None and handler.success.kind == "empty":
                return Response(status_code=handler.status)
            out = handler.echo(call, handler.template) if handler.template is not None else {}
            if isinstance(out, dict):
                if collection.id_field in handler.response_props:
                    out[collection.id_field] = item_id
                if "deleted" in handler.response_props:
                    out["deleted"] = True
            return json_response(dumps(out), handler.status)
        if role.kind == "cancel":
            status_schema = handler.response_props.get("status")
            value = _cancel_value(self.schemas, status_schema) if status_schema else None
            if value is not None:
                record["status"] = value
            if handler.op.method == "POST" and handler.behaviour is None:
                return self.answer(handler, record, call)
        if role.kind == "update" and isinstance(call.body, dict):
            for name, value in call.body.items():
                if name != collection.id_field:
                    record[name] = value
        if role.kind == "read":
            if handler.behaviour is not None:
                return handler.behaviour(handler, call)
            if handler.op.method != "GET":
                return handler.generic(call)
            return self.answer(handler, {k: v for k, v in record.items() if k != collection.id_field}, call)
        return self.answer(handler, record, call)

    def create_record(self, handler: OperationHandler, call: Call, collection: Collection) -> dict[str, Any]:
        props = handler.response_props
        template: dict[str, Any] = handler.template if isinstance(handler.template, dict) else {}
        wrapper = _wrapper(self.schemas, props)
        if wrapper is not None:  # {"job": {"id": ...}, "warning": ...}: the item is inside
            props = self.schemas.resolve(props[wrapper]).get("properties") or {}
            inner = template.get(wrapper)
            template = inner if isinstance(inner, dict) else {}
        collection.wrapper = wrapper
        id_field = "id" if "id" in props else next((n for n in props if n.endswith("_id")), "id")
        collection.id_field = id_field
        id_schema = self.schemas.resolve(props.get(id_field) or {})
        new_id = collection.new_id(self.ids, self.settings.seed, id_schema.get("format") == "uuid")
        record = copy.deepcopy(template)
        body = call.body if isinstance(call.body, dict) else {}
        for name, value in body.items():
            if name != id_field:
                record[name] = value
        record[id_field] = new_id
        hook = realism.RECORD_HOOKS.get(handler.op.key)
        if hook is not None:
            hook(self, call, record, collection.path)
        collection.records[new_id] = record
        return record

    def project(self, handler: OperationHandler, record: dict[str, Any], template: Any = None) -> Any:
        """`template` with every record field that is valid where the template has it."""
        base = handler.template if template is None else template
        if not isinstance(base, dict):
            return base
        out = copy.deepcopy(base)
        props = handler.response_props if template is None else None
        return self._overlay(out, record, props)

    def _overlay(
        self, out: dict[str, Any], record: dict[str, Any], props: dict[str, Any] | None
    ) -> dict[str, Any]:
        for name, value in record.items():
            schema = (props or {}).get(name)
            if schema is not None and self.schemas.is_valid(schema, value):
                out[name] = value
        return out

    def answer(self, handler: OperationHandler, record: dict[str, Any], call: Call) -> Response:
        if handler.template is None:
            return handler.generic(call)
        return json_response(dumps(self.project(handler, record)), handler.status)

    def list_records(self, handler: OperationHandler, collection: Collection) -> Response:
        items_schema, path = realism.items_location(self.schemas, handler.response_schema, handler.op)
        template = copy.deepcopy(handler.template)
        container = template
        for key in path[:-1]:
            container = container[key]
        sample = None
        current = template
        if path:
            current = container.get(path[-1]) if isinstance(container, dict) else None
        if isinstance(current, list) and current:
            sample = current[0]
        item_props = self.schemas.resolve(items_schema).get("properties") or {} if items_schema else {}
        items = []
        for record in collection.records.values():
            base = copy.deepcopy(sample) if isinstance(sample, dict) else {}
            items.append(self._overlay(base, record, item_props))
        if not path:
            template = items
        else:
            container[path[-1]] = items
            if isinstance(template, dict) and "has_more" in template:
                template["has_more"] = False
            paging = handler.op.pagination
            if paging is not None and isinstance(template, dict):  # one page holds everything
                _set_dotted(template, paging.has_more_field, False)
                if paging.next_cursor_field:
                    _set_dotted(template, paging.next_cursor_field, "")
        return json_response(dumps(template), handler.status)


def _set_dotted(body: dict[str, Any], dotted: str, value: Any) -> None:
    """Set an existing field named by a dotted path (`meta.has_more`)."""
    *parents, last = dotted.split(".")
    node: Any = body
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict) and last in node:
        node[last] = value


def _wrapper(schemas: Schemas, props: dict[str, Any]) -> str | None:
    """The property holding the created item when the create answer wraps it."""
    if "id" in props or any(n.endswith("_id") for n in props):
        return None
    for name, sub in props.items():
        inner = schemas.resolve(sub).get("properties") or {}
        if "id" in inner:
            return name
    return None


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _cancel_value(schemas: Schemas, schema: Any) -> str | None:
    resolved = schemas.resolve(schema)
    for branch in [resolved, *(resolved.get("anyOf") or []), *(resolved.get("oneOf") or [])]:
        enum = schemas.resolve(branch).get("enum") or []
        for value in enum:
            if isinstance(value, str) and value.lower().startswith(("cancel", "stop")):
                return value
    return None
