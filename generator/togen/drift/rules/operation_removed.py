"""`operation-removed`, rated by what the old spec said of the operation (`togen.drift.deprecation`)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.deprecation import removal_note, removal_suffix, sunset_of
from togen.drift.registry import B, N, P, api_rule, detector
from togen.drift.sites import Found, OperationPair

_MESSAGE = "operation {signature} ({key}) was removed{note}"
REMOVED = {
    "": api_rule(
        "operation-removed",
        B,
        "an operation was removed without being deprecated first",
        "GET /v1/endpoints/{id}/hardware",
        _MESSAGE,
    ),
    "-after-deprecation": api_rule(
        "operation-removed-after-deprecation",
        P,
        "a deprecated operation (no sunset date) was removed",
        "deprecated GET /v1/old removed",
        _MESSAGE,
    ),
    "-before-sunset": api_rule(
        "operation-removed-before-sunset",
        B,
        "a deprecated operation was removed before its `x-sunset` date",
        "`x-sunset: 2030-01-01`, removed in 2026",
        _MESSAGE,
    ),
    "-after-sunset": api_rule(
        "operation-removed-after-sunset",
        N,
        "a deprecated operation was removed after its `x-sunset` date (expected)",
        "`x-sunset: 2024-01-01`, removed in 2026",
        _MESSAGE,
    ),
}


@detector("operation")
def operation_removed(pair: OperationPair) -> Iterator[Found]:
    old = pair.old
    if old is None or pair.new is not None:
        return
    sunset = sunset_of(pair.specs.raw_old(old.pointer))
    yield Found(
        REMOVED[removal_suffix(old.deprecated, sunset)],
        "operation",
        old.pointer,
        None,
        sunset.isoformat() if sunset else None,
        facts={"note": removal_note(old.deprecated, sunset)},
    )
