"""Live drift: what a server actually answers, compared with the spec.

For a set of read-only operations (GET, no path parameters, no required parameters,
a JSON success response) it sends one request each and compares the status code and
every field of the JSON body with the spec's response schema. The findings are
`Change`s in a normal `Report` (old = the spec, new = the server), so every renderer
and `--fail-on` work unchanged.

A server that cannot be reached at all, no API key, or a key refused on every request is
not a report but an error (exit 2, one line). Kinds: `live-status-undeclared` (breaking),
`live-unreachable` (a request failed after others got through: breaking),
`live-body-not-json` (breaking), `live-type-mismatch` (breaking), `live-field-missing`
(a required field absent: breaking), `live-null-undeclared` (null where the spec does
not allow it: breaking), `live-enum-value-undeclared` (potentially-breaking),
`live-field-undeclared` (a field the spec does not describe: non-breaking),
`live-checked` (non-breaking: the operation answered as the spec says).
"""

from __future__ import annotations

import os
from typing import Any

from togen.core.errors import SpecError
from togen.drift.canonical import Canonicalizer, Node, freeze, json_type
from togen.drift.model import BREAKING, NON_BREAKING, POTENTIAL, Change, Level, Report, SpecInfo
from togen.drift.render import render
from togen.drift.schema_walk import render_path
from togen.spec.ir import API, Operation

MAX_ITEMS = 20  # array elements checked per array


class LiveReport(Report):
    def render(self, fmt: str, fail_on: Level | None = None) -> str:
        return render(self, fmt, fail_on)


def read_only_operations(api: API) -> list[Operation]:
    chosen = []
    for op in api.operations:
        if op.method != "GET" or op.parameters_in("path") or any(p.required for p in op.parameters):
            continue
        response = op.primary_response
        if response is None or response.kind != "json":
            continue
        chosen.append(op)
    return chosen


def live_drift(
    base_url: str,
    spec: str | None = None,
    *,
    operations: list[str] | None = None,
    api_key: str | None = None,
    timeout: float = 30.0,
) -> LiveReport:
    import httpx

    from togen.spec.pipeline import resolve_spec

    api = resolve_spec(spec, verify_lock=spec is None).api
    chosen = read_only_operations(api)
    if operations:
        chosen = [op for op in chosen if op.key in operations or op.signature in operations]
    if not chosen:  # a report of "no changes" would claim a check that never happened
        raise SpecError(
            api.spec_name,
            "",
            "nothing to compare with --live: it probes GET operations without required parameters "
            "that answer JSON, and this spec has none",
            "usage",
        )
    canon = Canonicalizer(api.document)
    base = base_url.rstrip("/")
    headers = {"Accept": "application/json"}
    api_key = api_key or os.environ.get("TOGETHER_API_KEY")
    if not api_key:
        raise SpecError(
            base_url, "", "no API key for --live: set TOGETHER_API_KEY (any value for `togen mock`)", "usage"
        )
    headers["Authorization"] = f"Bearer {api_key}"
    changes: list[Change] = []
    statuses: list[int] = []
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for op in chosen:
            path = op.effective_path
            if base.endswith("/v1") and path.startswith("/v1/"):
                path = path[3:]  # a base URL ending in /v1 (the OpenAI SDK habit) means the host
            try:
                response = client.get(base + path)
            except httpx.HTTPError as exc:
                if not statuses and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    # nothing answered yet: a report of N unreachable operations says less than this
                    raise SpecError(base_url, "", f"cannot reach the server: {exc}", "unreachable") from None
                changes.append(_change("live-unreachable", BREAKING, op, "request", "", op.pointer, str(exc)))
                continue
            statuses.append(response.status_code)
            changes.extend(check_response(api, canon, op, response.status_code, response))
    if statuses and all(status in (401, 403) for status in statuses):
        raise SpecError(
            base_url,
            "",
            f"the server rejected the API key (HTTP {statuses[0]} on every request)",
            "unauthorized",
        )
    info = SpecInfo(api.spec_name, api.spec_sha256, len(api.all_operations), len(api.schemas))
    report = LiveReport(info, SpecInfo(base_url, "", len(chosen), 0))
    report.changes = sorted(changes, key=Change.sort_key)
    report.operations_changed = sorted({c.operation for c in changes if c.kind != "live-checked"})
    return report


def _change(
    kind: str,
    level: Level,
    op: Operation,
    location: str,
    path: str,
    ptr: str | None,
    message: str,
    value: Any = None,
) -> Change:
    return Change(kind, level, op.signature, location, path, ptr, None, message, None, value, op.origin)


