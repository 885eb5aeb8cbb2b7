"""`lag-operation-not-in-sdk`: the spec has an operation no SDK method calls (routes match by
method and path template, path parameters' names dropped)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.lag_sites import LagFound, LagOperation
from togen.drift.registry import N, detector, lag_rule

OPERATION_NOT_IN_SDK = lag_rule(
    "lag-operation-not-in-sdk",
    N,
    "the spec has an operation the SDK does not call",
    "POST /v1/rl/training-sessions/{session_id}/stop",
    "the spec has {signature} ({key}); no SDK method calls it",
    grain="operation",
)


@detector("lag-operation")
def lag_operation_not_in_sdk(route: LagOperation) -> Iterator[LagFound]:
    if route.sdk_op is None and route.spec_op is not None:
        op = route.spec_op
        yield LagFound(OPERATION_NOT_IN_SDK, "operation", spec_pointer=op.pointer, facts={"key": op.key})
