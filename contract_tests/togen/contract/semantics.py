"""Positive cases a correct client would send: the API's rules the schema cannot state.

Schemathesis draws request bodies from the schema alone, so a "valid" chat request may
force a tool it never declared or send an `image_url` that is no image; Together answers
those with a 400, and so does the mock, and counting that as `positive_data_acceptance`
would make the suite red on a correct server. The rules are not listed here: they are the
mock's rule table (togen.spec.request_rules), where the mock raises its 400s and where each rule
says how a request meets it. Before a positive case is sent, `fix` applies every rule
(and only when the rewritten body still matches the request schema), so a 400 on the rest
still fails the check, and a rule added to the mock is known to the suite at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from togen.spec.request_rules import satisfy_all


def fix(body: Any, is_valid: Callable[[Any], bool]) -> Any:
    """`body` with the rules applied, when that changes it and keeps it schema-valid."""
    if not isinstance(body, dict):
        return body
    fixed = satisfy_all(body)
    if fixed == body or not is_valid(fixed):
        return body
    return fixed
