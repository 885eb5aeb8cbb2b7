"""`togen drift`: the diff, its policy and its renderers are imported when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from togen.cli.options import EXIT_FAILED, EXIT_OK, Bounded, command, exit_with

if TYPE_CHECKING:
    from togen.drift.api import Policy
    from togen.drift.model import Level, Report


@command("drift")
@click.argument("old", required=False, help="Old spec: path, URL or git:<rev>:<path> (the spec with --live).")
@click.argument("new", required=False, help="New spec: path, URL or git:<rev>:<path>.")
@click.option("--format", "fmt", help="Report format: md (default), json, html, junit or github.")
@click.option(
    "--output", type=click.Path(path_type=Path), help="Write the report here (with --history: a directory)."
)
@click.option("--fail-on", help="Exit 1 when a change is at this level: breaking or potentially-breaking.")
@click.option("--history", help="Drift along versions: a directory of specs, or git:<rev-range>:<path>.")
@click.option("--live", help="Compare what the server at this URL answers with the spec.")
@click.option(
    "--ignore",
    type=click.Path(path_type=Path),
    help="Accepted changes: a YAML/TOML list of kind/operation/path + reason.",
)
@click.option("--severity", multiple=True, help="Remap a rule: KIND=LEVEL (repeatable; KIND may be a glob).")
@click.option(
    "--deprecation-days",
    type=Bounded(int, 0),
    metavar="N",
    help="Flag new deprecations whose sunset is less than N days away.",
)
@click.option("--include-project", is_flag=True, help="Count changes made only by the project's overlays.")
@click.option("--list-rules", is_flag=True, help="List every rule kind with its default level, and exit.")
def drift_command(
    old: str | None,
    new: str | None,
    fmt: str | None,
    output: Path | None,
    fail_on: str | None,
    history: str | None,
    live: str | None,
    ignore: Path | None,
    severity: tuple[str, ...],
    deprecation_days: int | None,
    include_project: bool,
    list_rules: bool,
) -> None:
    """Report what changed between two spec versions and what breaks clients."""
    from togen.core.errors import SpecError
    from togen.drift.model import LEVEL_RANK
    from togen.drift.render import FORMATS

    if list_rules:
        from togen.drift.rules import rules_table

        if fmt not in (None, "md", "json"):
            raise SpecError(
                "drift", "--format", f"--list-rules writes text, md or json, not {fmt!r}", "usage"
            )
        click.echo(rules_table(fmt or "text"), nl=False)
        return
    fmt = fmt or "md"
    if fmt not in FORMATS:
        raise SpecError("drift", "--format", f"unknown format {fmt!r} ({', '.join(FORMATS)})", "usage")
    if fail_on is not None and (fail_on not in LEVEL_RANK or fail_on == "non-breaking"):
        raise SpecError(
            "drift", "--fail-on", f"unknown level {fail_on!r} (breaking or potentially-breaking)", "usage"
        )
    import gc

    from togen.drift.api import Policy
    from togen.drift.operation_walk import DiffOptions
    from togen.drift.policy import parse_severity, read_ignore_file

    # A loaded spec is a few hundred thousand dicts and lists (no cycles) that live for most of
    # the run: collected every 700 new containers, the specs were rescanned in 3 full and ~400
    # partial passes of a --history run (~0.17 of its 0.75 s). Every 10,000: ~20 partial passes,
    # no full one, ~0.09 s less, the same peak memory (the diff's cyclic garbage, schema views
    # and their caches, is still collected), as `togen generate` does for its objects.
    gc.set_threshold(10_000)
    policy = Policy(
        options=DiffOptions(deprecation_days=deprecation_days),
        severity=parse_severity(list(severity)),
        ignore=read_ignore_file(ignore) if ignore is not None else [],
        include_project=include_project,
    )
    level = cast("Level | None", fail_on)  # checked above
    if live is not None:
        if new is not None:
            raise SpecError(
                "drift", "--live", "--live compares one spec (OLD) with the server: drop NEW", "usage"
            )
        _live(live, old, policy, fmt, level, output)
    elif history is not None:
        if fmt in ("junit", "github"):
            raise SpecError("drift", "--format", f"--history writes md, json or html, not {fmt}", "usage")
        _history(history, policy, fmt, level, output)
    elif old is None or new is None:
        raise SpecError("drift", "", "give OLD and NEW specs (or --history DIR, or --live URL)", "usage")
    else:
        _pair(old, new, policy, fmt, level, output)


def _live(
    url: str, spec: str | None, policy: Policy, fmt: str, level: Level | None, output: Path | None
) -> None:
    """What the server at `url` answers, against the spec."""
    from togen.drift.live import live_drift
    from togen.drift.policy import apply_policy
    from togen.drift.render import render

    report = apply_policy(live_drift(url, spec), severity=policy.severity, ignore=policy.ignore, scope="live")
    _emit(render(report, fmt, level), output, report)
    exit_with(EXIT_FAILED if level is not None and report.reaches(level) else EXIT_OK)


def _history(where: str, policy: Policy, fmt: str, level: Level | None, output: Path | None) -> None:
    """The drift along versions: a timeline, and with --output a report per step."""
    from togen.drift.api import history as run_history
    from togen.drift.api import history_sources
    from togen.drift.render import render_timeline

    steps = run_history(history_sources(where), output_dir=output, fmt=fmt, policy=policy)
    if output is None:
        _emit(render_timeline([s.as_dict() for s in steps], fmt), None)
    else:
        click.echo(f"wrote {len(steps)} reports and timeline.{fmt} to {output}", err=True)
    failed = level is not None and any(s.report.reaches(level) for s in steps)
    exit_with(EXIT_FAILED if failed else EXIT_OK)


def _pair(old: str, new: str, policy: Policy, fmt: str, level: Level | None, output: Path | None) -> None:
    """OLD against NEW (or a spec against an SDK's surface: the lag report, togen.drift.lag)."""
    from togen.drift.lag import is_lag

    if is_lag(old, new):
        from togen.drift.lag import lag_drift
        from togen.drift.policy import apply_policy

        lag = lag_drift(old, new, policy.severity)
        apply_policy(lag, ignore=policy.ignore, scope="lag")  # the findings --ignore accepts
        _emit(lag.render(fmt, level), output)
        exit_with(EXIT_FAILED if level is not None and lag.reaches(level) else EXIT_OK)
    from togen.drift.api import drift
    from togen.drift.render import render

    result = drift(old, new, policy)
    for warning in result.warnings:
        click.echo(f"warning: {warning.location()}: {warning.message}", err=True)
    _emit(render(result, fmt, level), output, result)
    if level is not None and result.reaches(level):
        exit_with(EXIT_FAILED)


def _emit(text: str, output: Path | None, report: Report | None = None) -> None:
    """The report on stdout, or written to `output` with one line on stderr saying so."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
    except OSError as exc:  # a folder, a read-only place: the user's --output, not a crash
        from togen.core.errors import SpecError

        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError):
            reason = "a part of its folder path is a file"
        raise SpecError(str(output), "--output", f"cannot write: {reason}", code="unwritable") from None
    counts = ""
    if report is not None:
        from togen.drift.model import LEVELS

        counts = ": " + ", ".join(f"{report.count(level)} {level}" for level in LEVELS)
    click.echo(f"wrote {output}{counts}", err=True)
