"""The walk of two IRs that the API rules read: operations, parameters, bodies and responses,
then the client surface.

The walk matches what is compared with what and calls the detectors of `togen.drift.rules`
at each site (`togen.drift.sites`); each finding becomes a report `Change`, worded by its
rule's message. Operations are matched by method + effective path with path parameters reduced to
their position (`/v1/endpoints/{id}` and `/endpoints/{endpointId}` under a `/v1`
server are the same operation), so moving `/v1` between servers and paths, or
renaming a path parameter, is not a removal. Error responses (4xx, 5xx, `default`) are
compared like success responses, their changes capped at potentially breaking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from togen.drift.canonical import Canonicalizer
from togen.drift.model import POTENTIAL, Change, Level, Report, SpecInfo
from togen.drift.registry import Direction, Rule, Site, cap, show
from togen.drift.rules import REGISTRY  # importing the rules registers their detectors
from togen.drift.schema_walk import SchemaDiff, render_path
from togen.drift.sites import (
    BodyPair,
    Found,
    OperationPair,
    ParameterPair,
    PathParameterPair,
    RawChange,
    ResponsePair,
    Specs,
    StatusPair,
    is_success,
    raw_at,
)
from togen.drift.surface import surface_changes
from togen.drift.unchanged import Unchanged
from togen.spec.ir import API, Operation, Parameter, Response
from togen.spec.normalize import schema_class_name

_PATH_PARAM = re.compile(r"{([^}/]+)}")


def operation_key(op: Operation) -> tuple[str, str]:
    return op.method, _PATH_PARAM.sub("{}", op.effective_path)


def spec_info(api: API) -> SpecInfo:
    return SpecInfo(api.spec_name, api.spec_sha256, len(api.all_operations), len(api.schemas))


@dataclass(frozen=True)
class DiffOptions:
    deprecation_days: int | None = None  # flag new deprecations whose sunset is nearer


@dataclass(frozen=True)
class Focus:
    """The parts of two APIs a diff has to look at; everything else is taken as unchanged.

    `togen.drift.api` asks the diff of the upstream specs (no overlays) only whether it has
    the changes the overlaid diff found: the operations and client symbols those name. The
    changes of one operation, method or model depend on it alone, so what a focused diff
    reports of them is what the whole diff would."""

    operations: frozenset[str]  # signatures: "POST /v1/chat/completions"
    methods: frozenset[str]  # operation keys: "chat.completions.create"
    models: frozenset[str]  # class names: "ChatCompletionRequest"

    @classmethod
    def of(cls, report: Report) -> Focus:
        symbols = [s.symbol for s in report.surface]
        return cls(
            operations=frozenset(c.operation for c in report.changes),
            methods=frozenset(
                s.removeprefix("client.").split("(")[0] for s in symbols if s.startswith("client.")
            ),
            models=frozenset(s.split(".")[1] for s in symbols if s.startswith("models.")),
        )

    def without(self, other: Focus) -> Focus:
        """This focus but for what `other` names."""
        return Focus(
            self.operations - other.operations, self.methods - other.methods, self.models - other.models
        )


def diff_apis(old: API, new: API, options: DiffOptions | None = None, focus: Focus | None = None) -> Report:
    """The drift report from `old` to `new` (of the `focus` only, when given)."""
    walk = _OperationWalk(old, new, options or DiffOptions(), focus)
    return walk.run()


class _OperationWalk:
    def __init__(self, old: API, new: API, options: DiffOptions, focus: Focus | None = None) -> None:
        self.old_api = old
        self.new_api = new
        self.options = options
        self.focus = focus
        self._same: dict[tuple[int, int], bool] = {}
        self.old_canon = Canonicalizer(old.document)
        self.new_canon = Canonicalizer(new.document)
        self.unchanged = Unchanged(old.document, new.document)
        self.schemas = SchemaDiff(
            self.old_canon,
            self.new_canon,
            deprecation_days=options.deprecation_days,
            same_component=self.unchanged.component,
            same_raw=self.unchanged.raw,
        )
        self.specs = Specs(old, new, options.deprecation_days)
        self.changes: list[Change] = []

    def same_operation(self, old: Operation, new: Operation) -> bool:
        """True when the operation and every schema it references are byte-identical (or
        the operation is out of focus). Asked for each operation twice: answered once."""
        key = (id(old), id(new))
        same = self._same.get(key)
        if same is None:
            if self.focus is not None and not (
                new.signature in self.focus.operations or new.key in self.focus.methods
            ):
                same = True
            else:
                same = old.requires_auth == new.requires_auth and self.unchanged.raw(
                    raw_at(self.old_api, old.pointer), raw_at(self.new_api, new.pointer)
                )
            self._same[key] = same
        return same

    def same_component(self, name: str) -> bool:
        """True when the component is the same in both (or its model is out of focus)."""
        if self.focus is not None and schema_class_name(name) not in self.focus.models:
            return True
        return self.unchanged.component(name)

    def run(self) -> Report:
        old_ops = {operation_key(op): op for op in self.old_api.all_operations}
        new_ops = {operation_key(op): op for op in self.new_api.all_operations}
        report = Report(spec_info(self.old_api), spec_info(self.new_api))
        report.all_operations = sorted({op.signature for op in [*old_ops.values(), *new_ops.values()]})
        for key, op in old_ops.items():
            if key not in new_ops:
                report.operations_removed.append(op.signature)
                self.detect("operation", OperationPair(self.specs, op, None))
        for key, op in new_ops.items():
            if key not in old_ops:
                report.operations_added.append(op.signature)
                self.detect("operation", OperationPair(self.specs, None, op))
        pairs = [(old_ops[key], new_ops[key]) for key in old_ops if key in new_ops]
        for old_op, new_op in pairs:
            if self.same_operation(old_op, new_op):
                continue  # nothing it reads changed: nothing to compare
            before = len(self.changes)
            self.compare_operation(old_op, new_op)
            if len(self.changes) > before:
                report.operations_changed.append(new_op.signature)
        report.operations_added.sort()
        report.operations_removed.sort()
        report.operations_changed.sort()
        report.changes = sorted(self.changes, key=Change.sort_key)
        report.surface = surface_changes(
            self.old_api,
            self.new_api,
            pairs,
            old_ops,
            new_ops,
            self.old_canon,
            self.new_canon,
            self.same_operation,
            self.same_component,
            self.unchanged.raw,
        )
        return report

    def detect(self, site: Site, pair: Any, ceiling: Level | None = None) -> None:
        """Run the detectors of `site` on `pair`; each finding becomes a change of the pair's
        operation (the new one, or the old one when it was removed)."""
        op_pair: OperationPair = pair if isinstance(pair, OperationPair) else pair.op
        op = op_pair.new or op_pair.old
        assert op is not None
        for detect in REGISTRY.detectors[site]:
            for found in detect(pair):
                self.add_found(op, found, ceiling)

    def add_found(self, op: Operation, found: Found, ceiling: Level | None) -> None:
        facts = {
            "where": found.location,
            "old": found.old_value,
            "new": found.new_value,
            "signature": op.signature,
            "key": op.key,
            "days": self.options.deprecation_days,
            **found.facts,
        }
        self.add(
            found.rule,
            found.level or found.rule.level,
            op,
            found.location,
            "",
            found.old_pointer,
            found.new_pointer,
            found.rule.say(facts),
            found.old_value,
            found.new_value,
            ceiling,
        )

    def add(
        self,
        rule: Rule,
        level: Level,
        op: Operation,
        location: str,
        path: str,
        old_pointer: str | None,
        new_pointer: str | None,
        message: str,
        old_value: Any = None,
        new_value: Any = None,
        ceiling: Level | None = None,
    ) -> None:
        self.changes.append(
            Change(
                rule.kind,
                cap(level, ceiling) if ceiling else level,
                op.signature,
                location,
                path,
                old_pointer,
                new_pointer,
                message,
                _jsonable(old_value),
                _jsonable(new_value),
                op.origin,
            )
        )

    # -- operations

    def compare_operation(self, old: Operation, new: Operation) -> None:
        pair = OperationPair(self.specs, old, new)
        self.detect("operation", pair)
        self.compare_parameters(pair, old, new)
        self.compare_request_body(pair, old, new)
        self.compare_responses(pair, old, new)

    def compare_parameters(self, pair: OperationPair, old: Operation, new: Operation) -> None:
        old_path = [_param(old, name) for name in _PATH_PARAM.findall(old.path)]
        new_path = [_param(new, name) for name in _PATH_PARAM.findall(new.path)]
        for index, (op_, np_) in enumerate(zip(old_path, new_path, strict=False)):
            if op_ is None or np_ is None:
                continue
            self.detect("path-parameter", PathParameterPair(pair, index + 1, op_, np_))
            self.compare_schema(new, f"path parameter `{np_.name}`", op_, np_, "request")
        old_other = {(p.location, _wire(p)): p for p in old.parameters if p.location != "path"}
        new_other = {(p.location, _wire(p)): p for p in new.parameters if p.location != "path"}
        for key, p in old_other.items():
            if key not in new_other:
                self.detect("parameter", ParameterPair(pair, f"{p.location} parameter `{p.name}`", p, None))
        for key, p in new_other.items():
            where = f"{p.location} parameter `{p.name}`"
            old_p = old_other.get(key)
            self.detect("parameter", ParameterPair(pair, where, old_p, p))
            if old_p is not None:
                self.compare_schema(new, where, old_p, p, "request")

    def compare_request_body(self, pair: OperationPair, old: Operation, new: Operation) -> None:
        ob, nb = old.request_body, new.request_body
        if ob is None and nb is None:
            return
        self.detect("request-body", BodyPair(pair, ob, nb))
        if ob is not None and nb is not None and ob.kind == nb.kind:
            self.compare_schema(new, "request body", ob, nb, "request")

    def compare_responses(self, pair: OperationPair, old: Operation, new: Operation) -> None:
        old_by = {r.status: r for r in old.responses}
        new_by = {r.status: r for r in new.responses}
        pairs = [(old_by[s], new_by[s]) for s in old_by if s in new_by]
        old_left = [r for s, r in old_by.items() if s not in new_by]
        new_left = [r for s, r in new_by.items() if s not in old_by]
        old_ok = [r for r in old_left if is_success(r)]
        new_ok = [r for r in new_left if is_success(r)]
        if len(old_ok) == 1 and len(new_ok) == 1:  # the lone success status changed
            o, n = old_ok[0], new_ok[0]
            self.detect("response-status", StatusPair(pair, o, n))
            pairs.append((o, n))
            old_left.remove(o)
            new_left.remove(n)
        for r in old_left:
            self.detect("response-status", StatusPair(pair, r, None))
        for r in new_left:
            self.detect("response-status", StatusPair(pair, None, r))
        for o, n in pairs:
            error = not (is_success(o) or is_success(n))
            self.compare_response(pair, o, n, error)

    def compare_response(self, pair: OperationPair, old: Response, new: Response, error: bool) -> None:
        """Success and error responses alike; an error body's changes are capped at
        potentially breaking (clients mostly read the message of an error)."""
        op = pair.new
        assert op is not None
        direction: Direction = "error-response" if error else "response"
        where = f"response {new.status}"
        self.detect("response", ResponsePair(pair, old, new, error), POTENTIAL if error else None)
        old_json, new_json = old.content("json"), new.content("json")
        if old_json is not None and new_json is not None and old_json.schema and new_json.schema:
            self.compare_schema(op, where, old_json, new_json, direction)
        old_sse, new_sse = old.content("sse"), new.content("sse")
        if (
            old_sse is not None
            and new_sse is not None
            and old_sse.stream_chunk_schema
            and new_sse.stream_chunk_schema
        ):
            changes = self.schemas.compare(
                (old_sse.stream_chunk_schema, old_sse.pointer + "/schema"),
                (new_sse.stream_chunk_schema, new_sse.pointer + "/schema"),
                "response",
            )
            self._add_schema_changes(op, f"{where} stream event", changes, direction)

    # -- schemas

    def compare_schema(self, op: Operation, where: str, old: Any, new: Any, direction: Direction) -> None:
        old_ptr = old.pointer if old.pointer.endswith("/schema") else old.pointer + "/schema"
        new_ptr = new.pointer if new.pointer.endswith("/schema") else new.pointer + "/schema"
        semantics: Literal["request", "response"] = "request" if direction == "request" else "response"
        changes = self.schemas.compare((old.schema, old_ptr), (new.schema, new_ptr), semantics)
        self._add_schema_changes(op, where, changes, direction)

    def _add_schema_changes(
        self, op: Operation, where: str, changes: list[RawChange], direction: Direction
    ) -> None:
        seen: set[tuple[Any, ...]] = set()
        schema_rules = REGISTRY.schema_rules
        for raw in changes:
            path = render_path(raw.path)
            # A schema rule is reported under its direction; an API rule found in a schema
            # (`deprecation-sunset-too-soon`) as itself.
            kind = f"{direction}-{raw.rule}" if raw.rule in schema_rules else raw.rule
            key = (kind, path, repr(raw.old_value), repr(raw.new_value))
            if key in seen:
                continue
            seen.add(key)
            rule = REGISTRY.rule("api", kind)
            self.add(
                rule,
                raw.level,
                op,
                where,
                path,
                raw.old_pointer,
                raw.new_pointer,
                rule.say(self._schema_facts(raw, direction, where, path)),
                raw.old_value,
                raw.new_value,
                POTENTIAL if direction == "error-response" else None,
            )

    def _schema_facts(self, raw: RawChange, direction: Direction, where: str, path: str) -> dict[str, Any]:
        return {
            "subject": f"{where} `{path}`" if path else where,
            "direction": "response" if direction == "error-response" else direction,
            "old_value": raw.old_value,
            "new_value": raw.new_value,
            "old": show(raw.old_value),
            "new": show(raw.new_value),
            "days": self.options.deprecation_days,
        }


def _param(op: Operation, name: str) -> Parameter | None:
    return next((p for p in op.parameters if p.location == "path" and p.name == name), None)


def _wire(p: Parameter) -> str:
    return p.name.lower() if p.location == "header" else p.name


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)
