"""`live-enum-value-undeclared`: a value outside the spec's enum (or `const`)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.canonical import freeze
from togen.drift.live_sites import LiveFound, LiveValue
from togen.drift.registry import P, detector, live_rule

ENUM_VALUE_UNDECLARED = live_rule(
    "live-enum-value-undeclared",
    P,
    "a value outside the spec's enum",
    "`status: queued`",
    "`{field}`: value {value!r} is not in the spec's enum",
)


@detector("live-value")
def live_enum_value_undeclared(at: LiveValue) -> Iterator[LiveFound]:
    enum = at.node.enum
    if at.value is None or not at.type_matches or enum is None:
        return
    if freeze(at.value) not in {freeze(v) for v in enum}:
        yield LiveFound(ENUM_VALUE_UNDECLARED, at.node.ptr, at.field(), at.value)
