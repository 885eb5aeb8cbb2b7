"""`property-removed`: potentially breaking (old requests still validate unless the object is
closed, old parsers just stop seeing an optional field), breaking when it was required; a
property deprecated first is rated by its sunset date (`togen.drift.deprecation`)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.deprecation import is_deprecated, removal_suffix, sunset_of
from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import PropertyPair, RawChange

REMOVED = {
    "": schema_rule(
        "property-removed",
        request=P,
        response=P,
        meaning="an optional property was removed (breaking when it was required, or the object is "
        "closed by `additionalProperties: false`)",
        example="`temperature` gone from ChatCompletionRequest",
        message="{subject}: property removed",
    ),
    "-after-deprecation": schema_rule(
        "property-removed-after-deprecation",
        request=P,
        response=P,
        meaning="a property marked `deprecated: true` in the old spec was removed (no sunset date given)",
        example="deprecated `safety_model` removed",
        message="{subject}: deprecated property removed",
    ),
    "-before-sunset": schema_rule(
        "property-removed-before-sunset",
        request=B,
        response=B,
        meaning="a deprecated property was removed before its `x-sunset` date",
        example="`x-sunset: 2030-01-01`, removed in 2026",
        message="{subject}: deprecated property removed before its sunset date {old_value}",
    ),
    "-after-sunset": schema_rule(
        "property-removed-after-sunset",
        request=N,
        response=N,
        meaning="a deprecated property was removed after its `x-sunset` date (expected)",
        example="`x-sunset: 2024-01-01`, removed in 2026",
        message="{subject}: deprecated property removed after its sunset date {old_value}",
    ),
}


@detector("property-removed")
def property_removed(pair: PropertyPair) -> Iterator[RawChange]:
    if pair.old_sub is None or pair.new_sub is not None:
        return
    raw, ptr = pair.old_sub
    target, _, _ = pair.sides.old.deref(raw, ptr)
    sunset = sunset_of(raw) or sunset_of(target)
    suffix = removal_suffix(is_deprecated(raw) or is_deprecated(target), sunset)
    closed = pair.direction == "request" and pair.new.additional is False
    level = B if not suffix and (pair.name in pair.old.required or closed) else None
    value = sunset.isoformat() if sunset else None
    yield pair.change(REMOVED[suffix], value, path=(pair.name,), old_pointer=ptr, level=level)
