"""`togen mock`: keep module-level imports light (typer only); import the server lazily."""

from __future__ import annotations

from typing import Annotated

import typer


def mock_command(
    spec: Annotated[str | None, typer.Option("--spec", help="Spec path or URL.")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4010,
    seed: Annotated[int, typer.Option(help="Seed for synthesized responses.")] = 0,
) -> None:
    """Serve a spec-driven mock of the Together API on HOST:PORT (Ctrl-C stops)."""
    raise typer.Exit(3)  # placeholder: the mock server lands with the mock issue
