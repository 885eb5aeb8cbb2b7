"""`live-body-not-json`: a success answer the spec describes as JSON does not parse as JSON."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import NOT_JSON, LiveAnswer, LiveFound
from togen.drift.registry import B, detector, live_rule

BODY_NOT_JSON = live_rule(
    "live-body-not-json",
    B,
    "a JSON response's body is not JSON",
    "text/html",
    "the body is not JSON ({content_type})",
)


@detector("live-answer")
def live_body_not_json(answer: LiveAnswer) -> Iterator[LiveFound]:
    if answer.content is not None and answer.body is NOT_JSON:
        content_type = answer.response.headers.get("content-type", "no content type")
        yield LiveFound(BODY_NOT_JSON, answer.content.pointer, content_type=content_type)
