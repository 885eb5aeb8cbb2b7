"""`request-body-added` and `request-body-required-added`: an operation that took no body takes one."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, api_rule, detector
from togen.drift.sites import BodyPair, Found

REQUIRED_ADDED = api_rule(
    "request-body-required-added",
    B,
    "a required request body was added",
    "POST now needs JSON",
    "a required request body ({new}) was added",
)
ADDED = api_rule(
    "request-body-added",
    N,
    "an optional request body was added",
    "optional JSON body",
    "an optional request body ({new}) was added",
)


@detector("request-body")
def request_body_added(pair: BodyPair) -> Iterator[Found]:
    new, old_op = pair.new, pair.op.old
    if new is None or pair.old is not None or old_op is None:
        return
    rule = REQUIRED_ADDED if new.required else ADDED
    yield Found(rule, "request body", old_op.pointer, new.pointer, None, new.media_type)
