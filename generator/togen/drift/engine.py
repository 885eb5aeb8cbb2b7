"""Compare two IRs: operations, parameters, bodies and responses, then the client surface.

Operations are matched by method + effective path with path parameters reduced to
their position (`/v1/endpoints/{id}` and `/endpoints/{endpointId}` under a `/v1`
server are the same operation), so moving `/v1` between servers and paths, or
renaming a path parameter, is not a removal. Error responses (4xx, 5xx, `default`) are
compared like success responses, their changes capped at potentially breaking. Every kind
added here is registered in `togen.drift.rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from togen.core.errors import SpecError
from togen.drift.canonical import Canonicalizer
from togen.drift.deprecation import removal_note, removal_suffix, sunset_of, sunset_too_soon
from togen.drift.messages import describe
from togen.drift.model import BREAKING, NON_BREAKING, POTENTIAL, Change, Level, Report, SpecInfo
from togen.drift.rules import SCHEMA_RULE_NAMES, Direction, cap, rule
from togen.drift.schemas import RawChange, SchemaDiff, render_path
from togen.drift.surface import surface_changes
from togen.drift.unchanged import Unchanged
from togen.spec.ir import API, Operation, Parameter, Response
from togen.spec.normalize import schema_class_name
from togen.spec.schema import resolve_pointer

_PATH_PARAM = re.compile(r"{([^}/]+)}")


def operation_key(op: Operation) -> tuple[str, str]:
    return op.method, _PATH_PARAM.sub("{}", op.effective_path)


def spec_info(api: API) -> SpecInfo:
    return SpecInfo(api.spec_name, api.spec_sha256, len(api.all_operations), len(api.schemas))


@dataclass(frozen=True)
class DiffOptions:
    deprecation_days: int | None = None  # flag new deprecations whose sunset is nearer


_REMOVAL_LEVELS: dict[str, Level] = {
    "-after-deprecation": POTENTIAL,
    "-before-sunset": BREAKING,
    "-after-sunset": NON_BREAKING,
}


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


def diff_apis(old: API, new: API, options: DiffOptions | None = None, focus: Focus | None = None) -> Report:
    """The drift report from `old` to `new` (of the `focus` only, when given)."""
    engine = _Engine(old, new, options or DiffOptions(), focus)
    return engine.run()


def _raw(api: API, ptr: str | None) -> Any:
    """The spec's own mapping at a pointer (None when absent)."""
    if not ptr:
        return None
    try:
        return resolve_pointer(api.document, ptr)
    except SpecError:
        return None


