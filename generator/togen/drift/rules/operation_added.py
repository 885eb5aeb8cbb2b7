"""`operation-added`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import N, api_rule, detector
from togen.drift.sites import Found, OperationPair

ADDED = api_rule(
    "operation-added",
    N,
    "an operation was added",
    "POST /v1/batches",
    "operation {signature} ({key}) was added",
)


@detector("operation")
def operation_added(pair: OperationPair) -> Iterator[Found]:
    if pair.new is not None and pair.old is None:
        yield Found(ADDED, "operation", None, pair.new.pointer)
