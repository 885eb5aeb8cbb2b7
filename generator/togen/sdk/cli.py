"""`togen sdk-spec`: keep module-level imports light (typer only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def sdk_spec_command(
    package: Annotated[str, typer.Argument(help="An installed Stainless-style SDK package, e.g. together.")],
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the document here (default: standard output).")
    ] = None,
) -> None:
    """Write the OpenAPI document derived from an installed SDK (the `sdk:PACKAGE` spec source)."""
    import os

    from togen.errors import SpecError
    from togen.sdk.source import PREFIX, derived_bytes

    text = derived_bytes(PREFIX + package.removeprefix(PREFIX))
    if output is None:
        typer.echo(text.decode(), nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        partial.write_bytes(text)
        os.replace(partial, output)
    except OSError as exc:
        raise SpecError(str(output), "", f"cannot write: {exc.strerror or exc}", code="unwritable") from None
    typer.echo(f"wrote {output}", err=True)
