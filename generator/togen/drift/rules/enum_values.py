"""`enum-value-removed` and `enum-value-added`: values of an enum both sides have.

Also the tag values of an object against a union tagged by that property (`role: [system,
user]` against `oneOf: [{role: system}, ...]`): a value no branch has is a removed or
added enum value of the tag (site `branches`)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.canonical import freeze
from togen.drift.registry import B, N, P, detector, schema_rule
from togen.drift.sites import BranchDelta, NodePair, RawChange

REMOVED = schema_rule(
    "enum-value-removed",
    request=B,
    response=N,
    meaning="an enum value was removed",
    example="role `function` removed",
    message="{subject}: enum value {old} removed",
)
ADDED = schema_rule(
    "enum-value-added",
    request=N,
    response=P,
    meaning="an enum value was added",
    example="status `queued` added",
    message="{subject}: enum value {new} added",
)


@detector("node")
def enum_values(pair: NodePair) -> Iterator[RawChange]:
    old_enum, new_enum = pair.old.enum, pair.new.enum
    if old_enum is None or new_enum is None:
        return
    new_values = {freeze(v) for v in new_enum}
    old_values = {freeze(v) for v in old_enum}
    for value in old_enum:
        if freeze(value) not in new_values:
            yield pair.change(REMOVED, value, None)
    for value in new_enum:
        if freeze(value) not in old_values:
            yield pair.change(ADDED, None, value)


@detector("branches")
def tag_values(delta: BranchDelta) -> Iterator[RawChange]:
    for tag in delta.tags_removed:
        yield delta.change(REMOVED, tag.value, None, path=(tag.prop,), old_pointer=tag.ptr)
    for tag in delta.tags_added:
        yield delta.change(ADDED, None, tag.value, path=(tag.prop,), new_pointer=tag.ptr)
