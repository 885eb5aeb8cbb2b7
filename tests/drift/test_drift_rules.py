"""One rule at a time on small specs, in both directions (old -> new and new -> old)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.drift.helpers import Differ, body_op, kinds, make_spec, obj, only

B, P, N = "breaking", "potentially-breaking", "non-breaking"

STR = {"type": "string"}
INT = {"type": "integer"}

# (id, where, old schema, new schema, expected old->new, expected new->old)
SCHEMA_CASES: list[tuple[str, str, Any, Any, set[tuple[str, str]], set[tuple[str, str]]]] = [
    (
        "required-property",
        "request",
        obj({"a": STR}),
        obj({"a": STR, "b": STR}, ["b"]),
        {("request-property-required-added", B)},
        {("request-property-removed", B)},
    ),
    (
        "optional-property",
        "request",
        obj({"a": STR}),
        obj({"a": STR, "b": STR}),
        {("request-property-added", N)},
        {("request-property-removed", P)},  # old requests still validate: the server may ignore it
    ),
    (
        "optional-property-closed-object",
        "request",
        obj({"a": STR}, additionalProperties=False),
        obj({"a": STR, "b": STR}, additionalProperties=False),
        {("request-property-added", N)},
        {("request-property-removed", B)},  # old requests sending `b` are now rejected
    ),
    (
        "became-required",
        "request",
        obj({"a": STR}),
        obj({"a": STR}, ["a"]),
        {("request-property-became-required", B)},
        {("request-property-became-optional", N)},
    ),
    (
        "response-property",
        "response",
        obj({"a": STR}),
        obj({"a": STR, "b": STR}),
        {("response-property-added", N)},
        {("response-property-removed", P)},  # optional: old clients already handle its absence
    ),
    (
        "response-required-property",
        "response",
        obj({"a": STR}),
        obj({"a": STR, "b": STR}, ["b"]),
        {("response-property-added", N)},
        {("response-property-removed", B)},  # required: old clients rely on it
    ),
    (
        "response-required",
        "response",
        obj({"a": STR}, ["a"]),
        obj({"a": STR}),
        {("response-property-became-optional", P)},
        {("response-property-became-required", N)},
    ),
    (
        "request-enum",
        "request",
        obj({"a": {"type": "string", "enum": ["x", "y"]}}),
        obj({"a": {"type": "string", "enum": ["x"]}}),
        {("request-enum-value-removed", B)},
        {("request-enum-value-added", N)},
    ),
    (
        "response-enum",
        "response",
        obj({"a": {"type": "string", "enum": ["x"]}}),
        obj({"a": {"type": "string", "enum": ["x", "y"]}}),
        {("response-enum-value-added", P)},
        {("response-enum-value-removed", N)},
    ),
    (
        "request-enum-constraint",
        "request",
        obj({"a": STR}),
        obj({"a": {"type": "string", "enum": ["x"]}}),
        {("request-enum-added", B)},
        {("request-enum-removed", N)},
    ),
    (
        "response-nullable-30-style",
        "response",
        obj({"a": STR}, ["a"]),
        obj({"a": {"type": "string", "nullable": True}}, ["a"]),
        {("response-nullable-added", P)},
        {("response-nullable-removed", N)},
    ),
    (
        "request-nullable",
        "request",
        obj({"a": {"type": ["string", "null"]}}),
        obj({"a": STR}),
        {("request-nullable-removed", B)},
        {("request-nullable-added", N)},
    ),
    (
        "request-type-changed",
        "request",
        obj({"a": STR}),
        obj({"a": INT}),
        {("request-type-changed", B)},
        {("request-type-changed", B)},
    ),
    (
        "request-integer-to-number",
        "request",
        obj({"a": INT}),
        obj({"a": {"type": "number"}}),
        {("request-type-widened", N)},
        {("request-type-narrowed", B)},
    ),
    (
        "response-type-widened",
        "response",
        obj({"a": STR}),
        obj({"a": {"type": ["string", "integer"]}}),
        {("response-type-widened", P)},
        {("response-type-narrowed", N)},
    ),
    (
        "request-max-length",
        "request",
        obj({"a": {"type": "string", "maxLength": 10}}),
        obj({"a": {"type": "string", "maxLength": 5}}),
        {("request-bound-tightened", B)},
        {("request-bound-loosened", N)},
    ),
    (
        "request-minimum-added",
        "request",
        obj({"a": INT}),
        obj({"a": {"type": "integer", "minimum": 1}}),
        {("request-bound-tightened", B)},
        {("request-bound-loosened", N)},
    ),
    (
        "response-maximum",
        "response",
        obj({"a": {"type": "integer", "maximum": 5}}),
        obj({"a": {"type": "integer", "maximum": 10}}),
        {("response-bound-loosened", P)},
        {("response-bound-tightened", N)},
    ),
    (
        "request-closed",
        "request",
        obj({"a": STR}),
        obj({"a": STR}, additionalProperties=False),
        {("request-object-closed", B)},
        {("request-object-opened", N)},
    ),
    (
        "request-array-items",
        "request",
        obj({"a": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}}}),
        obj({"a": {"type": "array", "items": {"type": "string", "enum": ["x"]}}}),
        {("request-enum-value-removed", B)},
        {("request-enum-value-added", N)},
    ),
    (
        "request-branch",
        "request",
        obj({"a": {"oneOf": [STR, obj({"k": STR}, ["k"])]}}),
        obj({"a": {"oneOf": [STR]}}),
        {("request-branch-removed", B)},
        {("request-branch-added", N)},
    ),
    (
        "response-branch",
        "response",
        obj({"a": {"anyOf": [STR]}}),
        obj({"a": {"anyOf": [STR, obj({"k": STR}, ["k"])]}}),
        {("response-branch-added", P)},
        {("response-branch-removed", N)},
    ),
    (
        "request-default",
        "request",
        obj({"a": {"type": "integer", "default": 1}}),
        obj({"a": {"type": "integer", "default": 2}}),
        {("request-default-changed", P)},
        {("request-default-changed", P)},
    ),
]


def _spec(where: str, schema: Any) -> dict[str, Any]:
    if where == "request":
        return make_spec(body_op(request=schema, response=obj({"ok": STR})))
    return make_spec(body_op(request=None, response=schema, method="get"))


@pytest.mark.parametrize(
    ("where", "old", "new", "forward", "backward"),
    [case[1:] for case in SCHEMA_CASES],
    ids=[case[0] for case in SCHEMA_CASES],
)
def test_schema_rule_both_directions(
    drift: Differ, where: str, old: Any, new: Any, forward: set[Any], backward: set[Any]
) -> None:
    assert kinds(drift(_spec(where, old), _spec(where, new))) == forward
    assert kinds(drift(_spec(where, new), _spec(where, old))) == backward


def test_change_fields_and_pointers(drift: Differ) -> None:
    old = _spec("request", obj({"a": {"type": "string", "enum": ["x", "y"]}}))
    new = _spec("request", obj({"a": {"type": "string", "enum": ["x"]}}))
    (change,) = drift(old, new).changes
    assert change.operation == "POST /v1/things"
    assert change.location == "request body"
    assert change.path == "a"
    assert change.old_value == "y"
    # The body was inline: the pointer names where it was written, not the hoisted component.
    expected = "/paths/~1things/post/requestBody/content/application~1json/schema/properties/a"
    assert change.old_pointer == expected
    assert change.new_pointer == expected
    assert "enum value 'y' removed" in change.message


def test_branch_changes_are_compared_branch_by_branch(drift: Differ) -> None:
    def spec(kinds_: list[str]) -> dict[str, Any]:
        text = obj({"type": {"const": "text"}, "text": STR}, ["type", "text"])
        image = obj({"type": {"const": "image"}, "url": {"type": "string", "enum": kinds_}}, ["type", "url"])
        return _spec("request", obj({"content": {"type": "array", "items": {"oneOf": [image, text]}}}))

    report = drift(spec(["a", "b"]), spec(["a"]))
    (change,) = report.changes
    assert change.kind == "request-enum-value-removed"
    assert change.path == "content[].oneOf[image].url"
    # Reordering the branches is not a change.
    text = obj({"type": {"const": "text"}, "text": STR}, ["type", "text"])
    image = obj({"type": {"const": "image"}, "url": {"type": "string", "enum": ["a"]}}, ["type", "url"])
    swapped = _spec("request", obj({"content": {"type": "array", "items": {"oneOf": [text, image]}}}))
    assert drift(spec(["a"]), swapped).changes == []


# ----------------------------------------------------------------------------- refactors


def test_ref_and_allof_refactor_is_no_change(drift: Differ) -> None:
    inline = obj(
        {"id": STR, "size": {"type": "integer", "minimum": 0}, "tags": {"type": "array", "items": STR}},
        ["id"],
    )
    old = make_spec(body_op(request=inline, response=inline))
    new = make_spec(
        body_op(
            request={"$ref": "#/components/schemas/Thing"}, response={"$ref": "#/components/schemas/Thing"}
        ),
        schemas={
            "Base": obj({"id": STR}, ["id"]),
            "Sized": obj({"size": {"$ref": "#/components/schemas/Size"}}),
            "Size": {"type": "integer", "minimum": 0},
            "Thing": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"$ref": "#/components/schemas/Sized"},
                    obj({"tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}),
                ]
            },
            "Tag": STR,
        },
    )
    assert drift(old, new).changes == []
    assert drift(new, old).changes == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": "string", "nullable": True}, {"anyOf": [STR, {"type": "null"}]}),
        ({"type": ["string", "null"]}, {"oneOf": [{"type": "null"}, STR]}),
        ({"anyOf": [{"type": "string", "enum": ["a", "b"]}, STR]}, STR),
        ({"anyOf": [STR, INT]}, {"type": ["string", "integer"]}),
        ({"allOf": [STR]}, STR),
        ({"enum": ["a"]}, {"type": "string", "const": "a"}),
    ],
    ids=["nullable-vs-anyof", "typelist-vs-oneof", "enum-or-string", "anyof-types", "single-allof", "const"],
)
def test_equivalent_schemas_are_no_change(drift: Differ, old: Any, new: Any) -> None:
    for where in ("request", "response"):
        assert drift(_spec(where, obj({"a": old})), _spec(where, obj({"a": new}))).changes == []
        assert drift(_spec(where, obj({"a": new})), _spec(where, obj({"a": old}))).changes == []


def test_recursive_schemas_terminate_and_report_deep_changes(drift: Differ) -> None:
    def spec(kinds_: list[str]) -> dict[str, Any]:
        node = obj(
            {
                "kind": {"type": "string", "enum": kinds_},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            }
        )
        return make_spec(
            body_op(
                request={"$ref": "#/components/schemas/Node"}, response={"$ref": "#/components/schemas/Node"}
            ),
            schemas={"Node": node, "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}, node]}},
        )

    assert drift(spec(["a", "b"]), spec(["a", "b"])).changes == []
    report = drift(spec(["a", "b"]), spec(["a"]))
    assert kinds(report) == {("request-enum-value-removed", B), ("response-enum-value-removed", N)}
    assert {c.old_pointer for c in report.changes} == {"/components/schemas/Node/properties/kind"}


# ----------------------------------------------------------------------------- operations


def test_operation_removed_and_added(drift: Differ) -> None:
    a = make_spec(body_op(response=obj({"a": STR}), method="get"))
    b = make_spec({**body_op(response=obj({"a": STR}), method="get"), **body_op(path="/other", method="get")})
    report = drift(b, a)
    assert kinds(report) == {("operation-removed", B)}
    assert report.operations_removed == ["GET /v1/other"]
    report = drift(a, b)
    assert kinds(report) == {("operation-added", N)}
    assert report.operations_added == ["GET /v1/other"]


def test_version_prefix_moved_between_server_and_paths_is_no_change(drift: Differ) -> None:
    old = make_spec(body_op(response=obj({"a": STR}), method="get"), server="https://api.example.com/v1")
    new = make_spec(
        body_op(response=obj({"a": STR}), method="get", path="/v1/things"), server="https://api.example.com"
    )
    assert drift(old, new).changes == []


def test_path_parameters_match_by_position(drift: Differ) -> None:
    def spec(name: str, kind: str = "string") -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
        return make_spec(
            body_op(response=obj({"a": STR}), method="get", path=f"/things/{{{name}}}", parameters=[param])
        )

    report = drift(spec("id"), spec("thingId"))
    assert kinds(report) == {("path-parameter-renamed", N)}
    assert report.operations_removed == []
    report = drift(spec("id"), spec("thingId", "integer"))
    assert ("request-type-changed", B) in kinds(report)


def _query(name: str, required: bool = False, schema: Any = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema or STR}


@pytest.mark.parametrize(
    ("old", "new", "forward", "backward"),
    [
        ([], [_query("q", True)], {("parameter-required-added", B)}, {("parameter-removed", B)}),
        ([], [_query("q")], {("parameter-added", N)}, {("parameter-removed", P)}),
        (
            [_query("q")],
            [_query("q", True)],
            {("parameter-became-required", B)},
            {("parameter-became-optional", N)},
        ),
        (
            [_query("q", schema={"type": "string", "enum": ["a", "b"]})],
            [_query("q", schema={"type": "string", "enum": ["a"]})],
            {("request-enum-value-removed", B)},
            {("request-enum-value-added", N)},
        ),
    ],
    ids=["required", "optional", "became-required", "enum"],
)
def test_parameter_rules(drift: Differ, old: Any, new: Any, forward: Any, backward: Any) -> None:
    def spec(params: Any) -> dict[str, Any]:
        return make_spec(body_op(response=obj({"a": STR}), method="get", parameters=params))

    assert kinds(drift(spec(old), spec(new))) == forward
    assert kinds(drift(spec(new), spec(old))) == backward


def test_request_body_rules(drift: Differ) -> None:
    with_body = make_spec(body_op(request=obj({"a": STR}), response=obj({"ok": STR})))
    without = make_spec(body_op(request=None, response=obj({"ok": STR})))
    assert kinds(drift(with_body, without)) == {("request-body-removed", B)}
    assert kinds(drift(without, with_body)) == {("request-body-required-added", B)}
    multipart = make_spec(body_op(request=obj({"a": STR}), response=obj({"ok": STR})))
    content = multipart["paths"]["/things"]["post"]["requestBody"]["content"]
    content["multipart/form-data"] = content.pop("application/json")
    assert kinds(drift(with_body, multipart)) == {("request-body-media-type-changed", B)}


def test_response_rules(drift: Differ) -> None:
    ok = make_spec(body_op(response=obj({"a": STR}), method="get"))
    created = make_spec(body_op(response=obj({"a": STR}), method="get", status="201"))
    assert kinds(drift(ok, created)) == {("response-status-changed", P)}
    both = make_spec(body_op(response=obj({"a": STR}), method="get"))
    both["paths"]["/things"]["get"]["responses"]["202"] = {"description": "accepted"}
    both["paths"]["/things"]["get"]["responses"]["404"] = {"description": "missing"}
    assert kinds(drift(ok, both)) == {("response-status-added", P), ("response-status-added", N)}
    assert kinds(drift(both, ok)) == {("response-status-removed", B), ("response-status-removed", N)}
    binary = make_spec(body_op(method="get"))
    binary["paths"]["/things"]["get"]["responses"]["200"]["content"] = {
        "audio/wav": {"schema": {"type": "string", "format": "binary"}}
    }
    assert kinds(drift(ok, binary)) == {("response-kind-changed", B)}


def _stream_spec(chunk: Any) -> dict[str, Any]:
    spec = make_spec(body_op(request=obj({"stream": {"type": "boolean"}}), response=obj({"a": STR})))
    spec["paths"]["/things"]["post"]["responses"]["200"]["content"]["text/event-stream"] = {
        "schema": {
            "oneOf": [
                obj({"data": chunk}, ["data"]),
                obj({"data": {"type": "string", "enum": ["[DONE]"]}}, ["data"]),
            ]
        }
    }
    return spec


def test_stream_rules(drift: Differ) -> None:
    plain = make_spec(body_op(request=obj({"stream": {"type": "boolean"}}), response=obj({"a": STR})))
    chunk = obj({"delta": {"type": "string", "enum": ["a"]}}, ["delta"])
    assert kinds(drift(plain, _stream_spec(chunk))) == {("response-stream-added", N)}
    assert kinds(drift(_stream_spec(chunk), plain)) == {("response-stream-removed", B)}
    wider = obj({"delta": {"type": "string", "enum": ["a", "b"]}}, ["delta"])
    report = drift(_stream_spec(chunk), _stream_spec(wider))
    assert kinds(report) == {("response-enum-value-added", P)}
    assert report.changes[0].location == "response 200 stream event"


def test_operation_deprecated(drift: Differ) -> None:
    old = make_spec(body_op(response=obj({"a": STR}), method="get"))
    new = make_spec(body_op(response=obj({"a": STR}), method="get"))
    new["paths"]["/things"]["get"]["deprecated"] = True
    assert kinds(drift(old, new)) == {("operation-deprecated", N)}


# ----------------------------------------------------------------------------- surface + semver


def test_client_surface_and_semver(drift: Differ) -> None:
    base = make_spec(
        body_op(request=obj({"a": STR}), response={"$ref": "#/components/schemas/Out"}),
        schemas={"Out": obj({"x": STR, "y": INT})},
    )
    same = drift(base, base)
    assert same.surface == [] and same.semver[0] == "none"

    added = make_spec(
        body_op(request=obj({"a": STR, "b": INT}), response={"$ref": "#/components/schemas/Out"}),
        schemas={"Out": obj({"x": STR, "y": INT, "z": STR})},
    )
    report = drift(base, added)
    surface = {(s.kind, s.symbol, s.level) for s in report.surface}
    assert ("parameter-added", "client.things.create(b)", N) in surface or any(
        s.kind == "parameter-added" and s.symbol.endswith("(b)") for s in report.surface
    )
    assert any(s.kind == "field-added" and s.symbol == "models.Out.z" for s in report.surface)
    assert report.semver[0] == "minor"

    report = drift(added, base)
    assert any(
        s.kind == "field-removed" and s.symbol == "models.Out.z" and s.level == B for s in report.surface
    )
    assert any(s.kind == "parameter-removed" and s.level == B for s in report.surface)
    assert report.semver[0] == "major"

    described = make_spec(
        body_op(
            request=obj({"a": {**STR, "description": "new words"}}),
            response={"$ref": "#/components/schemas/Out"},
        ),
        schemas={"Out": obj({"x": STR, "y": INT})},
    )
    described["paths"]["/things"]["post"]["deprecated"] = True
    assert drift(base, described).semver[0] == "patch"


def test_surface_names_are_the_client_signature(drift: Differ) -> None:
    """A body field that clashes with a query parameter is `<name>_body`, as in the client."""
    query = [{"name": "model", "in": "query", "schema": STR}]
    old = make_spec(body_op(request=obj({"a": STR}), response=obj({"ok": STR}), parameters=query))
    new = make_spec(
        body_op(request=obj({"a": STR, "model": STR}), response=obj({"ok": STR}), parameters=query)
    )
    added = [s.symbol for s in drift(old, new).surface if s.kind == "parameter-added"]
    assert added == ["client.things.create(model_body)"]


def test_method_removed_on_surface(drift: Differ) -> None:
    a = make_spec(body_op(response=obj({"a": STR}), method="get"))
    b = make_spec({**body_op(response=obj({"a": STR}), method="get"), **body_op(path="/other", method="get")})
    report = drift(b, a)
    removed = [s for s in report.surface if s.kind == "method-removed"]
    assert len(removed) == 1 and removed[0].level == B


def test_only_helper_finds_changes(drift: Differ) -> None:
    old = _spec("request", obj({"a": STR}))
    new = _spec("request", obj({"a": STR, "b": STR}, ["b"]))
    assert [c.path for c in only(drift(old, new), "request-property-required-added")] == ["b"]


def test_object_split_into_tagged_branches(drift: Differ) -> None:
    """`{role: enum[system, user, tool], content}` -> `oneOf` by role: compared per role."""
    single = obj({"role": {"type": "string", "enum": ["system", "user", "tool"]}, "content": STR}, ["role"])

    def branch(role: str, **props: Any) -> dict[str, Any]:
        required = ["role", *[k for k in props if k == "tool_call_id"]]
        return obj({"role": {"type": "string", "const": role}, "content": STR, **props}, required)

    split = {"oneOf": [branch("system"), branch("user"), branch("tool", tool_call_id=STR)]}
    old = _spec("request", obj({"messages": {"type": "array", "items": single}}))
    new = _spec("request", obj({"messages": {"type": "array", "items": split}}))
    report = drift(old, new)
    assert [(c.kind, c.path) for c in report.changes] == [
        ("request-property-required-added", "messages[].oneOf[tool].tool_call_id")
    ]
    report = drift(new, old)
    assert [(c.kind, c.level) for c in report.changes] == [("request-property-removed", B)]
    # A role that no branch keeps is a removed enum value; a new role is an added branch.
    fewer = _spec(
        "request",
        obj(
            {
                "messages": {
                    "type": "array",
                    "items": {"oneOf": [branch("system"), branch("user"), branch("assistant")]},
                }
            }
        ),
    )
    assert kinds(drift(old, fewer)) == {("request-enum-value-removed", B), ("request-branch-added", N)}
    assert kinds(drift(fewer, old)) == {("request-enum-value-added", N), ("request-branch-removed", B)}
