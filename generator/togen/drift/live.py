"""Live drift: what a server actually answers, compared with the spec.

For a set of read-only operations (GET, no path parameters, no required parameters,
a JSON success response) it sends one request each and compares the status code and
every field of the JSON body with the spec's response schema. The findings are
`Change`s in a normal `Report` (old = the spec, new = the server), so every renderer
and `--fail-on` work unchanged.

The walk here is generic: a failed request goes to the detectors registered at the
`live-failure` site, each answer to those at `live-answer` (its status, its body's syntax),
then every value of a JSON body to those at `live-value`, and an answer nothing was found in
to those at `live-clean` (`togen.drift.live_sites`); each finding becomes a `Change` worded
by its rule's message. Each kind is one module of `togen.drift.rules` (`live_rule` and its
detector): adding a kind is one file there (`togen drift --list-rules` lists them).

A server that cannot be reached at all, no API key, or a key refused on every request is
not a report but an error (exit 2, one line).
"""

from __future__ import annotations

import os
from typing import Any

from togen.core.errors import SpecError
from togen.drift.canonical import Canonicalizer, Node
from togen.drift.live_sites import LiveAnswer, LiveFailure, LiveFound, LiveValue
from togen.drift.model import BREAKING, Change, Level, Report, SpecInfo
from togen.drift.registry import Site
from togen.drift.render import render
from togen.drift.rules import REGISTRY
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
    changed: set[str] = set()  # operations with a finding, not only a clean check
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
                failure = LiveFailure(op, str(exc))
                changes.extend(_change(op, "request", found) for found in _detect("live-failure", failure))
                changed.add(op.signature)
                continue
            statuses.append(response.status_code)
            found, clean = check_response(canon, op, response.status_code, response)
            changes.extend(found)
            if not clean:
                changed.add(op.signature)
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
    report.operations_changed = sorted(changed)
    return report


Issues = dict[tuple[str, str], LiveFound]  # (kind, path) -> the first finding there


def check_response(
    canon: Canonicalizer, op: Operation, status: int, response: Any
) -> tuple[list[Change], bool]:
    """The findings of one answer: of the answer as a whole (`live-answer`) or else of its body's
    values (`live-value`); an answer nothing was found in is clean (`live-clean`: True)."""
    answer = LiveAnswer(op, status, response)
    where = f"response {status}"
    found = _detect("live-answer", answer)
    if not found and answer.content is not None:
        issues: Issues = {}
        content = answer.content
        check_value(
            canon, canon.node(content.schema, content.pointer + "/schema"), answer.body, (), issues, 0
        )
        found = [issues[key] for key in sorted(issues)]
    clean = not found
    if clean:
        found = _detect("live-clean", answer)
    return [_change(op, where, finding) for finding in found], clean


def check_value(
    canon: Canonicalizer, node: Node, value: Any, path: tuple[str, ...], issues: Issues, depth: int
) -> None:
    """Every value of a body at the `live-value` site, against its schema node; of a union,
    the branch with the fewest (breaking first) findings counts."""
    if depth > 40:
        return
    if value is not None and node.branches:
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
    at = LiveValue(node, value, path)
    for finding in _detect("live-value", at):
        issues.setdefault((finding.rule.kind, finding.path), finding)
    if value is None or not at.type_matches:
        return
    if isinstance(value, dict):
        for name, item in value.items():
            sub = node.props.get(name)
            if sub is None and isinstance(node.additional, tuple):
                sub = node.additional
            if sub is not None:
                check_value(canon, canon.node(*sub), item, (*path, name), issues, depth + 1)
    elif isinstance(value, list) and node.items is not None:
        items = canon.node(*node.items)
        for item in value[:MAX_ITEMS]:
            check_value(canon, items, item, (*path, "[]"), issues, depth + 1)


def _detect(site: Site, at: Any) -> list[LiveFound]:
    return [finding for detect in REGISTRY.detectors[site] for finding in detect(at)]


def _change(op: Operation, location: str, found: LiveFound) -> Change:
    rule = found.rule
    message = rule.say({"field": found.path or "body", "value": found.value, **found.facts})
    return Change(
        rule.kind, rule.level, op.signature, location, found.path, found.pointer, None, message, None,
        found.value, op.origin,
    )  # fmt: skip


def _weight(issues: Issues) -> int:
    return sum(10 if found.rule.level == BREAKING else 1 for found in issues.values())
