"""`response-header-removed` (togen/drift/rules/response_header_removed.py)."""

from __future__ import annotations

from typing import Any

from tests.drift.helpers import Differ, body_op, kinds, make_spec, obj, only

B, P, N = "breaking", "potentially-breaking", "non-breaking"


def _spec(
    headers: dict[str, Any], status: str = "200", shared: dict[str, Any] | None = None
) -> dict[str, Any]:
    spec = make_spec(body_op(response=obj({"id": {"type": "string"}}), method="get", status=status))
    spec["paths"]["/things"]["get"]["responses"][status]["headers"] = headers
    if shared:
        spec["components"]["headers"] = shared
    return spec


LIMIT = {"schema": {"type": "integer"}}
REQUEST_ID = {"schema": {"type": "string"}, "required": True}


def test_a_removed_header_is_potentially_breaking_a_required_one_breaking(drift: Differ) -> None:
    old = _spec({"X-RateLimit-Remaining": LIMIT, "x-request-id": REQUEST_ID})
    report = drift(old, _spec({}))
    assert kinds(report) == {("response-header-removed", P), ("response-header-removed", B)}
    required = next(c for c in report.changes if c.level == B)
    assert required.message == "response 200: header `x-request-id` was removed"
    assert required.old_pointer == "/paths/~1things/get/responses/200/headers/x-request-id"
    assert required.old_value == "x-request-id"


def test_header_names_compare_case_insensitively_and_additions_are_no_change(drift: Differ) -> None:
    old = _spec({"X-Request-Id": REQUEST_ID})
    assert only(drift(old, _spec({"x-request-id": REQUEST_ID})), "response-header-removed") == []
    assert only(drift(_spec({}), old), "response-header-removed") == []


def test_a_required_header_behind_a_ref_and_error_responses_capped(drift: Differ) -> None:
    shared = {"RequestId": REQUEST_ID}
    old = _spec({"x-request-id": {"$ref": "#/components/headers/RequestId"}}, shared=shared)
    assert kinds(drift(old, _spec({}, shared=shared))) == {("response-header-removed", B)}
    error = _spec({"x-request-id": REQUEST_ID}, status="429")
    assert kinds(drift(error, _spec({}, status="429"))) == {("response-header-removed", P)}
