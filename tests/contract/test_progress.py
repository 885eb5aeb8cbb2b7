"""Progress like schemathesis: operations done / total and failures so far; plain lines in
CI logs (no terminal), a rich bar on a terminal, nothing with -q."""

from __future__ import annotations

import io
import re
import warnings

from click.testing import CliRunner

from togen import cli
from togen.contract.options import MOCK_TOKEN, RunOptions
from togen.contract.progress import PlainProgress, Progress, RichProgress, for_terminal
from togen.contract.runner import ContractRunner
from togen.contract.server import mock_app, serve
from togen.spec.pipeline import resolve_spec


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_kind_of_progress_follows_the_output() -> None:
    assert type(for_terminal(quiet=True, stream=Terminal())) is Progress
    assert isinstance(for_terminal(quiet=False, stream=Terminal()), RichProgress)
    assert isinstance(for_terminal(quiet=False, stream=io.StringIO()), PlainProgress)


def test_plain_lines_count_operations_and_failures() -> None:
    api = resolve_spec(None).api
    stream = io.StringIO()
    with serve(mock_app(api, api_key=MOCK_TOKEN)) as url, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        options = RunOptions(url, api_key=MOCK_TOKEN, operations=["files.*"], max_examples=1, seed=2)
        result = ContractRunner(api, options, progress=PlainProgress(stream)).run()
    lines = stream.getvalue().splitlines()
    total = result.covered + len(result.stateful)
    assert lines[0] == f"contract: {total} operation(s) and sequence(s) to run"
    steps = [
        re.match(
            r"contract: \[\s*(\d+)/(\d+)\] (\S+): ok \(\d+ requests, [\d.]+ s\); failures so far: 0$", ln
        )
        for ln in lines[1:]
    ]
    assert all(steps), lines
    assert [int(m.group(1)) for m in steps if m] == list(range(1, total + 1))
    assert {m.group(3) for m in steps if m} == {o.key for o in [*result.operations, *result.stateful]}


def test_cli_prints_progress_unless_quiet() -> None:
    args = ["contract", "--operations", "models.list", "--max-examples", "1", "--seed", "1"]
    loud = CliRunner().invoke(cli.app, args)
    assert loud.exit_code == 0, loud.output
    assert "contract: [1/1] models.list: ok" in loud.stderr
    quiet = CliRunner().invoke(cli.app, [*args, "-q"])
    assert quiet.exit_code == 0, quiet.output
    assert "[1/1]" not in quiet.stderr and "contract: PASSED" in quiet.stdout


def test_rich_bar_draws_on_a_terminal() -> None:
    from rich.console import Console

    screen = Terminal()
    bar = RichProgress(Console(file=screen, force_terminal=True, width=100))
    bar.start(2, [])
    bar.advance("models.list", None)
    bar.failures = 3
    bar.advance("files.list", None)
    bar.bar.stop()
    drawn = screen.getvalue()
    assert "2/2" in drawn and "3 failure(s)" in drawn
