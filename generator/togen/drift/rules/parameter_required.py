"""`parameter-became-required` and `parameter-became-optional`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, api_rule, detector
from togen.drift.sites import Found, ParameterPair

BECAME_REQUIRED = api_rule(
    "parameter-became-required",
    B,
    "a parameter is now required",
    "query `purpose` now required",
    "{where} is now required",
)
BECAME_OPTIONAL = api_rule(
    "parameter-became-optional",
    N,
    "a parameter is no longer required",
    "query `purpose` now optional",
    "{where} is now optional",
)


@detector("parameter")
def parameter_required(pair: ParameterPair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old is None or new is None or old.required == new.required:
        return
    rule = BECAME_REQUIRED if new.required else BECAME_OPTIONAL
    yield Found(rule, pair.where, old.pointer, new.pointer, old.required, new.required)
