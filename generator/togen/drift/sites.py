"""What a drift rule's detector is given: one site of the walk, both sides of it.

The records are plain (`eq=False, repr=False`, not frozen): every `togen drift` imports
them, and each generated dataclass method costs import time; detectors only read them.

The operation walk (`togen.drift.operation_walk`) matches operations, parameters, request
bodies and responses and calls the detectors of `operation`, `path-parameter`, `parameter`,
`request-body`, `response-status` and `response` with a pair (a side is None when it exists
in one spec only); they yield `Found` changes, which the walk turns into report `Change`s
(the operation, the message by rule id). The schema walk (`togen.drift.schema_walk`) pairs
canonical nodes and calls the detectors of `node` (every compared pair), `object` (pairs
compared as objects), `property` (each property of such a pair, on either side) and
`branches` (what a union comparison left unmatched); they yield `RawChange`s, worded later
by the operation walk where the schema is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(eq=False, repr=False)
class Found:
    """One change at an operation-level site; the walk adds the operation and the message."""

    rule: Rule
    location: str
    old_pointer: str | None
    new_pointer: str | None
    old_value: Any = None
    new_value: Any = None
    level: Level | None = None  # None: the rule's default level
    facts: dict[str, Any] = field(default_factory=dict)  # more facts for the message


@dataclass(eq=False, repr=False)
class Specs:
    """The two APIs being compared, and the options of the comparison."""

    old: API
    new: API
    deprecation_days: int | None = None

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


@dataclass(eq=False, repr=False)
class OperationPair:
    """An operation in both specs, or in one (`old` or `new` None)."""

    specs: Specs
    old: Operation | None
    new: Operation | None

    @property
    def both(self) -> tuple[Operation, Operation] | None:
        return (self.old, self.new) if self.old is not None and self.new is not None else None


@dataclass(eq=False, repr=False)
class PathParameterPair:
    """The path parameters at one position of a matched operation's path (1-based `index`)."""

    op: OperationPair
    index: int
    old: Parameter
    new: Parameter


@dataclass(eq=False, repr=False)
class ParameterPair:
    """A query, header or cookie parameter of a matched operation (`where`: "query parameter `x`")."""

    op: OperationPair
    where: str
    old: Parameter | None
    new: Parameter | None


@dataclass(eq=False, repr=False)
class BodyPair:
    op: OperationPair
    old: RequestBody | None
    new: RequestBody | None


@dataclass(eq=False, repr=False)
class StatusPair:
    """A response status in one spec only, or the lone success status of each (changed)."""

    op: OperationPair
    old: Response | None
    new: Response | None


def is_success(response: Response) -> bool:
    """A 2xx, or a redirect or websocket answer: what a client's call returns."""
    return response.is_success or response.kind in ("redirect", "websocket")


@dataclass(eq=False, repr=False)
class ResponsePair:
    """One response status in both specs; `error`: both are 4xx/5xx/`default`."""

    op: OperationPair
    old: Response
    new: Response
    error: bool

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


@dataclass(eq=False, repr=False)
class SchemaSides:
    """Both documents' canonicalizers and the options of the schema comparison."""

    old: Canonicalizer
    new: Canonicalizer
    deprecation_days: int | None = None


@dataclass(eq=False, repr=False)
class NodePair:
    """Two canonical nodes compared in one direction (at site `node`, or `object`)."""

    sides: SchemaSides
    old: Node
    new: Node
    direction: Direction

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


@dataclass(eq=False, repr=False)
class PropertyPair(NodePair):
    """Property `name` of two object nodes; `old_sub`/`new_sub` None where it is absent."""

    name: str = ""
    old_sub: Sub | None = None
    new_sub: Sub | None = None


@dataclass(eq=False, repr=False)
class Branch:
    label: str
    ptr: str
    part: tuple[str, ...]  # the path part the change is reported under: ("oneOf[label]",) or ()


@dataclass(eq=False, repr=False)
class TagValue:
    """A tag value of one object (`role: [system, user]`) no branch of the other side's union
    has (`togen.drift.schema_walk`: an object split into tagged branches, or merged back)."""

    prop: str
    value: Any
    ptr: str  # where the tag's enum is written


@dataclass(eq=False, repr=False)
class BranchDelta(NodePair):
    """What a union comparison left unmatched (site `branches`)."""

    removed: tuple[Branch, ...] = ()
    added: tuple[Branch, ...] = ()
    tags_removed: tuple[TagValue, ...] = ()
    tags_added: tuple[TagValue, ...] = ()


# ----------------------------------------------------------------------------- client surface


@dataclass(eq=False, repr=False)
class SurfaceFound:
    """One change of the client surface; the walk words it by its rule."""

    rule: Rule
    symbol: str  # "client.files.list", "client.files.list(purpose)", "models.File.id"
    old: str | None = None
    new: str | None = None
    level: Level | None = None  # None: the rule's default level
    facts: dict[str, Any] = field(default_factory=dict)  # more facts for the message
    origin: str = "upstream"


@dataclass(eq=False, repr=False)
class MethodPair:
    """A client method in both specs (matched by its operation), or in one."""

    old: Operation | None
    new: Operation | None


@dataclass(eq=False, repr=False)
class MemberPair:
    """A parameter of a method (`is_method`) or a field of a model, in both or in one;
    positional parameters are matched by position, so `old_name` may differ from `name`."""

    owner: str  # "client.files.list" or "models.File"
    is_method: bool
    name: str
    old_name: str
    old: Field | None
    new: Field | None

    @property
    def noun(self) -> str:
        return "parameter" if self.is_method else "field"

    @property
    def symbol(self) -> str:
        return f"{self.owner}({self.name})" if self.is_method else f"{self.owner}.{self.name}"


@dataclass(eq=False, repr=False)
class ModelPair:
    """A model class in both specs under two names (renamed: the same fields), or in one."""

    old: str | None
    new: str | None
    hoisted: bool = False  # the old class was hoisted from an inline schema (x-togen-origin)
