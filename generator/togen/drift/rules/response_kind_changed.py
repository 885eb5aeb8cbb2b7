"""`response-kind-changed`: a response moved between JSON, stream, binary and empty."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import Found, ResponsePair

KIND_CHANGED = api_rule(
    "response-kind-changed",
    B,
    "a response changed between JSON, stream, binary and empty",
    "204 json -> empty",
    "{where} changed from {old} to {new}{streaming}",
)


@detector("response")
def response_kind_changed(pair: ResponsePair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old.kind != new.kind:
        streaming = " (streaming)" if {old.kind, new.kind} == {"json", "sse"} else ""
        yield Found(
            KIND_CHANGED,
            pair.where,
            old.pointer,
            new.pointer,
            old.kind,
            new.kind,
            facts={"streaming": streaming},
        )
