"""`lag-field-not-in-sdk`: the spec has a field of a request body or success answer that the
SDK neither sends nor reads. Not below a field the SDK leaves open, nor below a field that is
itself not in the SDK (that one is reported)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFields, LagFound
from togen.drift.registry import N, detector, lag_rule

FIELD_NOT_IN_SDK = lag_rule(
    "lag-field-not-in-sdk",
    N,
    "the spec has a field the SDK neither sends nor reads",
    "`warnings[]`",
    "the spec has `{path}`; the SDK does not {infinitive} it",
    grain="field",
)


@detector("lag-fields")
def lag_field_not_in_sdk(body: LagFields) -> Iterator[LagFound]:
    infinitive = body.verb.removesuffix("s")
    for path in body.only_in(body.spec):
        yield LagFound(FIELD_NOT_IN_SDK, body.location, path, facts={"infinitive": infinitive})
