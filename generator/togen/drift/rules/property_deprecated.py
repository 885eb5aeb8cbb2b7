"""`property-deprecated`: a property is now `deprecated: true` (on it or on its `$ref` target)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.deprecation import is_deprecated
from togen.drift.registry import N, detector, schema_rule
from togen.drift.sites import PropertyPair, RawChange

DEPRECATED = schema_rule(
    "property-deprecated",
    request=N,
    response=N,
    meaning="a property is now `deprecated: true`",
    example="`max_tokens` deprecated",
    message="{subject}: property is now deprecated",
)


@detector("property")
def property_deprecated(pair: PropertyPair) -> Iterator[RawChange]:
    old_sub, new_sub = pair.old_sub, pair.new_sub
    if old_sub is None or new_sub is None:
        return
    if not (is_deprecated(new_sub[0]) or is_deprecated(pair.sides.new.deref(*new_sub)[0])):
        return
    if is_deprecated(old_sub[0]) or is_deprecated(pair.sides.old.deref(*old_sub)[0]):
        return
    yield pair.change(
        DEPRECATED, None, True, path=(pair.name,), old_pointer=old_sub[1], new_pointer=new_sub[1]
    )
