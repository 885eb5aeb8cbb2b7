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

The walk here is generic: it hands every route to the detectors registered at the
`lag-operation` site and each body both sides describe to those at the `lag-fields` site
(`togen.drift.lag_sites`), and makes each finding a `Change` worded by its rule's message.
Each kind is one module of `togen.drift.rules` (`lag_rule` and its detector): adding a kind
is one file there. What the SDK calls and the spec lacks is `lag-*-missing` (potentially
breaking: a client generated from the spec cannot do it); what the spec has and the SDK does
not call is `lag-*-not-in-sdk` (non-breaking).

Each finding is a `Change` in a normal `Report`, so every format works (JUnit: one case per
operation; GitHub: annotations). The JSON report adds `lag`: the SDK's package and version,
the count of each kind (coarse to fine: by the grain each rule declares) and the findings
grouped by resource (the SDK's dotted resource, e.g. `endpoints.deployments`; the spec's
configured name for an operation only the spec has), which the Markdown and HTML reports show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from togen.drift.lag_sites import Fields, LagFields, LagFound, LagOperation, sdk_method
from togen.drift.model import Change, Level, Report, SpecInfo
from togen.drift.registry import LAG_GRAINS, LagRule, Site
from togen.drift.rules import REGISTRY, RULES
from togen.spec.ir import API, Operation

_PATH_PARAM = re.compile(r"{[^}/]+}")


def is_lag(old: str, new: str) -> bool:
    """Exactly one of the two sources is an SDK: the lag report, not a version diff. A document
    `togen sdk-spec` wrote is an SDK's too: against `sdk:PACKAGE` it is how the SDK changed."""
    if old.startswith("sdk:") == new.startswith("sdk:"):
        return False
    from togen.core.errors import SpecError
    from togen.drift.api import load

    other = new if old.startswith("sdk:") else old
    try:  # loaded as the lag report loads it: the report's own load is then a cache hit
        return load(other, []).document.get("x-togen-provenance") != "sdk"
    except SpecError:
        return True  # the report's own load says what is wrong with it


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
        counts = dict.fromkeys((rule.kind for rule in lag_rules()), 0)
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


def lag_rules() -> list[LagRule]:
    """The lag rules, coarse to fine (by grain), each grain's `-missing` kind first."""
    rules = [rule for rule in RULES.values() if isinstance(rule, LagRule)]
    return sorted(rules, key=lambda r: (LAG_GRAINS.index(r.grain), not r.kind.endswith("-missing"), r.kind))


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


class _Comparison:
    """The walk: every route at the `lag-operation` site, then the bodies of each operation both
    sides describe at the `lag-fields` site; each finding of a detector becomes a `Change`."""

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
            before = len(self.report.changes)
            self._detect("lag-operation", LagOperation(signature, spec_op, sdk_op, self.sdk), signature)
            if spec_op is None or sdk_op is None:
                self._listed(signature, sdk_only=spec_op is None)
                continue
            self._compare_bodies(signature, spec_op, sdk_op)
            if len(self.report.changes) > before:
                self.report.operations_changed.append(signature)
        self.report.all_operations = sorted(signatures)

    def _listed(self, signature: str, *, sdk_only: bool) -> None:
        in_new = sdk_only == self.sdk_is_new
        (self.report.operations_added if in_new else self.report.operations_removed).append(signature)

    def _resource(self, spec_op: Operation | None, sdk_op: Operation | None) -> str:
        if sdk_op is not None:
            return sdk_method(self.sdk, sdk_op).rpartition(".")[0] or "client"
        assert spec_op is not None
        return ".".join(spec_op.resource) or "client"

    def _detect(self, site: Site, at: Any, signature: str) -> None:
        for detect in REGISTRY.detectors[site]:
            for found in detect(at):
                self._add(found, signature)

    def _add(self, found: LagFound, signature: str) -> None:
        facts = {"signature": signature, "location": found.location, "path": found.path, **found.facts}
        pointers = (found.spec_pointer, found.sdk_pointer)
        values = (found.spec_value, found.sdk_value)
        if not self.sdk_is_new:
            pointers, values = pointers[::-1], values[::-1]
        rule = found.rule
        self.report.changes.append(
            Change(
                rule.kind,
                rule.level,
                signature,
                found.location,
                found.path,
                *pointers,
                rule.say(facts),
                *values,
            )
        )

    def _compare_bodies(self, signature: str, spec_op: Operation, sdk_op: Operation) -> None:
        spec_body = spec_op.request_body.schema if spec_op.request_body else None
        sdk_body = sdk_op.request_body.schema if sdk_op.request_body else None
        if spec_body is not None and sdk_body is not None:
            self._fields(signature, "request body", spec_body, sdk_body, "sends")
        spec_answer, status = _answer(spec_op)
        sdk_answer, _ = _answer(sdk_op)
        if spec_answer is not None and sdk_answer is not None:
            self._fields(signature, f"response {status}", spec_answer, sdk_answer, "reads")

    def _fields(self, signature: str, location: str, spec_schema: Any, sdk_schema: Any, verb: str) -> None:
        spec_fields = Fields(self.spec).collect(spec_schema)
        sdk_fields = Fields(self.sdk).collect(sdk_schema)
        if spec_fields.opaque_root or sdk_fields.opaque_root:
            return
        self._detect("lag-fields", LagFields(signature, location, verb, spec_fields, sdk_fields), signature)


def _answer(op: Operation) -> tuple[Any, str]:
    for response in op.success_responses:
        for content in response.contents:
            if content.kind == "json" and content.schema is not None:
                return content.schema, response.status
    return None, ""
