"""`request-body-became-required`."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import BodyPair, Found

BECAME_REQUIRED = api_rule(
    "request-body-became-required",
    B,
    "the request body is now required",
    "body required",
    "the request body is now required",
)


@detector("request-body")
def request_body_became_required(pair: BodyPair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    # A body of another media type is reported as such, not compared further.
    if old is not None and new is not None and old.kind == new.kind and new.required and not old.required:
        yield Found(BECAME_REQUIRED, "request body", old.pointer, new.pointer, False, True)
