"""`path-parameter-renamed`: path parameters are matched by position, so a new name is no removal."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import N, api_rule, detector
from togen.drift.sites import Found, PathParameterPair

RENAMED = api_rule(
    "path-parameter-renamed",
    N,
    "a path parameter was renamed (matched by position)",
    "`{id}` -> `{endpointId}`",
    "path parameter {index} renamed from `{old}` to `{new}`",
)


@detector("path-parameter")
def path_parameter_renamed(pair: PathParameterPair) -> Iterator[Found]:
    if pair.old.name != pair.new.name:
        yield Found(
            RENAMED,
            f"path parameter {pair.index}",
            pair.old.pointer,
            pair.new.pointer,
            pair.old.name,
            pair.new.name,
            facts={"index": pair.index},
        )
