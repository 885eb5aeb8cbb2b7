"""`parameter-deprecated`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import N, api_rule, detector
from togen.drift.sites import Found, ParameterPair

DEPRECATED = api_rule(
    "parameter-deprecated",
    N,
    "a parameter is now `deprecated: true`",
    "query `page` deprecated",
    "{where} is now deprecated",
)


@detector("parameter")
def parameter_deprecated(pair: ParameterPair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old is not None and new is not None and new.deprecated and not old.deprecated:
        yield Found(DEPRECATED, pair.where, old.pointer, new.pointer)
