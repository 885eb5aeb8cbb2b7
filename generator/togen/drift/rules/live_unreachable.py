"""`live-unreachable`: a request failed (timeout, reset) after others got through. (A server
that answers no request at all is not a report but an error: `togen.drift.live`.)"""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveFailure, LiveFound
from togen.drift.registry import B, detector, live_rule

UNREACHABLE = live_rule(
    "live-unreachable",
    B,
    "a request failed (timeout, reset) after others got through",
    "read timeout",
    "{error}",
)


@detector("live-failure")
def live_unreachable(failure: LiveFailure) -> Iterator[LiveFound]:
    yield LiveFound(UNREACHABLE, failure.op.pointer, error=failure.error)
