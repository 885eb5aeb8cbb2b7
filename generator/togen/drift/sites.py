"""What a drift rule's detector is given: one site of the walk, both sides of it.

The records are plain classes with `__slots__`, not dataclasses: every `togen drift` imports
them and makes thousands of them, and generating dataclass methods costs import time.

The operation walk (`togen.drift.operation_walk`) matches operations, parameters, request
bodies and responses and calls the detectors of `operation`, `path-parameter`, `parameter`,
`request-body`, `response-status` and `response` with a pair (a side is None when it exists
in one spec only); they yield `Found` changes, which the walk turns into report `Change`s
(the operation, the message by rule id). The schema walk (`togen.drift.schema_walk`) pairs
canonical nodes and calls the detectors of `node` (every compared pair), `object` (pairs
compared as objects), `property-removed`, `property-added` and `property` (each property of
such a pair: on the old side only, the new side only, or both) and
`branches` (what a union comparison left unmatched); they yield `RawChange`s, worded later
by the operation walk where the schema is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from togen.core.errors import SpecError
from togen.drift.model import Level
from togen.spec.schema import resolve_pointer

if TYPE_CHECKING:
    from togen.drift.canonical import Canonicalizer, Node, Sub
    from togen.drift.registry import Rule, SchemaRule
    from togen.spec.ir import API, Operation, Parameter, RequestBody, Response

# A method parameter or model field on the client surface: (type label, required, kind:
# "path:NAME" for a positional parameter, "query", "header", "body" or "field").
Field = tuple[str, bool, str]

Direction = Literal["request", "response"]


# ----------------------------------------------------------------------------- operations


class Found:
    """One change at an operation-level site; the walk adds the operation and the message."""

    __slots__ = ("rule", "location", "old_pointer", "new_pointer", "old_value", "new_value", "level", "facts")

    def __init__(
        self,
        rule: Rule,
        location: str,
        old_pointer: str | None,
        new_pointer: str | None,
        old_value: Any = None,
        new_value: Any = None,
        level: Level | None = None,
        facts: dict[str, Any] | None = None,
    ) -> None:
        self.rule = rule
        self.location = location
        self.old_pointer = old_pointer
        self.new_pointer = new_pointer
        self.old_value = old_value
        self.new_value = new_value
        self.level = level  # None: the rule's default level
        self.facts = facts if facts is not None else {}  # more facts for the message


class Specs:
    """The two APIs being compared, and the options of the comparison."""

    __slots__ = ("old", "new", "deprecation_days")

    def __init__(self, old: API, new: API, deprecation_days: int | None = None) -> None:
        self.old = old
        self.new = new
        self.deprecation_days = deprecation_days

    def raw_old(self, ptr: str | None) -> Any:
        return raw_at(self.old, ptr)

    def raw_new(self, ptr: str | None) -> Any:
        return raw_at(self.new, ptr)


def raw_at(api: API, ptr: str | None) -> Any:
    """The spec's own mapping at a pointer (None when absent)."""
    if not ptr:
        return None
    try:
        return resolve_pointer(api.document, ptr)
    except SpecError:
        return None


class OperationPair:
    """An operation in both specs, or in one (`old` or `new` None)."""

    __slots__ = ("specs", "old", "new")

    def __init__(self, specs: Specs, old: Operation | None, new: Operation | None) -> None:
        self.specs = specs
        self.old = old
        self.new = new

    @property
    def both(self) -> tuple[Operation, Operation] | None:
        return (self.old, self.new) if self.old is not None and self.new is not None else None


class PathParameterPair:
    """The path parameters at one position of a matched operation's path (1-based `index`)."""

    __slots__ = ("op", "index", "old", "new")

    def __init__(self, op: OperationPair, index: int, old: Parameter, new: Parameter) -> None:
        self.op = op
        self.index = index
        self.old = old
        self.new = new


class ParameterPair:
    """A query, header or cookie parameter of a matched operation (`where`: "query parameter `x`")."""

    __slots__ = ("op", "where", "old", "new")

    def __init__(self, op: OperationPair, where: str, old: Parameter | None, new: Parameter | None) -> None:
        self.op = op
        self.where = where
        self.old = old
        self.new = new


class BodyPair:
    __slots__ = ("op", "old", "new")

    def __init__(self, op: OperationPair, old: RequestBody | None, new: RequestBody | None) -> None:
        self.op = op
        self.old = old
        self.new = new


class StatusPair:
    """A response status in one spec only, or the lone success status of each (changed)."""

    __slots__ = ("op", "old", "new")

    def __init__(self, op: OperationPair, old: Response | None, new: Response | None) -> None:
        self.op = op
        self.old = old
        self.new = new


def is_success(response: Response) -> bool:
    """A 2xx, or a redirect or websocket answer: what a client's call returns."""
    return response.is_success or response.kind in ("redirect", "websocket")


class ResponsePair:
    """One response status in both specs; `error`: both are 4xx/5xx/`default`."""

    __slots__ = ("op", "old", "new", "error")

    def __init__(self, op: OperationPair, old: Response, new: Response, error: bool) -> None:
        self.op = op
        self.old = old
        self.new = new
        self.error = error

    @property
    def where(self) -> str:
        return f"response {self.new.status}"


# ----------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class RawChange:
    """One schema change, `path` relative to the node where the comparison started."""

    rule: str  # a schema rule's name, without the direction prefix ("enum-value-removed")
    level: Level
    path: tuple[str, ...]
    old_pointer: str | None
    new_pointer: str | None
    old_value: Any = None
    new_value: Any = None

    def under(self, part: str) -> RawChange:
        return RawChange(
            self.rule,
            self.level,
            (part, *self.path),
            self.old_pointer,
            self.new_pointer,
            self.old_value,
            self.new_value,
        )


