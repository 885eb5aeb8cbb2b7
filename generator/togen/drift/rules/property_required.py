"""`property-became-required` and `property-became-optional`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import PropertyPair, RawChange

BECAME_REQUIRED = schema_rule(
    "property-became-required",
    request=B,
    response=N,
    meaning="an existing property is now required",
    example="`messages` now required",
    message="{subject}: property is now required",
)
BECAME_OPTIONAL = schema_rule(
    "property-became-optional",
    request=N,
    response=P,
    meaning="a property is no longer required (responses: clients may meet it absent)",
    example="`usage` may be absent",
    message=lambda f: (
        f"{f['subject']}: property is no longer required"
        + (" (may be absent)" if f["direction"] == "response" else "")
    ),
)


@detector("property")
def property_required(pair: PropertyPair) -> Iterator[RawChange]:
    if pair.old_sub is None or pair.new_sub is None:
        return
    was, now = pair.name in pair.old.required, pair.name in pair.new.required
    if was != now:
        rule = BECAME_REQUIRED if now else BECAME_OPTIONAL
        yield pair.change(
            rule, was, now, path=(pair.name,), old_pointer=pair.old_sub[1], new_pointer=pair.new_sub[1]
        )
