"""`nullable-added` and `nullable-removed`: whether null is one of the values."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

ADDED = schema_rule(
    "nullable-added",
    request=N,
    response=P,
    meaning="the value may now be null",
    example="`finish_reason` may be null",
    message=lambda f: (
        f"{f['subject']}: " + ("may now be null" if f["direction"] == "response" else "now accepts null")
    ),
)
REMOVED = schema_rule(
    "nullable-removed",
    request=B,
    response=N,
    meaning="null is no longer accepted / sent",
    example="`stop` no longer accepts null",
    message=lambda f: (
        f"{f['subject']}: " + ("no longer null" if f["direction"] == "response" else "no longer accepts null")
    ),
)


@detector("node")
def nullable(pair: NodePair) -> Iterator[RawChange]:
    if pair.old.nullable != pair.new.nullable:
        yield pair.change(ADDED, False, True) if pair.new.nullable else pair.change(REMOVED, True, False)
