"""`operation-auth-added`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import Found, OperationPair

AUTH_ADDED = api_rule(
    "operation-auth-added",
    B,
    "an operation now requires authentication",
    "`security` added",
    "{signature} now requires authentication",
)


@detector("operation")
def operation_auth_added(pair: OperationPair) -> Iterator[Found]:
    both = pair.both
    if both is not None and both[1].requires_auth and not both[0].requires_auth:
        yield Found(AUTH_ADDED, "operation", both[0].pointer, both[1].pointer)
