"""`enum-added` and `enum-removed`: a free value now restricted to an enum, or freed."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

ADDED = schema_rule(
    "enum-added",
    request=B,
    response=N,
    meaning="a free value is now restricted to an enum",
    example="`type` now one of a, b",
    message="{subject}: now restricted to {new}",
)
REMOVED = schema_rule(
    "enum-removed",
    request=N,
    response=P,
    meaning="an enum restriction was dropped",
    example="`type` any string",
    message="{subject}: no longer restricted to {old}",
)


@detector("node")
def enum_restriction(pair: NodePair) -> Iterator[RawChange]:
    old_enum, new_enum = pair.old.enum, pair.new.enum
    if old_enum is None and new_enum is not None:
        yield pair.change(ADDED, None, list(new_enum))
    elif new_enum is None and old_enum is not None:
        yield pair.change(REMOVED, list(old_enum), None)
