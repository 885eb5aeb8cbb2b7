"""`live-field-undeclared`: an object has a field the spec does not describe (where it lists
properties or forbids others; a schema for additional properties checks them instead)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveFound, LiveValue
from togen.drift.registry import N, detector, live_rule

FIELD_UNDECLARED = live_rule(
    "live-field-undeclared",
    N,
    "a field the spec does not describe",
    "`data[].tags`",
    "`{field}`: not in the spec",
)


@detector("live-value")
def live_field_undeclared(at: LiveValue) -> Iterator[LiveFound]:
    node = at.node
    if not isinstance(at.value, dict) or not at.type_matches or isinstance(node.additional, tuple):
        return
    if node.props or node.additional is False:
        for name in at.value:
            if name not in node.props:
                yield LiveFound(FIELD_UNDECLARED, node.ptr, at.field(name), name)
