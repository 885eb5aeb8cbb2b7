"""`pattern-changed`: the regular expression of a string changed (added: a narrowing; dropped:
a widening; replaced: potentially breaking either way)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.model import Level
from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange

PATTERN_CHANGED = schema_rule(
    "pattern-changed",
    request=P,
    response=P,
    meaning="the regular expression changed (breaking for requests when one was added)",
    example="`id` pattern `^ft-` added",
    message="{subject}: pattern changed from {old_value!r} to {new_value!r}",
)
# An added pattern narrows what is accepted, a dropped one widens it.
_NARROWING: dict[str, Level] = {"request": B, "response": N}
_WIDENING: dict[str, Level] = {"request": N, "response": P}


@detector("node")
def pattern_changed(pair: NodePair) -> Iterator[RawChange]:
    old, new = pair.old.pattern, pair.new.pattern
    if old != new:
        level = _NARROWING if old is None else _WIDENING if new is None else None
        yield pair.change(PATTERN_CHANGED, old, new, level=level[pair.direction] if level else None)
