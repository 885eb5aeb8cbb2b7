"""Every contract check, registered in one place (registry.py) in the order reports list them.

The schemathesis built-ins the suite runs come first (two of them wrapped: no verdict on a
bodiless redirect, and SSE/binary bodies left to our own checks), then the suite's own
response checks, the auth probe's two checks and the stateful sequences' two checks.
Each own check has a pure core (`sse_problems`, `binary_problems`, ...) that takes plain
values and returns a list of problems; a response check raises `AssertionError`, which
schemathesis reports as a custom check failure named after the check.

To add a check: write a small function here and decorate it with `@check(kind)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import schemathesis
from schemathesis.specs.openapi import checks as st_checks

from togen.contract.registry import Registry
from togen.core.sse import parse_sse
from togen.spec.ir import Operation, Response
from togen.spec.schema_set import SchemaSet

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext
    from schemathesis import Response as StResponse

SSE = "text/event-stream"

CHECKS = Registry()  # read it from here: importing this module is what fills it
check = CHECKS.check


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


class CheckTarget:
    """What the response checks read: the operations under test (operationId -> IR
    operation) and validators for the schemas of the normalized document."""

    def __init__(self, document: dict[str, Any], operations: dict[str, Operation]) -> None:
        self.schemas = SchemaSet(document)
        self.operations = operations
        self.by_label = {op.signature: op for op in operations.values()}

    def operation_for(self, case: Case) -> Operation | None:
        op_id = case.operation.definition.raw.get("operationId") if case.operation.definition else None
        op = self.operations.get(op_id) if op_id else None
        return op or self.by_label.get(f"{case.operation.method.upper()} {case.operation.path}")


def _header(response: StResponse, name: str) -> str | None:
    values = response.headers.get(name) or response.headers.get(name.title())
    if isinstance(values, list):
        return values[0] if values else None
    return values


def _is_negative(case: Case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_negative


def _generated_positive(case: Case) -> bool:
    meta = case.meta
    return meta is None or meta.generation.mode.is_positive


def _is_bodiless_redirect(response: StResponse) -> bool:
    return 300 <= response.status_code < 400 and not response.content


# ----------------------------------------------------------------------------- pure cores


def sse_problems(
    text: str,
    chunk_schema: dict[str, Any] | None,
    schemas: SchemaSet,
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
            for error in schemas.error_messages(chunk_schema, payload):
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


def resource_id(data: Any) -> str | None:
    """The id of a resource in an answer (`id`, or the `id` of `job`/`data`)."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            return str(data["id"])
        for key in ("job", "data"):
            inner = data.get(key)
            if isinstance(inner, dict) and isinstance(inner.get("id"), str):
                return str(inner["id"])
    return None


def listed_ids(data: Any) -> set[str]:
    """The ids in a list answer (a bare list, or the first list value of an object)."""
    items: Any = data
    if isinstance(data, dict):
        items = next((v for v in data.values() if isinstance(v, list)), [])
    if not isinstance(items, list):
        return set()
    return {str(item["id"]) for item in items if isinstance(item, dict) and "id" in item}


def resource_state(data: Any) -> Any:
    """The `status` (or `state`) of a resource, at the top or one object down."""
    if isinstance(data, dict):
        if "status" in data:
            return data["status"]
        if "state" in data:
            return data["state"]
        for value in data.values():
            if isinstance(value, dict) and ("status" in value or "state" in value):
                return value.get("status", value.get("state"))
    return None


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


# ----------------------------------------------------------------------------- response checks:
# schemathesis built-ins


