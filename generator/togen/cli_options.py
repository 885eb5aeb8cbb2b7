"""Command-line options every `togen` command spells the same way (typer `Annotated` types).

Kept apart from togen.cli, which imports the command modules: a command module importing
togen.cli back would be an import cycle."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

SpecOption = Annotated[
    str | None,
    typer.Option("--spec", help="Spec path or URL (default: $TOGEN_SPEC, then the locked spec)."),
]
TextOrJson = Annotated[Literal["text", "json"], typer.Option("--format", help="Output format.")]
