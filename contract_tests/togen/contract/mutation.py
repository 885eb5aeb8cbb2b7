"""Mutation self-test: a fault-injecting proxy in front of any server, and the score.

The proxy forwards every request to the upstream (an ASGI app in-process, or a URL) and,
for ONE operation at a time, breaks ONE thing: drops a required response field, changes
a field's type, answers 500, answers an undocumented status, sends a wrong content type,
ends an SSE stream without `[DONE]`, sends an invalid chunk or an error event mid-stream,
sends an empty binary body, accepts an invalid request (turns the upstream's 4xx into a
success) or ignores auth (forwards with a valid token whatever the client sent). The suite
runs against each mutant; a mutant is detected when the run reports a failure for the
operation. The score is detected / mutants, and the suite's teeth are proven when it is
at least 95%.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from togen.contract.checks import CHECKS, match_response, media_type
from togen.contract.options import RunOptions
from togen.contract.prepare import prepare
from togen.contract.runner import ContractRunner
from togen.contract.server import serve
from togen.core.sse import SSEEvent, encode_sse, parse_sse
from togen.spec.ir import API, Operation
from togen.spec.view import SchemaView

REPRESENTATIVE = [
    "chat.completions.create",  # JSON + SSE
    "audio.speech.create",  # binary (+ SSE)
    "files.upload",  # multipart
    "files.retrieve",  # path parameter
    "files.list",
    "models.list",
    "embeddings.create",
    "fine_tuning.create",
    "endpoints.list",
]

# Each mutation and the registered checks meant to catch it (any failure of the operation
# counts as detected; the names are checked against the registry when this module loads).
MUTATIONS: dict[str, tuple[str, ...]] = {
    "drop_required_field": ("response_schema_conformance",),
    "wrong_field_type": ("response_schema_conformance",),
    "status_500": ("not_a_server_error",),
    "undocumented_status": ("status_code_conformance",),
    "wrong_content_type": ("content_type_conformance",),
    "sse_without_done": ("sse_conformance",),
    "sse_invalid_chunk": ("sse_conformance",),
    "sse_error_event": ("sse_conformance",),
    "binary_empty_body": ("binary_conformance",),
    "accept_invalid_request": ("negative_data_rejection",),
    "ignore_auth": ("ignored_auth", "missing_required_header"),
}
for _caught_by in MUTATIONS.values():
    CHECKS.require(_caught_by)
ALL_MUTATIONS = list(MUTATIONS)
INJECTED_EVENT = SSEEvent(None, '{"error": {"message": "injected mid-stream error"}}')
INJECTED_ERROR = (
    b'{"error": {"message": "injected fault", "type": "server_error", "param": null, "code": null}}'
)
_WRONG_VALUES: dict[str, Any] = {
    "string": 12345,
    "integer": "not-an-integer",
    "number": "not-a-number",
    "boolean": "not-a-boolean",
    "array": "not-an-array",
    "object": "not-an-object",
}


@dataclass
class Mutant:
    operation: str  # operation key
    mutation: str


class Resolver:
    def __init__(self, api: API) -> None:
        self.api = api

    def object_schema(self, schema: dict[str, Any] | None) -> tuple[SchemaView, bool]:
        """The object schema a JSON body is checked against, and whether it sits in a list."""
        view = self.api.view(schema)
        if view.is_array:
            return view.items or self.api.view(None), True
        return view, False

    def required_field(self, schema: dict[str, Any] | None) -> str | None:
        target, _ = self.object_schema(schema)
        return target.required[0] if target.required else None

    def typed_field(self, schema: dict[str, Any] | None) -> tuple[str, Any] | None:
        """A property with a single declared type (required ones first) and a wrong value."""
        target, _ = self.object_schema(schema)
        properties = target.properties
        for name in [*target.required, *properties]:
            prop = properties.get(name)
            if prop is None or len(prop.declared) != 1 or prop.has_const:
                continue
            if prop.declared[0] in _WRONG_VALUES:
                return name, _WRONG_VALUES[prop.declared[0]]
        return None


def applicable(api: API, op: Operation, mutation: str) -> bool:
    resolver = Resolver(api)
    primary = op.primary_response
    json_content = primary.content("json") if primary else None
    if mutation == "drop_required_field":
        return json_content is not None and resolver.required_field(json_content.schema) is not None
    if mutation == "wrong_field_type":
        return json_content is not None and resolver.typed_field(json_content.schema) is not None
    if mutation.startswith("sse_"):
        return op.streaming is not None and op.request_body is not None
    if mutation == "binary_empty_body":
        return any(c.kind == "binary" for r in op.success_responses for c in r.contents)
    if mutation == "accept_invalid_request":
        return op.request_body is not None or any(p.required for p in op.parameters if p.location == "query")
    if mutation == "ignore_auth":
        return op.requires_auth
    return primary is not None


def mutants_for(api: API, keys: list[str], mutations: list[str] | None = None) -> list[Mutant]:
    found = []
    for key in keys:
        op = api.operation(key)
        for mutation in mutations or ALL_MUTATIONS:
            if applicable(api, op, mutation):
                found.append(Mutant(op.key, mutation))
    return found


class FaultProxy:
    """ASGI app: forwards to `upstream` (ASGI app or base URL), mutating one operation."""

    def __init__(self, api: API, upstream: Any, valid_token: str) -> None:
        self.api = api
        self.resolver = Resolver(api)
        self.valid_token = valid_token
        self.mutant: Mutant | None = None
        self.last_success: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
        if isinstance(upstream, str):
            self.client = httpx.AsyncClient(base_url=upstream.rstrip("/"), timeout=30)
        else:
            self.client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=upstream), base_url="http://upstream", timeout=30
            )
        routes = []
        for op in api.operations:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(op.effective_path))
            literal = sum(1 for s in op.effective_path.split("/") if s and "{" not in s)
            routes.append((re.compile(f"^{pattern}$"), op, literal))
        routes.sort(key=lambda r: -r[2])
        self.routes = [(p, op) for p, op, _ in routes]

    def operation(self, method: str, path: str) -> Operation | None:
        for pattern, op in self.routes:
            if op.method == method and pattern.match(path):
                return op
        return None

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http":  # nothing to start or stop; no websockets
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        method, path = scope["method"], scope["path"]
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        headers = [(k, v) for k, v in headers if k.lower() not in ("host", "content-length")]
        op = self.operation(method, path)
        mutant = self.mutant if op is not None and self.mutant and self.mutant.operation == op.key else None
        if mutant is not None and mutant.mutation == "ignore_auth":
            headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
            headers.append(("authorization", f"Bearer {self.valid_token}"))
        query = scope.get("query_string", b"").decode("latin-1")
        url = scope.get("raw_path", path.encode()).decode("latin-1") + (f"?{query}" if query else "")
        upstream = await self.client.request(method, url, headers=headers, content=body)
        status = upstream.status_code
        out_headers = [
            (k, v)
            for k, v in upstream.headers.multi_items()
            if k.lower() not in ("content-length", "transfer-encoding", "content-encoding", "connection")
        ]
        content = upstream.content
        if op is not None and 200 <= status < 300:
            self.last_success[op.key] = (status, out_headers, content)
        if mutant is not None and op is not None:
            status, out_headers, content = self.mutate(op, mutant.mutation, status, out_headers, content)
        out_headers.append(("content-length", str(len(content))))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out_headers],
            }
        )
        await send({"type": "http.response.body", "body": content})

    # ------------------------------------------------------------------ mutations

    def mutate(
        self, op: Operation, mutation: str, status: int, headers: list[tuple[str, str]], content: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        ctype = media_type(next((v for k, v in headers if k.lower() == "content-type"), ""))
        success = 200 <= status < 300

        def with_type(value: str) -> list[tuple[str, str]]:
            return [(k, v) for k, v in headers if k.lower() != "content-type"] + [("content-type", value)]

        if mutation == "status_500":
            return 500, with_type("application/json"), INJECTED_ERROR
        if mutation == "accept_invalid_request" and status in (400, 404, 405, 409, 413, 415, 422):
            if op.key in self.last_success:
                return self.last_success[op.key]
            return 200, with_type("application/json"), b"{}"
        if not success:
            return status, headers, content
        if mutation == "undocumented_status":
            return 418, headers, content
        if mutation == "wrong_content_type":
            return status, with_type("text/plain"), content
        if mutation == "binary_empty_body" and ctype not in ("application/json", "text/event-stream"):
            return status, headers, b""
        if mutation.startswith("sse_") and ctype == "text/event-stream":
            return status, headers, self.mutate_stream(op, mutation, content)
        if mutation in ("drop_required_field", "wrong_field_type") and ctype == "application/json":
            return status, headers, self.mutate_json(op, mutation, status, content)
        return status, headers, content

    def mutate_json(self, op: Operation, mutation: str, status: int, content: bytes) -> bytes:
        documented = match_response(op, status)
        json_content = documented.content("json") if documented else None
        if json_content is None:
            return content
        try:
            data = json.loads(content)
        except ValueError:
            return content
        target, in_list = self.resolver.object_schema(json_content.schema)
        items = data if in_list and isinstance(data, list) else [data]
        if in_list and not items:
            # An empty list has no field to break: break the list itself.
            return b'"not-a-list"'
        if mutation == "drop_required_field":
            name = self.resolver.required_field(json_content.schema)
            for item in items:
                if isinstance(item, dict):
                    item.pop(name, None)
        else:
            found = self.resolver.typed_field(json_content.schema)
            if found is not None:
                name, wrong = found
                for item in items:
                    if isinstance(item, dict):
                        item[name] = wrong
        return json.dumps(data).encode()

    def mutate_stream(self, op: Operation, mutation: str, content: bytes) -> bytes:
        """The stream re-encoded with one fault: `[DONE]` left out, an error event after the
        first chunk, or the first JSON chunk given a wrong field type (else made invalid JSON)."""
        events = parse_sse(content.decode("utf-8", "replace"))
        if mutation == "sse_without_done":
            events = [e for e in events if not e.is_done]
        elif mutation == "sse_error_event":
            events.insert(1 if len(events) > 1 else 0, INJECTED_EVENT)
        elif mutation == "sse_invalid_chunk":
            sse = op.streaming
            chunk_schema = sse.stream_chunk_schema if sse else None
            found = self.resolver.typed_field(chunk_schema) if chunk_schema else None
            for index, event in enumerate(events):
                if event.event is not None or event.is_done:
                    continue
                try:
                    payload = json.loads(event.data)
                except ValueError:
                    continue
                if found is not None and isinstance(payload, dict):
                    payload = copy.deepcopy(payload)
                    payload[found[0]] = found[1]
                    events[index] = SSEEvent(None, json.dumps(payload))
                else:
                    events[index] = SSEEvent(None, "{not json")
                break
        return encode_sse(events).encode()


def run_self_test(
    api: API,
    upstream: Any,
    token: str,
    keys: list[str] | None = None,
    *,
    max_examples: int = 3,
    negative_examples: int = 2,
    seed: int = 0,
    mutations: list[str] | None = None,
) -> dict[str, Any]:
    """Run the suite against every applicable mutant of `keys` behind a FaultProxy."""
    keys = keys or [k for k in REPRESENTATIVE if any(o.key == k for o in api.operations)]
    started = time.perf_counter()
    proxy = FaultProxy(api, upstream, token)
    ops = [api.operation(k) for k in keys]
    prepared = prepare(api, ops)
    with serve(proxy) as url:
        options = RunOptions(
            base_url=url,
            api_key=token,
            max_examples=max_examples,
            negative_examples=negative_examples,
            seed=seed,
            stateful=False,
            live=False,
            shrink_seconds=0,  # the self-test asks whether a mutant is caught, not for its smallest request
        )
        runner = ContractRunner(api, options, prepared=prepared)
        baseline = runner.run(ops)
        green = {o.key for o in baseline.operations if o.passed}
        baseline_red = {o.key: [f.check for f in o.failures] for o in baseline.operations if not o.passed}
        results = []
        for mutant in mutants_for(api, [k for k in keys if k in green], mutations):
            proxy.mutant = mutant
            try:
                outcome = runner.run([api.operation(mutant.operation)])
            finally:
                proxy.mutant = None
            op_result = outcome.operations[0] if outcome.operations else None
            detected_by = sorted({f.check for f in op_result.failures}) if op_result else []
            results.append(
                {
                    "operation": mutant.operation,
                    "mutation": mutant.mutation,
                    "detected": bool(detected_by),
                    "detected_by": detected_by,
                    "requests": op_result.requests if op_result else 0,
                }
            )
    killed = sum(1 for r in results if r["detected"])
    total = len(results)
    return {
        "operations": keys,
        "baseline_red": baseline_red,
        "mutants": results,
        "killed": killed,
        "total": total,
        "survived": [f"{r['operation']}:{r['mutation']}" for r in results if not r["detected"]],
        "score": killed / total if total else 0.0,
        "seconds": round(time.perf_counter() - started, 3),
    }
