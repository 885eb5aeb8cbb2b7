"""`togen generate`. An up-to-date output is answered from its stamp before jinja2, pydantic or
the model generator are imported: a no-op run is part of every `make` target."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import click

from togen.cli.options import EXIT_FAILED, command, exit_with, spec_option, text_or_json, with_sdk_option

REMOTE = ("http://", "https://", "git:", "sdk:")  # sources the stamp check does not fetch


@command("generate")
@spec_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("generated"), help="Output directory.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1, naming the files, if the output is stale (inputs changed, or a generated file "
    "edited by hand); write nothing.",
)
@click.option("--force", is_flag=True, help="Regenerate even if the inputs are unchanged.")
@with_sdk_option
@text_or_json
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def generate_command(
    spec: str | None,
    out: Path,
    check: bool,
    force: bool,
    with_sdk: bool | None,
    output_format: str,
    quiet: bool,
) -> None:
    """Generate the typed Python client distribution from the spec."""
    quick = not (check or force) and output_format == "text"
    if quick and _up_to_date(spec, out, with_sdk):
        if not quiet:
            click.echo(f"{out}: up to date")
        return
    import gc

    # A generation builds many objects and frees few until it ends: collect them rarely, as
    # mypy does (a tenth of a cold run is otherwise spent in the cycle collector).
    gc.set_threshold(200_000, 30, 30)
    from togen.render import model_worker

    # The model generator's import is the longest step of a cold run: it starts now, beside the
    # loading of the spec and of the renderer.
    model_worker.prestart()
    try:
        _generate(
            spec, out, check=check, force=force, with_sdk=with_sdk, output_format=output_format, quiet=quiet
        )
    finally:
        model_worker.discard_prestarted()


def _up_to_date(spec: str | None, out: Path, with_sdk: bool | None) -> bool:
    """True when the stamp in `out` says it was generated from exactly these inputs."""
    if spec is not None and (not spec or spec.startswith(REMOTE)):
        return False  # a remote source is read (and an empty --spec reported) by the full path
    from togen.render.stamp import up_to_date

    try:
        return up_to_date(spec, out.expanduser(), with_sdk) is not None
    except Exception:  # any problem (no spec, unreadable file, a bad config): the full path reports it
        return False


def _generate(
    spec: str | None,
    out: Path,
    *,
    check: bool,
    force: bool,
    with_sdk: bool | None,
    output_format: str,
    quiet: bool,
) -> None:
    from rich.console import Console
    from rich.markup import escape

    from togen.render.generate import EDITED, generate

    console = Console(stderr=True)
    show = output_format == "text" and not quiet
    spinner = console.status("generating", spinner="dots") if show and console.is_terminal else None
    with spinner or nullcontext():
        progress = spinner.update if spinner is not None else None
        result = generate(
            spec, out.expanduser().resolve(), check=check, force=force, progress=progress, with_sdk=with_sdk
        )
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "out": str(out),
                    "skipped": result.skipped,
                    "stale": result.stale,
                    "differences": result.differences,
                    "files": len(result.files),
                    "spec_sha256": result.spec_sha256,
                    "warnings": result.warnings,
                },
                indent=2,
            )
        )
    elif show:
        for warning in result.warnings:
            # escaped: a warning's own brackets (`[sources]`, `items[]`) are text, not rich markup
            console.print(f"[yellow]warning[/]: {escape(warning)}", highlight=False, soft_wrap=True)
        if check and result.stale:
            more = f" (and {len(result.differences) - 1} more)" if len(result.differences) > 1 else ""
            click.echo(f"{out}: stale: {result.differences[0]}{more}")
        elif result.skipped or check:
            click.echo(f"{out}: up to date")
        else:
            click.echo(f"{out}: wrote {len(result.files)} files ({result.source_summary})")
    if check and result.stale:
        if output_format != "json":
            # Edited files are kept by a plain run (and with unchanged inputs it does nothing).
            rerun = result.skipped or any(d.endswith(EDITED) for d in result.differences)
            click.echo(f"togen: {out} is stale: run `togen generate{' --force' if rerun else ''}`", err=True)
        exit_with(EXIT_FAILED)
