"""--ignore, --severity, --include-project, JUnit and GitHub formats, --list-rules, warnings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from tests.drift.helpers import body_op, make_spec, obj
from togen.cli import app
from togen.drift.api import Policy, drift, load, untouched
from togen.drift.operation_walk import Focus, diff_apis
from togen.drift.rules import RULES
from togen.spec.normalize import Overlay

STR = {"type": "string"}


@pytest.fixture(scope="module")
def cli() -> Any:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env=env)

    return invoke


@pytest.fixture
def specs(tmp_path: Path) -> tuple[str, str]:
    """Old -> new: a removed operation (breaking), a request enum narrowed (breaking), an
    optional response property removed (potentially breaking). Written as YAML."""
    old = make_spec(
        {
            **body_op(
                request=obj({"a": {"type": "string", "enum": ["x", "y"]}}), response=obj({"r": STR, "s": STR})
            ),
            **body_op(path="/gone", method="get", response=obj({"r": STR})),
        }
    )
    new = make_spec(body_op(request=obj({"a": {"type": "string", "enum": ["x"]}}), response=obj({"r": STR})))
    paths = []
    for name, doc in (("old.yaml", old), ("new.yaml", new)):
        (tmp_path / name).write_text(yaml.safe_dump(doc, sort_keys=False))
        paths.append(str(tmp_path / name))
    return paths[0], paths[1]


def _json(result: Any) -> dict[str, Any]:
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_ignore_file_moves_accepted_changes_out_of_levels_semver_and_fail_on(
    cli: Any, specs: tuple[str, str], tmp_path: Path
) -> None:
    old, new = specs
    before = _json(cli("drift", old, new, "--format", "json"))
    assert before["summary"]["breaking"] == 2 and before["semver"] == "major"
    rules = tmp_path / "accepted.yaml"
    rules.write_text(
        "ignore:\n"
        "  - kind: operation-removed\n    operation: 'GET /v1/gone'\n    reason: nobody called it\n"
        "  - kind: request-enum-value-removed\n    path: a\n    reason: y was never accepted by the server\n"
        "  - kind: method-removed\n    symbol: 'client.*'\n    reason: same as the operation\n"
    )
    after = _json(cli("drift", old, new, "--format", "json", "--ignore", str(rules)))
    assert after["summary"]["breaking"] == 0
    assert {(i["change"] or i["client"])["kind"] for i in after["ignored"]} == {
        "operation-removed",
        "request-enum-value-removed",
        "method-removed",
    }
    assert {i["reason"] for i in after["ignored"]} >= {"nobody called it"}
    assert "GET /v1/gone" not in after["operations"]["removed"]
    assert cli("drift", old, new, "--ignore", str(rules), "--fail-on", "breaking").exit_code == 0
    assert cli("drift", old, new, "--fail-on", "breaking").exit_code == 1
    markdown = cli("drift", old, new, "--ignore", str(rules)).stdout
    assert "### Ignored (3, by `--ignore`)" in markdown and "nobody called it" in markdown
    # the same list in TOML
    toml = tmp_path / "accepted.toml"
    toml.write_text(
        '[[ignore]]\nkind = "operation-removed"\noperation = "GET /v1/gone"\nreason = "nobody called it"\n'
    )
    assert (
        _json(cli("drift", old, new, "--format", "json", "--ignore", str(toml)))["summary"]["breaking"] == 1
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore:\n  - kind: operation-removed\n", "/ignore/0: every entry needs a reason"),
        ("ignore:\n  - kind: operaton-removed\n    reason: x\n", "matches no rule kind"),
        ("ignore:\n  - reason: x\n", "at least one of kind, operation, path, symbol"),
        (
            "ignore:\n  - kind: operation-removed\n    reason: x\n    level: breaking\n",
            "unknown key(s) level",
        ),
        ("ignore: {kind: x}\n", "expected a list"),
        ("ignore: [\n", "invalid YAML"),
    ],
)
def test_bad_ignore_file_is_one_line_exit_2(
    cli: Any, specs: tuple[str, str], tmp_path: Path, text: str, message: str
) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(text)
    result = cli("drift", *specs, "--ignore", str(rules))
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert str(rules) in result.output and message in result.output, result.output


def test_severity_remaps_a_rule(cli: Any, specs: tuple[str, str]) -> None:
    old, new = specs
    data = _json(cli("drift", old, new, "--format", "json", "--severity", "operation-removed=non-breaking"))
    assert [c["level"] for c in data["changes"] if c["kind"] == "operation-removed"] == ["non-breaking"]
    assert data["summary"]["breaking"] == 1
    raised = _json(cli("drift", old, new, "--format", "json", "--severity", "response-property-*=breaking"))
    assert [c["level"] for c in raised["changes"] if c["kind"] == "response-property-removed"] == ["breaking"]
    # scoped to the client surface only: the API change keeps its level
    scoped = _json(
        cli("drift", old, new, "--format", "json", "--severity", "client:method-removed=non-breaking")
    )
    assert [s["level"] for s in scoped["client"] if s["kind"] == "method-removed"] == ["non-breaking"]
    assert [c["level"] for c in scoped["changes"] if c["kind"] == "operation-removed"] == ["breaking"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("operation-removed", "expected KIND=LEVEL"),
        ("nope=breaking", "matches no rule kind"),
        ("operation-removed=fatal", "unknown level"),
    ],
)
def test_bad_severity_is_exit_2(cli: Any, specs: tuple[str, str], value: str, message: str) -> None:
    result = cli("drift", *specs, "--severity", value)
    assert result.exit_code == 2 and message in result.output, result.output


def test_junit_has_one_case_per_operation_and_fails_at_fail_on(cli: Any, specs: tuple[str, str]) -> None:
    old, new = specs
    root = ET.fromstring(cli("drift", old, new, "--format", "junit").stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    # (the project's overlays apply to Together's hosts only: nothing is added to api.example.com)
    assert set(cases) == {"GET /v1/gone", "POST /v1/things", "client surface"}
    assert cases["GET /v1/gone"].find("failure") is not None
    things = cases["POST /v1/things"]
    assert "request-enum-value-removed" in (things.find("failure").text or "")  # type: ignore[union-attr]
    assert "response-property-removed" not in (things.find("failure").text or "")  # type: ignore[union-attr]
    assert "response-property-removed" in (things.find("system-out").text or "")  # type: ignore[union-attr]
    assert root.get("tests") == "3" and root.get("failures") == "3"
    stricter = ET.fromstring(
        cli("drift", old, new, "--format", "junit", "--fail-on", "potentially-breaking").stdout
    )
    failing = next(c for c in stricter.iter("testcase") if c.get("name") == "POST /v1/things").find("failure")
    assert "response-property-removed" in (failing.text or "")  # type: ignore[union-attr]
    # nothing changed: every case passes
    same = ET.fromstring(cli("drift", new, new, "--format", "junit").stdout)
    assert same.get("failures") == "0" and same.find(".//failure") is None


def test_github_annotations_point_at_the_new_spec(cli: Any, specs: tuple[str, str]) -> None:
    old, new = specs
    lines = cli("drift", old, new, "--format", "github").stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    enum = next(line for line in errors if "request-enum-value-removed" in line)
    match = re.match(r"::error file=([^,]+),line=(\d+),title=", enum)
    assert match and match.group(1) == new
    text = Path(new).read_text().splitlines()
    assert "enum" in text[int(match.group(2)) - 1] or "a:" in text[int(match.group(2)) - 1]
    assert any("response-property-removed" in line for line in warnings)
    assert not any("non-breaking" in line for line in lines)
    stricter = cli("drift", old, new, "--format", "github", "--fail-on", "potentially-breaking").stdout
    assert any(
        line.startswith("::error ") and "response-property-removed" in line for line in stricter.splitlines()
    )


def test_list_rules_and_every_reported_kind_is_registered(cli: Any) -> None:
    text = cli("drift", "--list-rules").stdout
    assert "error-response-property-became-optional" in text and "operation-removed-before-sunset" in text
    rows = json.loads(cli("drift", "--list-rules", "--format", "json").stdout)
    assert {(r["scope"], r["kind"]) for r in rows} == set(RULES)
    assert all(
        r["level"] in ("breaking", "potentially-breaking", "non-breaking") and r["meaning"] for r in rows
    )


# -- changes made only by the project's overlays


def _overlay(tmp_path: Path) -> Overlay:
    """An overlay adding a property to `Thing`, in specs that have it."""
    action = {
        "target": "/components/schemas/Thing/properties/extra",
        "create": True,
        "set": {"type": "string"},
        "reason": "test",
    }
    return Overlay(tmp_path / "090-test.yaml", "test", [action], "project")


def test_overlay_only_changes_are_reported_apart(tmp_path: Path) -> None:
    thing = {"$ref": "#/components/schemas/Thing"}
    old = make_spec(body_op(response=obj({"r": STR})))
    new = make_spec(body_op(response=thing), {"Thing": obj({"r": STR, "u": STR})})
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    overlays = [_overlay(tmp_path)]
    report = drift(str(tmp_path / "old.json"), str(tmp_path / "new.json"), Policy(overlays=overlays))
    counted = {(c.kind, c.path) for c in report.changes}
    apart = {(c.kind, c.path, c.origin) for c in report.project_changes}
    assert ("response-property-added", "u") in counted  # upstream's own change
    assert apart == {("response-property-added", "extra", "project")}
    assert report.as_dict()["project"]["changes"][0]["origin"] == "project"
    included = drift(
        str(tmp_path / "old.json"),
        str(tmp_path / "new.json"),
        Policy(overlays=overlays, include_project=True),
    )
    assert ("response-property-added", "extra") in {(c.kind, c.path) for c in included.changes}
    assert included.project_changes == []


def test_an_operation_no_overlay_touched_is_not_walked_again_and_stays_upstream(tmp_path: Path) -> None:
    def spec(things: dict[str, Any], others: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
        other = body_op(response=others, path="/others")
        other["/others"]["post"]["operationId"] = "other"
        return make_spec({**body_op(response=things), **other}, schemas)

    old = spec(obj({"r": STR}), obj({"a": STR}), {})
    new = spec({"$ref": "#/components/schemas/Thing"}, obj({"a": STR, "b": STR}), {"Thing": obj({"r": STR})})
    paths = []
    for name, document in (("old", old), ("new", new)):
        paths.append(str(tmp_path / f"{name}.json"))
        Path(paths[-1]).write_text(json.dumps(document))
    overlays = [_overlay(tmp_path)]  # applies to the new spec only: it lacks `Thing` in the old
    report = drift(*paths, Policy(overlays=overlays))
    assert {(c.operation, c.path) for c in report.changes} == {("POST /v1/others", "b")}
    assert {(c.operation, c.path) for c in report.project_changes} == {("POST /v1/things", "extra")}
    versions = [(load(path, overlays), load(path, [])) for path in paths]
    spared = untouched(Focus.of(diff_apis(versions[0][0], versions[1][0])), *versions)
    assert spared.operations == {"POST /v1/others"}


def test_project_changes_never_decide_semver_or_fail_on(tmp_path: Path) -> None:
    old = make_spec(body_op(response=obj({"r": STR})))
    new = make_spec(body_op(response={"$ref": "#/components/schemas/Thing"}), {"Thing": obj({"r": STR})})
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    policy = Policy(overlays=[_overlay(tmp_path)], severity=[(None, "response-property-added", "breaking")])
    report = drift(str(tmp_path / "old.json"), str(tmp_path / "new.json"), policy)
    assert report.changes == [] and report.semver[0] != "major" and not report.reaches("breaking")
    assert [c.level for c in report.project_changes] == ["breaking"]
    policy.include_project = True
    counted = drift(str(tmp_path / "old.json"), str(tmp_path / "new.json"), policy)
    assert counted.semver[0] == "major" and counted.reaches("breaking")


# -- duplicate YAML keys


DUPLICATE = """openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /files:
    post:
      operationId: upload
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  file_type: {type: string}
                  size: {type: integer}
                  file_type: {type: integer}