def check_response(api: API, canon: Canonicalizer, op: Operation, status: int, response: Any) -> list[Change]:
    declared = {r.status: r for r in op.responses}
    spec_response = (
        declared.get(str(status)) or declared.get(f"{str(status)[0]}XX") or declared.get("default")
    )
    where = f"response {status}"
    if spec_response is None:
        return [
            _change(
                "live-status-undeclared",
                BREAKING,
                op,
                where,
                "",
                op.pointer + "/responses",
                f"the server answered {status}, which the spec does not declare "
                f"(declared: {', '.join(declared) or 'none'})",
                status,
            )
        ]
    content = spec_response.content("json")
    if not (200 <= status < 300) or content is None or not content.schema:
        return [
            _change("live-checked", NON_BREAKING, op, where, "", spec_response.pointer, "status as declared")
        ]
    try:
        body = response.json()
    except ValueError:
        return [
            _change(
                "live-body-not-json",
                BREAKING,
                op,
                where,
                "",
                content.pointer,
                f"the body is not JSON ({response.headers.get('content-type', 'no content type')})",
            )
        ]
    issues: dict[tuple[str, str], tuple[str, Level, str | None, str, Any]] = {}
    check_value(canon, canon.node(content.schema, content.pointer + "/schema"), body, (), issues, 0)
    if not issues:
        return [
            _change("live-checked", NON_BREAKING, op, where, "", content.pointer, "answer matches the spec")
        ]
    return [
        _change(kind, level, op, where, path, ptr, message, value)
        for (kind, path), (_, level, ptr, message, value) in sorted(issues.items())
    ]


Issues = dict[tuple[str, str], tuple[str, Level, str | None, str, Any]]


def check_value(
    canon: Canonicalizer, node: Node, value: Any, path: tuple[str, ...], issues: Issues, depth: int
) -> None:
    if depth > 40:
        return
    shown = render_path(path)

    def add(kind: str, level: Level, message: str, found: Any = None) -> None:
        issues.setdefault((kind, shown), (kind, level, node.ptr, f"`{shown or 'body'}`: {message}", found))

    if value is None:
        if not node.nullable and not node.is_any:
            add("live-null-undeclared", BREAKING, "the server sent null, the spec does not allow it")
        return
    if node.branches:
        best: Issues | None = None
        for raw, ptr in node.branches:
            trial: Issues = {}
            check_value(canon, canon.node(raw, ptr), value, path, trial, depth + 1)
            if best is None or _weight(trial) < _weight(best):
                best = trial
            if not trial:
                break
        issues.update({k: v for k, v in (best or {}).items() if k not in issues})
        return
    kind = json_type(value)
    if (
        node.types is not None
        and kind not in node.types
        and not (kind == "integer" and "number" in node.types)
    ):
        add(
            "live-type-mismatch",
            BREAKING,
            f"the server sent {kind}, the spec says {'/'.join(sorted(node.types))}",
        )
        return
    if node.enum is not None and freeze(value) not in {freeze(v) for v in node.enum}:
        add("live-enum-value-undeclared", POTENTIAL, f"value {value!r} is not in the spec's enum", value)
    if isinstance(value, dict):
        for name in sorted(node.required - set(value)):
            missing = render_path((*path, name))
            issues.setdefault(
                ("live-field-missing", missing),
                ("live-field-missing", BREAKING, node.ptr, f"`{missing}`: required field absent", None),
            )
        for name, item in value.items():
            sub = node.props.get(name)
            if sub is None:
                if isinstance(node.additional, tuple):
                    check_value(canon, canon.node(*node.additional), item, (*path, name), issues, depth + 1)
                elif node.props or node.additional is False:
                    extra = render_path((*path, name))
                    issues.setdefault(
                        ("live-field-undeclared", extra),
                        (
                            "live-field-undeclared",
                            NON_BREAKING,
                            node.ptr,
                            f"`{extra}`: not in the spec",
                            name,
                        ),
                    )
                continue
            check_value(canon, canon.node(*sub), item, (*path, name), issues, depth + 1)
    elif isinstance(value, list) and node.items is not None:
        items = canon.node(*node.items)
        for item in value[:MAX_ITEMS]:
            check_value(canon, items, item, (*path, "[]"), issues, depth + 1)


def _weight(issues: Issues) -> int:
    return sum(10 if level == BREAKING else 1 for _, level, _, _, _ in issues.values())
