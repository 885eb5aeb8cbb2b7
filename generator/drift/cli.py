"""`togen drift`: keep module-level imports light (typer only)."""

from __future__ import annotations

from typing import Annotated

import typer


def drift_command(
    old: Annotated[str, typer.Argument(help="Old spec: path, URL or git:<rev>:<path>.")],
    new: Annotated[str, typer.Argument(help="New spec: path, URL or git:<rev>:<path>.")],
) -> None:
    """Report what changed between two spec versions and what breaks clients."""
    raise typer.Exit(3)  # placeholder: the drift report lands with the drift issue
