"""`live-field-missing`: an object lacks a field the spec requires."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveFound, LiveValue
from togen.drift.registry import B, detector, live_rule

FIELD_MISSING = live_rule(
    "live-field-missing",
    B,
    "a required field is absent",
    "`data[].id`",
    "`{field}`: required field absent",
)


@detector("live-value")
def live_field_missing(at: LiveValue) -> Iterator[LiveFound]:
    if isinstance(at.value, dict) and at.type_matches:
        for name in sorted(at.node.required - set(at.value)):
            yield LiveFound(FIELD_MISSING, at.node.ptr, at.field(name))
