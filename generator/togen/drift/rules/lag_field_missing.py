"""`lag-field-missing`: the SDK sends (request body) or reads (success answer) a field the
spec lacks. Not below a field the spec leaves open (`{}`, an object without properties), nor
below a field that is itself missing (that one is reported)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFields, LagFound
from togen.drift.registry import P, detector, lag_rule

FIELD_MISSING = lag_rule(
    "lag-field-missing",
    P,
    "the SDK sends or reads a field the spec lacks",
    "`usage.cached_tokens`",
    "the SDK {verb} `{path}`; the spec lacks it",
    grain="field",
)


@detector("lag-fields")
def lag_field_missing(body: LagFields) -> Iterator[LagFound]:
    for path in body.only_in(body.sdk):
        yield LagFound(FIELD_MISSING, body.location, path, facts={"verb": body.verb})
