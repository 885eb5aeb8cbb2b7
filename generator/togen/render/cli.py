"""`togen generate` and `togen validate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from togen.cli_options import SpecOption, TextOrJson


def generate_command(
    spec: SpecOption = None,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("generated"),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1, naming the files, if the output is stale (inputs changed, or a generated file "
            "edited by hand); write nothing.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Regenerate even if the inputs are unchanged.")
    ] = False,
    output_format: TextOrJson = "text",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Generate the typed Python client distribution from the spec."""
    from rich.console import Console

    from togen.render.generate import EDITED, generate

    console = Console(stderr=True)
    show = output_format == "text" and not quiet
    with (
        console.status("generating", spinner="dots")
        if show and console.is_terminal
        else _nullcontext() as status
    ):
        progress = (lambda message: status.update(message)) if status is not None else None
        result = generate(spec, out.expanduser().resolve(), check=check, force=force, progress=progress)
    if output_format == "json":
        typer.echo(
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
            console.print(f"[yellow]warning[/]: {warning}", highlight=False, soft_wrap=True)
        if check and result.stale:
            more = f" (and {len(result.differences) - 1} more)" if len(result.differences) > 1 else ""
            typer.echo(f"{out}: stale: {result.differences[0]}{more}")
        elif result.skipped or check:
            typer.echo(f"{out}: up to date")
        else:
            typer.echo(f"{out}: wrote {len(result.files)} files (spec sha256 {result.spec_sha256[:12]})")
    if check and result.stale:
        if output_format != "json":
            # Edited files are kept by a plain run (and with unchanged inputs it does nothing).
            force = result.skipped or any(d.endswith(EDITED) for d in result.differences)
            typer.echo(f"togen: {out} is stale: run `togen generate{' --force' if force else ''}`", err=True)
        raise typer.Exit(1)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def validate_command(
    spec: SpecOption = None,
    output_format: TextOrJson = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if there is any error finding.")] = False,
    skip_validator: Annotated[
        bool, typer.Option("--skip-openapi-validator", help="Only the toolkit's own checks (fast).")
    ] = False,
) -> None:
    """Validate the spec: openapi-spec-validator plus the toolkit's structural checks."""
    from togen.spec.validate import validate

    report = validate(spec, run_validator=not skip_validator)
    counts = {"fatal": len(report.fatal), "error": report.count("error"), "warning": report.count("warning")}
    if output_format == "json":
        typer.echo(
            json.dumps(
                {
                    "spec": report.spec,
                    "sha256": report.sha256,
                    "operations": report.operations,
                    "schemas": report.schemas,
                    "counts": counts,
                    "findings": [f.as_dict() for f in report.findings],
                },
                indent=2,
            )
        )
    else:
        for finding in report.findings:
            severity = "fatal" if finding.fatal else finding.severity
            typer.echo(f"{finding.location()}: {severity}: {finding.message} [{finding.code}]")
        if report.fatal:
            typer.echo(
                f"{report.spec}: {counts['fatal']} fatal, {counts['error']} errors, "
                f"{counts['warning']} warnings (generation stops at the fatal ones)"
            )
        else:
            typer.echo(
                f"{report.spec}: {report.operations} operations, {report.schemas} schemas; "
                f"{counts['error']} errors, {counts['warning']} warnings "
                "(generation fixes or works around all of them)"
            )
    if report.fatal:
        raise typer.Exit(2)
    if strict and counts["error"]:
        raise typer.Exit(1)
