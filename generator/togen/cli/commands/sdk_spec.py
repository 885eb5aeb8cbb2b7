"""`togen sdk-spec`: the OpenAPI document derived from an installed SDK."""

from __future__ import annotations

from pathlib import Path

import click

from togen.cli.options import command


@command("sdk-spec")
@click.argument("package", help="An installed Stainless-style SDK package, e.g. together.")
@click.option(
    "--output", type=click.Path(path_type=Path), help="Write the document here (default: standard output)."
)
def sdk_spec_command(package: str, output: Path | None) -> None:
    """Write the OpenAPI document derived from an installed SDK (the `sdk:PACKAGE` spec source)."""
    import os

    from togen.core.errors import SpecError
    from togen.sdk.source import PREFIX, derived_bytes

    text = derived_bytes(PREFIX + package.removeprefix(PREFIX))
    if output is None:
        click.echo(text.decode(), nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        partial.write_bytes(text)
        os.replace(partial, output)
    except OSError as exc:
        raise SpecError(str(output), "", f"cannot write: {exc.strerror or exc}", code="unwritable") from None
    click.echo(f"wrote {output}", err=True)
