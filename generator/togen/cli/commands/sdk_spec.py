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
    from togen.sdk.source import PREFIX, derived_bytes

    if output is not None:
        _check_writable(output)
    text = derived_bytes(PREFIX + package.removeprefix(PREFIX))
    if output is None:
        click.echo(text.decode(), nl=False)
        return
    _write(output, text)
    click.echo(f"wrote {output}", err=True)


def _check_writable(output: Path) -> None:
    """Before the derivation (seconds): an --output that names no file is a usage error."""
    from togen.core.errors import SpecError

    if not output.name or output.is_dir():
        raise SpecError(str(output), "--output", "is a directory, not a file", code="usage")


def _write(output: Path, text: bytes) -> None:
    """Atomically: a reader never sees half a document, and a failed write leaves no partial."""
    import contextlib
    import os

    from togen.core.errors import SpecError

    partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(text)
        os.replace(partial, output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        reason = exc.strerror or str(exc)
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            reason = "a part of its folder path is a file"
        raise SpecError(str(output), "--output", f"cannot write: {reason}", code="unwritable") from None
