"""Run the shell steps of a GitHub workflow or composite action here, as the runner would:
`bash -eo pipefail`, the step's `env`, `$GITHUB_OUTPUT` collected into the step's outputs, and
`${{ ... }}` expressions replaced by values the test gives (an expression it does not give is an
error, so a step is never run half-substituted). Steps that need GitHub or the network are the
test's to leave out."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.e2e.publishing import ROOT

EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
ACTIONS = ROOT / ".github" / "actions"


def load_yaml(path: Path) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def substitute(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in context:
            raise KeyError(f"no local value for ${{{{ {name} }}}} in: {text.strip()[:200]}")
        return context[name]

    return EXPRESSION.sub(value, text)


@dataclass
class StepRun:
    name: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str] = field(default_factory=dict)


def run_step(
    step: dict[str, Any], context: dict[str, str], workdir: Path, env: dict[str, str] | None = None
) -> StepRun:
    """One `run:` step, in `workdir` (the checkout), with `$RUNNER_TEMP` and `$GITHUB_OUTPUT` in
    the test's folders (`context["runner.temp"]`)."""
    temp = Path(context["runner.temp"])
    output = temp / f"github-output-{len(list(temp.glob('github-output-*')))}"
    output.write_text("")
    summary = temp / "step-summary.md"
    step_env = {key: substitute(str(value), context) for key, value in (step.get("env") or {}).items()}
    full_env = {
        **os.environ,
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_PATH": str(temp / "github-path"),
        **(env or {}),
        **step_env,
    }
    script = substitute(step["run"], context)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=workdir,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return StepRun(step.get("name", script[:40]), done.returncode, done.stdout, done.stderr, outputs)


def run_composite(
    action: str,
    inputs: dict[str, str],
    context: dict[str, str],
    workdir: Path,
    *,
    skip: tuple[str, ...] = ("make setup",),
    env: dict[str, str] | None = None,
) -> tuple[list[StepRun], dict[str, str]]:
    """The steps of `.github/actions/<action>/action.yml` with `inputs` over the defaults (steps
    whose command is in `skip` left out: the test's environment has them done); returns the step
    runs and the action's outputs. Stops at the first failing step, as the runner does."""
    spec = load_yaml(ACTIONS / action / "action.yml")
    assert spec["runs"]["using"] == "composite"
    defaults = {"github.token": "", **context}  # what GitHub fills in an input's default
    inputs_meta = spec.get("inputs") or {}
    given = {name: substitute(str(meta.get("default", "")), defaults) for name, meta in inputs_meta.items()}
    unknown = set(inputs) - set(given)
    assert not unknown, f"{action} has no inputs {sorted(unknown)}"
    given.update(inputs)
    scope = {**context, **{f"inputs.{name}": value for name, value in given.items()}}
    runs: list[StepRun] = []
    for step in spec["runs"]["steps"]:
        if "run" not in step or step["run"].strip() in skip:
            continue
        assert step.get("shell") == "bash", f"{action}: a composite run step needs `shell: bash`"
        assert "if" not in step, f"{action}: conditions belong in the step's script (run here as written)"
        run = run_step(step, scope, workdir, {"GITHUB_ACTION_PATH": str(ACTIONS / action), **(env or {})})
        runs.append(run)
        if "id" in step:
            scope.update({f"steps.{step['id']}.outputs.{k}": v for k, v in run.outputs.items()})
        if run.returncode != 0:
            break
    outputs = {}
    for name, meta in (spec.get("outputs") or {}).items():
        try:
            outputs[name] = substitute(str(meta["value"]), scope)
        except KeyError:
            outputs[name] = ""  # the step that sets it did not run (or failed): empty, as on GitHub
    return runs, outputs
