"""`default-changed`: a request default changed (callers that omit the value get another)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.canonical import MISSING, freeze
from togen.drift.registry import P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

DEFAULT_CHANGED = schema_rule(
    "default-changed",
    request=P,
    response=P,
    meaning="a request default changed (behaviour of callers that omit it)",
    example="`top_p` 1 -> 0.9",
    message="{subject}: default changed from {old_value!r} to {new_value!r}",
)


@detector("node")
def default_changed(pair: NodePair) -> Iterator[RawChange]:
    old, new = pair.old.default, pair.new.default
    if (
        pair.direction == "request"
        and old is not MISSING
        and new is not MISSING
        and freeze(old) != freeze(new)
    ):
        yield pair.change(DEFAULT_CHANGED, old, new)
