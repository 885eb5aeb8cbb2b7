"""`lag-enum-value-not-in-sdk`: where both sides close a field's values (`enum` or `const`),
the spec allows a value the SDK's enum lacks."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFields, LagFound
from togen.drift.registry import N, detector, lag_rule

ENUM_VALUE_NOT_IN_SDK = lag_rule(
    "lag-enum-value-not-in-sdk",
    N,
    "the spec allows an enum value the SDK lacks",
    "`status: queued`",
    "the spec allows {value!r} for {field}; the SDK's enum lacks it",
    grain="enum-value",
)


@detector("lag-fields")
def lag_enum_value_not_in_sdk(body: LagFields) -> Iterator[LagFound]:
    for path, spec_values, sdk_values in body.closed_in_both():
        for value in sorted(spec_values - sdk_values, key=repr):
            facts = {"value": value, "field": body.shown(path)}
            yield LagFound(ENUM_VALUE_NOT_IN_SDK, body.location, path, spec_value=value, facts=facts)
