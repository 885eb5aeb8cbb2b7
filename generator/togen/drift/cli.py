"""`togen drift`: keep module-level imports light (typer only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def drift_command(
    old: Annotated[
        str | None, typer.Argument(help="Old spec: path, URL or git:<rev>:<path> (the spec with --live).")
    ] = None,
    new: Annotated[str | None, typer.Argument(help="New spec: path, URL or git:<rev>:<path>.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Report format: md, json or html.")] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write the report here (with --history: a directory)."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Exit 1 when a change is at this level: breaking or potentially-breaking."
        ),
    ] = None,
    history: Annotated[
        str | None,
        typer.Option(
            "--history", help="Drift along versions: a directory of specs, or git:<rev-range>:<path>."
        ),
    ] = None,
    live: Annotated[
        str | None,
        typer.Option("--live", help="Compare what the server at this URL answers with the spec."),
    ] = None,
) -> None:
    """Report what changed between two spec versions and what breaks clients."""
    from togen.drift.model import LEVEL_RANK
    from togen.errors import SpecError

    if fmt not in ("md", "json", "html"):
        raise SpecError("drift", "--format", f"unknown format {fmt!r} (md, json or html)", "usage")
    if fail_on is not None and (fail_on not in LEVEL_RANK or fail_on == "non-breaking"):
        raise SpecError("drift", "--fail-on", f"unknown level {fail_on!r} (breaking or potentially-breaking)")
    if live is not None:
        from togen.drift.live import live_drift

        report = live_drift(live, old)
        _emit(report.render(fmt), output)
        failed = fail_on is not None and report.reaches(fail_on)
        raise typer.Exit(1 if failed else 0)
    if history is not None:
        from togen.drift.api import history as run_history
        from togen.drift.api import history_sources
        from togen.drift.render import render_timeline

        sources = history_sources(history)
        steps = run_history(sources, output_dir=output, fmt=fmt)
        if output is None:
            _emit(render_timeline([s.as_dict() for s in steps], fmt), None)
        else:
            typer.echo(f"wrote {len(steps)} reports and timeline.{fmt} to {output}", err=True)
        failed = fail_on is not None and any(s.report.reaches(fail_on) for s in steps)
        raise typer.Exit(1 if failed else 0)
    if old is None or new is None:
        raise SpecError("drift", "", "give OLD and NEW specs (or --history DIR, or --live URL)", "usage")
    from togen.drift.api import drift
    from togen.drift.render import render

    result = drift(old, new)
    _emit(render(result, fmt), output)
    if fail_on is not None and result.reaches(fail_on):
        raise typer.Exit(1)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
