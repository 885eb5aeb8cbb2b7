"""The suite's own checks, next to the schemathesis built-ins it runs.

Each check has a pure core (`sse_problems`, `binary_problems`, ...) that takes plain
values and returns a list of problems, and a schemathesis adapter `(ctx, response, case)`
that raises `AssertionError` (schemathesis reports it as a custom check failure).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from togen.spec.ir import Operation, Response

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext
    from schemathesis import Response as StResponse

SSE = "text/event-stream"
CheckFn = Callable[["CheckContext", "StResponse", "Case"], bool | None]


# ----------------------------------------------------------------------------- helpers


def media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def match_response(op: Operation, status: int) -> Response | None:
    """The documented response for a status: exact, then `4XX`, then `default`."""
    text = str(status)
    for candidate in (text, text[0] + "XX", text[0] + "xx", "default"):
        for response in op.responses:
            if response.status == candidate:
                return response
    return None


class SchemaValidator:
    """JSON Schema (2020-12) validation with `$ref`s into the normalized document."""

    def __init__(self, document: dict[str, Any]) -> None:
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry = Registry().with_resource("urn:togen:spec", resource)
        self._cache: dict[str, jsonschema.protocols.Validator] = {}

    def errors(self, schema: dict[str, Any], instance: Any, limit: int = 3) -> list[str]:
        key = json.dumps(schema, sort_keys=True)
        validator = self._cache.get(key)
        if validator is None:
            rooted = _reroot(schema)
            validator = jsonschema.Draft202012Validator(rooted, registry=self.registry)
            self._cache[key] = validator
        found = []
        for error in validator.iter_errors(instance):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            found.append(f"at {where}: {error.message[:300]}")
            if len(found) >= limit:
                break
        return found


def _reroot(schema: Any) -> Any:
    """Point local `#/components/...` refs at the registered document."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                out[key] = "urn:togen:spec" + value
            else:
                out[key] = _reroot(value)
        return out
    if isinstance(schema, list):
        return [_reroot(v) for v in schema]
    return schema


# ----------------------------------------------------------------------------- SSE


@dataclass
class SSEEvent:
    event: str | None
    data: str


def parse_sse(text: str) -> list[SSEEvent]:
    """Server-sent events: blank-line separated blocks, `data:` lines joined by newlines,
    comments (`:`) ignored."""
    events: list[SSEEvent] = []
    event: str | None = None
    data: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line == "":
            if data:
                events.append(SSEEvent(event, "\n".join(data)))
            event, data = None, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "event":
            event = value
    if data:
        events.append(SSEEvent(event, "\n".join(data)))
    return events


def sse_problems(
    text: str,
    chunk_schema: dict[str, Any] | None,
    validator: SchemaValidator,
    terminator: str | None = "[DONE]",
    complete: bool = True,
) -> list[str]:
    """Everything wrong with one SSE body: chunks that are not JSON or not valid chunks,
    error events in the middle of the stream, a missing or misplaced terminator."""
    problems: list[str] = []
    events = parse_sse(text)
    if not events:
        return ["stream has no `data:` events"]
    done_at = None
    for index, event in enumerate(events):
        data = event.data.strip()
        if terminator is not None and data == terminator:
            done_at = index
            break
        try:
            payload = json.loads(data)
        except ValueError:
            problems.append(f"event {index}: `data:` is not JSON: {data[:120]!r}")
            continue
        if event.event == "error" or (isinstance(payload, dict) and "error" in payload and len(payload) <= 2):
            message = payload.get("error") if isinstance(payload, dict) else payload
            problems.append(f"event {index}: mid-stream error event: {json.dumps(message)[:200]}")
            continue
        if chunk_schema is not None:
            for error in validator.errors(chunk_schema, payload):
                problems.append(f"event {index}: chunk does not match the chunk schema {error}")
    if terminator is not None:
        if done_at is None:
            if complete:
                problems.append(f"stream does not end with `data: {terminator}`")
        elif done_at != len(events) - 1:
            problems.append(f"{len(events) - 1 - done_at} event(s) after `data: {terminator}`")
        elif done_at == 0:
            problems.append(f"stream has no chunk before `data: {terminator}`")
    return problems