class _Engine:
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
        )
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
                    _raw(self.old_api, old.pointer), _raw(self.new_api, new.pointer)
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
                sunset = sunset_of(_raw(self.old_api, op.pointer))
                suffix = removal_suffix(op.deprecated, sunset)
                self.add(
                    f"operation-removed{suffix}",
                    _REMOVAL_LEVELS.get(suffix, BREAKING),
                    op,
                    "operation",
                    "",
                    op.pointer,
                    None,
                    f"operation {op.signature} ({op.key}) was removed{removal_note(op.deprecated, sunset)}",
                    sunset.isoformat() if sunset else None,
                )
        for key, op in new_ops.items():
            if key not in old_ops:
                report.operations_added.append(op.signature)
                self.add(
                    "operation-added",
                    NON_BREAKING,
                    op,
                    "operation",
                    "",
                    None,
                    op.pointer,
                    f"operation {op.signature} ({op.key}) was added",
                )
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
        )
        return report

    def add(
        self,
        kind: str,
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
        rule("api", kind)  # every kind is registered (and so documented)
        self.changes.append(
            Change(
                kind,
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
        if new.deprecated and not old.deprecated:
            self.add(
                "operation-deprecated",
                NON_BREAKING,
                new,
                "operation",
                "",
                old.pointer,
                new.pointer,
                f"{new.signature} is now deprecated",
            )
            self.check_sunset(new, "operation", "", old.pointer, new.pointer, _raw(self.new_api, new.pointer))
        if new.requires_auth and not old.requires_auth:
            self.add(
                "operation-auth-added",
                BREAKING,
                new,
                "operation",
                "",
                old.pointer,
                new.pointer,
                f"{new.signature} now requires authentication",
            )
        self.compare_parameters(old, new)
        self.compare_request_body(old, new)
        self.compare_responses(old, new)

    def check_sunset(
        self, op: Operation, where: str, path: str, old_ptr: str | None, new_ptr: str | None, raw: Any
    ) -> None:
        """With `--deprecation-days N`: a new deprecation whose sunset is under N days away."""
        sunset = sunset_of(raw)
        if not sunset_too_soon(sunset, self.options.deprecation_days):
            return
        what = (
            f"sunset {sunset.isoformat()} is less than {self.options.deprecation_days} days away"
            if sunset
            else "no sunset date"
        )
        self.add(
            "deprecation-sunset-too-soon",
            BREAKING,
            op,
            where,
            path,
            old_ptr,
            new_ptr,
            f"{where} deprecated with {what}",
            None,
            sunset.isoformat() if sunset else None,
        )

    def compare_parameters(self, old: Operation, new: Operation) -> None:
        old_path = [_param(old, name) for name in _PATH_PARAM.findall(old.path)]
        new_path = [_param(new, name) for name in _PATH_PARAM.findall(new.path)]
        for index, (op_, np_) in enumerate(zip(old_path, new_path, strict=False)):
            if op_ is None or np_ is None:
                continue
            if op_.name != np_.name:
                self.add(
                    "path-parameter-renamed",
                    NON_BREAKING,
                    new,
                    f"path parameter {index + 1}",
                    "",
                    op_.pointer,
                    np_.pointer,
                    f"path parameter {index + 1} renamed from `{op_.name}` to `{np_.name}`",
                    op_.name,
                    np_.name,
                )
            self.compare_schema(new, f"path parameter `{np_.name}`", op_, np_, "request")
        old_other = {(p.location, _wire(p)): p for p in old.parameters if p.location != "path"}
        new_other = {(p.location, _wire(p)): p for p in new.parameters if p.location != "path"}
        for key, p in old_other.items():
            if key not in new_other:
                where = f"{p.location} parameter `{p.name}`"
                sunset = sunset_of(_raw(self.old_api, p.pointer))
                suffix = removal_suffix(p.deprecated, sunset)
                # An optional parameter the server stops reading: old calls still succeed.
                level = _REMOVAL_LEVELS.get(suffix) or (BREAKING if p.required else POTENTIAL)
                self.add(
                    f"parameter-removed{suffix}",
                    level,
                    new,
                    where,
                    "",
                    p.pointer,
                    new.pointer,
                    f"{where} was removed{removal_note(p.deprecated, sunset)}",
                    p.name,
                )
        for key, p in new_other.items():
            where = f"{p.location} parameter `{p.name}`"
            old_p = old_other.get(key)
            if old_p is None:
                if p.required:
                    self.add(
                        "parameter-required-added",
                        BREAKING,
                        new,
                        where,
                        "",
                        old.pointer,
                        p.pointer,
                        f"required {where} was added",
                        None,
                        p.name,
                    )
                else:
                    self.add(
                        "parameter-added",
                        NON_BREAKING,
                        new,
                        where,
                        "",
                        old.pointer,
                        p.pointer,
                        f"optional {where} was added",
                        None,
                        p.name,
                    )
                continue
            if p.deprecated and not old_p.deprecated:
                self.add(
                    "parameter-deprecated",
                    NON_BREAKING,
                    new,
                    where,
                    "",
                    old_p.pointer,
                    p.pointer,
                    f"{where} is now deprecated",
                )
                self.check_sunset(new, where, "", old_p.pointer, p.pointer, _raw(self.new_api, p.pointer))
            if p.required != old_p.required:
                if p.required:
                    self.add(
                        "parameter-became-required",
                        BREAKING,
                        new,
                        where,
                        "",
                        old_p.pointer,
                        p.pointer,
                        f"{where} is now required",
                        False,
                        True,
                    )
                else:
                    self.add(
                        "parameter-became-optional",
                        NON_BREAKING,
                        new,
                        where,
                        "",
                        old_p.pointer,
                        p.pointer,
                        f"{where} is now optional",
                        True,
                        False,
                    )
            self.compare_schema(new, where, old_p, p, "request")

    def compare_request_body(self, old: Operation, new: Operation) -> None:
        ob, nb = old.request_body, new.request_body
        if ob is None and nb is None:
            return
        if ob is None and nb is not None:
            if nb.required:
                self.add(
                    "request-body-required-added",
                    BREAKING,
                    new,
                    "request body",
                    "",
                    old.pointer,
                    nb.pointer,
                    f"a required request body ({nb.media_type}) was added",
                    None,
                    nb.media_type,
                )
            else:
                self.add(
                    "request-body-added",
                    NON_BREAKING,
                    new,
                    "request body",
                    "",
                    old.pointer,
                    nb.pointer,
                    f"an optional request body ({nb.media_type}) was added",
                    None,
                    nb.media_type,
                )
            return
        if nb is None and ob is not None:
            self.add(
                "request-body-removed",
                BREAKING,
                new,
                "request body",
                "",
                ob.pointer,
                new.pointer,
                f"the request body ({ob.media_type}) was removed",
                ob.media_type,
            )
            return
        assert ob is not None and nb is not None
        if ob.kind != nb.kind:
            self.add(
                "request-body-media-type-changed",
                BREAKING,
                new,
                "request body",
                "",
                ob.pointer,
                nb.pointer,
                f"the request body changed from {ob.media_type} to {nb.media_type}",
                ob.media_type,
                nb.media_type,
            )
            return
        if nb.required and not ob.required:
            self.add(
                "request-body-became-required",
                BREAKING,
                new,
                "request body",
                "",
                ob.pointer,
                nb.pointer,
                "the request body is now required",
                False,
                True,
            )
        self.compare_schema(new, "request body", ob, nb, "request")

    def compare_responses(self, old: Operation, new: Operation) -> None:
        old_by = {r.status: r for r in old.responses}
        new_by = {r.status: r for r in new.responses}
        pairs = [(old_by[s], new_by[s]) for s in old_by if s in new_by]
        old_left = [r for s, r in old_by.items() if s not in new_by]
        new_left = [r for s, r in new_by.items() if s not in old_by]
        old_ok = [r for r in old_left if _is_success(r)]
        new_ok = [r for r in new_left if _is_success(r)]
        if len(old_ok) == 1 and len(new_ok) == 1:
            o, n = old_ok[0], new_ok[0]
            self.add(
                "response-status-changed",
                POTENTIAL,
                new,
                f"response {n.status}",
                "",
                o.pointer,
                n.pointer,
                f"the success status changed from {o.status} to {n.status}",
                o.status,
                n.status,
            )
            pairs.append((o, n))
            old_left.remove(o)
            new_left.remove(n)
        for r in old_left:
            success = _is_success(r)
            self.add(
                "response-status-removed",
                BREAKING if success else NON_BREAKING,
                new,
                f"response {r.status}",
                "",
                r.pointer,
                new.pointer,
                f"response {r.status} was removed",
                r.status,
            )
        for r in new_left:
            success = _is_success(r)
            self.add(
                "response-status-added",
                POTENTIAL if success else NON_BREAKING,
                new,
                f"response {r.status}",
                "",
                old.pointer,
                r.pointer,
                f"response {r.status} was added",
                None,
                r.status,
            )
        for o, n in pairs:
            error = not (_is_success(o) or _is_success(n))
            self.compare_response(new, o, n, "error-response" if error else "response")

    def compare_response(self, op: Operation, old: Response, new: Response, direction: Direction) -> None:
        """Success and error responses alike; an error body's changes are capped at
        potentially breaking (clients mostly read the message of an error)."""
        where = f"response {new.status}"
        ceiling = POTENTIAL if direction == "error-response" else None
        if old.kind != new.kind:
            streams = {old.kind, new.kind} == {"json", "sse"}
            self.add(
                "response-kind-changed",
                BREAKING,
                op,
                where,
                "",
                old.pointer,
                new.pointer,
                f"{where} changed from {old.kind} to {new.kind}" + (" (streaming)" if streams else ""),
                old.kind,
                new.kind,
                ceiling,
            )
        old_json, new_json = old.content("json"), new.content("json")
        if old_json is not None and new_json is not None and old_json.schema and new_json.schema:
            self.compare_schema(op, where, old_json, new_json, direction)
        old_sse, new_sse = old.content("sse"), new.content("sse")
        if old_sse is not None and new_sse is None and old.kind == new.kind:
            self.add(
                "response-stream-removed",
                BREAKING,
                op,
                where,
                "",
                old_sse.pointer,
                new.pointer,
                f"{where} no longer streams ({old_sse.media_type})",
                old_sse.media_type,
                None,
                ceiling,
            )
        elif old_sse is None and new_sse is not None and old.kind == new.kind:
            self.add(
                "response-stream-added",
                NON_BREAKING,
                op,
                where,
                "",
                old.pointer,
                new_sse.pointer,
                f"{where} can now stream ({new_sse.media_type})",
                None,
                new_sse.media_type,
            )
        elif (
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
        for raw in changes:
            path = render_path(raw.path)
            kind = f"{direction}-{raw.rule}" if raw.rule in SCHEMA_RULE_NAMES else raw.rule
            key = (kind, path, repr(raw.old_value), repr(raw.new_value))
            if key in seen:
                continue
            seen.add(key)
            self.add(
                kind,
                raw.level,
                op,
                where,
                path,
                raw.old_pointer,
                raw.new_pointer,
                describe(raw, direction, where, path),
                raw.old_value,
                raw.new_value,
                POTENTIAL if direction == "error-response" else None,
            )


def _param(op: Operation, name: str) -> Parameter | None:
    return next((p for p in op.parameters if p.location == "path" and p.name == name), None)


def _wire(p: Parameter) -> str:
    return p.name.lower() if p.location == "header" else p.name


def _is_success(response: Response) -> bool:
    return response.is_success or response.kind in ("redirect", "websocket")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)
