"""`live-status-undeclared`: the server answered a status the operation does not declare (not
exactly, nor as `NXX`, nor through `default`); its body is not checked."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.live_sites import LiveAnswer, LiveFound
from togen.drift.registry import B, detector, live_rule

STATUS_UNDECLARED = live_rule(
    "live-status-undeclared",
    B,
    "the server answered a status the spec does not declare",
    "418",
    "the server answered {value}, which the spec does not declare (declared: {declared})",
)


@detector("live-answer")
def live_status_undeclared(answer: LiveAnswer) -> Iterator[LiveFound]:
    if answer.spec_response is None:
        declared = ", ".join(answer.declared) or "none"
        yield LiveFound(
            STATUS_UNDECLARED, answer.op.pointer + "/responses", value=answer.status, declared=declared
        )
