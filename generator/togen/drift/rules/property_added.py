"""`property-added` and `property-required-added` (requests only: a response's new required
property is just an added one, old parsers ignore it)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, detector, schema_rule
from togen.drift.sites import PropertyPair, RawChange

ADDED = schema_rule(
    "property-added",
    request=N,
    response=N,
    meaning="an optional property was added",
    example="`top_k` added",
    message=lambda f: f"{f['subject']}: {'optional ' if f['direction'] == 'request' else ''}property added",
)
REQUIRED_ADDED = schema_rule(
    "property-required-added",
    request=B,
    response=N,
    meaning="a new property that is required (requests: old callers do not send it)",
    example="required `model` added",
    message="{subject}: new required property",
)


@detector("property-added")
def property_added(pair: PropertyPair) -> Iterator[RawChange]:
    if pair.new_sub is None or pair.old_sub is not None:
        return
    required = pair.direction == "request" and pair.name in pair.new.required
    rule = REQUIRED_ADDED if required else ADDED
    yield pair.change(rule, None, pair.name, path=(pair.name,), new_pointer=pair.new_sub[1])
