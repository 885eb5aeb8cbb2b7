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
        bool, typer.Option("--check", help="Exit 1 if the output is stale; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Regenerate even if the inputs are unchanged.")
    ] = False,
    output_format: TextOrJson = "text",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Generate the typed Python client distribution from the spec."""
    from rich.console import Console

    from togen.render.generate import generate

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
        if result.skipped:
            typer.echo(f"{out}: up to date")
        elif check:
            typer.echo(f"{out}: {'stale' if result.stale else 'up to date'}")
        else:
            typer.echo(f"{out}: wrote {len(result.files)} files (spec sha256 {result.spec_sha256[:12]})")
    if check and result.stale:
        if output_format != "json":
            typer.echo(f"togen: {out} is stale: run `togen generate`", err=True)
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

    resolved, findings = validate(spec, run_validator=not skip_validator)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning")}
    if output_format == "json":
        typer.echo(
            json.dumps(
                {
                    "spec": resolved.loaded.name,
                    "sha256": resolved.loaded.sha256,
                    "operations": len(resolved.api.all_operations),
                    "schemas": len(resolved.api.schemas),
                    "counts": counts,
                    "findings": [f.as_dict() for f in findings],
                },
                indent=2,
            )
        )
    else:
        for finding in findings:
            typer.echo(f"{finding.location()}: {finding.severity}: {finding.message} [{finding.code}]")
        typer.echo(
            f"{resolved.loaded.name}: {len(resolved.api.all_operations)} operations, "
            f"{len(resolved.api.schemas)} schemas; {counts['error']} errors, {counts['warning']} warnings "
            "(generation fixes or works around all of them)"
        )
    if strict and counts["error"]:
        raise typer.Exit(1)
