"""The `togen` command as a shell user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from togen.core.loopback import bind


def test_a_reader_that_goes_away_is_not_an_internal_error() -> None:
    """`togen validate | head -1`: the pipe closes early; no traceback, no "internal error"."""
    command = [sys.executable, "-m", "togen", "validate", "--spec", str(FIXTURES / "shop_30.yaml")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before togen writes
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr


def _togen(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "togen", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def _usage_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("togen: error: ") and "internal error" not in lines[0]
    assert "Traceback" not in done.stderr and "serving" not in done.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("generate", "--format", "xml"), "'--format'"),
        (("validate", "--format", "xml"), "'--format'"),
        (("mock", "--fault-rate", "2"), "'--fault-rate'"),
        (("mock", "--port", "99999"), "'--port'"),
        (("mock", "--latency", "-5"), "'--latency'"),
        (("mock", "--port", "x"), "'--port': 'x' is not an integer"),
        (("mock", "--rate-limit", "-1"), "'--rate-limit': -1 is not in the range x>=0"),
        (("generate", "--no-such-flag"), "--no-such-flag"),
    ],
)
def test_bad_flag_values_are_one_line_and_exit_2(args: tuple[str, ...], expected: str) -> None:
    line = _usage_error(_togen(*args, "--spec", str(FIXTURES / "shop_30.yaml")))
    assert expected in line and f"togen {args[0]} --help" in line


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (("drift", "--history"), "togen drift"),  # an option missing its value: the parser's own error
        (("contract", "--seed"), "togen contract"),
        (("contract", "merge", "--no-such-flag"), "togen contract merge"),
        (("--no-such-flag",), "togen"),
    ],
)
def test_usage_errors_point_at_the_help_of_the_command_used(args: tuple[str, ...], command: str) -> None:
    assert _usage_error(_togen(*args)).endswith(f"(see `{command} --help`)")


def test_mock_on_a_taken_port_says_so_before_serving() -> None:
    with bind("127.0.0.1", 0) as taken:
        taken.listen()
        port = taken.getsockname()[1]
        line = _usage_error(_togen("mock", "--spec", str(FIXTURES / "shop_30.yaml"), "--port", str(port)))
    assert f"cannot listen on 127.0.0.1:{port}" in line and "in use" in line


def test_version_and_flags_in_help() -> None:
    done = _togen("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"togen {version('togen')}"
    for command in ("generate", "validate", "mock"):
        text = _togen(command, "--help").stdout
        assert "--help" in text and "<bool>" not in text, text
        assert "--format" not in text or "[text|json]" in text


def test_a_no_op_generate_imports_neither_jinja2_nor_pydantic(tmp_path: Path) -> None:
    """The console entry point answers an up-to-date `togen generate` from the stamp alone
    (issue 16: a no-op run within 0.1 s; timed in bench/generate_bench.py, not here)."""
    out = tmp_path / "client"
    spec = str(FIXTURES / "shop_30.yaml")
    assert _togen("generate", "--spec", spec, "--out", str(out), "-q").returncode == 0
    for quiet in ((), ("-q",)):
        command = ["-X", "importtime", "-m", "togen", "generate", f"--spec={spec}", "--out", str(out), *quiet]
        done = subprocess.run(
            [sys.executable, *command], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == ("" if quiet else f"{out}: up to date\n")
        imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        assert {"typer", "pydantic", "jinja2", "yaml"}.isdisjoint(imported), sorted(imported)
        assert "togen.render.stamp" in imported
    # anything else (here --check) takes the full path, with the same answer
    done = _togen("generate", "--spec", spec, "--out", str(out), "--check")
    assert done.returncode == 0 and done.stdout == f"{out}: up to date\n", done.stderr


@pytest.mark.parametrize("command", ["generate", "validate", "mock", "contract", "drift", "release"])
def test_help_fits_an_80_column_terminal(command: str) -> None:
    """Nothing cut short with an ellipsis, no line wider than the terminal, and the spec's default
    source chain is named wherever --spec is offered."""
    done = subprocess.run(
        [sys.executable, "-m", "togen", *command.split(), "--help"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout, done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80, done.stdout
    # (click wraps at hyphens too: `../shared/together-` then `openapi/`)
    text = " ".join(line.strip() for line in done.stdout.splitlines()).replace("- ", "-")
    if "--spec" in text:
        assert "$TOGEN_SPEC" in text and "../shared/together-openapi/" in text and "spec/lock.toml" in text


def test_mock_help_reads_as_sentences_at_80_columns() -> None:
    """No word left alone on a line of the description (a docstring line wider than the terminal)."""
    done = subprocess.run(
        [sys.executable, "-m", "togen", "mock", "--help"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    description = done.stdout.split("Options:")[0]
    # click rewraps each paragraph to the terminal: only a paragraph's last line may be short
    for paragraph in re.split(r"\n\s*\n", description):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        assert all(len(line.split()) > 1 for line in lines[:-1]), lines
    options = [line for line in done.stdout.splitlines() if line.lstrip("│ ").startswith("--port")]
    assert options and "PORT" in options[0] and "<int range>" not in done.stdout


def test_an_unexpected_error_is_one_line_and_exit_3_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import togen.spec.validate
    from togen.cli import app

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(togen.spec.validate, "validate", broken)
    done = CliRunner().invoke(app, ["validate"], env={"TOGEN_DEBUG": ""})
    assert done.exit_code == 3, done.output
    assert (
        done.stderr
        == "togen: error: internal error: RuntimeError: boom (TOGEN_DEBUG=1 shows the traceback)\n"
    )
    debugged = CliRunner().invoke(app, ["validate"], env={"TOGEN_DEBUG": "1"})
    assert isinstance(debugged.exception, RuntimeError) and debugged.stderr == ""
