"""`response-stream-removed` and `response-stream-added`: a response of the same kind that
no longer, or now, offers `text/event-stream`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, api_rule, detector
from togen.drift.sites import Found, ResponsePair

REMOVED = api_rule(
    "response-stream-removed",
    B,
    "a response no longer streams",
    "no `text/event-stream`",
    "{where} no longer streams ({old})",
)
ADDED = api_rule(
    "response-stream-added",
    N,
    "a response can now stream",
    "`text/event-stream` added",
    "{where} can now stream ({new})",
)


@detector("response")
def response_stream(pair: ResponsePair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old.kind != new.kind:
        return  # reported as `response-kind-changed`
    old_sse, new_sse = old.content("sse"), new.content("sse")
    if old_sse is not None and new_sse is None:
        yield Found(REMOVED, pair.where, old_sse.pointer, new.pointer, old_sse.media_type, None)
    elif old_sse is None and new_sse is not None:
        yield Found(ADDED, pair.where, old.pointer, new_sse.pointer, None, new_sse.media_type)
