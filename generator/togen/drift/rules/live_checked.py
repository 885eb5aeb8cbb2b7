"""`live-checked`: the operation answered as the spec says (a declared status; for a JSON
success answer, a body that matches the schema): the report lists what was checked."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from togen.drift.live_sites import LiveAnswer, LiveFound
from togen.drift.registry import N, detector, live_rule


def _verdict(facts: Mapping[str, Any]) -> str:
    return "answer matches the spec" if facts["body_checked"] else "status as declared"


CHECKED = live_rule(
    "live-checked",
    N,
    "the operation answered as the spec says",
    "GET /v1/models",
    _verdict,
)


@detector("live-clean")
def live_checked(answer: LiveAnswer) -> Iterator[LiveFound]:
    if answer.content is not None:
        yield LiveFound(CHECKED, answer.content.pointer, body_checked=True)
    elif answer.spec_response is not None:
        yield LiveFound(CHECKED, answer.spec_response.pointer, body_checked=False)
