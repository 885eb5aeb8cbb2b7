"""`parameter-added` (client; breaking when required) and `field-added`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, client_rule, detector
from togen.drift.sites import MemberPair, SurfaceFound

_MESSAGE = "{required} {noun} `{name}` added"
ADDED = {
    True: client_rule(
        "parameter-added",
        N,
        "a method parameter was added (breaking when required)",
        "optional `after`",
        _MESSAGE,
    ),
    False: client_rule("field-added", N, "a model attribute was added", "`models.File.size`", _MESSAGE),
}


@detector("member")
def member_added(pair: MemberPair) -> Iterator[SurfaceFound]:
    new = pair.new
    if new is None or pair.old is not None:
        return
    level = B if pair.is_method and new[1] else None  # old calls lack a required argument
    facts = {"required": "required" if new[1] else "optional"}
    yield SurfaceFound(ADDED[pair.is_method], pair.symbol, None, new[0], level=level, facts=facts)