def _builtin(func: Callable[..., bool | None]) -> Callable[..., bool | None]:
    """A schemathesis built-in as a check of this registry (it reads no target)."""

    def run(target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
        return func(ctx, response, case)

    run.__name__ = run.__qualname__ = func.__name__
    run.__doc__ = "schemathesis: " + (func.__doc__ or func.__name__).strip()
    return run


check()(_builtin(schemathesis.checks.not_a_server_error))


@check()
def content_type_conformance(
    target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case
) -> bool | None:
    """schemathesis: the content type is documented; a redirect without a body has nothing to
    conform (clients follow `Location`)."""
    if _is_bodiless_redirect(response):
        return None
    return st_checks.content_type_conformance(ctx, response, case)


check()(_builtin(st_checks.response_headers_conformance))


@check()
def response_schema_conformance(
    target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case
) -> bool | None:
    """schemathesis: the body matches its schema; not for SSE and binary bodies, which
    `sse_conformance` and `binary_conformance` validate (the built-in reads each SSE `data:`
    as a string), nor for a bodiless redirect."""
    if _is_bodiless_redirect(response):
        return None
    content_type = media_type(_header(response, "content-type"))
    if content_type == SSE or content_type.startswith(("audio/", "image/", "video/")):
        return None
    if content_type == "application/octet-stream":
        return None
    return st_checks.response_schema_conformance(ctx, response, case)


check()(_builtin(st_checks.negative_data_rejection))
check()(_builtin(st_checks.positive_data_acceptance))


# ----------------------------------------------------------------------------- response checks:
# the suite's own


@check()
def status_code_conformance(
    target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case
) -> bool | None:
    """The status is documented for the operation. Beyond the spec, the statuses every
    Together operation can give are tolerated (see `tolerated_statuses`): the spec
    leaves most 401/404/400s out, and a contract suite that is red for that is noise."""
    op = target.operation_for(case)
    if op is None:
        return None
    status = response.status_code
    if match_response(op, status) is not None or status in tolerated_statuses(op, _is_negative(case)):
        return True
    documented = ", ".join(r.status for r in op.responses)
    raise AssertionError(f"undocumented status {status} (documented: {documented})")


@check()
def sse_conformance(target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
    """Each `data:` event is a JSON chunk matching the chunk schema; the stream ends with
    `[DONE]`; a mid-stream error event is a failure of its own."""
    op = target.operation_for(case)
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
        target.schemas,
        sse.stream_terminator,
        complete=not cut,
    )
    if problems:
        raise AssertionError("SSE stream does not conform:\n- " + "\n- ".join(problems[:5]))
    return True


@check()
def streaming_requested(
    target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case
) -> bool | None:
    """`"stream": true` on a streaming operation that succeeds must answer with SSE, and a
    request without it must not."""
    op = target.operation_for(case)
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


@check()
def binary_conformance(
    target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case
) -> bool | None:
    """A binary response carries a declared content type and a non-empty body."""
    op = target.operation_for(case)
    if op is None:
        return None
    problems = binary_problems(op, response.status_code, _header(response, "content-type"), response.content)
    if problems:
        raise AssertionError("; ".join(problems))
    return True


@check()
def error_shape(target: CheckTarget, ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
    """An error answer (4xx/5xx) the operation does not document is still Together's
    error object `{"error": {"message": ...}}` (documented ones: response_schema_conformance)."""
    op = target.operation_for(case)
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


# ----------------------------------------------------------------------------- auth probe:
# `func(status, label)` for a request that otherwise succeeds, sent as `label` says


def _refused(status: int, label: str) -> str | None:
    return None if status in (401, 403) else f"request with {label} got {status}, expected 401 or 403"


@check("auth")
def ignored_auth(status: int, label: str) -> str | None:
    """With an invalid token, a request that otherwise succeeds gets 401 (or 403)."""
    return _refused(status, label)


@check("auth")
def missing_required_header(status: int, label: str) -> str | None:
    """Without the Authorization header, a request that otherwise succeeds gets 401 (or 403)."""
    return _refused(status, label)


# ----------------------------------------------------------------------------- stateful:
# `func(step, ident, status, data, operation)` for one step of a sequence (stateful.py)


@check("stateful")
def use_after_free(
    step: str, ident: str | None, status: int | None, data: Any, operation: str = ""
) -> str | None:
    """After a successful delete, retrieving the resource answers 404 and the list no
    longer holds it; a cancelled resource (batches cannot be deleted) reports a cancelled
    state. Steps: `delete`/`cancel` (the removal itself, by `operation`), then
    `retrieve_deleted` and `list_deleted`, or `retrieve_cancelled`."""
    if step in ("delete", "cancel"):
        return None if _ok(status) else f"{operation} of {ident} answered {status}"
    if step == "retrieve_deleted" and status != 404:
        return f"{ident} was deleted but retrieve answered {status}, expected 404"
    if step == "list_deleted" and _ok(status) and ident in listed_ids(data):
        return f"{ident} was deleted but is still listed"
    if step == "retrieve_cancelled":
        state = json.dumps(resource_state(data)).lower()
        if not _ok(status) or "cancel" not in state:
            return f"{ident} was cancelled but retrieve answered {status} with status {state}"
    return None


@check("stateful")
def ensure_resource_availability(
    step: str, ident: str | None, status: int | None, data: Any, operation: str = ""
) -> str | None:
    """What was just created can be retrieved (with its id) and is listed. Steps: `create`,
    `retrieve`, `list`."""
    if step == "create":
        if not _ok(status):
            return f"create answered {status}; the sequence stops"
        if not ident:
            return "create answered without an id"
    elif step == "retrieve":
        if not _ok(status):
            return f"{ident} was just created but retrieve answered {status}"
        if resource_id(data) != ident:
            return f"retrieve of {ident} answered id {resource_id(data)!r}"
    elif step == "list" and _ok(status) and ident not in listed_ids(data):
        return f"{ident} was just created but is not listed"
    return None
