"""`togen drift` end to end: formats, --fail-on, --history, errors, HTML structure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.drift.helpers import body_op, make_spec, obj
from togen.cli import app

ROOT = Path(__file__).resolve().parents[2]
STR = {"type": "string"}


@pytest.fixture
def run(tmp_path: Path) -> Any:
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(app, ["drift", *args])

    return invoke


@pytest.fixture
def specs(tmp_path: Path) -> tuple[str, str]:
    old = make_spec(
        {
            **body_op(request=obj({"a": {"type": "string", "enum": ["x", "y"]}}), response=obj({"r": STR})),
            **body_op(path="/gone", method="get", response=obj({"r": STR})),
        }
    )
    new = make_spec(body_op(request=obj({"a": {"type": "string", "enum": ["x"]}}), response=obj({"r": STR})))
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    return str(tmp_path / "old.json"), str(tmp_path / "new.json")


JSON_KEYS = {
    "schema_version",
    "old",
    "new",
    "summary",
    "semver",
    "semver_reason",
    "operations",
    "changes",
    "client",
    "project",
    "ignored",
    "warnings",
}
CHANGE_KEYS = {
    "kind",
    "level",
    "operation",
    "location",
    "path",
    "old_pointer",
    "new_pointer",
    "message",
    "old_value",
    "new_value",
    "origin",
}


def test_json_output_schema(run: Any, specs: tuple[str, str]) -> None:
    result = run(*specs, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == JSON_KEYS
    assert data["schema_version"] == 1
    assert set(data["summary"]) == {
        "total",
        "breaking",
        "potentially-breaking",
        "non-breaking",
        "operations",
        "client",
    }
    assert data["summary"]["breaking"] == 2
    assert data["semver"] == "major"
    assert data["operations"]["removed"] == ["GET /v1/gone"]
    for change in data["changes"]:
        assert set(change) == CHANGE_KEYS
    for item in data["client"]:
        assert set(item) == {"kind", "level", "symbol", "message", "old", "new", "origin"}


def test_fail_on_levels(run: Any, specs: tuple[str, str], tmp_path: Path) -> None:
    old, new = specs
    assert run(old, new, "--fail-on", "breaking").exit_code == 1
    assert run(old, new, "--fail-on", "potentially-breaking").exit_code == 1
    assert run(new, old, "--fail-on", "breaking").exit_code == 0  # only additions
    assert run(old, old, "--fail-on", "breaking").exit_code == 0
    out = tmp_path / "report" / "drift.md"
    result = run(old, new, "--output", str(out), "--fail-on", "breaking")
    assert result.exit_code == 1
    text = out.read_text()
    assert "### Breaking (2)" in text and "`operation-removed`" in text
    # The report goes to the file; one line on stderr says where, with the counts.
    assert result.stdout == "" and result.stderr.startswith(f"wrote {out}: 2 breaking, ")
    assert result.stderr.count("\n") == 1


def test_bad_input_is_one_line(run: Any, specs: tuple[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\npaths: [\n")
    result = run(specs[0], str(bad))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "bad.yaml" in result.output
    assert run(specs[0]).exit_code == 2
    assert run(*specs, "--format", "xml").exit_code == 2
    assert run(*specs, "--fail-on", "non-breaking").exit_code == 2
    assert run(specs[0], str(tmp_path / "missing.yaml")).exit_code == 2


def test_console_script_entry_point(specs: tuple[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "togen", "drift", *specs, "--fail-on", "breaking"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("## Spec drift: `old.json` → `new.json`")


def test_history_directory_and_timeline(run: Any, tmp_path: Path) -> None:
    versions = tmp_path / "history"
    versions.mkdir()
    for index, values in enumerate((["a"], ["a", "b"], ["b"])):
        spec = make_spec(
            body_op(request=obj({"k": {"type": "string", "enum": values}}), response=obj({"r": STR}))
        )
        (versions / f"2025-0{index + 1}.json").write_text(json.dumps(spec))
    out = tmp_path / "reports"
    result = run("--history", str(versions), "--output", str(out), "--fail-on", "breaking")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "01_2025-01__2025-02.md",
        "02_2025-02__2025-03.md",
        "timeline.md",
    ]
    timeline = (out / "timeline.md").read_text()
    assert "| 2 | `2025-02.json` | `2025-03.json` | 1 |" in timeline
    result = run("--history", str(versions), "--format", "json")
    assert result.exit_code == 0
    steps = json.loads(result.output)["steps"]
    assert [s["summary"]["breaking"] for s in steps] == [0, 1]
    assert [s["semver"] for s in steps] == ["minor", "major"]


def test_history_over_a_git_range(run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for values in (["a"], ["a", "b"], ["b"]):
        spec = make_spec(
            body_op(request=obj({"k": {"type": "string", "enum": values}}), response=obj({"r": STR}))
        )
        (repo / "spec.json").write_text(json.dumps(spec))
        subprocess.run([*git, "add", "spec.json"], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-qm", "v"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    result = run("--history", "git:HEAD~2..HEAD:spec.json", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["summary"]["breaking"] for s in json.loads(result.output)["steps"]] == [0, 1]
    result = run("git:HEAD~1:spec.json", "git:HEAD:spec.json", "--fail-on", "breaking")
    assert result.exit_code == 1


# ----------------------------------------------------------------------------- HTML

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}


class StructureChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.seen: list[str] = []
        self.details_first_child: list[str] = []
        self._after_details = False
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if self._after_details:
            self.details_first_child.append(tag)
            self._after_details = False
        values = dict(attrs)
        if "id" in values:
            self.ids.append(values["id"] or "")
        for attr in ("src", "href"):
            if (values.get(attr) or "").startswith(("http:", "https:", "//")):
                self.errors.append(f"external resource {values[attr]}")
        if tag in ("script", "link", "iframe"):
            self.errors.append(f"unexpected <{tag}>")
        if tag == "details":
            self._after_details = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()


def check_html(text: str) -> StructureChecker:
    checker = StructureChecker()
    checker.feed(text)
    checker.close()
    assert checker.doctype, "no <!DOCTYPE html>"
    assert checker.errors == []
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    assert all(tag == "summary" for tag in checker.details_first_child)
    for tag in ("html", "head", "title", "style", "body", "table", "thead", "tbody"):
        assert tag in checker.seen, f"no <{tag}>"
    return checker


def test_html_report_structure(run: Any, specs: tuple[str, str], tmp_path: Path) -> None:
    out = tmp_path / "drift.html"
    assert run(*specs, "--format", "html", "--output", str(out)).exit_code == 0
    text = out.read_text()
    checker = check_html(text)
    assert {"summary", "semver", "breaking", "client"} <= set(checker.ids)
    assert checker.seen.count("details") >= 3
    assert "GET /v1/gone" in text
    # Messages are escaped: a spec value with markup cannot inject HTML.
    evil = make_spec(body_op(request=obj({"a": {"type": "string", "enum": ["<script>x</script>"]}})))
    plain = make_spec(body_op(request=obj({"a": {"type": "string", "enum": []}})))
    (tmp_path / "evil.json").write_text(json.dumps(evil))
    (tmp_path / "plain.json").write_text(json.dumps(plain))
    result = run(str(tmp_path / "evil.json"), str(tmp_path / "plain.json"), "--format", "html")
    assert "<script>" not in result.output
    check_html(result.output)


def test_html_timeline_structure(run: Any, tmp_path: Path) -> None:
    versions = tmp_path / "history"
    versions.mkdir()
    for index, values in enumerate((["a"], ["b"])):
        spec = make_spec(
            body_op(request=obj({"k": {"type": "string", "enum": values}}), response=obj({"r": STR}))
        )
        (versions / f"v{index}.json").write_text(json.dumps(spec))
    out = tmp_path / "html"
    assert run("--history", str(versions), "--output", str(out), "--format", "html").exit_code == 0
    check_html((out / "timeline.html").read_text())
    check_html((out / "01_v0__v1.html").read_text())


def test_html_renders_in_headless_chromium(run: Any, specs: tuple[str, str], tmp_path: Path) -> None:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    out = tmp_path / "drift.html"
    assert run(*specs, "--format", "html", "--output", str(out)).exit_code == 0
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            # no network but loopback here: keep Chromium from reaching out at start-up
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "</html>" in result.stdout and 'id="summary"' in result.stdout
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_drift_prints_only_the_report_and_passes_output(specs: tuple[str, str], tmp_path: Path) -> None:
    """`make drift ... > report.html` holds the report alone (make does not echo the command);
    FORMAT=, FAIL_ON= and OUTPUT= reach `togen drift`."""
    old, new = specs
    # A make of our own, not a sub-make of `make test` (that one would print its directory), and
    # `.venv` taken as it is (`-o`: a setup run would print its commands and reinstall it).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    make = ["make", "-o", ".venv/.installed", "drift", f"OLD={old}", f"NEW={new}"]
    done = subprocess.run(
        [*make, "FORMAT=html"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>"), done.stdout[:200]
    out = tmp_path / "report.json"
    done = subprocess.run(
        [*make, "FORMAT=json", "FAIL_ON=breaking", f"OUTPUT={out}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0 and done.stdout == ""  # breaking changes: --fail-on fails
    assert json.loads(out.read_text())["summary"]["breaking"] == 2
    assert f"wrote {out}: 2 breaking" in done.stderr
