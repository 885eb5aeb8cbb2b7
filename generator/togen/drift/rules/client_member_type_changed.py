"""`parameter-type-changed` (client) and `field-type-changed`: the Python type label of a
parameter or attribute changed. Breaking when the old and new types are unrelated;
potentially breaking when one contains the other or only an element type changed (the API
diff reports that in detail); a parameter that now accepts more is non-breaking."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.model import BREAKING, NON_BREAKING, POTENTIAL, Level
from togen.drift.registry import P, client_rule, detector
from togen.drift.sites import MemberPair, SurfaceFound

_MESSAGE = "{noun} `{name}` type changed from `{old}` to `{new}`"
TYPE_CHANGED = {
    True: client_rule(
        "parameter-type-changed",
        P,
        "a parameter's type changed (breaking when unrelated)",
        "`str` -> `int`",
        _MESSAGE,
    ),
    False: client_rule(
        "field-type-changed",
        P,
        "a model attribute's type changed (breaking when unrelated)",
        "`int` -> `str`",
        _MESSAGE,
    ),
}


def union_parts(label: str) -> set[str]:
    """The top-level members of a `A | list[B | C] | None` label."""
    parts, depth, start = set(), 0, 0
    for index, char in enumerate(label):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.add(label[start:index].strip())
            start = index + 1
    parts.add(label[start:].strip())
    return parts


def _level(old: str, new: str, is_method: bool) -> Level:
    before, after = union_parts(old), union_parts(new)
    if is_method and before <= after:
        return NON_BREAKING  # a parameter that accepts more
    if before <= after or after <= before:
        return POTENTIAL
    for container in ("list[", "dict["):
        if old.startswith(container) and new.startswith(container):
            return POTENTIAL  # the element type changed: reported in detail by the API diff
    return BREAKING


@detector("member")
def member_type_changed(pair: MemberPair) -> Iterator[SurfaceFound]:
    old, new = pair.old, pair.new
    if old is not None and new is not None and old[0] != new[0]:
        level = _level(old[0], new[0], pair.is_method)
        yield SurfaceFound(TYPE_CHANGED[pair.is_method], pair.symbol, old[0], new[0], level=level)
