"""The reusable pieces other repositories use, run here as written (no GitHub): the drift and
contract composite actions (their shell steps, through tests/release/actions_runner.py) and the
pre-commit hooks (their `entry` commands). The drift action's pull request comment goes to a
loopback server answering the three GitHub REST calls it makes, since GitHub is not reachable
from a test."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conftest import FIXTURES, HISTORY
from tests.e2e.publishing import ROOT
from tests.release.actions_runner import run_composite
from togen.core.loopback import LoopbackServer, free_port

VENV_BIN = str(ROOT / ".venv" / "bin")
ON_PATH = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # as after `make setup`
OLD, NEW = HISTORY[-2], HISTORY[-1]  # two monthly versions with breaking changes between them
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::(.+)$", re.M)


def drift(tmp_path: Path, env: dict[str, str] | None = None, **inputs: str) -> tuple[Any, dict[str, str]]:
    context = {"runner.temp": str(tmp_path)}
    base = {"old": str(OLD), "new": str(NEW), "report": str(tmp_path / "drift.md")}
    runs, outputs = run_composite(
        "drift", {**base, **inputs}, context, tmp_path, env={**ON_PATH, **(env or {})}
    )
    assert [r.name for r in runs] == ["togen", "togen drift"], [(r.name, r.stderr) for r in runs]
    return runs[-1], outputs


def test_drift_action_annotates_the_new_spec_and_fails_on_breaking_changes(tmp_path: Path) -> None:
    run, outputs = drift(tmp_path)
    assert run.returncode == 1, run.stderr
    assert outputs == {"report": str(tmp_path / "drift.md"), "verdict": "failed"}
    report = (tmp_path / "drift.md").read_text()
    assert report.startswith("#") and "breaking" in report.lower()
    assert (tmp_path / "step-summary.md").read_text() == report
    annotations = ANNOTATION.findall(run.stdout)
    assert annotations and any(kind == "error" for kind, *_ in annotations), run.stdout[:2000]
    lines = NEW.read_text().splitlines()
    for _kind, file, line, _title, message in annotations:
        assert file == str(NEW)
        assert 1 <= int(line) <= len(lines)
        method_path = message.split(":", 1)[0]  # "PATCH /v1/deployments/{id}"
        assert re.fullmatch(r"[A-Z]+ /\S*|\S+", method_path), message
    assert "no pull request comment" in run.stderr


def test_drift_action_fail_on_and_the_ignore_file(tmp_path: Path) -> None:
    """`fail-on: ""` reports without failing; the ignore file drops the accepted changes."""
    run, outputs = drift(tmp_path, **{"fail-on": ""})
    assert run.returncode == 0 and outputs["verdict"] == "passed", run.stderr
    titles = {title for *_, title, _message in ANNOTATION.findall(run.stdout)}
    kind = sorted(titles)[0].split(" (")[0]
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text(yaml.safe_dump({"ignore": [{"kind": kind, "reason": "accepted upstream change"}]}))
    run, _ = drift(tmp_path, **{"fail-on": "", "ignore": str(ignore)})
    assert run.returncode == 0, run.stderr
    left = {title.split(" (")[0] for *_, title, _message in ANNOTATION.findall(run.stdout)}
    assert kind not in left and left == {t.split(" (")[0] for t in titles} - {kind}

    bad = tmp_path / "bad.yaml"
    bad.write_text("ignore: 3\n")
    run, outputs = drift(tmp_path, ignore=str(bad))
    assert run.returncode == 2 and run.stderr.strip().splitlines()[-1].startswith("togen: error: ")
    assert str(bad) in run.stderr and outputs["verdict"] == ""


class FakeGitHub:
    """The issue-comment endpoints of GitHub's REST API that the drift action calls."""

    def __init__(self) -> None:
        self.comments: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.app = Starlette(
            routes=[
                Route("/repos/{owner}/{repo}/issues/{number}/comments", self.issue, methods=["GET", "POST"]),
                Route("/repos/{owner}/{repo}/issues/comments/{id}", self.update, methods=["PATCH"]),
            ]
        )

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == "Bearer test-token"

    async def issue(self, request: Request) -> JSONResponse:
        self.calls.append(f"{request.method} {request.url.path}")
        if not self._authorized(request):
            return JSONResponse({"message": "Bad credentials"}, 401)
        if request.method == "GET":
            return JSONResponse(self.comments)
        comment = {"id": 1000 + len(self.comments), "body": (await request.json())["body"]}
        self.comments.append(comment)
        return JSONResponse(comment, 201)

    async def update(self, request: Request) -> JSONResponse:
        self.calls.append(f"{request.method} {request.url.path}")
        if not self._authorized(request):
            return JSONResponse({"message": "Bad credentials"}, 401)
        (comment,) = [c for c in self.comments if c["id"] == int(request.path_params["id"])]
        comment["body"] = (await request.json())["body"]
        return JSONResponse(comment)


