"""`request-body-media-type-changed`: JSON, multipart, form or binary, another than before."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import BodyPair, Found

MEDIA_TYPE_CHANGED = api_rule(
    "request-body-media-type-changed",
    B,
    "the request body's media type changed",
    "JSON -> multipart",
    "the request body changed from {old} to {new}",
)


@detector("request-body")
def request_body_media_type_changed(pair: BodyPair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old is not None and new is not None and old.kind != new.kind:
        yield Found(
            MEDIA_TYPE_CHANGED, "request body", old.pointer, new.pointer, old.media_type, new.media_type
        )
