"""The lag report: where a spec lags the SDK derived from Together's fuller private spec.

`togen drift SPEC sdk:together` (or the two the other way round) is not a version diff: the
two documents come from different writers, so a type written two ways (`nullable` against
`anyOf [.., null]`, a `$ref` against an inline object) says nothing. The report therefore
compares what each side *has*, operation by operation:

- operations: matched by method + path template with the path parameters' names dropped
  (`/v1/endpoints/{endpointId}` and `/v1/endpoints/{id}` are one route), so an operation
  both describe is never listed as one side's only;
- query and header parameters (by name; headers case-insensitive);
- fields of the request body and of the success answer (dotted paths, `[]` for array items;
  all branches of a union count; below a field one side leaves open (`{}`, an object
  without properties) the other side's fields are not lag);
- enum values (`enum`, or `const`) where both sides close a field's values.

Each finding is a `Change` in a normal `Report`, so every format works (JUnit: one case per
operation; GitHub: annotations). Kinds, registered in `togen.drift.rules.lag_kinds`: what
the SDK calls and the spec lacks is `lag-*-missing` (potentially breaking: a client
generated from the spec cannot do it); what the spec has and the SDK does not call is
`lag-*-not-in-sdk` (non-breaking). The
JSON report adds `lag`: the SDK's package and version and the findings grouped by resource
(the SDK's dotted resource, e.g. `endpoints.deployments`; the spec's configured name for an
operation only the spec has), which the Markdown and HTML reports show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from togen.core.errors import SpecError
from togen.drift.model import Change, Level, Report, SpecInfo
from togen.drift.rules import RULES, rule
from togen.spec.ir import API, Operation
from togen.spec.schema import resolve_pointer
from togen.spec.view import SchemaView

_PATH_PARAM = re.compile(r"{[^}/]+}")
_MAX_DEPTH = 10
OPEN = None  # a field whose values are not closed by an enum


def is_lag(old: str, new: str) -> bool:
    """Exactly one of the two sources is an SDK: the lag report, not a version diff."""
    return old.startswith("sdk:") != new.startswith("sdk:")


def route(op: Operation) -> tuple[str, str]:
    return op.method, _PATH_PARAM.sub("{}", op.effective_path)


@dataclass
class LagReport(Report):
    sdk: dict[str, str] = field(default_factory=dict)
    spec_name: str = ""
    resource_of: dict[str, str] = field(default_factory=dict)  # operation signature -> resource

    def resources(self) -> list[dict[str, Any]]:
        grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for change in self.changes:
            resource = self.resource_of.get(change.operation, "")
            side = "sdk_only" if change.kind.endswith("-missing") else "spec_only"
            entry = grouped.setdefault(resource, {"sdk_only": [], "spec_only": []})
            entry[side].append(change.as_dict())
        return [{"resource": name, **grouped[name]} for name in sorted(grouped)]

    def lag_summary(self) -> dict[str, int]:
        counts = dict.fromkeys((kind for scope, kind in RULES if scope == "lag"), 0)
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return counts

    def render(self, fmt: str, fail_on: Level | None = None) -> str:
        """JSON, JUnit and GitHub as any drift report; Markdown and HTML by resource."""
        from togen.drift.render import MARKDOWN_LIMIT, _environment, render

        if fmt not in ("md", "html"):
            return render(self, fmt, fail_on)
        data = self.as_dict()
        template = _environment(fmt == "html").get_template(f"lag.{fmt}.jinja")
        return template.render(report=data, lag=data["lag"], limit=MARKDOWN_LIMIT)

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["lag"] = {
            "sdk": self.sdk,
            "spec": self.spec_name,
            "summary": self.lag_summary(),
            "resources": self.resources(),
        }
        return data


def lag_drift(old: str, new: str, severity: list[tuple[str | None, str, Level]] | None = None) -> LagReport:
    """Load both sources (the public spec as published: no project overlays) and compare."""
    from togen.drift.api import load
    from togen.drift.policy import apply_policy

    old_api, new_api = load(old, []), load(new, [])
    report = lag_report(old_api, new_api, sdk_is_new=new.startswith("sdk:"))
    apply_policy(report, severity=severity, scope="lag")
    return report


def lag_report(old: API, new: API, *, sdk_is_new: bool = True) -> LagReport:
    spec, sdk = (old, new) if sdk_is_new else (new, old)
    report = LagReport(_info(old), _info(new))
    report.spec_name = spec.spec_name
    meta = sdk.document.get("x-togen-sdk") or {}
    report.sdk = {"package": str(meta.get("package", "")), "version": str(meta.get("version", ""))}
    comparison = _Comparison(spec, sdk, sdk_is_new, report)
    comparison.run()
    return report


def _info(api: API) -> SpecInfo:
    return SpecInfo(api.spec_name, api.spec_sha256, len(api.all_operations), len(api.schemas))


def _raw(api: API, ptr: str) -> dict[str, Any]:
    try:
        node = resolve_pointer(api.document, ptr)
    except SpecError:
        return {}
    return node if isinstance(node, dict) else {}


class _Comparison:
    def __init__(self, spec: API, sdk: API, sdk_is_new: bool, report: LagReport) -> None:
        self.spec, self.sdk, self.sdk_is_new, self.report = spec, sdk, sdk_is_new, report

    def run(self) -> None:
        spec_ops = {route(op): op for op in self.spec.all_operations}
        sdk_ops = {route(op): op for op in self.sdk.all_operations}
        signatures = set()
        for key in sorted(set(spec_ops) | set(sdk_ops)):
            spec_op, sdk_op = spec_ops.get(key), sdk_ops.get(key)
            shown = spec_op or sdk_op
            assert shown is not None
            signature = f"{key[0]} {shown.effective_path}"
            signatures.add(signature)
            self.report.resource_of[signature] = self._resource(spec_op, sdk_op)
            if spec_op is None and sdk_op is not None:
                method = self._sdk_method(sdk_op)
                self.add(
                    "lag-operation-missing",
                    signature,
                    "operation",
                    "",
                    None,
                    sdk_op.pointer,
                    f"the SDK calls {signature} (`{method}`); the spec lacks it",
                )
                self._listed(signature, sdk_only=True)
            elif sdk_op is None and spec_op is not None:
                self.add(
                    "lag-operation-not-in-sdk",
                    signature,
                    "operation",
                    "",
                    spec_op.pointer,
                    None,
                    f"the spec has {signature} ({spec_op.key}); no SDK method calls it",
                )
                self._listed(signature, sdk_only=False)
            elif spec_op is not None and sdk_op is not None:
                before = len(self.report.changes)
                self._compare(signature, spec_op, sdk_op)
                if len(self.report.changes) > before:
                    self.report.operations_changed.append(signature)
        self.report.all_operations = sorted(signatures)

    def _listed(self, signature: str, *, sdk_only: bool) -> None:
        in_new = sdk_only == self.sdk_is_new
        (self.report.operations_added if in_new else self.report.operations_removed).append(signature)

    def _sdk_method(self, op: Operation) -> str:
        return str(_raw(self.sdk, op.pointer).get("x-togen-sdk-method", ".".join(op.name)))

    def _resource(self, spec_op: Operation | None, sdk_op: Operation | None) -> str:
        if sdk_op is not None:
            return self._sdk_method(sdk_op).rpartition(".")[0] or "client"
        assert spec_op is not None
        return ".".join(spec_op.resource) or "client"

    def add(
        self,
        kind: str,
        operation: str,
        location: str,
        path: str,
        spec_pointer: str | None,
        sdk_pointer: str | None,
        message: str,
        spec_value: Any = None,
        sdk_value: Any = None,
    ) -> None:
        level = rule("lag", kind).level
        pointers = (spec_pointer, sdk_pointer) if self.sdk_is_new else (sdk_pointer, spec_pointer)
        values = (spec_value, sdk_value) if self.sdk_is_new else (sdk_value, spec_value)
        self.report.changes.append(
            Change(kind, level, operation, location, path, pointers[0], pointers[1], message, *values)
        )

    # -- one operation both describe ------------------------------------------------------------
    def _compare(self, signature: str, spec_op: Operation, sdk_op: Operation) -> None:
        spec_params = _parameters(spec_op)
        sdk_params = _parameters(sdk_op)
        for key in sorted(set(sdk_params) - set(spec_params)):
            where, name = key
            self.add(
                "lag-parameter-missing",
                signature,
                f"{where} parameter `{name}`",
                "",
                None,
                sdk_params[key],
                f"the SDK sends {where} parameter `{name}`; the spec lacks it",
            )
        for key in sorted(set(spec_params) - set(sdk_params)):
            where, name = key
            self.add(
                "lag-parameter-not-in-sdk",
                signature,
                f"{where} parameter `{name}`",
                "",
                spec_params[key],
                None,
                f"the spec has {where} parameter `{name}`; the SDK does not send it",
            )
        spec_body = spec_op.request_body.schema if spec_op.request_body else None
        sdk_body = sdk_op.request_body.schema if sdk_op.request_body else None
        if spec_body is not None and sdk_body is not None:
            self._fields(signature, "request body", spec_body, sdk_body, "sends")
        spec_answer, status = _answer(spec_op)
        sdk_answer, _ = _answer(sdk_op)
        if spec_answer is not None and sdk_answer is not None:
            self._fields(signature, f"response {status}", spec_answer, sdk_answer, "reads")

    def _fields(self, signature: str, location: str, spec_schema: Any, sdk_schema: Any, verb: str) -> None:
        spec_fields = _Fields(self.spec).collect(spec_schema)
        sdk_fields = _Fields(self.sdk).collect(sdk_schema)
        if spec_fields.opaque_root or sdk_fields.opaque_root:
            return
        for path in sorted(set(sdk_fields.values) - set(spec_fields.values)):
            if spec_fields.covers(path) or _parent_missing(path, spec_fields, sdk_fields):
                continue
            self.add(
                "lag-field-missing",
                signature,
                location,
                path,
                None,
                None,
                f"the SDK {verb} `{path}`; the spec lacks it",
            )
        for path in sorted(set(spec_fields.values) - set(sdk_fields.values)):
            if sdk_fields.covers(path) or _parent_missing(path, sdk_fields, spec_fields):
                continue
            self.add(
                "lag-field-not-in-sdk",
                signature,
                location,
                path,
                None,
                None,
                f"the spec has `{path}`; the SDK does not {verb.removesuffix('s')} it",
            )
        for path in sorted(set(spec_fields.values) & set(sdk_fields.values)):
            spec_values, sdk_values = spec_fields.values[path], sdk_fields.values[path]
            if not spec_values or not sdk_values:  # open (None) or never closed on one side
                continue
            where = f"`{path}`" if path else "the value"
            for value in sorted(sdk_values - spec_values, key=repr):
                self.add(
                    "lag-enum-value-missing",
                    signature,
                    location,
                    path,
                    None,
                    None,
                    f"the SDK allows {value!r} for {where}; the spec's enum lacks it",
                    None,
                    value,
                )
            for value in sorted(spec_values - sdk_values, key=repr):
                self.add(
                    "lag-enum-value-not-in-sdk",
                    signature,
                    location,
                    path,
                    None,
                    None,
                    f"the spec allows {value!r} for {where}; the SDK's enum lacks it",
                    value,
                    None,
                )


def _parameters(op: Operation) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for parameter in op.parameters:
        if parameter.location in ("query", "header"):
            name = parameter.name.lower() if parameter.location == "header" else parameter.name
            found[parameter.location, name] = parameter.pointer
    return found


def _answer(op: Operation) -> tuple[Any, str]:
    for response in op.success_responses:
        for content in response.contents:
            if content.kind == "json" and content.schema is not None:
                return content.schema, response.status
    return None, ""


def _parent_missing(path: str, lacking: _Fields, having: _Fields) -> bool:
    """True when an ancestor of `path` is itself missing from `lacking` (reported there)."""
    parent = _parent(path)
    while parent is not None:
        if parent in having.values and parent not in lacking.values:
            return True
        parent = _parent(parent)
    return False


def _parent(path: str) -> str | None:
    if not path:
        return None
    if path.endswith("[]"):
        return path[:-2]
    head, dot, _ = path.rpartition(".")
    return head if dot else ""


class _Fields:
    """Field paths of a schema -> their closed set of values (or OPEN), and the paths whose
    schema leaves everything below open."""

    def __init__(self, api: API) -> None:
        self.api = api
        self.values: dict[str, frozenset[Any] | None] = {}
        self.opaque: set[str] = set()
        self.opaque_root = False

    def collect(self, schema: Any) -> _Fields:
        self._walk(schema, "", 0, ())
        self.opaque_root = "" in self.opaque
        return self

    def covers(self, path: str) -> bool:
        """True when a proper ancestor of `path` is left open here (anything goes below it)."""
        parent = _parent(path)
        while parent is not None:
            if parent in self.opaque:
                return True
            parent = _parent(parent)
        return False

    def _walk(self, schema: Any, path: str, depth: int, refs: tuple[str, ...]) -> None:
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return
        view = self.api.view(schema)
        if view.ref is not None:
            if view.ref in refs:
                return
            refs = (*refs, view.ref)
        for part in (*view.all_of, *view.branches):
            self._walk(part.written, path, depth + 1, refs)
        for name, sub in view.properties.items():
            child = f"{path}.{name}" if path else name
            self.values.setdefault(child, frozenset())
            self._walk(sub.written, child, depth + 1, refs)
        if view.items is not None:
            self.values.setdefault(f"{path}[]", frozenset())
            self._walk(view.items.written, f"{path}[]", depth + 1, refs)
        if (
            view.all_of
            or view.branches
            or "properties" in view.schema
            or view.items is not None
            or view.declared == ("null",)
        ):
            return
        # a leaf: its values are closed by an enum or const, else open
        values = _closed_values(view)
        if path:
            previous = self.values.get(path, frozenset())
            self.values[path] = OPEN if values is OPEN or previous is OPEN else previous | values
        if view.declared in ((), ("object",)) and values is OPEN:
            self.opaque.add(path)


def _closed_values(view: SchemaView) -> frozenset[Any] | None:
    if view.enum is not None:
        return frozenset(v for v in view.enum if isinstance(v, (str, int, float, bool)))
    if view.has_const and isinstance(view.const, (str, int, float, bool)):
        return frozenset([view.const])
    return OPEN
