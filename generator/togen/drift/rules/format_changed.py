"""`format-changed`: a string's `format` changed (one added or dropped is not reported)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

FORMAT_CHANGED = schema_rule(
    "format-changed",
    request=P,
    response=P,
    meaning="the `format` changed",
    example="`created` date -> date-time",
    message="{subject}: format changed from {old_value} to {new_value}",
)


@detector("node")
def format_changed(pair: NodePair) -> Iterator[RawChange]:
    old, new = pair.old.format, pair.new.format
    if old != new and old is not None and new is not None:
        yield pair.change(FORMAT_CHANGED, old, new)
