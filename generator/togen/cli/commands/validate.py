"""`togen validate`."""

from __future__ import annotations

import json

import click

from togen.cli.options import EXIT_BAD_INPUT, EXIT_FAILED, command, exit_with, spec_option, text_or_json


@command("validate")
@spec_option
@text_or_json
@click.option("--strict", is_flag=True, help="Exit 1 if there is any error finding.")
@click.option(
    "--skip-openapi-validator", "skip_validator", is_flag=True, help="Only the toolkit's own checks (fast)."
)
def validate_command(spec: str | None, output_format: str, strict: bool, skip_validator: bool) -> None:
    """Validate the spec: openapi-spec-validator plus the toolkit's structural checks."""
    from togen.spec.validate import validate

    report = validate(spec, run_validator=not skip_validator)
    counts = {"fatal": len(report.fatal), "error": report.count("error"), "warning": report.count("warning")}
    if output_format == "json":
        click.echo(
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
            click.echo(f"{finding.location()}: {severity}: {finding.message} [{finding.code}]")
        if report.fatal:
            click.echo(
                f"{report.spec}: {counts['fatal']} fatal, {counts['error']} errors, "
                f"{counts['warning']} warnings (generation stops at the fatal ones)"
            )
        else:
            click.echo(
                f"{report.spec}: {report.operations} operations, {report.schemas} schemas; "
                f"{counts['error']} errors, {counts['warning']} warnings "
                "(generation fixes or works around all of them)"
            )
    if report.fatal:
        exit_with(EXIT_BAD_INPUT)
    if strict and counts["error"]:
        exit_with(EXIT_FAILED)
