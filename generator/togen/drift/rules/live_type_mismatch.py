"""`live-type-mismatch`: a value of another JSON type than the spec says (an integer passes
for a number); nothing below it is checked."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveFound, LiveValue
from togen.drift.registry import B, detector, live_rule

TYPE_MISMATCH = live_rule(
    "live-type-mismatch",
    B,
    "a field has another type than the spec says",
    "string for integer",
    "`{field}`: the server sent {sent}, the spec says {declared}",
)


@detector("live-value")
def live_type_mismatch(at: LiveValue) -> Iterator[LiveFound]:
    if not at.type_matches:
        declared = "/".join(sorted(at.node.types or ()))
        yield LiveFound(TYPE_MISMATCH, at.node.ptr, at.field(), sent=at.json_type, declared=declared)