# ----------------------------------------------------------------------------- binary


def binary_problems(op: Operation, status: int, content_type: str | None, body: bytes) -> list[str]:
    """A documented binary response: a declared (binary) content type and a non-empty body."""
    response = match_response(op, status)
    if response is None or not response.contents:
        return []
    binary = [c.media_type for c in response.contents if c.kind == "binary"]
    if not binary:
        return []
    actual = media_type(content_type)
    declared = {media_type(c.media_type) for c in response.contents}
    problems = []
    if not actual:
        problems.append("binary response without a Content-Type")
    elif actual not in declared and not any(d.endswith("/*") and actual.startswith(d[:-1]) for d in declared):
        problems.append(
            f"binary response with undeclared Content-Type {actual!r} (declared: {sorted(declared)})"
        )
    if actual in {media_type(m) for m in binary} and not body:
        problems.append("binary response with an empty body")
    return problems


# ----------------------------------------------------------------------------- adapters


class ContractChecks:
    """The custom checks bound to an operation table (operationId -> IR operation)."""

    def __init__(self, document: dict[str, Any], operations: dict[str, Operation]) -> None:
        self.validator = SchemaValidator(document)
        self.operations = operations
        self.by_label = {op.signature: op for op in operations.values()}

    def operation_for(self, case: Case) -> Operation | None:
        op_id = case.operation.definition.raw.get("operationId") if case.operation.definition else None
        op = self.operations.get(op_id) if op_id else None
        return op or self.by_label.get(f"{case.operation.method.upper()} {case.operation.path}")

    # -- schemathesis-signature checks

    def sse_conformance(self, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        """Each `data:` event is a JSON chunk matching the chunk schema; the stream ends with
        `[DONE]`; a mid-stream error event is a failure of its own."""
        op = self.operation_for(case)
        content_type = media_type(_header(response, "content-type"))
        if op is None or content_type != SSE:
            return None
        documented = match_response(op, response.status_code)
        sse = documented.content("sse") if documented else None
        if sse is None:
            raise AssertionError(
                f"{op.signature} answered {response.status_code} with an undocumented SSE stream"
            )
        # A stream the transport cut short (event limit, timeout) cannot show its end.
        cut = bool(getattr(response, "stream_cut_short", False))
        problems = sse_problems(
            response.content.decode("utf-8", "replace"),
            sse.stream_chunk_schema,
            self.validator,
            sse.stream_terminator,
            complete=not cut,
        )
        if problems:
            raise AssertionError("SSE stream does not conform:\n- " + "\n- ".join(problems[:5]))
        return True

    def streaming_requested(self, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        """`"stream": true` on a streaming operation that succeeds must answer with SSE, and a
        request without it must not."""
        op = self.operation_for(case)
        if op is None or op.streaming is None or not 200 <= response.status_code < 300:
            return None
        body = case.body if isinstance(case.body, dict) else None
        if body is None or not _generated_positive(case):
            return None
        content_type = media_type(_header(response, "content-type"))
        if body.get("stream") is True and content_type != SSE:
            raise AssertionError(
                f'"stream": true was sent but the response is {content_type or "untyped"}, not SSE'
            )
        primary = op.primary_response
        if (
            body.get("stream") in (False, None)
            and content_type == SSE
            and primary is not None
            and (primary.content("json") is not None or primary.kind == "binary")
        ):
            raise AssertionError("a non-streaming request got an SSE stream")
        return True

    def binary_conformance(self, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        """A binary response carries a declared content type and a non-empty body."""
        op = self.operation_for(case)
        if op is None:
            return None
        problems = binary_problems(
            op, response.status_code, _header(response, "content-type"), response.content
        )
        if problems:
            raise AssertionError("; ".join(problems))
        return True

    def status_code_conformance(self, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        """The status is documented for the operation. Beyond the spec, the statuses every
        Together operation can give are tolerated (see `tolerated_statuses`): the spec
        leaves most 401/404/400s out, and a contract suite that is red for that is noise."""
        op = self.operation_for(case)
        if op is None:
            return None
        status = response.status_code
        if match_response(op, status) is not None or status in tolerated_statuses(op, _is_negative(case)):
            return True
        documented = ", ".join(r.status for r in op.responses)
        raise AssertionError(f"undocumented status {status} (documented: {documented})")

    def error_shape(self, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        """An error answer (4xx/5xx) the operation does not document is still Together's
        error object `{"error": {"message": ...}}` (documented ones: response_schema_conformance)."""
        op = self.operation_for(case)
        if op is None or response.status_code < 400:
            return None
        documented = match_response(op, response.status_code)
        if documented is not None and documented.contents:
            return None
        if not response.content:
            return True
        if media_type(_header(response, "content-type")) != "application/json":
            raise AssertionError(f"error response {response.status_code} is not application/json")
        try:
            payload = json.loads(response.content)
        except ValueError as exc:
            raise AssertionError(f"error response {response.status_code} is not valid JSON: {exc}") from None
        error = payload.get("error") if isinstance(payload, dict) else None
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            raise AssertionError(
                f'error response {response.status_code} is not {{"error": {{"message": ...}}}}: '
                f"{response.content[:200]!r}"
            )
        return True

    def all(self) -> list[CheckFn]:
        return [
            self.status_code_conformance,
            self.sse_conformance,
            self.streaming_requested,
            self.binary_conformance,
            self.error_shape,
        ]


def _header(response: StResponse, name: str) -> str | None:
    values = response.headers.get(name) or response.headers.get(name.title())
    if isinstance(values, list):
        return values[0] if values else None
    return values


def tolerated_statuses(op: Operation, negative: bool) -> set[int]:
    """Statuses accepted although the spec leaves them out: 401 (auth), 404 (an unknown
    id in the path), 429 (rate limit), and 400/422 for deliberately invalid requests."""
    tolerated = {429}
    if op.requires_auth:
        tolerated |= {401, 403}
    if op.parameters_in("path"):
        tolerated.add(404)
    if negative:
        tolerated |= {400, 404, 405, 406, 413, 415, 422}
    return tolerated


def _is_negative(case: Case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_negative


def _generated_positive(case: Case) -> bool:
    meta = case.meta
    return meta is None or meta.generation.mode.is_positive


def response_schema_conformance_sse_aware(builtin: CheckFn) -> CheckFn:
    """The built-in response_schema_conformance for everything but SSE and binary bodies,
    which our own checks validate (the built-in reads each SSE `data:` as a string)."""

    def response_schema_conformance(ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        if _is_bodiless_redirect(response):
            return None
        content_type = media_type(_header(response, "content-type"))
        if content_type == SSE or content_type.startswith(("audio/", "image/", "video/")):
            return None
        if content_type == "application/octet-stream":
            return None
        return builtin(ctx, response, case)

    response_schema_conformance.__doc__ = builtin.__doc__
    return response_schema_conformance


def _is_bodiless_redirect(response: StResponse) -> bool:
    return 300 <= response.status_code < 400 and not response.content


def skip_bodiless_redirects(builtin: CheckFn) -> CheckFn:
    """A redirect without a body has nothing to conform: clients follow `Location`."""

    def wrapper(ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        if _is_bodiless_redirect(response):
            return None
        return builtin(ctx, response, case)

    wrapper.__name__ = getattr(builtin, "__name__", "check")
    wrapper.__doc__ = builtin.__doc__
    return wrapper


def names(checks: Iterable[CheckFn]) -> list[str]:
    return [getattr(c, "__name__", repr(c)) for c in checks]
