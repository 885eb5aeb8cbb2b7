"""`togen spec fetch|show|relock`: the locked upstream spec, as CI and a fresh checkout need it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def fetch_command(
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Write here (default: the folder togen reads the locked spec from)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="A folder with openapi.yaml and history/ to copy from (default: $TOGEN_SPEC_SOURCE, "
            "else upstream).",
        ),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Also fetch the versions of spec/history.toml.")
    ] = True,
) -> None:
    """Fetch the locked spec (and its history) and check each file against its locked sha256."""
    from togen.spec.fetch import default_destination, fetch, source_from_environment

    where = dest or default_destination()
    written = fetch(where, source or source_from_environment(), history=history)
    typer.echo(f"{where}: {len(written)} locked file(s) in place, sha256 checked", err=True)


def show_command() -> None:
    """Print spec/lock.toml's upstream entry as KEY=VALUE lines (append them to $GITHUB_OUTPUT)."""
    from togen.spec.fetch import upstream

    for key, value in upstream().items():
        typer.echo(f"{key}={value}")


def relock_command(
    spec_file: Annotated[Path, typer.Argument(help="The new upstream spec, downloaded already.")],
    commit: Annotated[str, typer.Argument(help="The upstream commit it is at (40 hex digits).")],
) -> None:
    """Point spec/lock.toml at a newer upstream commit: its commit, URL and the file's sha256."""
    from togen.release.versions import relock

    lock = relock(spec_file, commit)
    typer.echo(f"spec/lock.toml: commit {lock.commit}, sha256 {lock.sha256}")
