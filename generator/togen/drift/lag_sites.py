"""The sites of the lag report (`togen.drift.lag`): what its walk hands the detectors of the
`lag` rules (`togen.drift.rules.lag_*`), and what a detector hands back (`LagFound`).

- `lag-operation` (`LagOperation`): every route of either side, once: an operation only the
  SDK calls, only the spec has, or both describe (their query and header parameters);
- `lag-fields` (`LagFields`): the request body and the success answer of an operation both
  describe, each side's field paths collected once (`Fields`), with the paths only one side
  has and the closed value sets both sides have.

The walk adds the operation, orients the spec/SDK pointers and values as old/new and words
the finding with its rule's message over the facts (`signature`, `location`, `path` and the
detector's own).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

from togen.core.errors import SpecError
from togen.drift.registry import Rule
from togen.spec.ir import API, Operation
from togen.spec.schema import resolve_pointer
from togen.spec.view import SchemaView

_MAX_DEPTH = 10
OPEN = None  # a field whose values are not closed by an enum


class LagFound:
    """One finding at a lag site; the walk adds the operation and the message."""

    __slots__ = (
        "rule",
        "location",
        "path",
        "spec_pointer",
        "sdk_pointer",
        "spec_value",
        "sdk_value",
        "facts",
    )

    def __init__(
        self,
        rule: Rule,
        location: str,
        path: str = "",
        *,
        spec_pointer: str | None = None,
        sdk_pointer: str | None = None,
        spec_value: Any = None,
        sdk_value: Any = None,
        facts: dict[str, Any] | None = None,
    ) -> None:
        self.rule = rule
        self.location = location
        self.path = path
        self.spec_pointer = spec_pointer
        self.sdk_pointer = sdk_pointer
        self.spec_value = spec_value
        self.sdk_value = sdk_value
        self.facts = facts if facts is not None else {}  # more facts for the message


def raw(api: API, ptr: str) -> dict[str, Any]:
    """The mapping written at `ptr` ({} when absent)."""
    try:
        node = resolve_pointer(api.document, ptr)
    except SpecError:
        return {}
    return node if isinstance(node, dict) else {}


def sdk_method(sdk: API, op: Operation) -> str:
    """The SDK's dotted method for `op` (`chat.completions.create`)."""
    return str(raw(sdk, op.pointer).get("x-togen-sdk-method", ".".join(op.name)))


class LagOperation:
    """A route of either side: the spec's and the SDK's operation (one of them None when only
    one side has it)."""

    def __init__(self, signature: str, spec_op: Operation | None, sdk_op: Operation | None, sdk: API) -> None:
        self.signature = signature
        self.spec_op = spec_op
        self.sdk_op = sdk_op
        self.sdk = sdk

    @property
    def both(self) -> tuple[Operation, Operation] | None:
        return (self.spec_op, self.sdk_op) if self.spec_op is not None and self.sdk_op is not None else None

    @cached_property
    def spec_parameters(self) -> dict[tuple[str, str], str]:
        """(query or header, name) -> pointer of the spec's parameters (headers in lower case)."""
        return _parameters(self.spec_op)

    @cached_property
    def sdk_parameters(self) -> dict[tuple[str, str], str]:
        return _parameters(self.sdk_op)


def _parameters(op: Operation | None) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for parameter in op.parameters if op is not None else ():
        if parameter.location in ("query", "header"):
            name = parameter.name.lower() if parameter.location == "header" else parameter.name
            found[parameter.location, name] = parameter.pointer
    return found


class LagFields:
    """A body both sides describe (`request body`, `response 200`): its fields on each side.
    `verb` is what the SDK does with them (`sends`, `reads`)."""

    __slots__ = ("signature", "location", "verb", "spec", "sdk")

    def __init__(self, signature: str, location: str, verb: str, spec: Fields, sdk: Fields) -> None:
        self.signature = signature
        self.location = location
        self.verb = verb
        self.spec = spec
        self.sdk = sdk

    def only_in(self, side: Fields) -> list[str]:
        """The field paths only `side` has, sorted, less those below a field the other side
        leaves open and those below a field that is itself only on `side` (reported there)."""
        other = self.sdk if side is self.spec else self.spec
        return [
            path
            for path in sorted(set(side.values) - set(other.values))
            if not other.covers(path) and not _parent_missing(path, other, side)
        ]

    def closed_in_both(self) -> Iterator[tuple[str, frozenset[Any], frozenset[Any]]]:
        """(path, the spec's values, the SDK's values) of the paths both sides close."""
        for path in sorted(set(self.spec.values) & set(self.sdk.values)):
            spec_values, sdk_values = self.spec.values[path], self.sdk.values[path]
            if spec_values and sdk_values:  # not open (None) nor never closed on one side
                yield path, spec_values, sdk_values

    @staticmethod
    def shown(path: str) -> str:
        """A field in a message: `path`, or "the value" for the body itself."""
        return f"`{path}`" if path else "the value"


def _parent_missing(path: str, lacking: Fields, having: Fields) -> bool:
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


class Fields:
    """Field paths of a schema -> their closed set of values (or OPEN), and the paths whose
    schema leaves everything below open."""

    def __init__(self, api: API) -> None:
        self.api = api
        self.values: dict[str, frozenset[Any] | None] = {}
        self.opaque: set[str] = set()
        self.opaque_root = False

    def collect(self, schema: Any) -> Fields:
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
