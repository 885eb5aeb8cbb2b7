"""One HTTP operation of the spec, served: `OperationHandler`.

Built once per operation with everything precomputed (parameter readers, the body
validator, the synthesized success body and its bytes when nothing in it depends on the
request), it takes every request through the same steps:

    auth -> rate limit -> latency / fault injection -> `Prefer: code=N` -> parameters
    -> body (size, content type, JSON / multipart, schema) -> answer

and the answer comes from, in order: the operation's stateful role (crud.py, given by
the app), its registered behaviour (behaviours/), or the synthesized body with request
fields echoed (`model`, same-named fields, the path id).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.responses import JSONResponse, Response

from togen.mock.engine import limits, prefer
from togen.mock.engine.call import Call, MockError, dumps, json_response, sse_response, storage_url
from togen.mock.engine.conforming import fitted
from togen.mock.engine.context import Context
from togen.mock.engine.reading import ParamSpec, form_values, parse_multipart
from togen.mock.engine.state import Role
from togen.mock.engine.validation import describe
from togen.spec.ir import Operation
from togen.spec.ir import Response as SpecResponse
from togen.spec.schema import may_be_binary

Answer = Callable[["OperationHandler", Call], Response]
Check = Callable[["OperationHandler", Call], None]


class OperationHandler:
    def __init__(
        self,
        app: Context,
        op: Operation,
        role: Role | None,
        *,
        behaviour: Answer | None = None,
        precheck: Check | None = None,
        stateful: Answer | None = None,
    ) -> None:
        self.app = app
        self.op = op
        self.role = role
        self.behaviour = behaviour
        self.precheck = precheck  # runs before the body's schema validation
        self.stateful = stateful  # the collection's answer when the operation has a role
        schemas = app.schemas
        self.params = [ParamSpec.of(p, schemas) for p in op.parameters]
        self.body = op.request_body
        self.body_schema: dict[str, Any] | None = None
        self.binary_fields: set[str] = set()
        self.required_files: list[str] = []
        self.body_props: dict[str, Any] = {}
        if self.body is not None:
            self.body_schema = self.body.schema
            resolved = schemas.resolve(self.body.schema)
            self.body_props = resolved.get("properties") or {}
            if self.body.kind == "multipart":
                self.binary_fields = {
                    n for n, s in self.body_props.items() if may_be_binary(s, schemas.resolve)
                }
                if self.binary_fields:
                    # validate the non-file fields; file parts are checked for presence only
                    required = resolved.get("required") or []
                    self.body_schema = {
                        **resolved,
                        "properties": {
                            n: s for n, s in self.body_props.items() if n not in self.binary_fields
                        },
                        "required": [r for r in required if r not in self.binary_fields],
                    }
                    self.required_files = [r for r in required if r in self.binary_fields]
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
        if self.template is not None and not self.echo_fields and not self.path_echo:
            self.template_bytes = dumps(self.template)
        self._forced: dict[str, Response] = {}
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
            fields, call.files = await parse_multipart(call, raw)
            call.body = form_values(fields, self.body_props, self.binary_fields, self.app.schemas)
            for name in self.required_files if require_files else []:
                if name not in call.files and name not in call.body:
                    raise MockError(400, f"Missing required multipart part '{name}'.", param=f"body/{name}")
        else:
            call.body = raw
            return
        if validate:
            self.validate_body(call)

    def validate_body(self, call: Call) -> None:
        if self.precheck is not None:
            self.precheck(self, call)
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
        prefer_header = call.headers.get("prefer")
        if prefer_header:
            forced = self.forced(prefer_header)
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
        if self.role is not None and self.stateful is not None and not self.streams(call):
            return self.stateful(self, call)
        if self.behaviour is not None:
            return self.behaviour(self, call)
        return self.generic(call)

    def streams(self, call: Call) -> bool:
        """The call asks for the operation's event stream: a create that can stream (openai's
        stored chat completions) answers with the stream, not with a stored record."""
        asked = isinstance(call.body, dict) and call.body.get("stream") is True
        return asked and self.sse_content is not None

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

    def generic(self, call: Call) -> Response:
        """The synthesized answer, request fields echoed."""
        success = self.success
        if success is None:
            return Response(status_code=204)
        if self.streams(call):
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
        view = schemas.view(schema)
        if schema is not None and view.branch_keyword == "oneOf":
            for index, branch in enumerate(view.branches):
                name = branch.ref or ""
                if "Error" in name or "FunctionCall" in name:
                    continue
                value = self.app.synth.generate(branch.written, f"{self.op.key}:chunk:{index}")
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

    def json(self, answer: Any) -> Response:
        """A behaviour's JSON answer, fitted to the response schema of the spec version served."""
        if self.response_schema is not None:
            answer = fitted(self.app.schemas, self.app.synth, self.response_schema, answer, self.op.key)
        return json_response(dumps(answer), self.status)

    def sse(self, chunks: list[Any], terminator: str | None = None) -> Response:
        end = terminator or (self.sse_content.stream_terminator if self.sse_content else "[DONE]")
        schema = self.sse_content.stream_chunk_schema if self.sse_content else None
        if schema is not None:  # behaviours write today's chunks; older versions differ in details
            app, key = self.app, f"{self.op.key}:chunk"
            chunks = [fitted(app.schemas, app.synth, schema, chunk, key) for chunk in chunks]
        return sse_response(chunks, self.status, end)

    def forced(self, prefer_header: str) -> Response | None:
        """The answer for `Prefer: code=N` (None when the header does not ask for a code)."""
        code = prefer.requested_code(prefer_header)
        if code is None:
            return None
        if code not in self._forced:
            self._forced[code] = prefer.forced_response(self.app, self.op, self.statuses, code)
        return self._forced[code]


def _status_code(status: str) -> int:
    return int(status) if status.isdigit() else 200
