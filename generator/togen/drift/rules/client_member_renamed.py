"""`parameter-renamed` (a positional parameter, matched by position) and `field-renamed`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import P, client_rule, detector
from togen.drift.sites import MemberPair, SurfaceFound

_MESSAGE = "positional {noun} renamed from `{old}` to `{new}` (breaks keyword callers)"
RENAMED = {
    True: client_rule(
        "parameter-renamed",
        P,
        "a positional parameter was renamed (breaks keyword callers)",
        "`id` -> `endpoint_id`",
        _MESSAGE,
    ),
    False: client_rule("field-renamed", P, "a model attribute was renamed", "`id` -> `file_id`", _MESSAGE),
}


@detector("member")
def member_renamed(pair: MemberPair) -> Iterator[SurfaceFound]:
    if pair.old is not None and pair.new is not None and pair.old_name != pair.name:
        yield SurfaceFound(RENAMED[pair.is_method], pair.symbol, pair.old_name, pair.name)
