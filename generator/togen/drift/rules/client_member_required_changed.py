"""`parameter-required-changed` (client: breaking when it became required, non-breaking the
other way) and `field-required-changed` (potentially breaking either way)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, client_rule, detector
from togen.drift.sites import MemberPair, SurfaceFound

_MESSAGE = "{noun} `{name}` is now {state}"
REQUIRED_CHANGED = {
    True: client_rule(
        "parameter-required-changed",
        B,
        "a parameter became required (non-breaking the other way)",
        "`model` required",
        _MESSAGE,
    ),
    False: client_rule(
        "field-required-changed",
        P,
        "a model attribute became required or optional",
        "`usage` optional",
        _MESSAGE,
    ),
}


@detector("member")
def member_required_changed(pair: MemberPair) -> Iterator[SurfaceFound]:
    old, new = pair.old, pair.new
    if old is None or new is None or old[1] == new[1]:
        return
    level = (B if new[1] else N) if pair.is_method else None
    facts = {"state": "required" if new[1] else "optional"}
    yield SurfaceFound(
        REQUIRED_CHANGED[pair.is_method],
        pair.symbol,
        str(old[1]).lower(),
        str(new[1]).lower(),
        level=level,
        facts=facts,
    )
