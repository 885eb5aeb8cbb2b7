"""`branch-removed` and `branch-added`: `oneOf`/`anyOf` branches the other side has no match
for (`togen.drift.schema_walk` pairs branches by tag, component, title, shape, then overlap,
and drops a branch whose values the other side still accepts)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import BranchDelta, RawChange

REMOVED = schema_rule(
    "branch-removed",
    request=B,
    response=N,
    meaning="a `oneOf`/`anyOf` branch was removed",
    example="content part `image_url` removed",
    message="{subject}: oneOf/anyOf branch {old_value} removed",
)
ADDED = schema_rule(
    "branch-added",
    request=N,
    response=P,
    meaning="a `oneOf`/`anyOf` branch was added",
    example="content part `audio` added",
    message="{subject}: oneOf/anyOf branch {new_value} added",
)


@detector("branches")
def branches(delta: BranchDelta) -> Iterator[RawChange]:
    for branch in delta.removed:
        yield delta.change(REMOVED, branch.label, None, path=branch.part, old_pointer=branch.ptr)
    for branch in delta.added:
        yield delta.change(ADDED, None, branch.label, path=branch.part, new_pointer=branch.ptr)
