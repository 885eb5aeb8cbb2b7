"""`operation-deprecated`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import N, api_rule, detector
from togen.drift.sites import Found, OperationPair

DEPRECATED = api_rule(
    "operation-deprecated",
    N,
    "an operation is now `deprecated: true`",
    "GET /v1/models deprecated",
    "{signature} is now deprecated",
)


@detector("operation")
def operation_deprecated(pair: OperationPair) -> Iterator[Found]:
    both = pair.both
    if both is not None and both[1].deprecated and not both[0].deprecated:
        yield Found(DEPRECATED, "operation", both[0].pointer, both[1].pointer)
