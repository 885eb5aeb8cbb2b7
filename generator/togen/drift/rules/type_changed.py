"""`type-changed`, `type-narrowed` and `type-widened`: the JSON types a value may have.

No type (`{}`, any) against some types is a narrowing or widening; integer counts as covered
by number (`togen.drift.canonical.type_overlap`)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.canonical import type_overlap
from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange


def _message(verb: str) -> str:
    return "{subject}: type " + verb + " from {old} to {new}"


CHANGED = schema_rule(
    "type-changed",
    request=B,
    response=B,
    meaning="the type changed to an unrelated one",
    example="`id` integer -> string",
    message=_message("changed"),
)
NARROWED = schema_rule(
    "type-narrowed",
    request=B,
    response=N,
    meaning="fewer types are accepted / sent",
    example="`stop` string|array -> string",
    message=_message("narrowed"),
)
WIDENED = schema_rule(
    "type-widened",
    request=N,
    response=P,
    meaning="more types are accepted / sent",
    example="`seed` integer -> integer|string",
    message=_message("widened"),
)


@detector("node")
def type_changed(pair: NodePair) -> Iterator[RawChange]:
    o, n = pair.old, pair.new
    if o.types is None and n.types is None:
        return
    if o.types is None or n.types is None:
        if o.branches or n.branches:
            return  # a union against a typed schema: its branches are compared
        old_types = sorted(o.types) if o.types is not None else ["any"]
        new_types = sorted(n.types) if n.types is not None else ["any"]
        yield pair.change(NARROWED if o.types is None else WIDENED, old_types, new_types)
        return
    removed, added = type_overlap(o.types, n.types)
    rule = CHANGED if removed and added else NARROWED if removed else WIDENED if added else None
    if rule is not None:
        yield pair.change(rule, sorted(o.types), sorted(n.types))
