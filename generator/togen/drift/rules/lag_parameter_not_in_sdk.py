"""`lag-parameter-not-in-sdk`: the spec's operation has a query or header parameter (headers
by name, case-insensitively) that the SDK does not send."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFound, LagOperation
from togen.drift.registry import N, detector, lag_rule

PARAMETER_NOT_IN_SDK = lag_rule(
    "lag-parameter-not-in-sdk",
    N,
    "the spec has a parameter the SDK does not send",
    "query `limit`",
    "the spec has {where} parameter `{name}`; the SDK does not send it",
    grain="parameter",
)


@detector("lag-operation")
def lag_parameter_not_in_sdk(route: LagOperation) -> Iterator[LagFound]:
    if route.both is None:
        return
    spec, sdk = route.spec_parameters, route.sdk_parameters
    for key in sorted(set(spec) - set(sdk)):
        where, name = key
        location = f"{where} parameter `{name}`"
        yield LagFound(
            PARAMETER_NOT_IN_SDK, location, spec_pointer=spec[key], facts={"where": where, "name": name}
        )
