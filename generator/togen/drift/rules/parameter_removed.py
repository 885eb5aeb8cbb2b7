"""`parameter-removed` (query, header or cookie), rated by what the old spec said of it."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.deprecation import removal_note, removal_suffix, sunset_of
from togen.drift.registry import B, N, P, api_rule, detector
from togen.drift.sites import Found, ParameterPair

_MESSAGE = "{where} was removed{note}"
REMOVED = {
    "": api_rule(
        "parameter-removed",
        P,
        "an optional query/header/cookie parameter was removed (breaking when it was required)",
        "query `limit` removed",
        _MESSAGE,
    ),
    "-after-deprecation": api_rule(
        "parameter-removed-after-deprecation",
        P,
        "a deprecated parameter (no sunset date) was removed",
        "deprecated query `page` removed",
        _MESSAGE,
    ),
    "-before-sunset": api_rule(
        "parameter-removed-before-sunset",
        B,
        "a deprecated parameter was removed before its `x-sunset` date",
        "`x-sunset: 2030-01-01`, removed in 2026",
        _MESSAGE,
    ),
    "-after-sunset": api_rule(
        "parameter-removed-after-sunset",
        N,
        "a deprecated parameter was removed after its `x-sunset` date (expected)",
        "`x-sunset: 2024-01-01`, removed in 2026",
        _MESSAGE,
    ),
}


@detector("parameter")
def parameter_removed(pair: ParameterPair) -> Iterator[Found]:
    old, new_op = pair.old, pair.op.new
    if old is None or pair.new is not None or new_op is None:
        return
    sunset = sunset_of(pair.op.specs.raw_old(old.pointer))
    suffix = removal_suffix(old.deprecated, sunset)
    # An optional parameter the server stops reading: old calls still succeed.
    level = None if suffix or not old.required else B
    note = removal_note(old.deprecated, sunset)
    yield Found(
        REMOVED[suffix], pair.where, old.pointer, new_op.pointer, old.name, level=level, facts={"note": note}
    )
