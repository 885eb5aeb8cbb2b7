"""`object-closed` and `object-opened`: `additionalProperties: false` added or dropped."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

CLOSED = schema_rule(
    "object-closed",
    request=B,
    response=N,
    meaning="`additionalProperties: false` added",
    example="extra fields rejected",
    message="{subject}: additional properties no longer allowed",
)
OPENED = schema_rule(
    "object-opened",
    request=N,
    response=P,
    meaning="`additionalProperties: false` dropped",
    example="extra fields allowed",
    message="{subject}: additional properties now allowed",
)


@detector("object")
def object_closed(pair: NodePair) -> Iterator[RawChange]:
    closed_before, closed_after = pair.old.additional is False, pair.new.additional is False
    if closed_before != closed_after:
        yield pair.change(CLOSED, True, False) if closed_after else pair.change(OPENED, False, True)
