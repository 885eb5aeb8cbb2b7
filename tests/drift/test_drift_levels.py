"""Levels that match what breaks: error bodies, deprecation and sunset, --deprecation-days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.drift.helpers import Differ, body_op, kinds, make_spec, obj, only
from togen.drift.operation_walk import DiffOptions, diff_apis

B, P, N = "breaking", "potentially-breaking", "non-breaking"
STR = {"type": "string"}
FUTURE = (dt.date.today() + dt.timedelta(days=3650)).isoformat()
PAST = "2001-01-01"


def _with_error(error_schema: dict[str, Any], status: str = "400") -> dict[str, Any]:
    paths = body_op(request=obj({"a": STR}), response=obj({"r": STR}))
    paths["/things"]["post"]["responses"][status] = {
        "description": "error",
        "content": {"application/json": {"schema": error_schema}},
    }
    return make_spec(paths)


ENVELOPE = obj({"error": obj({"message": STR, "code": STR, "param": STR}, ["message", "code", "param"])})
LOOSER = obj({"error": obj({"message": STR, "code": STR, "param": STR}, ["message"])})


def test_error_bodies_are_compared_at_most_potentially_breaking(drift: Differ) -> None:
    # Together's envelope: error.code / error.param no longer required (upstream did this in 86 places)
    forward = drift(_with_error(ENVELOPE), _with_error(LOOSER))
    assert kinds(forward) == {("error-response-property-became-optional", P)}
    assert {c.path for c in forward.changes} == {"error.code", "error.param"}
    assert {c.location for c in forward.changes} == {"response 400"}
    backward = drift(_with_error(LOOSER), _with_error(ENVELOPE))
    assert kinds(backward) == {("error-response-property-became-required", N)}
    # a change that is breaking in a success body is capped in an error body
    retyped = obj({"error": obj({"message": {"type": "integer"}, "code": STR, "param": STR}, ["message"])})
    assert kinds(drift(_with_error(LOOSER), _with_error(retyped))) == {("error-response-type-changed", P)}
    removed = obj({"error": obj({"code": STR, "param": STR})})
    assert kinds(drift(_with_error(LOOSER), _with_error(removed))) == {("error-response-property-removed", P)}


def test_default_and_5xx_error_bodies_are_compared(drift: Differ) -> None:
    for status in ("default", "500"):
        report = drift(_with_error(ENVELOPE, status), _with_error(LOOSER, status))
        assert kinds(report) == {("error-response-property-became-optional", P)}, status
        assert {c.location for c in report.changes} == {f"response {status}"}


def test_success_body_changes_keep_their_levels(drift: Differ) -> None:
    old = make_spec(body_op(response=obj({"r": STR}, ["r"])))
    new = make_spec(body_op(response=obj({"r": {"type": "integer"}}, ["r"])))
    assert kinds(drift(old, new)) == {("response-type-changed", B)}


# -- deprecation and sunset


def _op(deprecated: bool = False, sunset: str | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": "old", "responses": {"200": {"description": "ok"}}}
    if deprecated:
        op["deprecated"] = True
    if sunset:
        op["x-sunset"] = sunset
    return op


@pytest.mark.parametrize(
    ("deprecated", "sunset", "kind", "level"),
    [
        (False, None, "operation-removed", B),
        (True, None, "operation-removed-after-deprecation", P),
        (True, FUTURE, "operation-removed-before-sunset", B),
        (True, PAST, "operation-removed-after-sunset", N),
    ],
)
def test_operation_removal_depends_on_deprecation_and_sunset(
    drift: Differ, deprecated: bool, sunset: str | None, kind: str, level: str
) -> None:
    keep = {"/kept": {"get": {"operationId": "kept", "responses": {"200": {"description": "ok"}}}}}
    old = make_spec({**keep, "/old": {"get": _op(deprecated, sunset)}})
    new = make_spec(keep)
    assert kinds(drift(old, new)) == {(kind, level)}
    # and the other way: an added operation is never a removal
    assert kinds(drift(new, old)) == {("operation-added", N)}


def _query(deprecated: bool = False, sunset: str | None = None, required: bool = False) -> dict[str, Any]:
    param: dict[str, Any] = {"name": "page", "in": "query", "schema": STR, "required": required}
    if deprecated:
        param["deprecated"] = True
    if sunset:
        param["x-sunset"] = sunset
    return param


@pytest.mark.parametrize(
    ("param", "kind", "level"),
    [
        (_query(), "parameter-removed", P),
        (_query(required=True), "parameter-removed", B),
        (_query(deprecated=True), "parameter-removed-after-deprecation", P),
        (_query(deprecated=True, sunset=FUTURE), "parameter-removed-before-sunset", B),
        (_query(deprecated=True, sunset=PAST), "parameter-removed-after-sunset", N),
    ],
)
def test_parameter_removal_levels(drift: Differ, param: dict[str, Any], kind: str, level: str) -> None:
    old = make_spec(body_op(method="get", parameters=[param], response=obj({"r": STR})))
    new = make_spec(body_op(method="get", response=obj({"r": STR})))
    report = drift(old, new)
    assert kinds(report) == {(kind, level)}
    # the client still loses the keyword argument: breaking for callers
    assert any(s.kind == "parameter-removed" and s.level == B for s in report.surface)


@pytest.mark.parametrize(
    ("prop", "kind", "level"),
    [
        ({**STR, "deprecated": True}, "request-property-removed-after-deprecation", P),
        ({**STR, "deprecated": True, "x-sunset": FUTURE}, "request-property-removed-before-sunset", B),
        ({**STR, "deprecated": True, "x-sunset": PAST}, "request-property-removed-after-sunset", N),
        (
            {**STR, "deprecated": True, "sunset": "Sat, 01 Jan 2000 00:00:00 GMT"},
            "request-property-removed-after-sunset",
            N,
        ),
    ],
)
def test_property_removal_after_deprecation(
    drift: Differ, prop: dict[str, Any], kind: str, level: str
) -> None:
    old = make_spec(body_op(request=obj({"a": STR, "b": prop})))
    new = make_spec(body_op(request=obj({"a": STR})))
    assert kinds(drift(old, new)) == {(kind, level)}


def test_new_deprecations_are_reported(drift: Differ) -> None:
    old = make_spec(body_op(request=obj({"a": STR}), method="get", parameters=[_query()]))
    new = make_spec(
        body_op(request=obj({"a": {**STR, "deprecated": True}}), method="get", parameters=[_query(True)])
    )
    assert kinds(drift(old, new)) == {("request-property-deprecated", N), ("parameter-deprecated", N)}
    assert kinds(drift(new, old)) == set()  # un-deprecating is not a change worth a line


def test_deprecation_days_flags_a_sunset_too_soon(load_api: Any) -> None:
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    keep = {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok"}}}}}
    old = load_api(make_spec({**keep, "/old": {"get": _op()}}))
    new = load_api(make_spec({**keep, "/old": {"get": _op(True, soon)}}))
    plain = diff_apis(old, new)
    assert kinds(plain) == {("operation-deprecated", N)}
    strict = diff_apis(old, new, DiffOptions(deprecation_days=30))
    assert kinds(strict) == {("operation-deprecated", N), ("deprecation-sunset-too-soon", B)}
    assert only(strict, "deprecation-sunset-too-soon")[0].new_value == soon
    relaxed = diff_apis(old, new, DiffOptions(deprecation_days=5))
    assert kinds(relaxed) == {("operation-deprecated", N)}
    # a deprecation without any sunset date gives no notice period at all
    bare = load_api(make_spec({**keep, "/old": {"get": _op(True)}}))
    assert ("deprecation-sunset-too-soon", B) in kinds(diff_apis(old, bare, DiffOptions(deprecation_days=1)))
