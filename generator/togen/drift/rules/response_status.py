"""`response-status-removed`, `-added` and `-changed`: the statuses of a matched operation.

The walk pairs statuses present in both specs; a status in one spec only is removed or added,
except that when each spec has exactly one unpaired success status, it changed."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, api_rule, detector
from togen.drift.sites import Found, StatusPair, is_success

CHANGED = api_rule(
    "response-status-changed",
    P,
    "the only success status changed",
    "200 -> 201",
    "the success status changed from {old} to {new}",
)
REMOVED = api_rule(
    "response-status-removed",
    B,
    "a success response status was removed (non-breaking for error statuses)",
    "200 removed",
    "response {old} was removed",
)
ADDED = api_rule(
    "response-status-added",
    P,
    "a success response status was added (non-breaking for error statuses)",
    "202 added",
    "response {new} was added",
)


@detector("response-status")
def response_status(pair: StatusPair) -> Iterator[Found]:
    old, new, old_op, new_op = pair.old, pair.new, pair.op.old, pair.op.new
    if old is not None and new is not None:
        yield Found(CHANGED, f"response {new.status}", old.pointer, new.pointer, old.status, new.status)
    elif old is not None and new_op is not None:
        level = None if is_success(old) else N
        yield Found(REMOVED, f"response {old.status}", old.pointer, new_op.pointer, old.status, level=level)
    elif new is not None and old_op is not None:
        level = None if is_success(new) else N
        yield Found(
            ADDED, f"response {new.status}", old_op.pointer, new.pointer, None, new.status, level=level
        )
