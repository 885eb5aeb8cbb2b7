"""`lag-enum-value-missing`: where both sides close a field's values (`enum` or `const`), the
SDK allows a value the spec's enum lacks."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFields, LagFound
from togen.drift.registry import P, detector, lag_rule

ENUM_VALUE_MISSING = lag_rule(
    "lag-enum-value-missing",
    P,
    "the SDK allows an enum value the spec lacks",
    "`type: audio`",
    "the SDK allows {value!r} for {field}; the spec's enum lacks it",
    grain="enum-value",
)


@detector("lag-fields")
def lag_enum_value_missing(body: LagFields) -> Iterator[LagFound]:
    for path, spec_values, sdk_values in body.closed_in_both():
        for value in sorted(sdk_values - spec_values, key=repr):
            facts = {"value": value, "field": body.shown(path)}
            yield LagFound(ENUM_VALUE_MISSING, body.location, path, sdk_value=value, facts=facts)
