"""`lag-operation-missing`: the SDK calls an operation the spec lacks (routes match by method
and path template, path parameters' names dropped): a client generated from the spec cannot
do it."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFound, LagOperation, sdk_method
from togen.drift.registry import P, detector, lag_rule

OPERATION_MISSING = lag_rule(
    "lag-operation-missing",
    P,
    "the SDK calls an operation the spec lacks",
    "GET /v1/queue/status",
    "the SDK calls {signature} (`{method}`); the spec lacks it",
    grain="operation",
)


@detector("lag-operation")
def lag_operation_missing(route: LagOperation) -> Iterator[LagFound]:
    if route.spec_op is None and route.sdk_op is not None:
        method = sdk_method(route.sdk, route.sdk_op)
        yield LagFound(
            OPERATION_MISSING, "operation", sdk_pointer=route.sdk_op.pointer, facts={"method": method}
        )