"""


def test_duplicate_yaml_keys_are_warnings_in_validate_generate_and_drift(cli: Any, tmp_path: Path) -> None:
    spec = tmp_path / "dup.yaml"
    spec.write_text(DUPLICATE)
    expected = f"{spec}:17"
    validate = cli("validate", "--spec", str(spec), "--skip-openapi-validator")
    assert (
        f"{expected}: warning: duplicate key 'file_type' in a mapping (first at line 15)" in validate.output
    )
    generate = cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert generate.exit_code == 0, generate.output
    assert f"warning: {expected}: duplicate key 'file_type'" in generate.output
    result = cli("drift", str(spec), str(spec), "--format", "json")
    assert f"warning: {expected}: duplicate key 'file_type'" in result.stderr
    warnings = json.loads(result.stdout)["warnings"]
    assert {(w["code"], w["line"]) for w in warnings} == {("duplicate-key", 17)}
    github = cli("drift", str(spec), str(spec), "--format", "github").stdout
    assert f"::warning file={spec},line=17,title=duplicate-key::" in github
    # and none where keys are unique
    clean = tmp_path / "clean.yaml"
    clean.write_text(DUPLICATE.replace("                  file_type: {type: integer}\n", ""))
    assert json.loads(cli("drift", str(clean), str(clean), "--format", "json").stdout)["warnings"] == []