def test_drift_action_keeps_one_sticky_pull_request_comment(tmp_path: Path) -> None:
    github = FakeGitHub()
    github.comments.append({"id": 7, "body": "an unrelated comment"})
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 42}}))
    with LoopbackServer(github.app) as server:
        env = {"GITHUB_API_URL": server.url, "GITHUB_REPOSITORY": "acme/api", "GITHUB_EVENT_PATH": str(event)}
        first, _ = drift(tmp_path, env, token="test-token")
        assert first.returncode == 1, first.stderr
        (tmp_path / "drift.md").unlink()
        second, _ = drift(tmp_path, env, token="test-token", **{"fail-on": ""})
        assert second.returncode == 0, second.stderr
        refused, _ = drift(tmp_path, env, token="wrong", **{"fail-on": ""})
    assert github.calls[:4] == [
        "GET /repos/acme/api/issues/42/comments",
        "POST /repos/acme/api/issues/42/comments",
        "GET /repos/acme/api/issues/42/comments",
        "PATCH /repos/acme/api/issues/comments/1001",
    ]
    assert [c["id"] for c in github.comments] == [7, 1001]
    body = github.comments[1]["body"]
    assert body.startswith(f"<!-- togen-drift {NEW} -->\n")
    assert body.split("\n", 1)[1] == (tmp_path / "drift.md").read_text()[:65000]
    assert refused.returncode != 0 and "401" in refused.stderr  # a comment that fails fails the step


def contract(tmp_path: Path, **inputs: str) -> tuple[Any, dict[str, str]]:
    context = {"runner.temp": str(tmp_path)}
    base = {
        "operations": "models.* GET /v1/models",
        "max-examples": "2",
        "junit": str(tmp_path / "junit.xml"),
        "report": str(tmp_path / "contract.md"),
    }
    runs, outputs = run_composite("contract", {**base, **inputs}, context, tmp_path, env=ON_PATH)
    assert [r.name for r in runs] == ["togen", "togen contract"], [(r.name, r.stderr) for r in runs]
    return runs[-1], outputs


def junit_counts(path: Path) -> tuple[int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    return sum(int(s.get("tests", 0)) for s in suites), sum(int(s.get("failures", 0)) for s in suites)


def test_contract_action_against_the_mock_it_starts(tmp_path: Path) -> None:
    run, outputs = contract(tmp_path)
    assert run.returncode == 0, run.stderr
    assert outputs == {
        "junit": str(tmp_path / "junit.xml"),
        "report": str(tmp_path / "contract.md"),
        "verdict": "passed",
    }
    tests, failures = junit_counts(tmp_path / "junit.xml")
    assert tests >= 1 and failures == 0
    assert "started the mock" in run.stderr
    assert (tmp_path / "step-summary.md").read_text() == (tmp_path / "contract.md").read_text()


def test_contract_action_against_a_url_fails_on_a_broken_server(tmp_path: Path) -> None:
    """A server answering every request with a body the spec does not allow: verdict failed,
    exit 1, the failures in the JUnit XML; no server at all: exit 2."""

    async def wrong(request: Request) -> JSONResponse:
        return JSONResponse({"data": "not a list", "object": 3})

    app = Starlette(routes=[Route("/{path:path}", wrong, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])])
    with LoopbackServer(app) as server:
        run, outputs = contract(tmp_path, **{"base-url": server.url})
    assert run.returncode == 1, run.stderr
    assert outputs["verdict"] == "failed"
    tests, failures = junit_counts(tmp_path / "junit.xml")
    assert tests >= 1 and failures >= 1
    assert "started the mock" not in run.stderr

    nowhere = f"http://127.0.0.1:{free_port()}"
    (tmp_path / "nowhere").mkdir()
    run, outputs = contract(tmp_path / "nowhere", **{"base-url": nowhere})
    assert run.returncode == 2 and outputs["verdict"] == "error", run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("togen: error: ")


HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def hook(hook_id: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: its `entry` split like a shell would, then `args`."""
    entry = HOOKS[hook_id]
    assert entry["language"] == "python" and entry["pass_filenames"] is False
    return subprocess.run(
        [*shlex.split(entry["entry"]), *args],
        cwd=cwd,
        env={**os.environ, **ON_PATH},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_pre_commit_hooks_validate(tmp_path: Path) -> None:
    assert set(HOOKS) == {"togen-validate", "togen-generate-check"}
    good = hook("togen-validate", "--spec", str(FIXTURES / "shop_30.yaml"), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    broken = hook("togen-validate", "--spec", str(FIXTURES / "dangling_ref.yaml"), cwd=tmp_path)
    assert broken.returncode == 2, broken.stdout + broken.stderr
    assert "dangling_ref.yaml" in broken.stdout + broken.stderr
    assert re.search(HOOKS["togen-validate"]["files"], "openapi.yaml")


@pytest.mark.parametrize("edit", ["nothing", "the spec"])
def test_pre_commit_hook_generate_check(tmp_path: Path, edit: str) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text((FIXTURES / "shop_30.yaml").read_text())
    (tmp_path / "common.yaml").write_text((FIXTURES / "common.yaml").read_text())  # shop's $refs
    out = tmp_path / "generated"
    made = subprocess.run(
        [f"{VENV_BIN}/togen", "generate", "--spec", str(spec), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    if edit == "the spec":
        spec.write_text(spec.read_text().replace("title:", "title: Edited", 1))
    check = hook("togen-generate-check", "--spec", str(spec), "--out", str(out), cwd=tmp_path)
    assert check.returncode == (0 if edit == "nothing" else 1), check.stdout + check.stderr