class SchemaSides:
    """Both documents' canonicalizers and the options of the schema comparison."""

    __slots__ = ("old", "new", "deprecation_days")

    def __init__(self, old: Canonicalizer, new: Canonicalizer, deprecation_days: int | None = None) -> None:
        self.old = old
        self.new = new
        self.deprecation_days = deprecation_days


class NodePair:
    """Two canonical nodes compared in one direction (at site `node`, or `object`)."""

    __slots__ = ("sides", "old", "new", "direction")

    def __init__(self, sides: SchemaSides, old: Node, new: Node, direction: Direction) -> None:
        self.sides = sides
        self.old = old
        self.new = new
        self.direction = direction

    def change(
        self,
        rule: SchemaRule,
        old_value: Any = None,
        new_value: Any = None,
        *,
        path: tuple[str, ...] = (),
        old_pointer: str | None = None,
        new_pointer: str | None = None,
        level: Level | None = None,
    ) -> RawChange:
        """A change of `rule` at these nodes (its level for the direction unless given)."""
        return RawChange(
            rule.name,
            level or rule.level(self.direction),
            path,
            self.old.ptr if old_pointer is None else old_pointer,
            self.new.ptr if new_pointer is None else new_pointer,
            old_value,
            new_value,
        )


class PropertyPair(NodePair):
    """Property `name` of two object nodes; `old_sub`/`new_sub` None where it is absent."""

    __slots__ = ("name", "old_sub", "new_sub")

    def __init__(
        self,
        sides: SchemaSides,
        old: Node,
        new: Node,
        direction: Direction,
        name: str = "",
        old_sub: Sub | None = None,
        new_sub: Sub | None = None,
    ) -> None:
        super().__init__(sides, old, new, direction)
        self.name = name
        self.old_sub = old_sub
        self.new_sub = new_sub


class Branch:
    __slots__ = ("label", "ptr", "part")

    def __init__(self, label: str, ptr: str, part: tuple[str, ...]) -> None:
        self.label = label
        self.ptr = ptr
        self.part = part  # the path part the change is reported under: ("oneOf[label]",) or ()


class TagValue:
    """A tag value of one object (`role: [system, user]`) no branch of the other side's union
    has (`togen.drift.schema_walk`: an object split into tagged branches, or merged back)."""

    __slots__ = ("prop", "value", "ptr")

    def __init__(self, prop: str, value: Any, ptr: str) -> None:
        self.prop = prop
        self.value = value
        self.ptr = ptr  # where the tag's enum is written


class BranchDelta(NodePair):
    """What a union comparison left unmatched (site `branches`)."""

    __slots__ = ("removed", "added", "tags_removed", "tags_added")

    def __init__(
        self,
        sides: SchemaSides,
        old: Node,
        new: Node,
        direction: Direction,
        removed: tuple[Branch, ...] = (),
        added: tuple[Branch, ...] = (),
        tags_removed: tuple[TagValue, ...] = (),
        tags_added: tuple[TagValue, ...] = (),
    ) -> None:
        super().__init__(sides, old, new, direction)
        self.removed = removed
        self.added = added
        self.tags_removed = tags_removed
        self.tags_added = tags_added


# ----------------------------------------------------------------------------- client surface


class SurfaceFound:
    """One change of the client surface; the walk words it by its rule."""

    __slots__ = ("rule", "symbol", "old", "new", "level", "facts", "origin")

    def __init__(
        self,
        rule: Rule,
        symbol: str,
        old: str | None = None,
        new: str | None = None,
        level: Level | None = None,
        facts: dict[str, Any] | None = None,
        origin: str = "upstream",
    ) -> None:
        self.rule = rule
        self.symbol = symbol  # "client.files.list", "client.files.list(purpose)", "models.File.id"
        self.old = old
        self.new = new
        self.level = level  # None: the rule's default level
        self.facts = facts if facts is not None else {}  # more facts for the message
        self.origin = origin


class MethodPair:
    """A client method in both specs (matched by its operation), or in one."""

    __slots__ = ("old", "new")

    def __init__(self, old: Operation | None, new: Operation | None) -> None:
        self.old = old
        self.new = new


class MemberPair:
    """A parameter of a method (`is_method`) or a field of a model, in both or in one;
    positional parameters are matched by position, so `old_name` may differ from `name`.
    One the same in both (type, required, name) is not shown to the detectors."""

    __slots__ = ("owner", "is_method", "name", "old_name", "old", "new")

    def __init__(
        self, owner: str, is_method: bool, name: str, old_name: str, old: Field | None, new: Field | None
    ) -> None:
        self.owner = owner  # "client.files.list" or "models.File"
        self.is_method = is_method
        self.name = name
        self.old_name = old_name
        self.old = old
        self.new = new

    @property
    def noun(self) -> str:
        return "parameter" if self.is_method else "field"

    @property
    def symbol(self) -> str:
        return f"{self.owner}({self.name})" if self.is_method else f"{self.owner}.{self.name}"


class ModelPair:
    """A model class in both specs under two names (renamed: the same fields), or in one."""

    __slots__ = ("old", "new", "hoisted")

    def __init__(self, old: str | None, new: str | None, hoisted: bool = False) -> None:
        self.old = old
        self.new = new
        self.hoisted = hoisted  # the old class was hoisted from an inline schema (x-togen-origin)
