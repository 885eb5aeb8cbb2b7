"""`bound-tightened` and `bound-loosened`: minimum/maximum, lengths, item and property counts,
`multipleOf` (tighter when the new one is not a divisor of the old)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from togen.drift.canonical import LOWER_BOUNDS, UPPER_BOUNDS
from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import NodePair, RawChange


def _message(verb: str) -> Any:
    def message(facts: Mapping[str, Any]) -> str:
        (bound, before), after = (
            next(iter(facts["old_value"].items())),
            next(iter(facts["new_value"].values())),
        )
        return f"{facts['subject']}: {bound} {verb} ({before} -> {after})"

    return message


TIGHTENED = schema_rule(
    "bound-tightened",
    request=B,
    response=N,
    meaning="a minimum/maximum/length/items bound is tighter",
    example="`n` maximum 128 -> 64",
    message=_message("tightened"),
)
LOOSENED = schema_rule(
    "bound-loosened",
    request=N,
    response=P,
    meaning="a bound is looser or gone",
    example="`n` maximum 64 -> 128",
    message=_message("loosened"),
)


def _tighter(bound: str, before: Any, after: Any) -> bool:
    if before is None:
        return True
    if after is None:
        return False
    if bound == "multipleOf":
        return after % before != 0 if before else True
    return after > before if bound in LOWER_BOUNDS else after < before


@detector("node")
def bounds(pair: NodePair) -> Iterator[RawChange]:
    old_bounds, new_bounds = pair.old.bounds, pair.new.bounds
    if not old_bounds and not new_bounds:
        return
    for bound in (*LOWER_BOUNDS, *UPPER_BOUNDS, "multipleOf"):
        before, after = old_bounds.get(bound), new_bounds.get(bound)
        if before != after:
            rule = TIGHTENED if _tighter(bound, before, after) else LOOSENED
            yield pair.change(rule, {bound: before}, {bound: after})
