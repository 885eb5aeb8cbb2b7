"""Progress of a contract run, the way schemathesis shows it: operations done / total and
failures so far. `RichProgress` draws a bar on a terminal, `PlainProgress` writes one
line per operation (CI logs, where a redrawn bar is noise), `Progress` says nothing
(`-q`). All of it goes to stderr: stdout stays the report (`--format json`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from togen.contract.results import count_why

if TYPE_CHECKING:
    from togen.contract.results import OperationResult, RunResult, SkippedOperation


class Progress:
    """Silent; the base of the others. The runner calls start, advance per operation (and
    per stateful sequence; `result` None: not reached), then finish."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.failures = 0

    def start(self, total: int, not_reached: list[SkippedOperation]) -> None:
        self.total = total

    def advance(self, key: str, result: OperationResult | None) -> None:
        self.done += 1
        if result is not None:
            self.failures += len(result.failures)

    def finish(self, result: RunResult) -> None:
        pass


def outcome(result: OperationResult | None) -> str:
    if result is None:
        return "not reached (request budget spent)"
    verdict = "ok" if result.passed else f"{len(result.failures)} FAILURE(S)"
    return f"{verdict} ({result.requests} requests, {result.seconds:.1f} s)"


class PlainProgress(Progress):
    """One line per operation:
    `contract: [ 12/102] files.list: ok (9 requests, 0.1 s); failures so far: 0`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self.stream = stream or sys.stderr

    def start(self, total: int, not_reached: list[SkippedOperation]) -> None:
        super().start(total, not_reached)
        line = f"contract: {total} operation(s) and sequence(s) to run"
        if not_reached:
            counts = count_why(not_reached)
            line += f"; {len(not_reached)} not reached (" + ", ".join(f"{w} {n}" for w, n in counts) + ")"
        self._write(line)

    def advance(self, key: str, result: OperationResult | None) -> None:
        super().advance(key, result)
        width = len(str(self.total))
        self._write(
            f"contract: [{self.done:>{width}}/{self.total}] {key}: {outcome(result)}; "
            f"failures so far: {self.failures}"
        )

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


class RichProgress(Progress):
    """A rich progress bar on the terminal (stderr): done/total, failures so far, elapsed."""

    def __init__(self, console: Any = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("contract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failures]} failure(s)"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console or Console(stderr=True),
        )
        self.task: Any = None

    def start(self, total: int, not_reached: list[SkippedOperation]) -> None:
        super().start(total, not_reached)
        self.bar.start()
        self.task = self.bar.add_task("contract", total=total, failures=0, current="")

    def advance(self, key: str, result: OperationResult | None) -> None:
        super().advance(key, result)
        self.bar.update(self.task, advance=1, failures=self.failures, current=key)

    def finish(self, result: RunResult) -> None:
        self.bar.update(self.task, current="")
        self.bar.stop()


def for_terminal(quiet: bool, stream: TextIO | None = None) -> Progress:
    """Nothing with -q, a bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    if quiet:
        return Progress()
    if stream.isatty():
        return RichProgress()
    return PlainProgress(stream)
