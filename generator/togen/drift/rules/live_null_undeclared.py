"""`live-null-undeclared`: the server sent null where the spec allows no null (neither
`nullable`, a `null` type nor an unconstrained schema)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveFound, LiveValue
from togen.drift.registry import B, detector, live_rule

NULL_UNDECLARED = live_rule(
    "live-null-undeclared",
    B,
    "null where the spec does not allow it",
    "`created`",
    "`{field}`: the server sent null, the spec does not allow it",
)


@detector("live-value")
def live_null_undeclared(at: LiveValue) -> Iterator[LiveFound]:
    if at.value is None and not at.node.nullable and not at.node.is_any:
        yield LiveFound(NULL_UNDECLARED, at.node.ptr, at.field())
