"""`request-body-removed`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import BodyPair, Found

REMOVED = api_rule(
    "request-body-removed",
    B,
    "the request body was removed",
    "no body any more",
    "the request body ({old}) was removed",
)


@detector("request-body")
def request_body_removed(pair: BodyPair) -> Iterator[Found]:
    old, new_op = pair.old, pair.op.new
    if old is not None and pair.new is None and new_op is not None:
        yield Found(REMOVED, "request body", old.pointer, new_op.pointer, old.media_type)
