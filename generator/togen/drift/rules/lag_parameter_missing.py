"""`lag-parameter-missing`: the SDK sends a query or header parameter (headers by name,
case-insensitively) that the spec's operation lacks."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFound, LagOperation
from togen.drift.registry import P, detector, lag_rule

PARAMETER_MISSING = lag_rule(
    "lag-parameter-missing",
    P,
    "the SDK sends a query or header parameter the spec lacks",
    "query `after`",
    "the SDK sends {where} parameter `{name}`; the spec lacks it",
    grain="parameter",
)


@detector("lag-operation")
def lag_parameter_missing(route: LagOperation) -> Iterator[LagFound]:
    if route.both is None:
        return
    spec, sdk = route.spec_parameters, route.sdk_parameters
    for key in sorted(set(sdk) - set(spec)):
        where, name = key
        location = f"{where} parameter `{name}`"
        yield LagFound(
            PARAMETER_MISSING, location, sdk_pointer=sdk[key], facts={"where": where, "name": name}
        )
