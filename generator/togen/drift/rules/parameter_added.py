"""`parameter-added` and `parameter-required-added`: a parameter only the new spec has."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, api_rule, detector
from togen.drift.sites import Found, ParameterPair

REQUIRED_ADDED = api_rule(
    "parameter-required-added",
    B,
    "a required parameter was added",
    "required query `purpose`",
    "required {where} was added",
)
ADDED = api_rule(
    "parameter-added", N, "an optional parameter was added", "query `after`", "optional {where} was added"
)


@detector("parameter")
def parameter_added(pair: ParameterPair) -> Iterator[Found]:
    new, old_op = pair.new, pair.op.old
    if new is None or pair.old is not None or old_op is None:
        return
    rule = REQUIRED_ADDED if new.required else ADDED
    yield Found(rule, pair.where, old_op.pointer, new.pointer, None, new.name)
